// The demo lab's exact judge: the world's checkers behind the workbench's
// Judge interface (name "exact", dimensions grammar, logic, facts).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "judge/Judge.h"
#include "world/EvalPrompts.h"
#include "world/FactChecker.h"
#include "world/GrammarChecker.h"
#include "world/LogicChecker.h"
#include "world/World.h"

namespace hialign::world {

class WorldJudge : public judge::Judge {
public:
    // The dimension of each prompt comes from its shape (dimensionOfPrompt);
    // a prompt of no known shape is judged on grammar.
    explicit WorldJudge(World world);
    // Prompts of the eval set are judged on their recorded dimension; others by shape.
    WorldJudge(World world, const std::vector<EvalPrompt>& evalSet);

    std::string name() const override;
    std::vector<std::string> dimensions() const override;
    // One score: 1 for correct, 0 otherwise; verdict "correct", "wrong" or
    // "unparseable"; the checker's one-sentence explanation. Only the
    // response's first sentence counts.
    std::vector<judge::JudgeScore> judge(const std::string& prompt, const std::string& response) override;
    // An item's own dimension, when given, decides which checker runs; the
    // item is judged only when that dimension is among `dimensions` (or
    // `dimensions` is empty).
    std::vector<std::vector<judge::JudgeScore>> judgeMany(const std::vector<judge::JudgeItem>& items,
                                                          const std::vector<std::string>& dimensions) override;
    double scoreMin() const override;
    double scoreMax() const override;

    // The dimension `judge` uses for this prompt.
    Dimension dimensionFor(const std::string& prompt) const;

private:
    judge::JudgeScore judgeOn(Dimension dimension, const std::string& prompt, const std::string& response);

    World world_;
    GrammarChecker grammar_;
    LogicChecker logic_;
    FactChecker facts_;
    std::map<std::string, Dimension> known_;
};

} // namespace hialign::world

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

    // The dimension `judge` uses for this prompt.
    Dimension dimensionFor(const std::string& prompt) const;

private:
    World world_;
    GrammarChecker grammar_;
    LogicChecker logic_;
    FactChecker facts_;
    std::map<std::string, Dimension> known_;
};

} // namespace hialign::world

// The rubric judge on a chat model: for each response and dimension it sends
// the rubric prompt, parses the reply strictly, and, when the backend gives
// token probabilities, scores by the expectation over the score tokens at the
// rating's position. Pairwise comparisons run in both orders. Replies are
// cached by (judge, request). Plain C++.
#pragma once

#include <memory>

#include "judge/ChatBackend.h"
#include "judge/Judge.h"
#include "judge/JudgeCache.h"

namespace hialign::judge {

struct ModelJudgeOptions {
    std::vector<std::string> dimensions;   // empty: grammar, logic, facts
    // When a reply has no valid marker and the backend can compute next-token
    // probabilities, append "Rating: [[" to the reply and score the
    // distribution over the score tokens (verdict "forced").
    bool forceRating = false;
    double minMass = 0.5;                  // below this, a weighted score is flagged low_mass
};

class ModelJudge : public Judge {
public:
    // `cache` may be shared between judges; null means no cache.
    ModelJudge(std::shared_ptr<ChatBackend> backend, ModelJudgeOptions options,
               std::shared_ptr<JudgeCache> cache = nullptr);

    std::string name() const override;   // "rubric:" + backend id
    std::vector<std::string> dimensions() const override;
    double scoreMin() const override { return 1.0; }
    double scoreMax() const override { return 10.0; }
    std::vector<JudgeScore> judge(const std::string& prompt, const std::string& response) override;
    std::vector<std::vector<JudgeScore>> judgeMany(const std::vector<JudgeItem>& items,
                                                   const std::vector<std::string>& dimensions) override;
    bool supportsPairwise() const override { return true; }
    std::vector<PairOutcome> compareMany(const std::vector<PairItem>& items) override;

    // The system message sent with every request.
    static const char* systemPrompt();

private:
    // Replies for the requests, from the cache or the backend (only the
    // misses go to the backend, in one call).
    std::vector<CachedReply> ask(const std::vector<ChatRequest>& requests, bool wantRatingLogprobs,
                                 std::vector<std::string>& errors);

    std::shared_ptr<ChatBackend> backend_;
    ModelJudgeOptions options_;
    std::shared_ptr<JudgeCache> cache_;
};

} // namespace hialign::judge

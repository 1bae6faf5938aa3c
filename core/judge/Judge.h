// A judge scores a response to a prompt on one or more dimensions
// (grammatical fluency, logical coherence, factual consistency, ...).
// Implementations: the demo lab's exact checkers (world::WorldJudge) and the
// rubric judge on a chat model (ModelJudge: a local model or an
// OpenAI-compatible server). Plain C++, no LibTorch.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hialign::judge {

struct JudgeScore {
    std::string dimension;     // e.g. "grammar", "logic", "facts"
    // 0..1 for exact judges (1 = correct), 1..10 for rubric judges; empty
    // when the judge's reply could not be parsed or its request failed
    // (verdict "unparsed" or "error"): such a judgment is counted, never guessed.
    std::optional<double> score;
    std::string verdict;       // "correct", "wrong", "unparseable", "rated", "weighted", "unparsed", "error", ...
    std::string explanation;   // for the user: the checker's sentence or the judge's explanation
    std::string reply;         // rubric judges: the judge model's whole reply
    std::optional<double> mass;   // probability mass on the score tokens, when weighted
    bool lowMass = false;
};

// One response to judge.
struct JudgeItem {
    std::string prompt;
    std::string response;
    std::string dimension;     // the prompt's own dimension when known (exact judges use it), else ""
};

// One comparison of two responses to the same prompt on one dimension.
struct PairItem {
    std::string prompt;
    std::string response1;     // the strategy's response
    std::string response2;     // the base's response
    std::string dimension;
};

struct PairOutcome {
    char outcome = 'U';                  // 'W' response 1 wins, 'L' loses, 'T' tie, 'U' unparsed
    std::optional<char> first, swapped;  // raw verdicts: 'A', 'B', 'T'
    std::string explanationFirst, explanationSwapped;
};

class Judge {
public:
    virtual ~Judge() = default;
    // Identifies the judge in files and cache keys; never holds a secret.
    virtual std::string name() const = 0;
    virtual std::vector<std::string> dimensions() const = 0;
    // The range of a score: {0, 1} for exact judges, {1, 10} for rubric judges.
    virtual double scoreMin() const = 0;
    virtual double scoreMax() const = 0;
    // Scores `response` as a reply to `prompt` on every dimension that applies
    // to it (a dimension that does not apply is left out).
    virtual std::vector<JudgeScore> judge(const std::string& prompt, const std::string& response) = 0;
    // Scores many items on `dimensions` (empty: all that apply); a judge that
    // batches or runs requests in parallel overrides this. One list per item.
    virtual std::vector<std::vector<JudgeScore>> judgeMany(const std::vector<JudgeItem>& items,
                                                           const std::vector<std::string>& dimensions);
    // Pairwise comparison in both orders; only rubric judges support it.
    virtual bool supportsPairwise() const { return false; }
    virtual std::vector<PairOutcome> compareMany(const std::vector<PairItem>& items);
};

} // namespace hialign::judge

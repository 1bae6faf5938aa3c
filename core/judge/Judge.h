// A judge scores a response to a prompt on one or more dimensions
// (grammatical fluency, logical coherence, factual consistency, ...).
// Implementations: the demo lab's exact checkers, and later rubric judges on
// a local model or an OpenAI-compatible endpoint. Plain C++, no LibTorch.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace hialign::judge {

struct JudgeScore {
    std::string dimension;     // e.g. "grammar", "logic", "facts"
    double score = 0.0;        // 0..1 for exact judges (1 = correct), 1..10 for rubric judges
    std::string verdict;       // "correct", "wrong", "unparseable", "unparsed", ...
    std::string explanation;   // one sentence for the user
};

class Judge {
public:
    virtual ~Judge() = default;
    virtual std::string name() const = 0;
    virtual std::vector<std::string> dimensions() const = 0;
    // Scores `response` as a continuation of `prompt` on every dimension that
    // applies to it (a dimension that does not apply is left out).
    virtual std::vector<JudgeScore> judge(const std::string& prompt, const std::string& response) = 0;
};

} // namespace hialign::judge

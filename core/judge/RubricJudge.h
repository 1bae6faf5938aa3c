// Rubric judging without a model: the rubrics for each dimension, the prompts
// that ask a judge model for a rating or a pairwise verdict, the strict parsers
// for its replies, the probability-weighted score and the two-order pairwise
// rule. Plain C++, no LibTorch; the backends that run a judge model build on
// these pieces.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hialign::judge {

// What a 1, a 5 and a 10 look like on one dimension.
struct Rubric {
    std::string dimension;   // "grammar", "logic", "facts"
    std::string title;       // "grammatical fluency", ...
    std::string focus;       // what the judge looks at, one sentence
    std::string one;
    std::string five;
    std::string ten;
};

// The dimensions that have a rubric, in table order.
std::vector<std::string> rubricDimensions();
// The rubric for `dimension`; throws hialign::InputError for an unknown one.
const Rubric& rubric(const std::string& dimension);

// A prompt that asks for a short explanation first and then the rating alone
// on its last line as `Rating: [[N]]`, N a whole number from 1 to 10.
std::string buildJudgePrompt(const std::string& dimension, const std::string& prompt,
                             const std::string& response);
// A prompt that compares two responses and asks for `Verdict: [[A]]`,
// `Verdict: [[B]]` or `Verdict: [[tie]]` on its own line.
std::string buildPairwisePrompt(const std::string& dimension, const std::string& prompt,
                                const std::string& responseA, const std::string& responseB);

// The parsed judge reply. A marker counts only at the start of a line (after
// optional spaces): `Rating: [[7]]`, with any case for "rating", the colon
// optional and spaces allowed inside the brackets; text may follow it on that
// line. The first valid marker wins; markers with a number outside 1..10 or a
// non-integer (0, 11, -3, 7.5) are skipped. Nothing is ever guessed: without a
// valid marker `score` is empty and `problem` says why in one sentence
// ("empty reply", "no rating marker", "rating 11 is outside 1-10", ...).
struct ParsedRating {
    std::optional<int> score;
    std::string explanation;   // text before the marker line; the whole reply when unparsed
    std::string problem;       // empty when `score` is set
    // Byte offset in the reply where the rating's number starts (npos when unparsed).
    std::size_t valueOffset = std::string::npos;
};
ParsedRating parseRating(const std::string& reply);

// Same rules for `Verdict: [[A]]` / `[[B]]` / `[[tie]]` (any case):
// verdict 'A', 'B' or 'T'.
struct ParsedVerdict {
    std::optional<char> verdict;
    std::string explanation;
    std::string problem;
    std::size_t valueOffset = std::string::npos;
};
ParsedVerdict parseVerdict(const std::string& reply);

// The expected rating under the judge's distribution over the score tokens
// "1".."10" at the rating position (keys are tokens, values natural-log
// probabilities; spaces around a token are ignored and repeated numbers are
// summed; other tokens are ignored). The probabilities are renormalised over
// the valid score tokens; `mass` is their total before renormalising and
// `lowMass` is set when it is below `minMass`. Without any valid score token
// the result is {0, 0, true}: `score` is then meaningless and the caller falls
// back to the parsed rating or counts the reply as unparsed. Note that
// tokenizers that split numbers into digits never produce "10".
// Throws hialign::InputError for a NaN or positive log-probability or a
// `minMass` outside [0, 1].
struct WeightedScore {
    double score = 0.0;
    double mass = 0.0;
    bool lowMass = true;
};
WeightedScore weightedScore(const std::map<std::string, double>& tokenLogprobs,
                            double minMass = 0.5);

// Combines the verdicts of the two orders: `firstOrder` showed response 1 as
// A, `swappedOrder` showed response 2 as A. Returns 'W' (response 1 wins),
// 'L' (response 2 wins) or 'T' (tie, also whenever the orders disagree), and
// 'U' when either order went unparsed, so the caller counts it instead of
// scoring it. Throws hialign::InputError for a verdict other than A, B, T.
char combinePairwise(std::optional<char> firstOrder, std::optional<char> swappedOrder);

} // namespace hialign::judge

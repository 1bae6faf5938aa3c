// Statistics over judge scores (docs/SWEEP.md, "Statistics"): percentile
// bootstrap intervals, seed-aware (hierarchical) intervals, paired
// differences against the base strategy with exact McNemar / sign tests,
// Holm's correction, and the per strategy × dimension summary of a sweep.
// Plain C++: no Qt, no LibTorch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hialign::judge {

struct Interval {
    double mean = 0.0;
    double low = 0.0;
    double high = 0.0;
};

// The sample mean of `values` and its percentile-bootstrap interval at
// `level`: `resamples` resamples with replacement, the interval's ends are the
// (1-level)/2 and 1-(1-level)/2 quantiles (linear interpolation) of the
// resample means. Deterministic for a given seed on every platform
// (std::mt19937_64 with our own unbiased index draw). Throws
// hialign::InputError for no values, zero resamples or a level outside (0, 1).
Interval bootstrapMean(const std::vector<double>& values, std::size_t resamples,
                       std::uint64_t seed, double level = 0.95);

// The pooled mean of values that come in groups (one group per training
// seed) and its two-stage bootstrap interval: each resample draws as many
// groups as there are, with replacement, then within every drawn group as
// many values as it holds, with replacement; the statistic is the mean of all
// drawn values. The interval so carries the spread between seeds as well as
// the spread between prompts. With one group it is exactly bootstrapMean of
// that group (same seed, same draws). Empty groups are dropped; throws
// hialign::InputError when no value is left, for zero resamples or a level
// outside (0, 1).
Interval hierarchicalBootstrapMean(const std::vector<std::vector<double>>& groups, std::size_t resamples,
                                   std::uint64_t seed, double level = 0.95);

// Exact two-sided binomial test of `positive` against `negative` outcomes
// with p = 1/2, ties left out: McNemar's exact test when the outcomes are the
// discordant pairs of 0/1 scores (b and c of the 2×2 table), the sign test
// when they are the signs of paired score differences.
// p = min(1, 2 · P[X ≤ min(b, c)]) for X ~ Binomial(b + c, 1/2); 1 when b + c = 0.
double exactSignTestP(std::size_t positive, std::size_t negative);

// Holm's step-down adjusted p-values, in the order given: with the m values
// sorted ascending p(1) ≤ … ≤ p(m), adjusted p(i) = max over j ≤ i of
// min(1, (m − j + 1) · p(j)). NaN entries are left NaN and not counted in m.
std::vector<double> holmAdjust(const std::vector<double>& pValues);

// One judged response on one dimension; `score` is empty when the judge's
// reply went unparsed. `seed` is the training/sampling seed of the task that
// produced the response: prompts pair with the base on (seed, promptId).
struct Judgment {
    std::string strategy;
    std::string dimension;
    std::string promptId;
    std::optional<double> score;
    std::size_t responseLength = 0;
    std::uint64_t seed = 0;
};

// One pairwise comparison of a strategy's response with the base's, judged
// in both orders: "win", "loss", "tie" or "unparsed" (for the strategy).
struct PairwiseJudgment {
    std::string strategy;
    std::string dimension;
    std::string outcome;
};

// The strategy against the base on one dimension, paired on (seed, prompt)
// over prompts parsed on both sides.
struct Comparison {
    std::size_t pairs = 0;
    std::size_t better = 0;     // pairs where the strategy scored higher
    std::size_t worse = 0;      // pairs where it scored lower (ties: pairs − better − worse)
    Interval difference;        // mean of (strategy − base), seed-aware bootstrap interval
    double pValue = 0.0;        // exact McNemar (0/1 scores) or sign test
    double pHolm = 0.0;         // Holm-adjusted over every comparison of the sweep
    bool significant = false;   // pHolm < alpha
};

// One row of the sweep table. Values that cannot be computed are NaN: the
// interval without any parsed score, the win rate without any prompt judged
// for both this strategy and the base, the correlation with fewer than two
// parsed scores or with constant lengths or scores.
struct StrategySummary {
    std::string strategy;
    std::string dimension;
    std::size_t n = 0;          // judgments, parsed or not
    std::size_t unparsed = 0;   // judgments without a score
    Interval score;             // mean and seed-aware interval over parsed scores
    std::vector<double> seedMeans;   // per seed of SummaryOptions::seeds; NaN where none parsed
    double seedSd = 0.0;        // sample standard deviation of the seed means (NaN below two)
    // Against the base: share of comparisons won (a tie counts one half), and
    // the counts. From pairwise judging when there is any parsed pairwise
    // outcome, else from the scores paired on (seed, prompt), repeated
    // judgments of one prompt averaged first. The base gets 0.5 and no counts.
    double winRate = 0.0;
    std::string winSource = "scores";
    std::size_t wins = 0, ties = 0, losses = 0;
    std::size_t pairwiseN = 0, pairwiseUnparsed = 0;
    std::optional<Comparison> vsBase;   // empty for the base and without paired prompts
    double meanLength = 0.0;               // over all n responses
    double lengthScoreCorrelation = 0.0;   // Pearson, over parsed scores
    // Set when the whole paired interval of the difference to the base lies
    // below zero: significantly worse than the base on the same prompts and
    // seeds. Never set for the base itself.
    bool alignmentTax = false;
};

struct SummaryOptions {
    std::string baseStrategy = "base";
    std::vector<std::uint64_t> seeds;   // report order of seedMeans; empty: the seeds seen, ascending
    std::size_t resamples = 10000;
    double alpha = 0.05;                // Holm significance and interval level 1 − alpha
    std::uint64_t seed = 20251012;      // bootstrap stream; every row derives its own from it
    double scoreMin = 0.0, scoreMax = 1.0;   // the judge's range (saturation warnings)
};

struct SweepSummary {
    std::vector<StrategySummary> rows;
    std::string intervalMethod;   // "seeds-then-prompts" (several seeds) or "prompts" (one)
    std::string pairedTest;       // "mcnemar-exact" (every score 0 or 1) or "sign-test"
    std::size_t comparisons = 0;  // comparisons with a p-value, the m of Holm's correction
    std::vector<std::string> notes;      // what the reader must know (one seed, pooled tests)
    std::vector<std::string> warnings;   // saturated dimensions
};

// The summary per strategy × dimension: the base's rows first, then the other
// strategies, each in order of first appearance (dimensions likewise).
// Reproducible: every bootstrap's seed derives from options.seed and the
// row's position. Throws hialign::InputError when the base has no judgments,
// or for alpha outside (0, 1) or zero resamples.
SweepSummary summarizeSweep(const std::vector<Judgment>& judgments,
                            const std::vector<PairwiseJudgment>& pairwise, const SummaryOptions& options);

// summarizeSweep's rows alone, for scores without seeds or pairwise judging: alpha 0.05 (95% intervals).
std::vector<StrategySummary> summarize(const std::vector<Judgment>& judgments,
                                       const std::string& baseStrategy,
                                       std::size_t resamples, std::uint64_t seed);

} // namespace hialign::judge

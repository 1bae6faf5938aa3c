// Statistics over judge scores: percentile-bootstrap intervals and the
// per strategy × dimension summary of a sweep (mean with interval, win rate
// against the base strategy, length bias, alignment-tax flag). Plain C++.
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

// One judged response on one dimension; `score` is empty when the judge's
// reply went unparsed.
struct Judgment {
    std::string strategy;
    std::string dimension;
    std::string promptId;
    std::optional<double> score;
    std::size_t responseLength = 0;
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
    Interval score;             // mean and 95% bootstrap interval over parsed scores
    // Share of prompts where this strategy scored higher than the base (a tie
    // counts one half), pairing on promptId over prompts parsed on both sides;
    // repeated judgments of one prompt are averaged first. The base gets 0.5
    // (it ties with itself).
    double winRate = 0.0;
    double meanLength = 0.0;               // over all n responses
    double lengthScoreCorrelation = 0.0;   // Pearson, over parsed scores
    // Set when the upper end of this strategy's interval lies below the base's
    // mean on the same dimension: significantly worse than the base. Never set
    // for the base itself, nor when either side has no parsed score.
    bool alignmentTax = false;
};

// The summary per strategy × dimension: the base's rows first, then the other
// strategies, each in order of first appearance (dimensions likewise). Bootstraps use `resamples` draws; each row's seed is
// derived from `seed` and its position, so the whole table is reproducible.
// Throws hialign::InputError when `baseStrategy` has no judgments.
std::vector<StrategySummary> summarize(const std::vector<Judgment>& judgments,
                                       const std::string& baseStrategy,
                                       std::size_t resamples, std::uint64_t seed);

} // namespace hialign::judge

#include "judge/JudgeStats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <utility>

#include "util/Error.h"

namespace hialign::judge {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A uniform index in [0, n) by rejection, so the result is unbiased and the
// same on every standard library (unlike std::uniform_int_distribution).
std::size_t uniformIndex(std::mt19937_64& rng, std::size_t n)
{
    const std::uint64_t range = static_cast<std::uint64_t>(n);
    constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
    // 2^64 mod range: the draws above kMax - rem would favour small indices.
    const std::uint64_t rem = (kMax % range + 1) % range;
    std::uint64_t x;
    do {
        x = rng();
    } while (rem != 0 && x > kMax - rem);
    return static_cast<std::size_t>(x % range);
}

// Quantile q of sorted values, linear interpolation between order statistics.
double quantile(const std::vector<double>& sorted, double q)
{
    const double pos = q * static_cast<double>(sorted.size() - 1);
    const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    const double frac = pos - static_cast<double>(lo);
    return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

double mean(const std::vector<double>& v)
{
    double sum = 0.0;
    for (double x : v) sum += x;
    return sum / static_cast<double>(v.size());
}

double pearson(const std::vector<double>& x, const std::vector<double>& y)
{
    if (x.size() < 2) return kNaN;
    const double mx = mean(x), my = mean(y);
    double sxy = 0.0, sxx = 0.0, syy = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    if (sxx <= 0.0 || syy <= 0.0) return kNaN;
    return sxy / std::sqrt(sxx * syy);
}

// Mean parsed score per promptId for one strategy × dimension.
std::map<std::string, double> scoresByPrompt(const std::vector<const Judgment*>& group)
{
    std::map<std::string, std::pair<double, int>> acc;
    for (const Judgment* j : group)
        if (j->score) {
            auto& [sum, count] = acc[j->promptId];
            sum += *j->score;
            ++count;
        }
    std::map<std::string, double> out;
    for (const auto& [id, sc] : acc) out[id] = sc.first / sc.second;
    return out;
}

} // namespace

Interval bootstrapMean(const std::vector<double>& values, std::size_t resamples,
                       std::uint64_t seed, double level)
{
    if (values.empty()) throw InputError("A bootstrap interval needs at least one value.");
    if (resamples == 0) throw InputError("A bootstrap interval needs at least one resample.");
    if (!(level > 0.0 && level < 1.0))
        throw InputError("The bootstrap interval's level must lie strictly between 0 and 1.");
    std::mt19937_64 rng(seed);
    const std::size_t n = values.size();
    std::vector<double> means(resamples);
    for (double& m : means) {
        double sum = 0.0;
        for (std::size_t i = 0; i < n; ++i) sum += values[uniformIndex(rng, n)];
        m = sum / static_cast<double>(n);
    }
    std::sort(means.begin(), means.end());
    const double tail = (1.0 - level) / 2.0;
    return {mean(values), quantile(means, tail), quantile(means, 1.0 - tail)};
}

std::vector<StrategySummary> summarize(const std::vector<Judgment>& judgments,
                                       const std::string& baseStrategy,
                                       std::size_t resamples, std::uint64_t seed)
{
    // Groups in order of first appearance.
    std::vector<std::string> strategies, dimensions;
    std::map<std::pair<std::string, std::string>, std::vector<const Judgment*>> groups;
    for (const Judgment& j : judgments) {
        if (std::find(strategies.begin(), strategies.end(), j.strategy) == strategies.end())
            strategies.push_back(j.strategy);
        if (std::find(dimensions.begin(), dimensions.end(), j.dimension) == dimensions.end())
            dimensions.push_back(j.dimension);
        groups[{j.strategy, j.dimension}].push_back(&j);
    }
    if (std::find(strategies.begin(), strategies.end(), baseStrategy) == strategies.end())
        throw InputError("The base strategy \"" + baseStrategy + "\" has no judgments.");

    std::vector<StrategySummary> rows;
    std::map<std::string, double> baseMean;   // per dimension
    std::map<std::string, std::map<std::string, double>> basePrompts;
    std::uint64_t rowIndex = 0;
    // The base first, so its means are known to the other rows.
    std::vector<std::string> order{baseStrategy};
    for (const std::string& s : strategies)
        if (s != baseStrategy) order.push_back(s);
    for (const std::string& strategy : order) {
        for (const std::string& dimension : dimensions) {
            const auto it = groups.find({strategy, dimension});
            if (it == groups.end()) continue;
            const std::vector<const Judgment*>& group = it->second;
            StrategySummary row;
            row.strategy = strategy;
            row.dimension = dimension;
            row.n = group.size();
            std::vector<double> scores, lengths;
            double lengthSum = 0.0;
            for (const Judgment* j : group) {
                lengthSum += static_cast<double>(j->responseLength);
                if (!j->score) {
                    ++row.unparsed;
                    continue;
                }
                scores.push_back(*j->score);
                lengths.push_back(static_cast<double>(j->responseLength));
            }
            row.meanLength = lengthSum / static_cast<double>(row.n);
            // Seed per row from its position in the table (splitmix-style mix).
            const std::uint64_t rowSeed = seed ^ (0x9E3779B97F4A7C15ULL * (++rowIndex));
            row.score = scores.empty() ? Interval{kNaN, kNaN, kNaN}
                                       : bootstrapMean(scores, resamples, rowSeed);
            row.lengthScoreCorrelation = pearson(lengths, scores);

            const std::map<std::string, double> mine = scoresByPrompt(group);
            if (strategy == baseStrategy) {
                baseMean[dimension] = row.score.mean;
                basePrompts[dimension] = mine;
            }
            // Win rate against the base, over prompts parsed on both sides.
            double wins = 0.0;
            std::size_t pairs = 0;
            const auto baseIt = basePrompts.find(dimension);
            if (baseIt != basePrompts.end())
                for (const auto& [id, s] : mine) {
                    const auto b = baseIt->second.find(id);
                    if (b == baseIt->second.end()) continue;
                    ++pairs;
                    wins += s > b->second ? 1.0 : s == b->second ? 0.5 : 0.0;
                }
            row.winRate = pairs ? wins / static_cast<double>(pairs) : kNaN;

            const auto bm = baseMean.find(dimension);
            row.alignmentTax = strategy != baseStrategy && bm != baseMean.end() &&
                std::isfinite(bm->second) && std::isfinite(row.score.high) &&
                row.score.high < bm->second;
            rows.push_back(std::move(row));
        }
    }
    return rows;
}

} // namespace hialign::judge

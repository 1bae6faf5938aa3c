#include "judge/JudgeStats.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <set>
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

// Mean parsed score per (seed, promptId) for one strategy × dimension.
using PromptScores = std::map<std::pair<std::uint64_t, std::string>, double>;
PromptScores scoresByPrompt(const std::vector<const Judgment*>& group)
{
    std::map<std::pair<std::uint64_t, std::string>, std::pair<double, int>> acc;
    for (const Judgment* j : group)
        if (j->score) {
            auto& [sum, count] = acc[{j->seed, j->promptId}];
            sum += *j->score;
            ++count;
        }
    PromptScores out;
    for (const auto& [key, sc] : acc) out[key] = sc.first / sc.second;
    return out;
}

double sampleSd(const std::vector<double>& v)
{
    if (v.size() < 2) return kNaN;
    const double m = mean(v);
    double ss = 0.0;
    for (double x : v) ss += (x - m) * (x - m);
    return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

std::vector<std::vector<double>> seedGroups(const std::map<std::uint64_t, std::vector<double>>& bySeed)
{
    std::vector<std::vector<double>> out;
    for (const auto& [seed, values] : bySeed) out.push_back(values);
    return out;
}

void checkBootstrap(std::size_t resamples, double level)
{
    if (resamples == 0) throw InputError("A bootstrap interval needs at least one resample.");
    if (!(level > 0.0 && level < 1.0))
        throw InputError("The bootstrap interval's level must lie strictly between 0 and 1.");
}

// The percentile interval of resample statistics at `level` (sorts them).
std::pair<double, double> percentile(std::vector<double>& stats, double level)
{
    std::sort(stats.begin(), stats.end());
    const double tail = (1.0 - level) / 2.0;
    return {quantile(stats, tail), quantile(stats, 1.0 - tail)};
}

} // namespace

Interval bootstrapMean(const std::vector<double>& values, std::size_t resamples,
                       std::uint64_t seed, double level)
{
    if (values.empty()) throw InputError("A bootstrap interval needs at least one value.");
    checkBootstrap(resamples, level);
    std::mt19937_64 rng(seed);
    const std::size_t n = values.size();
    std::vector<double> means(resamples);
    for (double& m : means) {
        double sum = 0.0;
        for (std::size_t i = 0; i < n; ++i) sum += values[uniformIndex(rng, n)];
        m = sum / static_cast<double>(n);
    }
    const auto [low, high] = percentile(means, level);
    return {mean(values), low, high};
}

Interval hierarchicalBootstrapMean(const std::vector<std::vector<double>>& groups, std::size_t resamples,
                                   std::uint64_t seed, double level)
{
    std::vector<const std::vector<double>*> kept;
    double total = 0.0;
    std::size_t count = 0;
    for (const std::vector<double>& g : groups) {
        if (g.empty()) continue;
        kept.push_back(&g);
        for (double x : g) total += x;
        count += g.size();
    }
    if (kept.empty()) throw InputError("A bootstrap interval needs at least one value.");
    if (kept.size() == 1) return bootstrapMean(*kept.front(), resamples, seed, level);
    checkBootstrap(resamples, level);
    std::mt19937_64 rng(seed);
    const std::size_t groupCount = kept.size();
    std::vector<double> means(resamples);
    for (double& m : means) {
        double sum = 0.0;
        std::size_t drawn = 0;
        // Stage 1: a seed, with replacement; stage 2: its prompts, with replacement.
        for (std::size_t g = 0; g < groupCount; ++g) {
            const std::vector<double>& group = *kept[uniformIndex(rng, groupCount)];
            for (std::size_t i = 0; i < group.size(); ++i) sum += group[uniformIndex(rng, group.size())];
            drawn += group.size();
        }
        m = sum / static_cast<double>(drawn);
    }
    const auto [low, high] = percentile(means, level);
    return {total / static_cast<double>(count), low, high};
}

double exactSignTestP(std::size_t positive, std::size_t negative)
{
    const std::size_t n = positive + negative;
    if (n == 0) return 1.0;
    const std::size_t k = std::min(positive, negative);
    // P[X <= k] for X ~ Binomial(n, 1/2), summed in log space so that n in the
    // tens of thousands neither overflows nor underflows term by term.
    const double logHalfN = static_cast<double>(n) * std::log(0.5);
    const double logNFact = std::lgamma(static_cast<double>(n) + 1.0);
    double tail = 0.0;
    for (std::size_t i = 0; i <= k; ++i)
        tail += std::exp(logNFact - std::lgamma(static_cast<double>(i) + 1.0) -
                         std::lgamma(static_cast<double>(n - i) + 1.0) + logHalfN);
    return std::min(1.0, 2.0 * tail);
}

std::vector<double> holmAdjust(const std::vector<double>& pValues)
{
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < pValues.size(); ++i)
        if (std::isfinite(pValues[i])) order.push_back(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return pValues[a] < pValues[b]; });
    std::vector<double> adjusted(pValues.size(), kNaN);
    const std::size_t m = order.size();
    double running = 0.0;
    for (std::size_t rank = 0; rank < m; ++rank) {
        const double p = std::min(1.0, static_cast<double>(m - rank) * pValues[order[rank]]);
        running = std::max(running, p);
        adjusted[order[rank]] = running;
    }
    return adjusted;
}

namespace {

using GroupKey = std::pair<std::string, std::string>;   // (strategy, dimension)

// The judgments grouped by strategy × dimension, with names in order of first appearance.
struct JudgmentGroups {
    std::vector<std::string> strategies, dimensions;
    std::map<GroupKey, std::vector<const Judgment*>> groups;
    std::set<std::uint64_t> seeds;
    bool binary = true;   // every parsed score is 0 or 1
};

JudgmentGroups groupJudgments(const std::vector<Judgment>& judgments)
{
    JudgmentGroups g;
    for (const Judgment& j : judgments) {
        if (std::find(g.strategies.begin(), g.strategies.end(), j.strategy) == g.strategies.end())
            g.strategies.push_back(j.strategy);
        if (std::find(g.dimensions.begin(), g.dimensions.end(), j.dimension) == g.dimensions.end())
            g.dimensions.push_back(j.dimension);
        g.groups[{j.strategy, j.dimension}].push_back(&j);
        g.seeds.insert(j.seed);
        if (j.score && *j.score != 0.0 && *j.score != 1.0) g.binary = false;
    }
    return g;
}

// Pairwise outcomes per strategy × dimension: win, tie, loss, unparsed.
using OutcomeCounts = std::map<GroupKey, std::array<std::size_t, 4>>;

OutcomeCounts countOutcomes(const std::vector<PairwiseJudgment>& pairwise)
{
    OutcomeCounts outcomes;
    for (const PairwiseJudgment& p : pairwise) {
        auto& c = outcomes[{p.strategy, p.dimension}];
        if (p.outcome == "win") ++c[0];
        else if (p.outcome == "tie") ++c[1];
        else if (p.outcome == "loss") ++c[2];
        else ++c[3];
    }
    return outcomes;
}

// What every row of the table shares.
struct RowSettings {
    const std::vector<std::uint64_t>& seeds;   // the seed columns, in order
    std::size_t resamples;
    double level;
};

// One strategy × dimension's own statistics: counts, mean length, the
// bootstrap interval of its score, per-seed means.
StrategySummary describeGroup(const std::string& strategy, const std::string& dimension,
                              const std::vector<const Judgment*>& group, const RowSettings& rs,
                              std::uint64_t rowSeed)
{
    StrategySummary row;
    row.strategy = strategy;
    row.dimension = dimension;
    row.n = group.size();
    std::vector<double> scores, lengths;
    std::map<std::uint64_t, std::vector<double>> bySeed;
    double lengthSum = 0.0;
    for (const Judgment* j : group) {
        lengthSum += static_cast<double>(j->responseLength);
        if (!j->score) {
            ++row.unparsed;
            continue;
        }
        scores.push_back(*j->score);
        lengths.push_back(static_cast<double>(j->responseLength));
        bySeed[j->seed].push_back(*j->score);
    }
    row.meanLength = lengthSum / static_cast<double>(row.n);
    row.score = scores.empty() ? Interval{kNaN, kNaN, kNaN}
                               : hierarchicalBootstrapMean(seedGroups(bySeed), rs.resamples, rowSeed, rs.level);
    row.lengthScoreCorrelation = pearson(lengths, scores);
    std::vector<double> seedMeans;
    for (std::uint64_t seed : rs.seeds) {
        const auto s = bySeed.find(seed);
        row.seedMeans.push_back(s == bySeed.end() ? kNaN : mean(s->second));
        if (s != bySeed.end()) seedMeans.push_back(row.seedMeans.back());
    }
    row.seedSd = sampleSd(seedMeans);
    return row;
}

// The paired comparison against the base on (seed, prompt), over prompts
// parsed on both sides; sets the row's win rate (NaN without pairs).
void compareWithBase(StrategySummary& row, const PromptScores& mine, const PromptScores* base,
                     const RowSettings& rs, std::uint64_t rowSeed)
{
    Comparison cmp;
    std::map<std::uint64_t, std::vector<double>> differences;   // per seed
    if (base)
        for (const auto& [key, s] : mine) {
            const auto b = base->find(key);
            if (b == base->end()) continue;
            ++cmp.pairs;
            differences[key.first].push_back(s - b->second);
            if (s > b->second) ++cmp.better;
            else if (s < b->second) ++cmp.worse;
        }
    row.winRate = kNaN;
    if (cmp.pairs == 0) return;
    cmp.difference = hierarchicalBootstrapMean(seedGroups(differences), rs.resamples,
                                               rowSeed ^ 0xD1B54A32D192ED03ULL, rs.level);
    cmp.pValue = exactSignTestP(cmp.better, cmp.worse);
    row.wins = cmp.better;
    row.losses = cmp.worse;
    row.ties = cmp.pairs - cmp.better - cmp.worse;
    row.winRate = (static_cast<double>(row.wins) + 0.5 * static_cast<double>(row.ties)) /
                  static_cast<double>(cmp.pairs);
    row.vsBase = cmp;
}

// Pairwise verdicts, where there are any, replace the paired wins, ties and losses.
void applyPairwise(StrategySummary& row, const OutcomeCounts& outcomes)
{
    const auto pw = outcomes.find({row.strategy, row.dimension});
    if (pw == outcomes.end()) return;
    const auto& [win, tie, loss, unparsed] = pw->second;
    row.pairwiseN = win + tie + loss + unparsed;
    row.pairwiseUnparsed = unparsed;
    if (win + tie + loss == 0) return;
    row.winSource = "pairwise";
    row.wins = win;
    row.ties = tie;
    row.losses = loss;
    row.winRate = (static_cast<double>(win) + 0.5 * static_cast<double>(tie)) /
                  static_cast<double>(win + tie + loss);
}

// Holm over every comparison against the base.
void applyHolm(SweepSummary& summary, double alpha)
{
    std::vector<double> p;
    for (const StrategySummary& r : summary.rows) p.push_back(r.vsBase ? r.vsBase->pValue : kNaN);
    const std::vector<double> adjusted = holmAdjust(p);
    for (std::size_t i = 0; i < summary.rows.size(); ++i) {
        StrategySummary& r = summary.rows[i];
        if (!r.vsBase) continue;
        ++summary.comparisons;
        r.vsBase->pHolm = adjusted[i];
        r.vsBase->significant = adjusted[i] < alpha;
        r.alignmentTax = r.vsBase->difference.high < 0.0;
    }
}

// A warning for each dimension where every strategy sits at one end of the scale.
void warnSaturated(SweepSummary& summary, const std::vector<std::string>& dimensions,
                   const SummaryOptions& options)
{
    for (const std::string& dimension : dimensions) {
        std::size_t rows = 0, atMin = 0, atMax = 0;
        for (const StrategySummary& r : summary.rows) {
            if (r.dimension != dimension || std::isnan(r.score.mean)) continue;
            ++rows;
            if (r.score.mean == options.scoreMin) ++atMin;
            if (r.score.mean == options.scoreMax) ++atMax;
        }
        if (rows == 0 || atMin + atMax < rows) continue;
        const bool unit = options.scoreMax <= 1.0;
        const std::string where = atMax == rows ? (unit ? "100%" : "the top of the scale")
                                  : atMin == rows ? (unit ? "0%" : "the bottom of the scale")
                                                  : "an end of the scale";
        summary.warnings.push_back(dimension + " is saturated: every strategy scores " + where +
                                   ", so this dimension cannot show an effect (sample at a higher temperature or use "
                                   "harder prompts).");
    }
}

} // namespace

SweepSummary summarizeSweep(const std::vector<Judgment>& judgments,
                            const std::vector<PairwiseJudgment>& pairwise, const SummaryOptions& options)
{
    if (!(options.alpha > 0.0 && options.alpha < 1.0))
        throw InputError("alpha must lie strictly between 0 and 1.");
    if (options.resamples == 0) throw InputError("A bootstrap interval needs at least one resample.");
    const std::string& baseStrategy = options.baseStrategy;

    const JudgmentGroups g = groupJudgments(judgments);
    if (std::find(g.strategies.begin(), g.strategies.end(), baseStrategy) == g.strategies.end())
        throw InputError("The base strategy \"" + baseStrategy + "\" has no judgments.");
    const std::vector<std::uint64_t> seeds =
        options.seeds.empty() ? std::vector<std::uint64_t>(g.seeds.begin(), g.seeds.end()) : options.seeds;
    const OutcomeCounts outcomes = countOutcomes(pairwise);
    const RowSettings rs{seeds, options.resamples, 1.0 - options.alpha};

    SweepSummary summary;
    summary.intervalMethod = g.seeds.size() > 1 ? "seeds-then-prompts" : "prompts";
    summary.pairedTest = g.binary ? "mcnemar-exact" : "sign-test";
    std::map<std::string, PromptScores> basePrompts;   // per dimension
    std::uint64_t rowIndex = 0;
    // The base first, so its scores are known to the other rows.
    std::vector<std::string> order{baseStrategy};
    for (const std::string& s : g.strategies)
        if (s != baseStrategy) order.push_back(s);
    for (const std::string& strategy : order) {
        for (const std::string& dimension : g.dimensions) {
            const auto it = g.groups.find({strategy, dimension});
            if (it == g.groups.end()) continue;
            // Seed per row from its position in the table (splitmix-style mix).
            const std::uint64_t rowSeed = options.seed ^ (0x9E3779B97F4A7C15ULL * (++rowIndex));
            StrategySummary row = describeGroup(strategy, dimension, it->second, rs, rowSeed);
            const PromptScores mine = scoresByPrompt(it->second);
            if (strategy == baseStrategy) {
                basePrompts[dimension] = mine;
                row.winRate = 0.5;
                summary.rows.push_back(std::move(row));
                continue;
            }
            const auto baseIt = basePrompts.find(dimension);
            compareWithBase(row, mine, baseIt == basePrompts.end() ? nullptr : &baseIt->second, rs, rowSeed);
            applyPairwise(row, outcomes);
            summary.rows.push_back(std::move(row));
        }
    }
    applyHolm(summary, options.alpha);

    if (g.seeds.size() <= 1)
        summary.notes.push_back("One seed: the intervals carry the variation between prompts only, not between "
                                "training seeds; run several seeds for that.");
    else
        summary.notes.push_back("The intervals resample seeds, then prompts within a seed; the paired tests count "
                                "every (seed, prompt) pair as independent.");
    warnSaturated(summary, g.dimensions, options);
    return summary;
}

std::vector<StrategySummary> summarize(const std::vector<Judgment>& judgments,
                                       const std::string& baseStrategy,
                                       std::size_t resamples, std::uint64_t seed)
{
    SummaryOptions o;
    o.baseStrategy = baseStrategy;
    o.resamples = resamples;
    o.seed = seed;
    return summarizeSweep(judgments, {}, o).rows;
}

} // namespace hialign::judge

// Judging statistics: bootstrap intervals against known cases, the seed-aware
// (hierarchical) interval, the paired bootstrap's coverage, McNemar's exact
// test and Holm's correction on hand-computed cases, and the sweep summary
// (win rates and W/T/L counts, unparsed counts, length correlation, paired
// differences, the alignment-tax flag, saturation warnings) on hand-made sets.
#include <QtTest/QtTest>

#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "judge/JudgeStats.h"
#include "util/Error.h"

using namespace hialign::judge;

namespace {

std::vector<double> bernoulli(int ones, int zeros)
{
    std::vector<double> v(static_cast<std::size_t>(ones), 1.0);
    v.insert(v.end(), static_cast<std::size_t>(zeros), 0.0);
    return v;
}

// Six prompts p1..p6 with lengths 10..60 for one strategy × dimension.
void add(std::vector<Judgment>& out, const std::string& strategy, const std::string& dimension,
         const std::vector<std::optional<double>>& scores)
{
    for (std::size_t i = 0; i < scores.size(); ++i)
        out.push_back({strategy, dimension, "p" + std::to_string(i + 1), scores[i], 10 * (i + 1)});
}

const StrategySummary& row(const std::vector<StrategySummary>& rows, const std::string& strategy,
                           const std::string& dimension)
{
    for (const StrategySummary& r : rows)
        if (r.strategy == strategy && r.dimension == dimension) return r;
    throw std::runtime_error("missing row " + strategy + "/" + dimension);
}

bool near(double a, double b) { return std::abs(a - b) < 1e-9; }

} // namespace

class TestJudgeStats : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void equalValuesGiveZeroWidth()
    {
        const Interval i = bootstrapMean({6.0, 6.0, 6.0, 6.0}, 1000, 1);
        QCOMPARE(i.mean, 6.0);
        QCOMPARE(i.low, 6.0);
        QCOMPARE(i.high, 6.0);
        const Interval one = bootstrapMean({3.0}, 100, 9);
        QCOMPARE(one.low, 3.0);
        QCOMPARE(one.high, 3.0);
    }

    void binaryProportion()
    {
        // 30 of 50: normal approximation gives 0.6 ± 0.136.
        const Interval i = bootstrapMean(bernoulli(30, 20), 4000, 42);
        QVERIFY(near(i.mean, 0.6));
        QVERIFY(i.low < 0.6 && 0.6 < i.high);
        const double width = i.high - i.low;
        QVERIFY2(width >= 0.2 && width <= 0.34, qPrintable(QString::number(width)));
        QVERIFY(std::abs((i.low + i.high) / 2 - 0.6) < 0.03);
    }

    void deterministicPerSeed()
    {
        const std::vector<double> v = bernoulli(30, 20);
        const Interval a = bootstrapMean(v, 2000, 7);
        const Interval b = bootstrapMean(v, 2000, 7);
        QCOMPARE(a.low, b.low);
        QCOMPARE(a.high, b.high);
        const std::vector<double> w{1, 4, 2, 8, 5, 7, 3, 9, 6, 10, 2, 5};
        const Interval c = bootstrapMean(w, 2000, 7);
        const Interval d = bootstrapMean(w, 2000, 8);
        QVERIFY(c.low != d.low || c.high != d.high);
    }

    void levelNarrowsInterval()
    {
        const std::vector<double> v = bernoulli(30, 20);
        const Interval wide = bootstrapMean(v, 2000, 3, 0.95);
        const Interval narrow = bootstrapMean(v, 2000, 3, 0.5);
        QVERIFY(narrow.high - narrow.low < wide.high - wide.low);
        QVERIFY(narrow.low >= wide.low && narrow.high <= wide.high);
    }

    void bootstrapRejectsBadInput()
    {
        QVERIFY_THROWS_EXCEPTION(hialign::InputError, bootstrapMean({}, 100, 1));
        QVERIFY_THROWS_EXCEPTION(hialign::InputError, bootstrapMean({1.0}, 0, 1));
        QVERIFY_THROWS_EXCEPTION(hialign::InputError, bootstrapMean({1.0}, 10, 1, 0.0));
        QVERIFY_THROWS_EXCEPTION(hialign::InputError, bootstrapMean({1.0}, 10, 1, 1.0));
    }

    void summarizeHandMadeSet()
    {
        std::vector<Judgment> j;
        // The base comes second on purpose: its rows must still come first.
        add(j, "Full-DPO", "grammar", {8, 8, 8, 5, 3, 8});
        add(j, "Full-DPO", "facts", {3, 4, 3, 4, 3, std::nullopt});
        add(j, "Base", "grammar", {5, 5, 5, 5, 5, 5});
        add(j, "Base", "facts", {8, 8, 8, 8, 8, 8});
        add(j, "Local-Align", "grammar", {2, 3, 4, 5, 6, 7});
        add(j, "Local-Align", "facts", {9, 8, 7, 6, 5, 4});
        add(j, "Broken", "facts", {std::nullopt, std::nullopt});

        const std::vector<StrategySummary> rows = summarize(j, "Base", 2000, 11);
        QCOMPARE(rows.size(), std::size_t(7));
        QCOMPARE(rows[0].strategy, std::string("Base"));
        QCOMPARE(rows[0].dimension, std::string("grammar"));
        QCOMPARE(rows[1].strategy, std::string("Base"));
        QCOMPARE(rows[2].strategy, std::string("Full-DPO"));

        const StrategySummary& baseG = row(rows, "Base", "grammar");
        QCOMPARE(baseG.n, std::size_t(6));
        QCOMPARE(baseG.unparsed, std::size_t(0));
        QVERIFY(near(baseG.score.mean, 5.0));
        QVERIFY(near(baseG.winRate, 0.5));
        QVERIFY(!baseG.alignmentTax);
        QVERIFY(std::isnan(baseG.lengthScoreCorrelation));   // constant scores

        // Full-DPO: 4 wins, 1 tie, 1 loss on grammar; all losses and a large drop on facts.
        const StrategySummary& dpoG = row(rows, "Full-DPO", "grammar");
        QVERIFY(near(dpoG.winRate, 4.5 / 6.0));
        QVERIFY(!dpoG.alignmentTax);
        const StrategySummary& dpoF = row(rows, "Full-DPO", "facts");
        QCOMPARE(dpoF.n, std::size_t(6));
        QCOMPARE(dpoF.unparsed, std::size_t(1));
        QVERIFY(near(dpoF.score.mean, 3.4));
        QVERIFY(near(dpoF.winRate, 0.0));     // five parsed pairs, all lost
        QVERIFY(near(dpoF.meanLength, 35.0)); // over all six responses
        QVERIFY(dpoF.score.high < 8.0);
        QVERIFY(dpoF.alignmentTax);

        // Local-Align: length bias of both signs, no tax where the interval reaches the base.
        const StrategySummary& localG = row(rows, "Local-Align", "grammar");
        QVERIFY(near(localG.lengthScoreCorrelation, 1.0));
        QVERIFY(near(localG.winRate, 2.5 / 6.0));
        QVERIFY(localG.score.low < 5.0 && localG.score.high > 5.0);
        QVERIFY(!localG.alignmentTax);
        const StrategySummary& localF = row(rows, "Local-Align", "facts");
        QVERIFY(near(localF.lengthScoreCorrelation, -1.0));
        QVERIFY(near(localF.winRate, 1.5 / 6.0));

        // Nothing parsed: counted, never scored or flagged.
        const StrategySummary& broken = row(rows, "Broken", "facts");
        QCOMPARE(broken.n, std::size_t(2));
        QCOMPARE(broken.unparsed, std::size_t(2));
        QVERIFY(std::isnan(broken.score.mean));
        QVERIFY(std::isnan(broken.winRate));
        QVERIFY(!broken.alignmentTax);

        // Reproducible.
        const std::vector<StrategySummary> again = summarize(j, "Base", 2000, 11);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            QCOMPARE(again[i].strategy, rows[i].strategy);
            QVERIFY(again[i].score.low == rows[i].score.low ||
                    (std::isnan(again[i].score.low) && std::isnan(rows[i].score.low)));
        }
    }

    void summarizeAveragesRepeatedPrompts()
    {
        std::vector<Judgment> j{
            {"Base", "logic", "p1", 5.0, 10}, {"Mid", "logic", "p1", 4.0, 10},
            {"Mid", "logic", "p1", 8.0, 10},   // mean 6 > 5: a win
            {"Base", "logic", "p2", 5.0, 10}, {"Mid", "logic", "p2", 5.0, 10}};   // tie
        const std::vector<StrategySummary> rows = summarize(j, "Base", 500, 1);
        QVERIFY(near(row(rows, "Mid", "logic").winRate, 0.75));
        QCOMPARE(row(rows, "Mid", "logic").n, std::size_t(3));
    }

    void mcnemarExactHandComputed()
    {
        // b = 2, c = 8: P[X <= 2] for X ~ Bin(10, 1/2) = (1 + 10 + 45) / 1024.
        QVERIFY(near(exactSignTestP(2, 8), 2.0 * 56.0 / 1024.0));
        QVERIFY(near(exactSignTestP(8, 2), 2.0 * 56.0 / 1024.0));
        // b = 0, c = 5: 2 / 32.
        QVERIFY(near(exactSignTestP(0, 5), 0.0625));
        // b = 1, c = 11: 2 * (1 + 12) / 4096.
        QVERIFY(near(exactSignTestP(1, 11), 26.0 / 4096.0));
        // Balanced or empty tables: no evidence at all.
        QCOMPARE(exactSignTestP(7, 7), 1.0);
        QCOMPARE(exactSignTestP(0, 0), 1.0);
        // Large counts stay finite: b = 300, c = 420 is far below 0.05 yet above 0.
        const double p = exactSignTestP(300, 420);
        QVERIFY(p > 0.0 && p < 1e-4);
    }

    void holmHandChecked()
    {
        // Sorted: 0.005 (x4 = 0.02), 0.01 (x3 = 0.03), 0.03 (x2 = 0.06), 0.04 (x1 = 0.04 -> 0.06 by monotonicity).
        const std::vector<double> adjusted = holmAdjust({0.01, 0.04, 0.03, 0.005});
        QCOMPARE(adjusted.size(), std::size_t(4));
        QVERIFY(near(adjusted[0], 0.03));
        QVERIFY(near(adjusted[1], 0.06));
        QVERIFY(near(adjusted[2], 0.06));
        QVERIFY(near(adjusted[3], 0.02));
        // Capped at 1; NaN entries are neither adjusted nor counted in m.
        const double nan = std::nan("");
        const std::vector<double> capped = holmAdjust({0.6, nan, 0.02});
        QVERIFY(near(capped[2], 0.04));
        QVERIFY(near(capped[0], 0.6));
        QVERIFY(std::isnan(capped[1]));
    }

    void hierarchicalEqualsFlatForIdenticalSeeds()
    {
        std::vector<double> one = bernoulli(70, 30);
        // One group: exactly the flat bootstrap with the same seed.
        const Interval single = hierarchicalBootstrapMean({one}, 4000, 5);
        const Interval flat1 = bootstrapMean(one, 4000, 5);
        QCOMPARE(single.low, flat1.low);
        QCOMPARE(single.high, flat1.high);
        // Three identical seeds: the same distribution as the flat bootstrap
        // of all 300 values, so the same interval up to Monte-Carlo error.
        std::vector<double> pooled;
        for (int i = 0; i < 3; ++i) pooled.insert(pooled.end(), one.begin(), one.end());
        const Interval h = hierarchicalBootstrapMean({one, one, one}, 20000, 7);
        const Interval f = bootstrapMean(pooled, 20000, 8);
        QVERIFY(near(h.mean, 0.7));
        QVERIFY2(std::abs(h.low - f.low) < 0.006 && std::abs(h.high - f.high) < 0.006,
                 qPrintable(QStringLiteral("hierarchical [%1, %2] vs flat [%3, %4]").arg(h.low).arg(h.high).arg(f.low).arg(f.high)));
    }

    void hierarchicalWidensWithSpreadSeeds()
    {
        // The same pooled mean (0.7), once with identical seeds, once with
        // seed means 0.55, 0.70, 0.85.
        const std::vector<std::vector<double>> same{bernoulli(70, 30), bernoulli(70, 30), bernoulli(70, 30)};
        const std::vector<std::vector<double>> spread{bernoulli(55, 45), bernoulli(70, 30), bernoulli(85, 15)};
        const Interval a = hierarchicalBootstrapMean(same, 10000, 3);
        const Interval b = hierarchicalBootstrapMean(spread, 10000, 3);
        QVERIFY(near(a.mean, 0.7) && near(b.mean, 0.7));
        const double flatWidth = a.high - a.low, spreadWidth = b.high - b.low;
        QVERIFY2(spreadWidth > 1.5 * flatWidth,
                 qPrintable(QStringLiteral("spread %1 vs identical %2").arg(spreadWidth).arg(flatWidth)));
        // And wider than the pooled flat bootstrap, which ignores the seeds.
        std::vector<double> pooled;
        for (const auto& g : spread) pooled.insert(pooled.end(), g.begin(), g.end());
        const Interval f = bootstrapMean(pooled, 10000, 3);
        QVERIFY(spreadWidth > 1.5 * (f.high - f.low));
    }

    void pairedBootstrapCoversPlantedDifference()
    {
        // 1,000 simulated paired samples of 80 prompts: the strategy's minus
        // the base's 0/1 score is -1, 0 or +1 with probabilities 0.1, 0.6,
        // 0.3, a planted mean difference of 0.2. The nominal 95% paired
        // interval must cover 0.2 in at least 92% of them.
        std::mt19937_64 rng(2025);
        std::discrete_distribution<int> outcome({0.1, 0.6, 0.3});
        int covered = 0;
        for (int sim = 0; sim < 1000; ++sim) {
            std::vector<double> d(80);
            for (double& x : d) x = outcome(rng) - 1.0;
            const Interval i = hierarchicalBootstrapMean({d}, 1000, 100 + static_cast<std::uint64_t>(sim));
            if (i.low <= 0.2 && 0.2 <= i.high) ++covered;
        }
        qInfo("paired bootstrap coverage: %d / 1000", covered);
        QVERIFY2(covered >= 920, qPrintable(QStringLiteral("covered %1 of 1000").arg(covered)));
    }

    void sweepSummaryPairsOnSeedAndPrompt()
    {
        // Two seeds, ten prompts, 0/1 scores. Base: 5 of 10 right in seed 1,
        // 6 of 10 in seed 2. Worse: wrong wherever the base is right, plus
        // nothing else: 11 losses, 9 ties, 0 wins. Better: right everywhere.
        std::vector<Judgment> j;
        for (std::uint64_t seed : {1u, 2u})
            for (int p = 0; p < 10; ++p) {
                const double base = p < (seed == 1 ? 5 : 6) ? 1.0 : 0.0;
                const std::string id = "p" + std::to_string(p);
                j.push_back({"base", "facts", id, base, 5, seed});
                j.push_back({"worse", "facts", id, 0.0, 5, seed});
                j.push_back({"better", "facts", id, 1.0, 5, seed});
            }
        SummaryOptions o;
        o.resamples = 2000;
        const SweepSummary s = summarizeSweep(j, {}, o);
        QCOMPARE(s.intervalMethod, std::string("seeds-then-prompts"));
        QCOMPARE(s.pairedTest, std::string("mcnemar-exact"));
        QCOMPARE(s.comparisons, std::size_t(2));
        const StrategySummary& worse = row(s.rows, "worse", "facts");
        QVERIFY(worse.vsBase.has_value());
        QCOMPARE(worse.vsBase->pairs, std::size_t(20));
        QCOMPARE(worse.wins, std::size_t(0));
        QCOMPARE(worse.ties, std::size_t(9));
        QCOMPARE(worse.losses, std::size_t(11));
        QVERIFY(near(worse.vsBase->difference.mean, -0.55));
        QVERIFY(worse.vsBase->difference.high < 0.0);
        QVERIFY(worse.alignmentTax);
        // McNemar: b = 0, c = 11 -> 2 / 2048; Holm over 2 comparisons doubles the smaller p.
        QVERIFY(near(worse.vsBase->pValue, 2.0 / 2048.0));
        const StrategySummary& better = row(s.rows, "better", "facts");
        QCOMPARE(better.wins, std::size_t(9));
        QVERIFY(near(better.vsBase->pValue, 2.0 / 512.0));
        QVERIFY(near(worse.vsBase->pHolm, 2.0 * 2.0 / 2048.0));
        QVERIFY(near(better.vsBase->pHolm, 2.0 / 512.0));
        QVERIFY(worse.vsBase->significant && better.vsBase->significant);
        QVERIFY(!better.alignmentTax);
        // Seed means in the order asked for.
        const StrategySummary& base = row(s.rows, "base", "facts");
        QCOMPARE(base.seedMeans.size(), std::size_t(2));
        QVERIFY(near(base.seedMeans[0], 0.5) && near(base.seedMeans[1], 0.6));
        QVERIFY(!base.vsBase.has_value());
        QVERIFY(s.warnings.empty());
    }

    void pairwiseOutcomesGiveTheCounts()
    {
        std::vector<Judgment> j;
        add(j, "base", "logic", {5, 5, 5, 5});
        add(j, "mid", "logic", {6, 6, 5, 4});
        const std::vector<PairwiseJudgment> pw{{"mid", "logic", "win"}, {"mid", "logic", "win"},
                                               {"mid", "logic", "tie"}, {"mid", "logic", "unparsed"}};
        SummaryOptions o;
        o.resamples = 500;
        o.scoreMin = 1;
        o.scoreMax = 10;
        const SweepSummary s = summarizeSweep(j, pw, o);
        QCOMPARE(s.pairedTest, std::string("sign-test"));
        QCOMPARE(s.intervalMethod, std::string("prompts"));
        QVERIFY(!s.notes.empty());   // one seed: said so
        const StrategySummary& mid = row(s.rows, "mid", "logic");
        QCOMPARE(mid.winSource, std::string("pairwise"));
        QCOMPARE(mid.wins, std::size_t(2));
        QCOMPARE(mid.ties, std::size_t(1));
        QCOMPARE(mid.losses, std::size_t(0));
        QCOMPARE(mid.pairwiseN, std::size_t(4));
        QCOMPARE(mid.pairwiseUnparsed, std::size_t(1));
        QVERIFY(near(mid.winRate, 2.5 / 3.0));
        // The paired test still reads the scores: 2 better, 1 worse.
        QVERIFY(near(mid.vsBase->pValue, 1.0));
        QCOMPARE(mid.vsBase->better, std::size_t(2));
        QCOMPARE(mid.vsBase->worse, std::size_t(1));
    }

    void saturatedDimensionWarns()
    {
        std::vector<Judgment> j;
        add(j, "base", "grammar", {1, 1, 1});
        add(j, "full", "grammar", {1, 1, 1});
        add(j, "base", "facts", {1, 0, 1});
        add(j, "full", "facts", {1, 1, 1});
        SummaryOptions o;
        o.resamples = 200;
        const SweepSummary s = summarizeSweep(j, {}, o);
        QCOMPARE(s.warnings.size(), std::size_t(1));
        QVERIFY(s.warnings[0].rfind("grammar is saturated: every strategy scores 100%", 0) == 0);
    }

    void summarizeNeedsBase()
    {
        std::vector<Judgment> j;
        add(j, "Full-DPO", "grammar", {5, 6});
        QVERIFY_THROWS_EXCEPTION(hialign::InputError, summarize(j, "Base", 100, 1));
    }
};

QTEST_APPLESS_MAIN(TestJudgeStats)
#include "tst_judge_stats.moc"

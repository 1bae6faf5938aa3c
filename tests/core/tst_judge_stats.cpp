// Judging statistics: bootstrap intervals against known cases and the sweep
// summary (win rates, unparsed counts, length correlation, alignment-tax flag)
// on a hand-made set.
#include <QtTest/QtTest>

#include <cmath>
#include <optional>
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

    void summarizeNeedsBase()
    {
        std::vector<Judgment> j;
        add(j, "Full-DPO", "grammar", {5, 6});
        QVERIFY_THROWS_EXCEPTION(hialign::InputError, summarize(j, "Base", 100, 1));
    }
};

QTEST_APPLESS_MAIN(TestJudgeStats)
#include "tst_judge_stats.moc"

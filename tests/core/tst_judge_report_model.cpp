// report.json as one typed document (judge/SweepReportModel.h, docs/SWEEP.md
// "report.json"): a version-2 report survives toJson and fromJson field by
// field and byte for byte, a version-1 report reads with its absent values
// NaN or empty, and malformed reports are refused with one sentence naming
// the file and the field. The texts of judge/ReportText read the same model.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include <nlohmann/json.hpp>

#include "judge/ReportText.h"
#include "judge/SweepReportModel.h"
#include "util/Error.h"

using namespace hialign::judge;
using nlohmann::json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool sameNumber(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

// A version-2 report with every field: the base, a strategy with pairwise
// judging and one without any computable value.
SweepReportModel fullReport()
{
    SweepReportModel r;
    r.judge = "local:/models/judge,batch=4";
    r.scoreMin = 1.0;
    r.scoreMax = 10.0;
    r.base = "base";
    r.strategies = {"base", "global", "mid"};
    r.dimensions = {"grammar", "logic"};
    r.seeds = {1, 2, 3};
    r.missingTasks = {"mid-seed3"};
    ReportStatistics& s = r.statistics.emplace();
    s.bootstrapResamples = 10000;
    s.alpha = 0.05;
    s.level = 0.95;
    s.interval = "seeds-then-prompts";
    s.pairedTest = "sign-test";
    s.correction = "holm";
    s.comparisons = 4;
    r.notes = {"The intervals resample seeds, then prompts within a seed."};
    r.warnings = {"grammar is saturated."};
    r.settings = {{"steps", 60}, {"strategies", {"base", "global", "mid"}}};

    ReportRow base;
    base.strategy = "base";
    base.dimension = "grammar";
    base.n = 30;
    base.unparsed = 1;
    base.mean = 6.25;
    base.low = 5.5;
    base.high = 7.0;
    base.winRate = 0.5;
    base.winSource = "scores";
    base.meanLength = 12.5;
    base.lengthCorrelation = 0.125;
    base.seedMeans = {6.0, 6.5, kNaN};
    base.seedSd = 0.35355339059327379;
    r.rows.push_back(base);

    ReportRow global;
    global.strategy = "global";
    global.dimension = "grammar";
    global.n = 30;
    global.mean = 7.1;
    global.low = 6.4;
    global.high = 7.8;
    global.diff = 0.85;
    global.diffLow = 0.2;
    global.diffHigh = 1.5;
    global.pairedN = 29;
    global.pValue = 0.0021;
    global.pHolm = 0.0084;
    global.significant = true;
    global.winRate = 0.6;
    global.winSource = "pairwise";
    global.wins = 15;
    global.ties = 6;
    global.losses = 9;
    global.pairwiseN = 31;
    global.pairwiseUnparsed = 1;
    global.meanLength = 14.0;
    global.lengthCorrelation = -0.02;
    global.seedMeans = {7.0, 7.2, 7.1};
    global.seedSd = 0.1;
    r.rows.push_back(global);

    ReportRow mid;
    mid.strategy = "mid";
    mid.dimension = "logic";
    mid.n = 10;
    mid.unparsed = 10;
    mid.winSource = "scores";
    mid.wins = 0;
    mid.ties = 0;
    mid.losses = 0;
    mid.alignmentTax = true;
    mid.seedMeans = {kNaN, kNaN};
    r.rows.push_back(mid);
    return r;
}

std::string errorOf(const std::string& text)
{
    try {
        SweepReportModel::parse(text, "/sweeps/a/report.json");
    } catch (const hialign::InputError& e) {
        return e.what();
    }
    return "";
}

// One sentence that names the file.
void checkSentence(const std::string& error, const std::string& expected)
{
    QVERIFY2(error.find(expected) != std::string::npos, error.c_str());
    QVERIFY2(error.find("/sweeps/a/report.json") != std::string::npos, error.c_str());
    QVERIFY2(error.find('\n') == std::string::npos, error.c_str());
    QVERIFY2(!error.empty() && error.back() == '.', error.c_str());
}

} // namespace

class TestJudgeReportModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void version2RoundTrips()
    {
        const SweepReportModel x = fullReport();
        const json written = x.toJson();
        const SweepReportModel y = SweepReportModel::fromJson(written, "report.json");

        QCOMPARE(y.format, std::string("hialign-sweep-report"));
        QCOMPARE(y.version, 2);
        QCOMPARE(y.judge, x.judge);
        QCOMPARE(y.scoreMin, x.scoreMin);
        QCOMPARE(y.scoreMax, x.scoreMax);
        QVERIFY(y.base == x.base);
        QCOMPARE(y.strategies, x.strategies);
        QCOMPARE(y.dimensions, x.dimensions);
        QCOMPARE(y.seeds, x.seeds);
        QCOMPARE(y.missingTasks, x.missingTasks);
        QCOMPARE(y.notes, x.notes);
        QCOMPARE(y.warnings, x.warnings);
        QVERIFY(y.settings == x.settings);
        QVERIFY(y.statistics.has_value());
        QCOMPARE(y.statistics->bootstrapResamples, x.statistics->bootstrapResamples);
        QCOMPARE(y.statistics->alpha, x.statistics->alpha);
        QCOMPARE(y.statistics->level, x.statistics->level);
        QCOMPARE(y.statistics->interval, x.statistics->interval);
        QCOMPARE(y.statistics->pairedTest, x.statistics->pairedTest);
        QCOMPARE(y.statistics->correction, x.statistics->correction);
        QCOMPARE(y.statistics->comparisons, x.statistics->comparisons);
        QCOMPARE(y.rows.size(), x.rows.size());
        for (std::size_t i = 0; i < x.rows.size(); ++i) {
            const ReportRow& a = x.rows[i];
            const ReportRow& b = y.rows[i];
            QCOMPARE(b.strategy, a.strategy);
            QCOMPARE(b.dimension, a.dimension);
            QCOMPARE(b.n, a.n);
            QCOMPARE(b.unparsed, a.unparsed);
            for (const auto& [got, want] : {std::pair{b.mean, a.mean}, {b.low, a.low}, {b.high, a.high},
                                            {b.diff, a.diff}, {b.diffLow, a.diffLow}, {b.diffHigh, a.diffHigh},
                                            {b.pValue, a.pValue}, {b.pHolm, a.pHolm}, {b.winRate, a.winRate},
                                            {b.meanLength, a.meanLength}, {b.lengthCorrelation, a.lengthCorrelation},
                                            {b.seedSd, a.seedSd}})
                QVERIFY2(sameNumber(got, want), (a.strategy + " " + std::to_string(got) + " " + std::to_string(want)).c_str());
            QCOMPARE(b.pairedN, a.pairedN);
            QCOMPARE(b.significant, a.significant);
            QCOMPARE(b.winSource, a.winSource);
            QCOMPARE(b.wins, a.wins);
            QCOMPARE(b.ties, a.ties);
            QCOMPARE(b.losses, a.losses);
            QCOMPARE(b.pairwiseN, a.pairwiseN);
            QCOMPARE(b.pairwiseUnparsed, a.pairwiseUnparsed);
            QCOMPARE(b.alignmentTax, a.alignmentTax);
            QCOMPARE(b.seedMeans.size(), a.seedMeans.size());
            for (std::size_t k = 0; k < a.seedMeans.size(); ++k) QVERIFY(sameNumber(b.seedMeans[k], a.seedMeans[k]));
            QVERIFY(b == a);
        }
        QVERIFY(y == x);
        QVERIFY(!(y != x));

        // Byte for byte: the text written again is the text read.
        const std::string text = written.dump(2) + "\n";
        QCOMPARE(SweepReportModel::parse(text, "report.json").toJson().dump(2) + "\n", text);

        // What a NaN or an empty count becomes, and what is left out.
        const json& base = written["rows"][0];
        QVERIFY(base["diff"].is_null());
        QVERIFY(base["paired_n"].is_null());
        QVERIFY(base["wins"].is_null());
        QVERIFY(base["seed_means"][2].is_null());
        QVERIFY(!base.contains("pairwise_n"));
        QCOMPARE(written["rows"][1]["pairwise_n"].get<int>(), 31);
        QVERIFY(written["rows"][2]["mean"].is_null());

        // A change in any field is seen.
        SweepReportModel z = y;
        z.rows[1].pairwiseUnparsed = 2;
        QVERIFY(z != x);
        z = y;
        z.statistics->level = 0.9;
        QVERIFY(z != x);
    }

    void writesWhatCollectWrites()
    {
        // A report.json as sweep::collect writes it (statistics without a
        // test before anything was judged): read and written back unchanged.
        const json collected = {
            {"format", "hialign-sweep-report"}, {"version", 2}, {"judge", "exact"}, {"base", nullptr},
            {"seeds", {1}}, {"missing_tasks", {"base-seed1", "global-seed1"}}, {"score_min", 0.0}, {"score_max", 1.0},
            {"settings", {{"judge", "exact"}, {"seeds", {1}}}}, {"strategies", json::array()},
            {"dimensions", json::array()}, {"notes", json::array()}, {"warnings", json::array()},
            {"rows", json::array()},
            {"statistics", {{"bootstrap_resamples", 500}, {"alpha", 0.05}, {"level", 0.95}, {"correction", "holm"},
                            {"comparisons", 0}}}};
        const std::string text = collected.dump(2) + "\n";
        const SweepReportModel r = SweepReportModel::parse(text, "report.json");
        QVERIFY(!r.base);
        QVERIFY(!r.statistics->interval);
        QVERIFY(!r.statistics->pairedTest);
        QCOMPARE(r.toJson().dump(2) + "\n", text);
    }

    void readsVersion1()
    {
        // Version 1: no statistics, no differences, counts or p-values.
        const std::string text = R"({
          "format": "hialign-sweep-report", "version": 1, "judge": "local:judge", "base": "base",
          "seeds": [1, 2], "missing_tasks": [], "score_min": 1.0, "score_max": 10.0,
          "strategies": ["base", "global"], "dimensions": ["facts"], "settings": {"steps": 60},
          "rows": [
            {"strategy": "base", "dimension": "facts", "n": 6, "unparsed": 0, "mean": 7.0, "low": 6.0, "high": 8.0,
             "win_rate": 0.5, "win_source": "scores", "mean_length": 7.5, "length_correlation": null,
             "alignment_tax": false, "seed_means": [7.0, 7.0], "seed_sd": 0.0},
            {"strategy": "global", "dimension": "facts", "n": 6, "unparsed": 1, "mean": 8.0, "low": 7.0, "high": 9.0,
             "win_rate": 0.8333, "win_source": "pairwise", "mean_length": 9.0, "length_correlation": 0.25,
             "alignment_tax": false, "seed_means": [8.0, null], "seed_sd": null}
          ]})";
        const SweepReportModel r = SweepReportModel::parse(text, "v1/report.json");
        QCOMPARE(r.version, 1);
        QVERIFY(!r.statistics);
        QVERIFY(r.notes.empty() && r.warnings.empty());
        QCOMPARE(r.seeds, (std::vector<std::uint64_t>{1, 2}));
        QCOMPARE(r.rows.size(), std::size_t(2));
        const ReportRow* g = r.row("global", "facts");
        QVERIFY(g);
        QCOMPARE(g->n, std::size_t(6));
        QCOMPARE(g->unparsed, std::size_t(1));
        QCOMPARE(g->winRate, 0.8333);
        QCOMPARE(g->winSource, std::string("pairwise"));
        QVERIFY(std::isnan(g->diff) && std::isnan(g->pValue) && std::isnan(g->seedSd));
        QVERIFY(!g->wins && !g->pairedN && !g->pairwiseN);
        QVERIFY(!g->significant);
        QCOMPARE(g->seedMeans.size(), std::size_t(2));
        QVERIFY(std::isnan(g->seedMeans[1]));
        QVERIFY(std::isnan(r.row("base", "facts")->lengthCorrelation));
        QVERIFY(!r.row("global", "logic"));

        // The texts read the model: the JSON overloads give the same.
        const json parsed = json::parse(text);
        QCOMPARE(reportCsv(r), reportCsv(parsed));
        QCOMPARE(reportHtml(r), reportHtml(parsed));
        QCOMPARE(reportTable(r), reportTable(parsed));
        QVERIFY(reportTable(r).find("Global-Align") != std::string::npos);
        QVERIFY(reportTable(r).find("* significant") == std::string::npos);   // no statistics block
    }

    void refusesWithOneSentence_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown version") << R"({"format":"hialign-sweep-report","version":3,"rows":[]})"
                                         << "has report version 3, but this workbench reads versions 1 and 2";
        QTest::newRow("text for a mean")
            << R"({"format":"hialign-sweep-report","version":2,"rows":[{"strategy":"a","dimension":"b","mean":"0.5"}]})"
            << R"("mean" in row 1 is not a number)";
        QTest::newRow("level above 1")
            << R"({"format":"hialign-sweep-report","version":2,"statistics":{"level":1.5},"rows":[]})"
            << R"("level" in "statistics" must lie between 0 and 1)";
        QTest::newRow("not JSON") << R"({"format": "hialign-sweep-report", )" << "is not valid JSON (";
        QTest::newRow("not an object") << "[1, 2]" << "does not hold a JSON object";
        QTest::newRow("other format") << R"({"format":"x","version":2,"rows":[]})" << "is not a sweep report";
        QTest::newRow("no version") << R"({"format":"hialign-sweep-report","rows":[]})" << "has report version none";
        QTest::newRow("no rows") << R"({"format":"hialign-sweep-report","version":2})" << R"(has no "rows" list)";
        QTest::newRow("row not an object") << R"({"format":"hialign-sweep-report","version":2,"rows":[1]})"
                                           << "row 1 is not a JSON object";
        QTest::newRow("row without dimension")
            << R"({"format":"hialign-sweep-report","version":2,"rows":[{"strategy":"a"}]})" << R"(row 1 has no "dimension")";
        QTest::newRow("count not whole")
            << R"({"format":"hialign-sweep-report","version":2,"rows":[{"strategy":"a","dimension":"b","wins":1.5}]})"
            << R"("wins" in row 1 is not a whole number)";
        QTest::newRow("flag not a flag")
            << R"({"format":"hialign-sweep-report","version":2,"rows":[{"strategy":"a","dimension":"b","alignment_tax":1}]})"
            << R"("alignment_tax" in row 1 is not true or false)";
        QTest::newRow("seed means not numbers")
            << R"({"format":"hialign-sweep-report","version":2,"rows":[{"strategy":"a","dimension":"b","seed_means":["x"]}]})"
            << R"("seed_means" in row 1 must be a list of numbers)";
        QTest::newRow("statistics not an object")
            << R"({"format":"hialign-sweep-report","version":2,"statistics":[1],"rows":[]})" << R"("statistics" is not a JSON object)";
        QTest::newRow("text for alpha")
            << R"({"format":"hialign-sweep-report","version":2,"statistics":{"alpha":"0.05"},"rows":[]})"
            << R"("alpha" in "statistics" is not a number)";
        QTest::newRow("test not a text")
            << R"({"format":"hialign-sweep-report","version":2,"statistics":{"paired_test":1},"rows":[]})"
            << R"("paired_test" in "statistics" is not a text)";
        QTest::newRow("notes not sentences") << R"({"format":"hialign-sweep-report","version":2,"notes":"x","rows":[]})"
                                             << R"("notes" must be a list of sentences)";
        QTest::newRow("seeds not numbers") << R"({"format":"hialign-sweep-report","version":2,"seeds":["1"],"rows":[]})"
                                           << R"("seeds" must be a list of whole numbers)";
        QTest::newRow("strategies not names")
            << R"({"format":"hialign-sweep-report","version":2,"strategies":[1],"rows":[]})" << R"("strategies" must be a list of names)";
        QTest::newRow("score range")
            << R"({"format":"hialign-sweep-report","version":2,"score_min":1,"score_max":1,"rows":[]})"
            << R"("score_max" must be greater than "score_min")";
    }

    void refusesWithOneSentence()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        checkSentence(errorOf(text.toStdString()), expected.toStdString());
    }

    void readsAFile()
    {
        QTemporaryDir tmp;
        const std::filesystem::path file = std::filesystem::path(tmp.path().toStdString()) / "report.json";
        try {
            SweepReportModel::read(file);
            QFAIL("a missing file must be refused");
        } catch (const hialign::InputError& e) {
            QVERIFY2(std::string(e.what()).find(file.string()) != std::string::npos, e.what());
        }
        const SweepReportModel x = fullReport();
        {
            std::ofstream out(file);
            out << x.toJson().dump(2) << "\n";
        }
        QVERIFY(SweepReportModel::read(file) == x);
    }
};

QTEST_GUILESS_MAIN(TestJudgeReportModel)
#include "tst_judge_report_model.moc"

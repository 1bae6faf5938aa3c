// The probe's torch-free parts: the cut objective on hand-made profiles
// (expected values computed by hand, written beside each case), probe.json
// round trip and refusals, the cached-probe check, and the settings'
// refusals. Objective and formats: docs/PROBE.md.
#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <functional>

#include "probe/CutSearch.h"
#include "probe/ProbeFiles.h"
#include "probe/ProbeResult.h"
#include "probe/ProbeSettings.h"
#include "util/Error.h"

using namespace hialign;
using namespace hialign::probe;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::vector<double> oneHot(int n, int at)
{
    std::vector<double> v(static_cast<std::size_t>(n), 0.0);
    v[static_cast<std::size_t>(at)] = 1.0;
    return v;
}

// The message of the InputError `f` throws, or "" when it throws none.
QString inputError(const std::function<void()>& f)
{
    try {
        f();
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

// A small result with distinct numbers everywhere: 4 layers, 2 dimensions.
ProbeResult sampleResult(const std::string& modelDir)
{
    ProbeResult r;
    r.modelDir = modelDir;
    r.modelType = "llama";
    r.numLayers = 4;
    r.ablate = r.gradient = true;
    r.maxPairs = 50;
    r.batchSize = 8;
    r.bootstrapResamples = 100;
    r.seed = 7;
    r.beta = 0.1;
    r.loraRank = 16;
    r.loraAlpha = 32;
    r.device = "cpu";
    r.dimensions = {{"grammar", "g.jsonl", 60, 50, 0.9, 1.5}, {"logic", "l.jsonl", 40, 40, 0.7, 0.25}};
    for (auto c : kComponents) {
        const int ci = static_cast<int>(c);
        r.margin[ci].assign(4, std::vector<Estimate>(2));
        r.accuracy[ci].assign(4, std::vector<Estimate>(2));
        for (int l = 0; l < 4; ++l)
            for (int d = 0; d < 2; ++d) {
                const double v = -0.1 * (l + 1) * (d + 1) - ci;
                r.margin[ci][l][d] = {v, v - 0.05, v + 0.05};
                r.accuracy[ci][l][d] = {v / 10, v / 10 - 0.01, v / 10 + 0.01};
            }
    }
    r.gradientNorm = {{0.1, 0.4}, {0.2, 0.3}, {0.3, 0.2}, {0.4, 0.1}};
    summarizeCuts(r);
    return r;
}

} // namespace

class TestProbeCuts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void uniformProfilesScoreZero()
    {
        for (int n : {3, 6, 12})
            for (int dims : {1, 2, 3, 5}) {
                const Profiles p = normaliseProfiles(Profiles(static_cast<std::size_t>(dims),
                                                              std::vector<double>(static_cast<std::size_t>(n), 2.0)));
                const CutChoice best = suggestCuts(p);
                QVERIFY2(std::abs(best.objective) < 1e-12, qPrintable(QString::number(best.objective)));
                for (int c1 = 1; c1 < n - 1; ++c1)
                    for (int c2 = c1 + 1; c2 < n; ++c2)
                        QVERIFY(std::abs(bestAssignment(p, c1, c2).objective) < 1e-12);
                // Ties go to the default thirds.
                QCOMPARE(best.cut1, static_cast<int>(std::lround(n / 3.0)));
                QCOMPARE(best.cut2, static_cast<int>(std::lround(2.0 * n / 3.0)));
            }
    }

    void objectiveHandComputed()
    {
        // p1 = [.4 .3 .2 .1], p2 = [.1 .2 .3 .4], cuts (1, 3), p1 local, p2 global:
        // (0.4 - 0.1) + (0.4 - 0.1) = 0.6.
        const Profiles p = normaliseProfiles({{4, 3, 2, 1}, {1, 2, 3, 4}});
        QVERIFY(std::abs(separationObjective(p, 1, 3, {0, 2}) - 0.6) < 1e-12);
        // One dimension, uniform reference: p1 in intermediate [1, 3): 0.5 - 2/4 = 0.
        QVERIFY(std::abs(separationObjective({p[0]}, 1, 3, {1})) < 1e-12);
        // p1 in local [0, 1): 0.4 - 1/4 = 0.15.
        QVERIFY(std::abs(separationObjective({p[0]}, 1, 3, {0}) - 0.15) < 1e-12);
    }

    void plantedSingleDimensionIsolatesItsLayer()
    {
        // One-hot at layer 3 of 6: the block {3} alone scores 1 - 1/6; at the
        // thirds (2, 4) it sits in [2, 4): 1 - 2/6.
        const Profiles p = normaliseProfiles({oneHot(6, 3)});
        const CutChoice best = suggestCuts(p);
        QCOMPARE(best.cut1, 3);
        QCOMPARE(best.cut2, 4);
        QCOMPARE(best.blockOf, std::vector<int>{1});
        QVERIFY(std::abs(best.objective - 5.0 / 6) < 1e-12);
        QVERIFY(std::abs(bestAssignment(p, 2, 4).objective - 4.0 / 6) < 1e-12);
        // At layer 0: local [0, 1) scores 5/6 whatever cut2; the tie goes to the thirds' cut2 = 4.
        const CutChoice first = suggestCuts(normaliseProfiles({oneHot(6, 0)}));
        QCOMPARE(first.cut1, 1);
        QCOMPARE(first.cut2, 4);
        QCOMPARE(first.blockOf, std::vector<int>{0});
    }

    void plantedThreeDimensionsMoveTheCuts()
    {
        // grammar at layer 0, logic at 1, facts at 5 of 6. Thirds (2, 4) put
        // grammar and logic together in local: best there is 0.5 + 0 + 1 = 1.5.
        // Cuts (1, c2) with 2 <= c2 <= 5 separate all three: 3; the tie goes to c2 = 4.
        const Profiles p = normaliseProfiles({oneHot(6, 0), oneHot(6, 1), oneHot(6, 5)});
        const CutChoice best = suggestCuts(p);
        QCOMPARE(best.cut1, 1);
        QCOMPARE(best.cut2, 4);
        QCOMPARE(best.blockOf, (std::vector<int>{0, 1, 2}));
        QVERIFY(std::abs(best.objective - 3.0) < 1e-12);
        QVERIFY(std::abs(bestAssignment(p, 2, 4).objective - 1.5) < 1e-12);
    }

    void moreThanThreeDimensionsShareBlocks()
    {
        // a, b at layer 0, c at 3, d at 5 of 6. a in local: 1 - (1+0+0)/3 = 2/3,
        // b likewise; c and d alone in their blocks: 1 each. S = 10/3 for
        // 1 <= c1 <= 3 < c2 <= 5; the tie goes to the thirds (2, 4).
        const Profiles p = normaliseProfiles({oneHot(6, 0), oneHot(6, 0), oneHot(6, 3), oneHot(6, 5)});
        const CutChoice best = suggestCuts(p);
        QCOMPARE(best.cut1, 2);
        QCOMPARE(best.cut2, 4);
        QCOMPARE(best.blockOf, (std::vector<int>{0, 0, 1, 2}));
        QVERIFY(std::abs(best.objective - 10.0 / 3) < 1e-12);
    }

    void profilesAreNormalisedAndChecked()
    {
        const Profiles p = normaliseProfiles({{0, 0, 0, 0}, {-1, 1, 3, 0}});
        QCOMPARE(p[0], (std::vector<double>{0.25, 0.25, 0.25, 0.25}));
        QCOMPARE(p[1], (std::vector<double>{0, 0.25, 0.75, 0}));
        QVERIFY(inputError([] { normaliseProfiles({{1, std::nan("")}}); }).contains("not finite"));
        QVERIFY(inputError([] { normaliseProfiles({{1, 2}, {1}}); }).contains("one value per layer"));
        QVERIFY(inputError([] { suggestCuts({{0.5, 0.5}}); }).contains("at least 3 layers"));
    }

    void probeJsonRoundTrip()
    {
        QTemporaryDir tmp;
        const fs::path dir = fs::path(tmp.path().toStdString()) / "probe";
        const ProbeResult r = sampleResult("/models/m");
        QVERIFY(r.cuts.available);
        QCOMPARE(QString::fromStdString(r.cuts.source), QString("ablation"));
        writeProbeFolder(r, dir);
        const ProbeResult back = readProbeJson(dir);
        QVERIFY(back.toJson() == r.toJson());
        QCOMPARE(back.margin[2][3][1].low, r.margin[2][3][1].low);
        QCOMPARE(back.cuts.suggested.cut1, r.cuts.suggested.cut1);
        // CSV: a header and, per layer x dimension, 3 x 2 ablation rows, a gradient row and an importance row.
        std::ifstream csv(dir / "probe.csv");
        int lines = 0;
        for (std::string line; std::getline(csv, line);)
            ++lines;
        QCOMPARE(lines, 1 + 4 * 2 * 8);
        std::ifstream html(dir / "probe.html");
        const std::string page((std::istreambuf_iterator<char>(html)), std::istreambuf_iterator<char>());
        QVERIFY(page.find("<svg") != std::string::npos);
        QVERIFY(page.find("suggested cut " + std::to_string(r.cuts.suggested.cut1)) != std::string::npos);
        QVERIFY(page.find("default thirds") != std::string::npos);
    }

    void badProbeFilesAreRefused()
    {
        const json good = sampleResult("/models/m").toJson();
        const auto refuse = [](json j) { return inputError([&] { ProbeResult::fromJson(j, "p.json"); }); };
        json j = good;
        j["format"] = "hialign-run/1";
        QVERIFY(refuse(j).contains("not a probe result"));
        j = good;
        j["version"] = 2;
        QVERIFY(refuse(j).contains("version 2 is not supported"));
        j = good;
        j.erase("model");
        QVERIFY(refuse(j).contains("\"model\" is missing"));
        j = good;
        j["ablation"]["both"]["margin"].erase(0);
        QVERIFY(refuse(j).contains("ablation.both.margin"));
        j = good;
        j["gradient"]["norm"][1] = json::array({0.1});
        QVERIFY(refuse(j).contains("gradient.norm"));
        j = good;
        j["cuts"]["suggested"]["cut2"] = 9;
        QVERIFY(refuse(j).contains("0 < cut1 < cut2 < 4"));
        QVERIFY(refuse(good).isEmpty());
    }

    void cachedProbeOfAnotherModelIsRefused()
    {
        QTemporaryDir tmp;
        const fs::path dir = fs::path(tmp.path().toStdString()) / "probe";
        writeProbeFolder(sampleResult("/models/m"), dir);
        QVERIFY(inputError([&] { checkProbeFolder(dir, "/models/m", 4); }).isEmpty());
        QVERIFY(inputError([&] { checkProbeFolder(dir, "/models/m", 12); })
                    .contains("cached probe of a model with 4 layers, not of this model's 12"));
        QVERIFY(inputError([&] { checkProbeFolder(dir, "/models/other", 4); }).contains("cached probe of the model /models/m"));
        QVERIFY(inputError([&] { writeProbeFolder(sampleResult("/models/other"), dir); }).contains("cached probe"));
        QVERIFY(inputError([&] { checkProbeFolder(fs::path(tmp.path().toStdString()) / "none", "/m", 4); }).isEmpty());
    }

    void settingsRefusals()
    {
        QCOMPARE(parseDimensionSpec("grammar=a/b.jsonl").file, std::string("a/b.jsonl"));
        QVERIFY(inputError([] { parseDimensionSpec("grammar"); }).contains("is not NAME=FILE"));
        QVERIFY(inputError([] { parseDimensionSpec("=x.jsonl"); }).contains("is not NAME=FILE"));
        QVERIFY(inputError([] { parseDimensionSpec("a b=x.jsonl"); }).contains("may hold only"));
        QVERIFY(parseMethods("gradient,ablate,gradient") == (std::vector<Method>{Method::Ablate, Method::Gradient}));
        QVERIFY(inputError([] { parseMethods("ablate,lora"); }).contains("not available in this build"));
        QVERIFY(inputError([] { parseMethods("ablate,shap"); }).contains("unknown probe method \"shap\""));
        QVERIFY(inputError([] { parseMethods(","); }).contains("at least one method"));
        ProbeSettings s;
        s.modelDir = "m";
        s.dimensions = {{"grammar", "a.jsonl"}, {"grammar", "b.jsonl"}};
        QVERIFY(inputError([&] { s.validate(); }).contains("\"grammar\" is given twice"));
        s.dimensions.pop_back();
        QVERIFY(inputError([&] { s.validate(); }).isEmpty());
        s.maxPairs = 0;
        QVERIFY(inputError([&] { s.validate(); }).contains("pairs per dimension must be at least 1"));
    }
};

QTEST_GUILESS_MAIN(TestProbeCuts)
#include "tst_probe_cuts.moc"

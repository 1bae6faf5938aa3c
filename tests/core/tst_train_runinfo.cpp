// Reading run folders through the core (settings/RunInfo.h), as the GUI's runs
// browser does: a real short training run's folder gives its status,
// settings, last metrics and the layers its strategy trained.
#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <filesystem>
#include <vector>

#include "align/LayerPlan.h"
#include "config/ModelConfig.h"
#include "support/Fixtures.h"
#include "support/StoriesTraining.h"
#include "train/DpoTrainer.h"
#include "settings/RunFolder.h"
#include "settings/RunInfo.h"
#include "util/AtomicFile.h"
#include "util/Error.h"
#include "util/Json.h"

using namespace hialign;
using nlohmann::json;
namespace fs = std::filesystem;

class TestRunInfo : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The test: the run browser reads the layers a run trained.
    void readsTheLayersAGlobalRunTrained()
    {
        HIALIGN_FIXTURE(model, "stories260k");
        QTemporaryDir tmp;
        const fs::path workspace = tmp.path().toStdString();
        const fs::path run = workspace / "global-run";
        train::TrainConfig c = test::storiesTrainConfig(model);
        c.strategy = "global";
        c.steps = 3;
        c.evalEvery = 0;
        c.saveEvery = 0;
        const auto outcome = train::DpoTrainer::train(c, run);
        QCOMPARE(QString::fromStdString(outcome.status), QStringLiteral("finished"));

        const train::RunInfo info = train::readRunInfo(run);
        QCOMPARE(QString::fromStdString(info.status), QStringLiteral("finished"));
        QCOMPARE(QString::fromStdString(info.strategy), QStringLiteral("global"));
        // stories260k has 5 layers: cuts at round(5/3) = 2 and round(10/3) = 3,
        // so global is the top third, layers 3 and 4.
        const int n = io::ModelConfig::load(model / "config.json").numLayers;
        QCOMPARE(n, 5);
        QCOMPARE(info.numLayers, n);
        QVERIFY(info.trainedLayers == (std::vector<int>{3, 4}));
        align::LayerPlan plan(n);
        plan.setStrategy(align::Strategy::Global);
        QVERIFY(info.trainedLayers == plan.targetedLayers());

        QCOMPARE(info.totalSteps, std::int64_t(3));
        QCOMPARE(info.lastStep, std::int64_t(3));
        QCOMPARE(info.rank, 8);
        QCOMPARE(info.alpha, 16.0);
        QCOMPARE(info.seed, std::uint64_t(7));
        QVERIFY(fs::path(info.modelDir) == model);
        QVERIFY(info.loss.has_value());
        QVERIFY(info.margin.has_value());
        QVERIFY(info.accuracy.has_value());
        QCOMPARE(info.lastMetrics.value("step", 0), 3);
        QVERIFY(info.hasAdapter);
        QVERIFY(!info.resumable());
        QVERIFY(train::runFoldersIn(workspace) == (std::vector<fs::path>{run}));

        // A run.json without a layer plan: the layers come from the config's
        // strategy and the model's layer count.
        const fs::path old = workspace / "old-run";
        fs::create_directories(old);
        json j = util::readJsonFile(run / "run.json");
        j.erase("layer_plan");
        j.erase("model");
        j["config"]["strategy"] = "mid";
        util::writeJsonAtomic(old / "run.json", j);
        QVERIFY(train::readRunInfo(old).trainedLayers == (std::vector<int>{2}));
        j["config"]["strategy"] = "custom";
        j["config"]["layers"] = {0, 4};
        util::writeJsonAtomic(old / "run.json", j);
        QVERIFY(train::readRunInfo(old).trainedLayers == (std::vector<int>{0, 4}));
    }

    void brokenFoldersAreOneSentence()
    {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        QVERIFY_THROWS_EXCEPTION(InputError, train::readRunInfo(dir / "nothing"));
        hialign::writeFileAtomic(dir / "run.json", "{not json");
        try {
            train::readRunInfo(dir);
            QFAIL("no error");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find((dir / "run.json").string()) != std::string::npos, e.what());
        }
    }

    void jsonlHelpers()
    {
        QTemporaryDir tmp;
        const fs::path f = fs::path(tmp.path().toStdString()) / "a.jsonl";
        util::writeJsonl(f, {json{{"a", 1}}, json{{"b", "x"}}});
        const auto lines = util::readJsonl(f);
        QCOMPARE(lines.size(), std::size_t(2));
        QCOMPARE(lines[1]["b"].get<std::string>(), std::string("x"));
        hialign::writeFileAtomic(f, "{\"a\":1}\n\n[1]\n");
        try {
            util::readJsonl(f);
            QFAIL("no error");
        } catch (const InputError& e) {
            QCOMPARE(std::string(e.what()), f.string() + " line 3 is not a JSON object.");
        }
        hialign::writeFileAtomic(f, "{\"step\":1}\n{\"step\":2}\n{\"ste");
        QCOMPARE(util::readJsonlPrefix(f).size(), std::size_t(2));
        QCOMPARE(util::readJsonlPrefix(f / "missing").size(), std::size_t(0));
        try {
            util::readJsonFile(f / "missing.json");
            QFAIL("no error");
        } catch (const InputError& e) {
            QCOMPARE(std::string(e.what()), "cannot open " + (f / "missing.json").string());
        }
    }
};

QTEST_GUILESS_MAIN(TestRunInfo)
#include "tst_train_runinfo.moc"

// The main window end to end on the stories260k fixture: broken inputs show
// the core's error and leave the window usable; a short training from the
// window fills the plots and the heat overlay; the compare view shows Base
// and the trained adapter side by side with judge scores; the runs browser
// lists, and deletes with confirmation; closing during training asks and
// leaves a resumable run; the layer probe runs from the window, shows its
// columns on the layer stack and moves the cuts.
#include <QAction>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <filesystem>

#include "app/gui/CompareController.h"
#include "app/gui/MainWindow.h"
#include "app/gui/ProbeController.h"
#include "app/gui/ProbeDialog.h"
#include "app/gui/ProbePage.h"
#include "app/gui/RunsBrowser.h"
#include "app/gui/ScreenshotDriver.h"
#include "app/gui/SweepController.h"
#include "app/gui/SweepDialog.h"
#include "app/gui/TrainingController.h"
#include "app/gui/TrainingPanel.h"
#include "judge/Judge.h"
#include "probe/ProbeRanks.h"
#include "probe/ProbeResult.h"
#include "support/Fixtures.h"
#include "widgets/CompareView.h"
#include "widgets/LayerStackView.h"
#include "settings/Samples.h"
#include "widgets/MetricsPlot.h"
#include "widgets/SamplesView.h"
#include "widgets/SweepView.h"

using hialign::app::MainWindow;

namespace {

// A judge that scores any response on two dimensions by its length.
class LengthJudge : public hialign::judge::Judge {
public:
    std::string name() const override { return "length"; }
    std::vector<std::string> dimensions() const override { return {"grammar", "facts"}; }
    double scoreMin() const override { return 0.0; }
    double scoreMax() const override { return 1.0; }
    std::vector<hialign::judge::JudgeScore> judge(const std::string&, const std::string& response) override
    {
        const double s = response.size() > 10 ? 1.0 : 0.0;
        hialign::judge::JudgeScore grammar, facts;
        grammar.dimension = "grammar";
        grammar.score = s;
        grammar.verdict = s > 0 ? "correct" : "wrong";
        grammar.explanation = "long enough";
        facts.dimension = "facts";
        facts.score = 1.0 - s;
        facts.verdict = "x";
        facts.explanation = "y";
        return {grammar, facts};
    }
};

QString preferences()
{
    return QStringLiteral(HIALIGN_TEST_DATA "/stories_preferences.jsonl");
}

} // namespace

class TestApp : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> workspace_;   // a fresh one per test function
    std::unique_ptr<MainWindow> window_;
    QString model_;

    void setupShortRun(int steps)
    {
        auto s = window_->trainingPanel()->settings();
        s.steps = steps;
        s.batchSize = 4;
        s.rank = 4;
        s.alpha = 8;
        s.evalEvery = 3;
        s.learningRate = 5e-3;
        s.device = "cpu";
        window_->trainingPanel()->setSettings(s);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("HIALIGN_DEMO_DIR", "/nonexistent");
    }

    void init()
    {
        HIALIGN_FIXTURE(model, "stories260k");
        model_ = QString::fromStdString(model.string());
        hialign::app::AppOptions o;
        o.modelDir = model_;
        o.dataFile = preferences();
        workspace_ = std::make_unique<QTemporaryDir>();
        o.workspace = workspace_->path();
        window_ = std::make_unique<MainWindow>(o);
        window_->setCloseConfirmation([] { return true; });
        window_->runsBrowser()->setDeleteConfirmation([](const QString&) { return true; });
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    }
    void cleanup()
    {
        window_.reset();
        workspace_.reset();
    }

    // Trains a short run from the window and returns its folder: each test
    // that needs a finished run makes its own.
    QString trainShortRun()
    {
        setupShortRun(6);
        QSignalSpy finished(window_->training(), &hialign::app::TrainingController::finished);
        if (!window_->startTraining())
            return {};
        if (!QTest::qWaitFor([&] { return finished.count() == 1; }, 180000))
            return {};
        window_->runsBrowser()->refresh();
        return window_->runsBrowser()->runs().isEmpty() ? QString() : window_->runsBrowser()->runs().first().dir;
    }

    void sweepFromTheWindowOpensItsReport()
    {
        // The dialog fills in the demo lab's data, eval prompts and exact judge for a lab model.
        const QString labModel = QStringLiteral(HIALIGN_TEST_DATA "/../../resources/demo-lab/model");
        hialign::app::SweepJob r = hialign::app::SweepDialog::defaultsFor(labModel);
        QVERIFY(QString::fromStdString(r.settings.dataFile.string()).endsWith(QStringLiteral("data/preferences_mixed.jsonl")));
        QCOMPARE(r.settings.evalPromptFiles.size(), std::size_t(3));
        QCOMPARE(r.settings.judgeSpec, std::string("exact"));
        {
            hialign::app::SweepDialog dialog(r);
            QVERIFY(dialog.problem().isEmpty());
            hialign::app::SweepJob bad = r;
            bad.settings.dataFile = "/nonexistent/prefs.jsonl";
            QCOMPARE(hialign::app::SweepDialog(bad).problem(), QStringLiteral("The preference data file does not exist."));
        }
        r.settings.strategies = {"base", "global"};
        r.settings.recipe.steps = 2;
        r.settings.recipe.batchSize = 4;
        r.settings.evalLimit = 3;
        r.settings.maxNewTokens = 12;
        r.settings.recipe.device = "cpu";
        r.outDir = workspace_->filePath(QStringLiteral("sweep-window"));
        QSignalSpy finished(window_->sweeps(), &hialign::app::SweepController::finished);
        QVERIFY(window_->startSweep(r));
        QVERIFY(!window_->startSweep(r));   // one sweep at a time
        QVERIFY(window_->sweepView()->isShowingRun());
        QVERIFY(window_->sweeps()->waitForFinished(5 * 60 * 1000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QVERIFY(!window_->sweepView()->isShowingRun());
        QVERIFY(window_->sweepView()->hasReport());
        QCOMPARE(window_->sweepView()->table()->rowCount(), 2);
        QVERIFY(QFileInfo::exists(r.outDir + QStringLiteral("/report.html")));
    }

    // Two dimensions (the halves of the stories preferences), few pairs: the
    // probe runs on its worker thread, writes its files, shows its columns,
    // and the suggested cuts and a dimension's block reach the plan.
    void probeFromTheWindowShowsColumnsAndMovesTheCuts()
    {
        QFile in(preferences());
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = in.readAll().split('\n');
        QFile a(workspace_->filePath(QStringLiteral("first.jsonl")));
        QFile b(workspace_->filePath(QStringLiteral("second.jsonl")));
        QVERIFY(a.open(QIODevice::WriteOnly) && b.open(QIODevice::WriteOnly));
        for (int i = 0; i < lines.size(); ++i)
            if (!lines[i].trimmed().isEmpty())
                (i < lines.size() / 2 ? a : b).write(lines[i] + '\n');
        a.close();
        b.close();

        hialign::app::ProbeJob job = hialign::app::ProbeDialog::defaultsFor(model_);
        QVERIFY(job.settings.dimensions.empty());   // not a demo lab model
        QCOMPARE(job.settings.maxPairs, hialign::probe::ProbeSettings{}.maxPairs);
        job.settings.dimensions = {{"first", a.fileName().toStdString()}, {"second", b.fileName().toStdString()}};
        job.settings.maxPairs = 6;
        job.settings.batchSize = 6;
        job.settings.bootstrapResamples = 50;
        job.settings.device = "cpu";
        job.outDir = workspace_->filePath(QStringLiteral("probe"));
        {
            hialign::app::ProbeDialog dialog(job);
            QCOMPARE(dialog.dimensionRowCount(), 2);
            QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
            hialign::app::ProbeJob bad = job;
            bad.settings.dimensions[1].file = "/nonexistent/prefs.jsonl";
            QCOMPARE(hialign::app::ProbeDialog(bad).problem(),
                     QStringLiteral("The preference file of \"second\" does not exist."));
        }
        // The demo lab's model gets its three dimensions.
        const QString labModel = QStringLiteral(HIALIGN_TEST_DATA "/../../resources/demo-lab/model");
        QCOMPARE(hialign::app::ProbeDialog::defaultsFor(labModel).settings.dimensions.size(), std::size_t(3));

        QSignalSpy finished(window_->probes(), &hialign::app::ProbeController::finished);
        QVERIFY2(window_->startProbe(job), qPrintable(window_->lastError()));
        QVERIFY(!window_->startProbe(job));   // one probe at a time
        QVERIFY(window_->probes()->waitForFinished(120000));
        QCOMPARE(finished.size(), 1);
        QVERIFY2(window_->probeResult(), qPrintable(window_->lastError()));
        auto* view = window_->layerView();
        QVERIFY(view->hasProbe());
        QCOMPARE(view->probe()->dimensions, QStringList({QStringLiteral("first"), QStringLiteral("second")}));
        QVERIFY(view->probe()->suggestedCuts.has_value());
        QVERIFY(QFileInfo::exists(job.outDir + QStringLiteral("/probe.json")));
        QVERIFY(QFileInfo::exists(job.outDir + QStringLiteral("/probe.html")));

        // Apply suggested cuts from the plan's other cuts.
        const auto [c1, c2] = *view->probe()->suggestedCuts;
        view->setCuts(c1 == 1 && c2 == 2 ? 2 : 1, c1 == 1 && c2 == 2 ? 3 : 2);
        QVERIFY(view->plan().cut1() != c1 || view->plan().cut2() != c2);
        QAction* apply = view->applySuggestedCutsAction();
        QVERIFY(apply->isEnabled());
        apply->trigger();
        QCOMPARE(view->plan().cut1(), c1);
        QCOMPARE(view->plan().cut2(), c2);

        // Train the second dimension's block: its block's strategy.
        view->setCuts(c1 == 1 && c2 == 2 ? 2 : 1, c1 == 1 && c2 == 2 ? 3 : 2);
        QVERIFY(window_->trainDimensionBlock(1));
        const int block = window_->probeResult()->cuts.suggested.blockOf[1];
        const hialign::align::Strategy expected[] = {hialign::align::Strategy::Local, hialign::align::Strategy::Mid,
                                                     hialign::align::Strategy::Global};
        QCOMPARE(view->plan().strategy(), expected[block]);
        QCOMPARE(view->plan().cut1(), c1);
        QVERIFY(view->plan().layerRanks().empty());

        // The same block with the probe's ranks per layer, within what it costs at the panel's rank.
        QVERIFY(window_->probePage()->trainWithProbeRanks(1));
        const hialign::probe::ProbeRanks ranks = hialign::probe::probeRanks(
            *window_->probeResult(), *window_->modelConfig(), "second", view->plan().targetModules(),
            window_->trainingPanel()->settings().rank);
        QCOMPARE(view->plan().strategy(), expected[block]);
        QCOMPARE(static_cast<int>(view->plan().layerRanks().size()), static_cast<int>(ranks.layers.size()));
        for (std::size_t i = 0; i < ranks.layers.size(); ++i)
            QCOMPARE(view->plan().layerRanks().at(ranks.layers[i]), ranks.ranks[i]);
        QVERIFY(ranks.used() <= ranks.budget);
        // A run started now records them (run.json's config and the adapter's rank_pattern).
        setupShortRun(2);
        QSignalSpy trained(window_->training(), &hialign::app::TrainingController::finished);
        QVERIFY(window_->startTraining());
        QVERIFY(trained.wait(180000));
        window_->runsBrowser()->refresh();
        const QString run = window_->runsBrowser()->runs().first().dir;
        QFile runJson(run + QStringLiteral("/run.json"));
        QVERIFY(runJson.open(QIODevice::ReadOnly));
        const QJsonObject config = QJsonDocument::fromJson(runJson.readAll()).object().value("config").toObject();
        QCOMPARE(config.value("layer_rank").toObject().size(), static_cast<int>(ranks.layers.size()));
        // Moving a cut by hand drops the ranks: they belong to the probe's block.
        view->setCuts(c1 == 1 && c2 == 2 ? 2 : 1, c1 == 1 && c2 == 2 ? 3 : 2);
        QVERIFY(view->plan().layerRanks().empty());

        // The files open again onto the stack; not onto a model of another depth.
        view->clearProbe();
        QVERIFY(!window_->probeResult());
        QVERIFY2(window_->openProbe(job.outDir), qPrintable(window_->lastError()));
        QVERIFY(view->hasProbe());
        QVERIFY(window_->openModel(labModel));
        QVERIFY(!view->hasProbe());
        QVERIFY(!window_->openProbe(job.outDir));
        QCOMPARE(window_->lastError(), QStringLiteral("This probe is of a model with 5 layers, but the open model has 12."));
        QVERIFY(!view->hasProbe());
    }

    // A dimension without pairs: the core's sentence, nothing shown, the window usable.
    void probeErrorsShowOneSentence()
    {
        QFile empty(workspace_->filePath(QStringLiteral("empty.jsonl")));
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.write("\n");
        empty.close();
        hialign::app::ProbeJob job = hialign::app::ProbeDialog::defaultsFor(model_);
        job.settings.dimensions = {{"stories", preferences().toStdString()}, {"none", empty.fileName().toStdString()}};
        job.settings.maxPairs = 4;
        job.settings.device = "cpu";
        QVERIFY(window_->startProbe(job));
        QVERIFY(window_->probes()->waitForFinished(120000));
        QVERIFY2(window_->lastError().contains(QStringLiteral("\"none\" has no preference pairs")),
                 qPrintable(window_->lastError()));
        QVERIFY(!window_->layerView()->hasProbe());
        QVERIFY(!window_->probeResult());
    }

    // Screenshot mode returns 1 with the reason in lastError() (main prints it):
    // a probe with nothing to probe (stories260k is not a demo lab) and an
    // unwritable file; no screenshot is written.
    void screenshotFailuresSayWhy()
    {
        hialign::app::AppOptions o;
        o.view = QStringLiteral("layers");
        o.width = 800;
        o.height = 600;
        o.demoProbe = true;
        o.screenshot = workspace_->filePath(QStringLiteral("probe.png"));
        QCOMPARE(hialign::app::ScreenshotDriver(*window_).run(o), 1);
        QVERIFY2(window_->lastError().contains(QStringLiteral("at least one dimension")), qPrintable(window_->lastError()));
        QVERIFY(!QFileInfo::exists(o.screenshot));

        o.demoProbe = false;
        o.screenshot = workspace_->filePath(QStringLiteral("no-such-folder/shot.png"));
        QCOMPARE(hialign::app::ScreenshotDriver(*window_).run(o), 1);
        QCOMPARE(window_->lastError(), QStringLiteral("Could not write the screenshot %1.").arg(o.screenshot));
    }

    void choosingAnotherModelInThePanelOpensIt()
    {
        QCOMPARE(window_->layerView()->plan().numLayers(), 5);
        const QString labModel = QStringLiteral(HIALIGN_TEST_DATA "/../../resources/demo-lab/model");
        window_->trainingPanel()->setModelDir(labModel);
        Q_EMIT window_->trainingPanel()->modelDirChosen(labModel);
        QCOMPARE(window_->layerView()->plan().numLayers(), 12);
        QVERIFY(window_->lastError().isEmpty());
    }

    // A model from the Hugging Face cache (laid out as the hub client writes
    // it, from the stories260k fixture): the model button's menu lists it,
    // choosing it opens its snapshot, and a hub id not in the cache is the
    // core's one sentence.
    void modelsFromTheHuggingFaceCache()
    {
        QTemporaryDir cacheDir;
        const std::filesystem::path cache(cacheDir.path().toStdString());
        const std::string commit = "0123456789abcdef0123456789abcdef01234567";
        const std::filesystem::path repo = cache / "models--hialign-test--stories260k";
        std::filesystem::create_directories(repo / "blobs");
        std::filesystem::create_directories(repo / "snapshots" / commit);
        std::filesystem::create_directories(repo / "refs");
        for (const char* f : {"config.json", "model.safetensors", "tokenizer.model", "tokenizer_config.json"}) {
            std::filesystem::create_symlink(std::filesystem::absolute(model_.toStdString()) / f, repo / "blobs" / f);
            std::filesystem::create_symlink(std::filesystem::path("../../blobs") / f, repo / "snapshots" / commit / f);
        }
        QFile ref(QString::fromStdString((repo / "refs" / "main").string()));
        QVERIFY(ref.open(QIODevice::WriteOnly));
        ref.write(commit.c_str());
        ref.close();
        qputenv("HF_HUB_CACHE", cacheDir.path().toUtf8());

        auto* menu = window_->trainingPanel()->findChild<QMenu*>(QStringLiteral("hubModels"));
        QVERIFY(menu);
        Q_EMIT menu->aboutToShow();
        QAction* entry = nullptr;
        for (QAction* a : menu->actions())
            if (a->text().startsWith(QStringLiteral("hialign-test/stories260k")))
                entry = a;
        QVERIFY2(entry, "the cached model is not in the menu");
        QVERIFY2(entry->text().contains(QStringLiteral("main (0123456)")), qPrintable(entry->text()));
        entry->trigger();
        QVERIFY2(window_->lastError().isEmpty(), qPrintable(window_->lastError()));
        QVERIFY2(window_->trainingPanel()->modelDir().endsWith(QString::fromStdString("snapshots/" + commit)),
                 qPrintable(window_->trainingPanel()->modelDir()));
        QCOMPARE(window_->layerView()->plan().numLayers(), 5);

        QVERIFY(!window_->openModel(QStringLiteral("hialign-test/nothing")));
        QVERIFY2(window_->lastError().contains(
                     QStringLiteral("hialign-test/nothing is neither a folder nor a model in the Hugging Face cache")),
                 qPrintable(window_->lastError()));
        qunsetenv("HF_HUB_CACHE");
    }

    void opensTheModelAndData()
    {
        QVERIFY(window_->hasModel());
        QCOMPARE(window_->layerView()->plan().numLayers(), 5);
        QVERIFY(!window_->compareView()->prompts().isEmpty());
        QVERIFY(window_->lastError().isEmpty());
    }

    void brokenModelFolderShowsTheCoreError()
    {
        QTemporaryDir broken;
        QFile cfg(broken.filePath(QStringLiteral("config.json")));
        QVERIFY(cfg.open(QIODevice::WriteOnly));
        cfg.write("{\"model_type\": \"llama\", \"hidden_size\": \"wide\"}");
        cfg.close();
        QVERIFY(!window_->openModel(broken.path()));
        QVERIFY2(window_->lastError().contains(QStringLiteral("config.json")), qPrintable(window_->lastError()));
        // Still usable: the previous model is kept and a real one opens.
        QVERIFY(window_->hasModel());
        QCOMPARE(window_->layerView()->plan().numLayers(), 5);
        QVERIFY(window_->openModel(model_));
    }

    void brokenPreferenceFileShowsTheCoreError()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("bad.jsonl"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"prompt\": \"a\", \"chosen\": \"b\", \"rejected\": \"c\"}\n{\"prompt\": \"a\", \"chosen\": \"b\"}\n");
        f.close();
        QVERIFY(!window_->openData(file));
        QVERIFY2(window_->lastError().contains(QStringLiteral("line 2")), qPrintable(window_->lastError()));
        QVERIFY(window_->openData(preferences()));
    }

    void trainingFromTheWindowFillsPlotsAndHeat()
    {
        setupShortRun(6);
        window_->layerView()->setStrategy(hialign::align::Strategy::Local);
        QSignalSpy finished(window_->training(), &hialign::app::TrainingController::finished);
        QVERIFY(window_->startTraining());
        QVERIFY(!window_->trainingPanel()->startButton()->isEnabled());
        QVERIFY(!window_->layerView()->isEditable());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 180000);
        QVERIFY(window_->trainingPanel()->startButton()->isEnabled());
        const auto runs = window_->metricsPlot()->runs();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(window_->metricsPlot()->pointCount(runs.first(), QStringLiteral("loss")), 6);
        QCOMPARE(window_->trainingPanel()->progressBar()->value(), 6);
        // The runs browser shows the finished run with headline metrics.
        window_->runsBrowser()->refresh();
        QCOMPARE(window_->runsBrowser()->runs().size(), 1);
        const auto run = window_->runsBrowser()->runs().first();
        QCOMPARE(run.status, QStringLiteral("finished"));
        QCOMPARE(run.strategy, QStringLiteral("local"));
        QVERIFY(!std::isnan(run.loss));
        QVERIFY(run.hasAdapter);
    }

    // Answers over training from the window on the demo lab: the panel's
    // interval turns sampling on with the lab's prompts and exact judge; the
    // Answers view under the curves fills live with one chip per prompt and
    // sampled step, the judged-score curve gets one point per sampled step,
    // a chip shows its answer, and opening the run again reads both back
    // from samples.jsonl. Another model without a prompt file samples nothing.
    void answersOverTrainingInTheWindow()
    {
        const QString labModel = QStringLiteral(HIALIGN_TEST_DATA "/../../resources/demo-lab/model");
        auto* panel = window_->trainingPanel();
        panel->sampleEverySpin()->setValue(2);
        QVERIFY(!panel->settings().samples.enabled());   // stories260k is no lab and has no prompt file
        panel->setModelDir(labModel);
        Q_EMIT panel->modelDirChosen(labModel);
        panel->setDataFile(QStringLiteral(HIALIGN_TEST_DATA "/../../resources/demo-lab/data/preferences_facts.jsonl"));
        setupShortRun(4);
        panel->sampleEverySpin()->setValue(2);
        const hialign::train::SampleSettings samples = panel->settings().samples;
        QCOMPARE(samples.every, 2);
        QCOMPARE(samples.promptFiles.size(), std::size_t(3));
        QCOMPARE(samples.judge, std::string("exact"));

        window_->layerView()->setStrategy(hialign::align::Strategy::Global);
        QSignalSpy answers(window_->training(), &hialign::app::TrainingController::answersReady);
        QSignalSpy finished(window_->training(), &hialign::app::TrainingController::finished);
        QVERIFY2(window_->startTraining(), qPrintable(window_->lastError()));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 180000);
        QCOMPARE(answers.count(), 3);   // steps 0, 2 and 4

        hialign::widgets::SamplesView* view = window_->answersView();
        const int prompts = static_cast<int>(3 * samples.limit);
        QCOMPARE(view->runs().size(), 1);
        QCOMPARE(view->promptCount(), prompts);
        QCOMPARE(view->steps(), QList<qint64>({0, 2, 4}));
        QCOMPARE(view->table()->rowCount(), prompts);
        QCOMPARE(view->table()->columnCount(), 4);
        int changed = 0;
        for (int row = 0; row < prompts; ++row)
            for (qint64 step : view->steps()) {
                const hialign::train::SampleRecord* r = view->answerAt(row, step);
                QVERIFY(r);
                QCOMPARE(r->scores.size(), std::size_t(1));   // judged
                if (step > 0) {
                    const auto* before = view->answerAt(row, step == 2 ? 0 : 2);
                    QCOMPARE(view->changedAt(row, step), r->response != before->response);
                    changed += view->changedAt(row, step) ? 1 : 0;
                }
            }
        qInfo("answers that changed between sampled steps: %d of %d", changed, 2 * prompts);
        QCOMPARE(view->selectFirstChange(), changed > 0);
        const hialign::train::SampleRecord* last = view->answerAt(0, 4);
        view->selectAnswer(0, 4);
        QVERIFY(view->detailText().contains(QString::fromStdString(last->prompt)));
        QVERIFY(view->detailText().contains(QStringLiteral("Step 4:")));
        QVERIFY(view->detailText().contains(QStringLiteral("Step 2 before:")));

        // The judged-score curve: one held-out point per sampled step, the mean of its scores.
        hialign::widgets::MetricsPlot* plot = window_->metricsPlot();
        const int live = plot->runs().first();
        QCOMPARE(plot->pointCount(live, QLatin1String(hialign::widgets::kJudgedScoreMetric), true), 3);

        // Opened again from the Runs tab: the same timeline, read from samples.jsonl.
        window_->runsBrowser()->refresh();
        const QString dir = window_->runsBrowser()->runs().first().dir;
        const auto records = hialign::train::readSamples(hialign::train::samplesFile(dir.toStdString()));
        QCOMPARE(records.size(), std::size_t(3 * prompts));
        view->clear();
        plot->clearRuns();
        window_->openRun(dir);
        QCOMPARE(view->promptCount(), prompts);
        QCOMPARE(view->steps(), QList<qint64>({0, 2, 4}));
        QCOMPARE(plot->pointCount(plot->runs().first(), QLatin1String(hialign::widgets::kJudgedScoreMetric), true), 3);
        const auto means = hialign::widgets::SamplesView::meanScores(records);
        QCOMPARE(means.size(), std::size_t(3));
    }

    void compareShowsBaseAndAdapterWithScores()
    {
        const QString runDir = trainShortRun();
        QVERIFY(!runDir.isEmpty());
        window_->comparer()->setJudge(std::make_shared<LengthJudge>());
        window_->compareView()->setJudgeName(window_->comparer()->judgeName());
        // Candidates are refreshed when the workspace is set.
        window_->setWorkspace(workspace_->path());
        auto* view = window_->compareView();
        view->setSelectedCandidates({QStringLiteral("base"), runDir});
        auto d = view->decoding();
        d.maxNewTokens = 12;
        view->setDecoding(d);
        QSignalSpy done(window_->comparer(), &hialign::app::CompareController::done);
        window_->compareCurrentPrompt();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 120000);
        // The worker queues its reports (text, column finished, notice,
        // scores) before `done`, in order, and the window shows each as it
        // arrives: with `done` delivered the view holds them all.
        QVERIFY(!window_->comparer()->isBusy());
        QCOMPARE(view->columnCount(), 2);
        QCOMPARE(view->columnTitle(0), QStringLiteral("Base"));
        QVERIFY(!view->columnText(0).isEmpty());
        QVERIFY(!view->columnText(1).isEmpty());
        for (int c = 0; c < 2; ++c) {
            QVERIFY(view->scoresVisible(c));
            QVERIFY2(view->scoresText(c).contains(QStringLiteral("grammar=")), qPrintable(view->scoresText(c)));
        }
        // Without a judge there is no score row.
        window_->comparer()->setJudge(nullptr);
        view->setJudgeName(QString());
        QVERIFY(!view->scoresVisible(0));
    }

    // More new tokens than stories260k's 512 positions hold: the column stops
    // there and the window says so (greedy from this prompt meets no eos).
    void compareNoticesThePositionLimit()
    {
        auto* view = window_->compareView();
        view->setPrompts({QStringLiteral("Once upon a time")});
        view->setCurrentPrompt(0);
        view->setSelectedCandidates({QStringLiteral("base")});
        auto d = view->decoding();
        d.maxNewTokens = 2048;
        d.sampling.temperature = 0.0;
        view->setDecoding(d);
        QSignalSpy done(window_->comparer(), &hialign::app::CompareController::done);
        window_->compareCurrentPrompt();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 120000);
        // The notice is queued before `done` (see above): it is shown by now.
        QVERIFY(!window_->comparer()->isBusy());
        const QString notice = QStringLiteral("generation stopped at the model's 512 positions (max_position_embeddings)");
        QVERIFY2(view->statusText().contains(notice), qPrintable(view->statusText()));
        QCOMPARE(window_->statusBar()->currentMessage(), notice);
    }

    // The runs browser's merge: enabled for a run with an adapter; the merged
    // folder is a model the window opens; a folder that holds files is
    // refused with the core's sentence and left as it was.
    void mergingARunWritesAModelFolder()
    {
        const QString runDir = trainShortRun();
        QVERIFY(!runDir.isEmpty());
        window_->runsBrowser()->selectRun(runDir);
        QPushButton* mergeButton = nullptr;
        for (auto* b : window_->runsBrowser()->findChildren<QPushButton*>())
            if (b->text() == QStringLiteral("Merge into model…"))
                mergeButton = b;
        QVERIFY(mergeButton);
        QVERIFY(mergeButton->isEnabled());

        const QString out = QDir(workspace_->path()).filePath(QStringLiteral("merged"));
        QSignalSpy finished(window_.get(), &MainWindow::mergeFinished);
        QVERIFY(window_->mergeRun(runDir, out));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        QVERIFY2(finished.first().at(1).toBool(), qPrintable(window_->lastError()));
        QVERIFY(QFileInfo::exists(QDir(out).filePath(QStringLiteral("model.safetensors"))));
        QVERIFY(QFileInfo::exists(QDir(out).filePath(QStringLiteral("tokenizer.model"))));
        // Only the tokenizer's own files are copied, not other data beside the base.
        QVERIFY(!QFileInfo::exists(QDir(out).filePath(QStringLiteral("tokenizer_cases.jsonl"))));
        QVERIFY(window_->openModel(out));

        // Again into the same folder: refused, the folder untouched.
        const auto before = QFileInfo(QDir(out).filePath(QStringLiteral("model.safetensors"))).lastModified();
        QVERIFY(window_->mergeRun(runDir, out));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 120000);
        QVERIFY(!finished.at(1).at(1).toBool());
        QVERIFY2(window_->lastError().contains(QStringLiteral("already holds files")), qPrintable(window_->lastError()));
        QCOMPARE(QFileInfo(QDir(out).filePath(QStringLiteral("model.safetensors"))).lastModified(), before);
    }

    void deletingARunAsksFirst()
    {
        QVERIFY(!trainShortRun().isEmpty());
        window_->runsBrowser()->refresh();
        const int before = static_cast<int>(window_->runsBrowser()->runs().size());
        QVERIFY(before >= 1);
        const QString dir = window_->runsBrowser()->runs().first().dir;
        bool asked = false;
        window_->runsBrowser()->setDeleteConfirmation([&](const QString&) {
            asked = true;
            return false;
        });
        window_->runsBrowser()->selectRun(dir);
        window_->runsBrowser()->deleteSelected();
        QVERIFY(asked);
        QVERIFY(QFileInfo::exists(dir));
        window_->runsBrowser()->setDeleteConfirmation([](const QString&) { return true; });
        window_->runsBrowser()->selectRun(dir);
        window_->runsBrowser()->deleteSelected();
        QVERIFY(!QFileInfo::exists(dir));
        QCOMPARE(window_->runsBrowser()->runs().size(), before - 1);
    }

    void closingWhileTrainingAsksAndStopsCleanly()
    {
        setupShortRun(500);
        bool asked = false;
        window_->setCloseConfirmation([&] {
            asked = true;
            return true;
        });
        QSignalSpy samples(window_->training(), &hialign::app::TrainingController::sampleReady);
        QVERIFY(window_->startTraining());
        const QString runDir = window_->training()->runDir();
        QTRY_VERIFY_WITH_TIMEOUT(samples.count() >= 2, 120000);
        QVERIFY(window_->close());
        QVERIFY(asked);
        QVERIFY(!window_->training()->isRunning());
        const auto run = hialign::app::RunSummary::read(runDir);
        QCOMPARE(run.status, QStringLiteral("stopped"));
        QVERIFY(run.resumable());
    }
};

QTEST_MAIN(TestApp)
#include "tst_gui_app.moc"

// TrainingController: a short DPO run on the stories260k fixture from the
// GUI's controller delivers metrics through queued signals, Pause and Stop
// work, the run folder is complete and resumable, and the GUI thread stays
// responsive while the run trains.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>
#include <filesystem>

#include "align/LayerPlan.h"
#include "app/gui/TrainingController.h"
#include "app/gui/TrainingPanel.h"
#include "model/Threads.h"
#include "support/Fixtures.h"

using hialign::app::TrainingController;
using hialign::app::TrainingResult;
using hialign::app::TrainingSample;
using hialign::train::TrainConfig;

namespace {

// The workbench's interactive defaults, made small for the fixture.
TrainConfig settingsFor(const std::filesystem::path& model, int steps)
{
    TrainConfig s = TrainConfig::interactiveDefaults();
    s.modelDir = model.string();
    s.dataFile = HIALIGN_TEST_DATA "/stories_preferences.jsonl";
    s.strategy = "global";
    s.rank = 4;
    s.alpha = 8;
    s.learningRate = 2e-3;
    s.batchSize = 4;
    s.steps = steps;
    s.evalFraction = 0.2;
    s.evalEvery = 4;
    s.saveEvery = 4;
    s.device = "cpu";
    s.seed = 7;
    return s;
}

bool fileExists(const QString& dir, const char* rel)
{
    return QFileInfo::exists(dir + QLatin1Char('/') + QLatin1String(rel));
}

} // namespace

class TestTraining : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // As the hialign executable does: LibTorch uses every core.
    void initTestCase() { qInfo("LibTorch intra-op threads: %d", hialign::model::configureThreads()); }

    // The panel starts with the core's interactive defaults (not the CLI's
    // TrainConfig{}), and what it hands over is valid as it stands.
    void panelStartsWithTheInteractiveDefaults()
    {
        const TrainConfig d = TrainConfig::interactiveDefaults();
        QCOMPARE(d.rank, 8);
        QCOMPARE(d.alpha, 16.0);
        QCOMPARE(d.learningRate, 1e-3);
        QCOMPARE(d.steps, 100);
        QCOMPARE(d.batchSize, 4);
        QCOMPARE(d.maxLength, 256);
        QCOMPARE(d.maxPromptLength, 128);
        QCOMPARE(d.evalEvery, 20);
        QCOMPARE(d.saveEvery, 25);
        QCOMPARE(d.evalFraction, 0.1);
        QCOMPARE(d.seed, std::uint64_t(42));
        QVERIFY(d.loss == hialign::train::LossType::Sigmoid);
        d.validate();

        hialign::app::TrainingPanel panel;
        TrainConfig s = panel.settings();
        QCOMPARE(s.rank, d.rank);
        QCOMPARE(s.alpha, d.alpha);
        QCOMPARE(s.learningRate, d.learningRate);
        QCOMPARE(s.steps, d.steps);
        QCOMPARE(s.batchSize, d.batchSize);
        QCOMPARE(s.evalEvery, d.evalEvery);
        QCOMPARE(s.maxLength, d.maxLength);
        QCOMPARE(s.maxPromptLength, d.maxPromptLength);
        QCOMPARE(s.seed, d.seed);
        QCOMPARE(s.device, std::string("auto"));
        QVERIFY(s.targetModules.empty());
        s.validate();

        // setSettings and settings() round-trip the panel's fields.
        s.rank = 4;
        s.alpha = 12;
        s.loss = hialign::train::LossType::Ipo;
        s.steps = 40;
        s.targetModules = {"gate_proj", "up_proj", "down_proj"};
        s.seed = 9;
        panel.setSettings(s);
        const TrainConfig back = panel.settings();
        QCOMPARE(back.rank, 4);
        QCOMPARE(back.alpha, 12.0);
        QVERIFY(back.loss == hialign::train::LossType::Ipo);
        QCOMPARE(back.steps, 40);
        QCOMPARE(back.saveEvery, 10);   // max(10, steps / 4)
        QCOMPARE(back.targetModules.size(), std::size_t(3));
        QCOMPARE(back.seed, std::uint64_t(9));

        // setPlan takes strategy, custom layers and cuts from a drawn plan.
        hialign::align::LayerPlan plan(9);
        plan.setCuts(2, 6);
        plan.setCustomLayers({1, 4});
        plan.setStrategy(hialign::align::Strategy::Custom);
        TrainConfig planned = d;
        planned.setPlan(plan);
        QCOMPARE(planned.strategy, std::string("custom"));
        QCOMPARE(planned.layers, (std::vector<int>{1, 4}));
        QCOMPARE(planned.cut1, 2);
        QCOMPARE(planned.cut2, 6);
        plan.setStrategy(hialign::align::Strategy::Global);
        planned.setPlan(plan);
        QCOMPARE(planned.strategy, std::string("global"));
        QVERIFY(planned.layers.empty());
    }

    void shortRunDeliversMetrics()
    {
        HIALIGN_FIXTURE(model, "stories260k");
        QTemporaryDir tmp;
        const QString runDir = tmp.filePath(QStringLiteral("run"));
        TrainingController controller;
        QSignalSpy samples(&controller, &TrainingController::sampleReady);
        QSignalSpy finished(&controller, &TrainingController::finished);
        TrainConfig s = settingsFor(model, 8);
        s.strategy = "custom";
        s.layers = {1, 3};
        QVERIFY(controller.start(s, runDir));
        QVERIFY(controller.isRunning());
        QString error;
        QVERIFY(!controller.start(s, runDir, &error));
        QVERIFY(!error.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        QVERIFY(!controller.isRunning());
        const auto result = finished.first().at(0).value<TrainingResult>();
        QCOMPARE(result.status, QStringLiteral("finished"));
        QCOMPARE(result.steps, qint64(8));
        int train = 0, eval = 0;
        for (const auto& args : samples) {
            const auto sample = args.at(0).value<TrainingSample>();
            (sample.eval ? eval : train)++;
            QVERIFY(sample.values.contains(QStringLiteral("loss")));
            if (!sample.eval) {
                QVERIFY(sample.values.contains(QStringLiteral("rewards/margins")));
                QCOMPARE(sample.deltaNorm.size(), size_t(5));
                // Heat only where the plan put adapters.
                QCOMPARE(sample.deltaNorm[0], 0.0);
                QCOMPARE(sample.deltaNorm[2], 0.0);
            }
        }
        QCOMPARE(train, 8);
        QVERIFY(eval >= 1);
        QVERIFY(fileExists(runDir, "run.json"));
        QVERIFY(fileExists(runDir, "metrics.jsonl"));
        QVERIFY(fileExists(runDir, "adapter/adapter_config.json"));
        QVERIFY(fileExists(runDir, "adapter/adapter_model.safetensors"));
        // The plan the trainer received is the one drawn: custom layers 1 and 3.
        QFile runJson(runDir + QStringLiteral("/run.json"));
        QVERIFY(runJson.open(QIODevice::ReadOnly));
        const QJsonObject plan = QJsonDocument::fromJson(runJson.readAll()).object()
                                     .value(QStringLiteral("layer_plan")).toObject();
        QVERIFY2(QJsonDocument(plan).toJson().contains("custom"), QJsonDocument(plan).toJson().constData());
    }

    void badModelFolderIsAReadableError()
    {
        QTemporaryDir tmp;
        TrainingController controller;
        QSignalSpy finished(&controller, &TrainingController::finished);
        TrainConfig s = settingsFor(tmp.path().toStdString(), 4);
        QVERIFY(controller.start(s, tmp.filePath(QStringLiteral("run"))));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
        const auto result = finished.first().at(0).value<TrainingResult>();
        QCOMPARE(result.status, QStringLiteral("failed"));
        QVERIFY2(result.message.contains(QStringLiteral("config.json")), qPrintable(result.message));
        // The controller is usable again.
        QVERIFY(!controller.isRunning());
    }

    // Pause, continue, stop and resume, checked by the steps the run reports
    // (every step is logged: logEvery 1), never by how long anything took.
    void pauseStopAndResume()
    {
        HIALIGN_FIXTURE(model, "stories260k");
        QTemporaryDir tmp;
        const QString runDir = tmp.filePath(QStringLiteral("run"));
        TrainingController controller;
        QSignalSpy samples(&controller, &TrainingController::sampleReady);
        QSignalSpy paused(&controller, &TrainingController::pausedChanged);
        QSignalSpy finished(&controller, &TrainingController::finished);
        // The training steps in the order they arrived, and those that arrived while paused.
        QList<qint64> trainSteps, whilePaused;
        double slowestStepMs = 0;
        connect(&controller, &TrainingController::sampleReady, this, [&](const TrainingSample& sample) {
            if (sample.eval)
                return;
            trainSteps << sample.step;
            slowestStepMs = std::max(slowestStepMs, sample.values.value(QStringLiteral("step_time_ms")));
            if (controller.isPaused())
                whilePaused << sample.step;
        });
        QVERIFY(controller.start(settingsFor(model, 400), runDir));
        QTRY_VERIFY_WITH_TIMEOUT(trainSteps.size() >= 3, 120000);

        controller.pause();
        QVERIFY(controller.isPaused());
        QCOMPARE(paused.count(), 1);
        QCOMPARE(paused.first().at(0).toBool(), true);
        // Deliver what the worker queued before the pause took effect. The
        // trainer checks the flag before each step: the step in flight may
        // still finish and report, none after it can start while paused.
        QCoreApplication::sendPostedEvents(&controller);
        const qint64 atRequest = trainSteps.last();
        // A broken pause shows as a second step after the request; a working
        // one never does, however long this lasts. The window (three of the
        // run's slowest steps) only gives a broken pause the chance to show:
        // its length cannot fail a working one.
        QTest::qWaitFor([&] { return trainSteps.last() > atRequest + 1; },
                        static_cast<int>(3 * slowestStepMs) + 1);
        qInfo("paused after step %lld; held for up to %.0f ms (3 of the slowest steps); step %lld last while paused",
              atRequest, 3 * slowestStepMs, trainSteps.last());
        QVERIFY2(trainSteps.last() <= atRequest + 1,
                 qPrintable(QStringLiteral("step %1 reported while paused after step %2")
                                .arg(trainSteps.last()).arg(atRequest)));
        for (qint64 step : whilePaused)
            QVERIFY2(step <= atRequest + 1, qPrintable(QStringLiteral("step %1 while paused").arg(step)));
        const qint64 lastPaused = trainSteps.last();

        controller.unpause();
        QVERIFY(!controller.isPaused());
        QCOMPARE(paused.count(), 2);
        QCOMPARE(paused.last().at(0).toBool(), false);
        // Continuing goes on with the next step: none lost, none repeated.
        QTRY_VERIFY_WITH_TIMEOUT(trainSteps.last() > lastPaused, 60000);
        QCOMPARE(trainSteps.at(trainSteps.indexOf(lastPaused) + 1), lastPaused + 1);

        controller.stop();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120000);
        QVERIFY(!controller.isPaused());
        const auto result = finished.first().at(0).value<TrainingResult>();
        QCOMPARE(result.status, QStringLiteral("stopped"));
        // Every step from 1 to the stop reported once, in order; the stop
        // came at the next check, after the last step reported (the worker
        // queues its samples before `finished`).
        for (int i = 0; i < trainSteps.size(); ++i)
            QCOMPARE(trainSteps.at(i), qint64(i + 1));
        QCOMPARE(result.steps, trainSteps.last());
        QVERIFY(result.steps < result.totalSteps);
        // Stopping writes a checkpoint at the step it stopped at.
        QVERIFY(QFileInfo::exists(runDir + QStringLiteral("/checkpoints/step-%1").arg(result.steps)));

        // Resume: continue from that checkpoint, with the next step.
        QSignalSpy finished2(&controller, &TrainingController::finished);
        QSignalSpy samples2(&controller, &TrainingController::sampleReady);
        QVERIFY(controller.resume(runDir));
        QTRY_VERIFY_WITH_TIMEOUT(samples2.count() >= 2, 120000);
        const auto first = samples2.first().at(0).value<TrainingSample>();
        QVERIFY(!first.eval);
        QCOMPARE(first.step, result.steps + 1);
        controller.stop();
        QTRY_COMPARE_WITH_TIMEOUT(finished2.count(), 1, 120000);
        QCOMPARE(finished2.first().at(0).value<TrainingResult>().status, QStringLiteral("stopped"));
    }

    void destroyingWhileTrainingCancelsCleanly()
    {
        HIALIGN_FIXTURE(model, "stories260k");
        QTemporaryDir tmp;
        const QString runDir = tmp.filePath(QStringLiteral("run"));
        {
            TrainingController controller;
            QSignalSpy samples(&controller, &TrainingController::sampleReady);
            QVERIFY(controller.start(settingsFor(model, 400), runDir));
            QTRY_VERIFY_WITH_TIMEOUT(samples.count() >= 3, 120000);
        }   // the destructor cancels and waits
        QFile runJson(runDir + QStringLiteral("/run.json"));
        QVERIFY(runJson.open(QIODevice::ReadOnly));
        const QJsonObject run = QJsonDocument::fromJson(runJson.readAll()).object();
        QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("stopped"));
        QVERIFY(QDir(runDir + QStringLiteral("/checkpoints")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size() >= 1);
    }

    // While a run trains on its worker thread, a 10 ms timer on the GUI thread
    // keeps firing (the event loop is never blocked); its lateness is printed.
    // Checked by state: 100 ticks and 3 new steps while the run still trains
    // (a run far too long to end first), never within a time.
    void guiThreadStaysResponsive()
    {
        HIALIGN_FIXTURE(model, "stories260k");
        QTemporaryDir tmp;
        TrainingController controller;
        QSignalSpy samples(&controller, &TrainingController::sampleReady);
        QSignalSpy finished(&controller, &TrainingController::finished);
        QVERIFY(controller.start(settingsFor(model, 100000), tmp.filePath(QStringLiteral("run"))));
        QTRY_VERIFY_WITH_TIMEOUT(samples.count() >= 1, 120000);
        const int stepsBefore = samples.count();

        std::vector<double> lateness;
        QElapsedTimer clock;
        clock.start();
        qint64 expected = 10;
        QTimer timer;
        timer.setTimerType(Qt::PreciseTimer);
        timer.setInterval(10);
        QObject::connect(&timer, &QTimer::timeout, [&] {
            const qint64 now = clock.elapsed();
            lateness.push_back(std::max<qint64>(0, now - expected));
            expected = now + 10;
        });
        timer.start();
        QTRY_VERIFY_WITH_TIMEOUT((lateness.size() >= 100 && samples.count() >= stepsBefore + 3) || finished.count() > 0,
                                 120000);
        timer.stop();
        const int trainedSteps = samples.count();
        // Both happened while the run was still training.
        QCOMPARE(finished.count(), 0);
        QVERIFY(controller.isRunning());
        controller.stop();
        QVERIFY(controller.waitForFinished(120000));

        // Responsiveness in milliseconds is a number to print, not to assert
        // (it depends on the machine's load).
        std::sort(lateness.begin(), lateness.end());
        const double p50 = lateness[lateness.size() / 2];
        const double p99 = lateness[lateness.size() * 99 / 100];
        const double worst = lateness.back();
        qInfo("GUI timer lateness while training: %zu ticks, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d samples",
              lateness.size(), p50, p99, worst, trainedSteps - stepsBefore);
    }
};

QTEST_MAIN(TestTraining)
#include "tst_gui_training.moc"

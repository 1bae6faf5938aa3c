// Training on another dtype or device: a bf16 DPO run on the stories260k
// fixture learns; an out-of-memory error stops the run with one sentence
// naming what to lower, keeps the last checkpoint and resumes to the
// uninterrupted run; a device that is not there is refused before anything
// is written.
#include <ATen/ATen.h>
#include <c10/util/Exception.h>
#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include "model/Device.h"
#include "support/Fixtures.h"
#include "support/StoriesTraining.h"
#include "train/DpoTrainer.h"
#include "settings/RunFolder.h"
#include "util/Error.h"

using namespace hialign;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

train::TrainConfig baseConfig(const fs::path& model)
{
    return test::storiesTrainConfig(model);
}

} // namespace

class TestTrainDevice : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bf16RunLearns()
    {
        HIALIGN_FIXTURE(model, "stories260k");
        QTemporaryDir tmp;
        auto c = baseConfig(model);
        c.dtype = "bfloat16";
        std::vector<train::StepMetrics> evals;
        train::TrainCallbacks cb;
        cb.onMetrics = [&](const train::StepMetrics& m) {
            if (m.eval)
                evals.push_back(m);
        };
        const fs::path run = fs::path(tmp.path().toStdString()) / "run";
        const auto outcome = train::DpoTrainer::train(c, run, cb);
        QCOMPARE(QString::fromStdString(outcome.status), QString("finished"));
        QCOMPARE(QString::fromStdString(train::RunFolder(run).readRunJson()["dtype"].get<std::string>()),
                 QString("bfloat16"));
        QVERIFY(evals.size() >= 3);
        const double first = evals.front().value("rewards/margins"), last = evals.back().value("rewards/margins");
        QVERIFY2(last > first && last > 0.5, qPrintable(QString("eval margins %1 -> %2").arg(first).arg(last)));
        QVERIFY2(evals.back().value("rewards/accuracies") >= 0.8,
                 qPrintable(QString::number(evals.back().value("rewards/accuracies"))));
    }

    void outOfMemoryKeepsCheckpointAndResumes()
    {
        HIALIGN_FIXTURE(model, "stories260k");
        QTemporaryDir tmp;
        auto c = baseConfig(model);
        c.steps = 10;
        c.saveEvery = 4;
        c.evalEvery = 0;
        const fs::path whole = fs::path(tmp.path().toStdString()) / "whole";
        const fs::path parts = fs::path(tmp.path().toStdString()) / "parts";
        train::DpoTrainer::train(c, whole);

        // The allocator fails in step 7 (index 6), after checkpoint step-4.
        train::TrainCallbacks cb;
        cb.beforeStep = [](std::int64_t step) {
            if (step == 6)
                TORCH_CHECK_WITH(OutOfMemoryError, false, "CUDA out of memory. Tried to allocate 2.00 GiB");
        };
        const auto first = train::DpoTrainer::train(c, parts, cb);
        QCOMPARE(QString::fromStdString(first.status), QString("failed"));
        QCOMPARE(first.steps, std::int64_t(6));
        QCOMPARE(QString::fromStdString(first.message),
                 QString("step 7 ran out of memory on cpu: lower the pairs per step (--batch) or the maximum "
                         "length (--max-length), or turn on gradient checkpointing (resume "
                         "--gradient-checkpointing); last checkpoint kept: step 4"));
        train::RunFolder folder(parts);
        QCOMPARE(folder.checkpoints(), (std::vector<std::int64_t>{4}));
        QCOMPARE(QString::fromStdString(folder.readRunJson()["status"].get<std::string>()), QString("failed"));

        // Resumed with gradient checkpointing it finishes as the whole run did.
        train::ResumeOverrides over;
        over.gradientCheckpointing = true;
        const auto second = train::DpoTrainer::resume(parts, {}, nullptr, over);
        QCOMPARE(QString::fromStdString(second.status), QString("finished"));
        const auto a = train::RunFolder(whole).readMetrics(), b = folder.readMetrics();
        QCOMPARE(a.size(), b.size());
        int compared = 0;
        for (size_t i = 0; i < a.size(); ++i)
            for (const std::string k : {"loss", "rewards/margins", "grad_norm", "eval_loss", "eval_rewards/margins"}) {
                QCOMPARE(a[i].contains(k), b[i].contains(k));
                if (!a[i].contains(k))
                    continue;
                QVERIFY2(std::abs(a[i][k].get<double>() - b[i][k].get<double>()) <= 1e-5,
                         qPrintable(QString("line %1 %2").arg(i).arg(QString::fromStdString(k))));
                ++compared;
            }
        QVERIFY(compared >= 30);   // 10 steps x 3 values, and the final eval
    }

    void missingGpuIsRefusedBeforeWriting_data()
    {
        QTest::addColumn<QString>("device");
        QTest::newRow("cuda") << "cuda";
        QTest::newRow("cuda:7") << "cuda:7";
    }

    void missingGpuIsRefusedBeforeWriting()
    {
        QFETCH(QString, device);
        if (model::listGpus().size() > 7)
            QFAIL("this test needs a machine with fewer than 8 GPUs");
        if (device == "cuda" && !model::listGpus().empty())
            QSKIP("a GPU is present, so \"cuda\" is valid here; packaging/gpu-check.sh covers it");
        HIALIGN_FIXTURE(model, "stories260k");
        QTemporaryDir tmp;
        auto c = baseConfig(model);
        c.device = device.toStdString();
        const fs::path run = fs::path(tmp.path().toStdString()) / "run";
        try {
            train::DpoTrainer::train(c, run);
            QFAIL("training on a missing GPU did not fail");
        } catch (const InputError& e) {
            const QString msg = QString::fromUtf8(e.what());
            QVERIFY2(msg.startsWith(QString("device \"%1\" was asked for, but ").arg(device)), qPrintable(msg));
        }
        QVERIFY(!fs::exists(run));
    }
};

QTEST_GUILESS_MAIN(TestTrainDevice)
#include "tst_train_device.moc"

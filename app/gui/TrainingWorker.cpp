// LibTorch (through the trainer) before any Qt header: Qt's keywords are off
// project-wide anyway (QT_NO_KEYWORDS), this keeps moc'ed code out of the way.
#include "sweep/SampleJudge.h"
#include "train/DpoTrainer.h"
#include "settings/StepMetrics.h"
#include "settings/TrainConfig.h"

#include "app/gui/TrainingWorker.h"

#include <QThread>

#include <exception>

namespace hialign::app {

namespace {

TrainingSample toSample(const train::StepMetrics& m)
{
    TrainingSample s;
    s.step = m.step;
    s.totalSteps = m.totalSteps;
    s.epoch = m.epoch;
    s.eval = m.eval;
    for (const auto& [k, v] : m.values)
        s.values.insert(QString::fromStdString(k), v);
    s.deltaNorm = m.deltaNorm;
    s.gradNorm = m.gradNorm;
    return s;
}

} // namespace

TrainingWorker::TrainingWorker(train::TrainConfig config, QString runDir, bool resume,
                               std::shared_ptr<train::CancelToken> token)
    : config_(std::move(config)), runDir_(std::move(runDir)), resume_(resume), token_(std::move(token))
{
}

TrainingWorker::~TrainingWorker() = default;

void TrainingWorker::run()
{
    train::TrainCallbacks callbacks;
    callbacks.onMetrics = [this](const train::StepMetrics& m) {
        // The owner asked the thread to stop (window closing): stop cleanly.
        if (QThread::currentThread()->isInterruptionRequested())
            token_->cancel = true;
        Q_EMIT sampleReady(toSample(m));
    };
    callbacks.onMessage = [this](const std::string& text) { Q_EMIT message(QString::fromStdString(text)); };
    // Answers over training: judged on this thread, shown by the window.
    callbacks.makeSampleJudge = sweep::sampleJudgeFor;
    callbacks.onSamples = [this](const std::vector<train::SampleRecord>& records) { Q_EMIT answersReady(records); };

    TrainingResult result;
    result.runDir = runDir_;
    try {
        const std::filesystem::path dir = runDir_.toStdString();
        const train::TrainOutcome outcome = resume_
            ? train::DpoTrainer::resume(dir, callbacks, token_.get())
            : train::DpoTrainer::train(config_, dir, callbacks, token_.get());
        result.status = QString::fromStdString(outcome.status);
        result.message = QString::fromStdString(outcome.message);
        result.steps = outcome.steps;
        result.totalSteps = outcome.totalSteps;
    } catch (const std::exception& e) {
        result.status = QStringLiteral("failed");
        result.message = QString::fromUtf8(e.what());
    } catch (...) {
        result.status = QStringLiteral("failed");
        result.message = tr("The trainer stopped with an unknown error.");
    }
    Q_EMIT finished(result);
}

} // namespace hialign::app

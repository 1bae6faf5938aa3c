#include "settings/StepMetrics.h"

#include "app/gui/TrainingController.h"

#include "app/gui/TrainingWorker.h"

namespace hialign::app {

TrainingController::TrainingController(QObject* parent)
    : WorkerController(QStringLiteral("hialign-training"), parent)
{
    qRegisterMetaType<TrainingSample>();
    qRegisterMetaType<TrainingResult>();
    qRegisterMetaType<train::TrainConfig>();
    qRegisterMetaType<std::vector<train::SampleRecord>>();
}

TrainingController::~TrainingController() = default;

bool TrainingController::isPaused() const
{
    return token() && token()->pause.load();
}

double TrainingController::elapsedSeconds() const
{
    return isRunning() && clock_.isValid() ? clock_.elapsed() / 1000.0 : 0.0;
}

bool TrainingController::start(const train::TrainConfig& config, const QString& runDir, QString* error)
{
    return launch(config, runDir, false, error);
}

bool TrainingController::resume(const QString& runDir, QString* error)
{
    return launch(train::TrainConfig{}, runDir, true, error);
}

bool TrainingController::launch(const train::TrainConfig& config, const QString& runDir, bool resume, QString* error)
{
    const auto token = newToken(error, tr("A run is already training; stop it first."));
    if (!token)
        return false;
    runDir_ = runDir;
    auto* worker = new TrainingWorker(config, runDir, resume, token);
    connect(worker, &TrainingWorker::sampleReady, this, &TrainingController::sampleReady, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::message, this, &TrainingController::message, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::answersReady, this, &TrainingController::answersReady, Qt::QueuedConnection);
    clock_.start();
    startWorker(worker, &TrainingWorker::run, &TrainingWorker::finished, &TrainingController::onWorkerFinished);
    Q_EMIT started(runDir, resume);
    return true;
}

void TrainingController::onWorkerFinished(const TrainingResult& result)
{
    const auto token = endRun();
    if (token && token->pause.load())
        Q_EMIT pausedChanged(false);
    Q_EMIT finished(result);
}

void TrainingController::pause()
{
    if (token() && !token()->pause.exchange(true))
        Q_EMIT pausedChanged(true);
}

void TrainingController::unpause()
{
    if (token() && token()->pause.exchange(false))
        Q_EMIT pausedChanged(false);
}

void TrainingController::stop()
{
    if (!token())
        return;
    cancel();
    unpause();
}

} // namespace hialign::app

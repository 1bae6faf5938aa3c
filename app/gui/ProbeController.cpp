#include "settings/StepMetrics.h"

#include "app/gui/ProbeController.h"

#include "app/gui/ProbeWorker.h"

namespace hialign::app {

ProbeController::ProbeController(QObject* parent) : WorkerController(QStringLiteral("hialign-probe"), parent)
{
    qRegisterMetaType<ProbeOutcome>();
}

ProbeController::~ProbeController() = default;

bool ProbeController::start(const ProbeJob& job, QString* error)
{
    const auto token = newToken(error, tr("A layer probe is already running; stop it first."));
    if (!token)
        return false;
    auto* worker = new ProbeWorker(job, token);
    connect(worker, &ProbeWorker::progress, this, &ProbeController::progress, Qt::QueuedConnection);
    connect(worker, &ProbeWorker::message, this, &ProbeController::message, Qt::QueuedConnection);
    startWorker(worker, &ProbeWorker::run, &ProbeWorker::finished, &ProbeController::onWorkerFinished);
    Q_EMIT started();
    return true;
}

void ProbeController::onWorkerFinished(const ProbeOutcome& outcome)
{
    endRun();
    Q_EMIT finished(outcome);
}

void ProbeController::stop()
{
    cancel();
}

} // namespace hialign::app

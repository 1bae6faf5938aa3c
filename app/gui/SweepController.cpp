#include "settings/StepMetrics.h"

#include "app/gui/SweepController.h"

#include "app/gui/SweepWorker.h"

namespace hialign::app {

SweepController::SweepController(QObject* parent) : WorkerController(QStringLiteral("hialign-sweep"), parent) {}

SweepController::~SweepController() = default;

bool SweepController::start(const SweepJob& job, QString* error)
{
    const auto token = newToken(error, tr("A sweep is already running; stop it first."));
    if (!token) return false;
    auto* worker = new SweepWorker(job.settings, job.outDir, token);
    connect(worker, &SweepWorker::progress, this, &SweepController::progress, Qt::QueuedConnection);
    connect(worker, &SweepWorker::trainingStep, this, &SweepController::trainingStep, Qt::QueuedConnection);
    startWorker(worker, &SweepWorker::run, &SweepWorker::finished, &SweepController::onWorkerFinished);
    return true;
}

void SweepController::onWorkerFinished(bool ok, const QString& error, const QString& sweepDir)
{
    endRun();
    Q_EMIT finished(ok, error, sweepDir);
}

void SweepController::stop()
{
    cancel();
}

} // namespace hialign::app

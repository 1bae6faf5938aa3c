// LibTorch (through the sweep) before any Qt header.
#include "sweep/Sweep.h"
#include "settings/StepMetrics.h"

#include "app/gui/SweepWorker.h"

#include <QThread>

#include <exception>

namespace hialign::app {

SweepWorker::SweepWorker(sweep::SweepSettings settings, QString outDir, std::shared_ptr<train::CancelToken> token)
    : settings_(std::move(settings)), outDir_(std::move(outDir)), token_(std::move(token))
{
}

SweepWorker::~SweepWorker() = default;

void SweepWorker::run()
{
    sweep::SweepCallbacks cb;
    QString currentTask;
    cb.onProgress = [&](const sweep::SweepProgress& p) {
        if (QThread::currentThread()->isInterruptionRequested()) token_->cancel = true;
        currentTask = QString::fromStdString(p.task);
        Q_EMIT progress(p.tasksDone, p.tasksTotal, QString::fromStdString(p.message));
    };
    cb.onMetrics = [&](const train::StepMetrics& m) {
        if (QThread::currentThread()->isInterruptionRequested()) token_->cancel = true;
        if (!m.eval) Q_EMIT trainingStep(currentTask, m.step, m.totalSteps, m.value("loss"));
    };
    try {
        const bool done = sweep::runSweep(settings_, outDir_.toStdString(), cb, token_.get());
        Q_EMIT finished(done, QString(), outDir_);
    } catch (const std::exception& e) {
        Q_EMIT finished(false, QString::fromUtf8(e.what()), outDir_);
    }
}

} // namespace hialign::app

// LibTorch (through the probe) before any Qt header.
#include "probe/Probe.h"
#include "probe/ProbeFiles.h"
#include "settings/StepMetrics.h"

#include "app/gui/ProbeWorker.h"

#include <QThread>

#include <exception>

namespace hialign::app {

ProbeWorker::ProbeWorker(ProbeJob job, std::shared_ptr<train::CancelToken> token)
    : job_(std::move(job)), token_(std::move(token))
{
}

ProbeWorker::~ProbeWorker() = default;

void ProbeWorker::run()
{
    probe::ProbeCallbacks callbacks;
    callbacks.onProgress = [this](const probe::ProbeProgress& p) {
        // The owner asked the thread to stop (window closing): stop cleanly.
        if (QThread::currentThread()->isInterruptionRequested())
            token_->cancel = true;
        Q_EMIT progress(p.done, p.total, QString::fromStdString(p.label));
    };
    callbacks.onMessage = [this](const std::string& text) { Q_EMIT message(QString::fromStdString(text)); };

    ProbeOutcome outcome;
    try {
        auto result = probe::runProbe(job_.settings, callbacks, token_.get());
        if (!result) {
            outcome.status = ProbeOutcome::Status::Stopped;
        } else {
            if (!job_.outDir.isEmpty()) {
                probe::writeProbeFolder(*result, job_.outDir.toStdString());
                outcome.outDir = job_.outDir;
            }
            outcome.result = std::make_shared<const probe::ProbeResult>(std::move(*result));
            outcome.status = ProbeOutcome::Status::Finished;
        }
    } catch (const std::exception& e) {
        outcome.status = ProbeOutcome::Status::Failed;
        outcome.error = QString::fromUtf8(e.what());
    } catch (...) {
        outcome.status = ProbeOutcome::Status::Failed;
        outcome.error = tr("The probe stopped with an unknown error.");
    }
    Q_EMIT finished(outcome);
}

} // namespace hialign::app

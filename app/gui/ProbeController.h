// Owns the thread that runs a layer probe (ProbeWorker) and forwards its
// progress as queued signals; one probe at a time. Stopping takes effect
// between batches; nothing is written for a stopped probe.
#pragma once

#include <QString>

#include "app/gui/ProbeJob.h"
#include "app/gui/WorkerController.h"

namespace hialign::app {

class ProbeController : public WorkerController {
    Q_OBJECT
public:
    explicit ProbeController(QObject* parent = nullptr);
    ~ProbeController() override;

    // Runs the job; false (and `error`) when a probe already runs.
    bool start(const ProbeJob& job, QString* error = nullptr);

public Q_SLOTS:
    void stop();

Q_SIGNALS:
    void started();
    void progress(int done, int total, const QString& label);
    void message(const QString& text);
    void finished(const hialign::app::ProbeOutcome& outcome);

private:
    void onWorkerFinished(const hialign::app::ProbeOutcome& outcome);
};

} // namespace hialign::app

// Owns the thread that runs a strategy sweep (SweepWorker) and forwards its
// progress as queued signals; one sweep at a time. Stopping lets the current
// step finish; the sweep folder then resumes where it stopped.
#pragma once

#include <QString>

#include "app/gui/SweepJob.h"
#include "app/gui/WorkerController.h"

namespace hialign::app {

class SweepController : public WorkerController {
    Q_OBJECT
public:
    explicit SweepController(QObject* parent = nullptr);
    ~SweepController() override;

    // Runs job.settings into job.outDir; false (and `error`) when a sweep already runs.
    bool start(const SweepJob& job, QString* error = nullptr);

public Q_SLOTS:
    void stop();

Q_SIGNALS:
    void progress(int done, int total, const QString& message);
    void trainingStep(const QString& task, qint64 step, qint64 total, double loss);
    // ok false with an empty error: stopped by the user.
    void finished(bool ok, const QString& error, const QString& sweepDir);

private:
    void onWorkerFinished(bool ok, const QString& error, const QString& sweepDir);
};

} // namespace hialign::app

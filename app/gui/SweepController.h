// Owns the thread that runs a strategy sweep (SweepWorker) and forwards its
// progress as queued signals; one sweep at a time. Stopping lets the current
// step finish; the sweep folder then resumes where it stopped.
#pragma once

#include <QObject>
#include <QString>

#include <memory>

#include "app/gui/SweepRequest.h"

class QThread;

namespace hialign::train { struct CancelToken; }

namespace hialign::app {

class SweepController : public QObject {
    Q_OBJECT
public:
    explicit SweepController(QObject* parent = nullptr);
    ~SweepController() override;

    bool isRunning() const { return thread_ != nullptr; }

    // False (and `error`) when a sweep already runs.
    bool start(const SweepRequest& request, QString* error = nullptr);
    // Blocks (keeping the event loop running) until the sweep ends; false on timeout.
    bool waitForFinished(int timeoutMs);

public Q_SLOTS:
    void stop();

Q_SIGNALS:
    void progress(int done, int total, const QString& message);
    void trainingStep(const QString& task, qint64 step, qint64 total, double loss);
    // ok false with an empty error: stopped by the user.
    void finished(bool ok, const QString& error, const QString& sweepDir);

private:
    void onWorkerFinished(bool ok, const QString& error, const QString& sweepDir);

    QThread* thread_ = nullptr;
    std::shared_ptr<train::CancelToken> token_;
};

} // namespace hialign::app

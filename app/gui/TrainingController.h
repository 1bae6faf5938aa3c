// Starts, pauses, resumes and stops DPO training runs on a worker thread
// (one run at a time) and forwards the trainer's reports as signals on the
// GUI thread. Destroying the controller while a run trains cancels it and
// waits: the trainer then writes a checkpoint, so the run stays resumable.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <memory>

#include "app/gui/TrainingResult.h"
#include "app/gui/TrainingSample.h"
#include "app/gui/TrainingSettings.h"

class QThread;

namespace hialign::train { struct CancelToken; }

namespace hialign::app {

class TrainingController : public QObject {
    Q_OBJECT
public:
    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    bool isRunning() const { return thread_ != nullptr; }
    bool isPaused() const;
    QString runDir() const { return runDir_; }
    // Seconds since the run (or its resumption) started, 0 when idle.
    double elapsedSeconds() const;

    // Starts a new run in runDir; false (and `error`) when one already runs.
    bool start(const TrainingSettings& settings, const QString& runDir, QString* error = nullptr);
    // Continues the run in runDir from its newest checkpoint.
    bool resume(const QString& runDir, QString* error = nullptr);

    // Blocks until the current run has ended (for screenshots and tests);
    // false on timeout. Keeps the event loop running.
    bool waitForFinished(int timeoutMs);

public Q_SLOTS:
    void pause();
    void unpause();
    void stop();

Q_SIGNALS:
    void started(const QString& runDir, bool resumed);
    void sampleReady(const hialign::app::TrainingSample& sample);
    void message(const QString& text);
    void pausedChanged(bool paused);
    void finished(const hialign::app::TrainingResult& result);

private:
    bool launch(const TrainingSettings& settings, const QString& runDir, bool resume, QString* error);
    void onWorkerFinished(const TrainingResult& result);

    QThread* thread_ = nullptr;
    std::shared_ptr<train::CancelToken> token_;
    QString runDir_;
    QElapsedTimer clock_;
};

} // namespace hialign::app

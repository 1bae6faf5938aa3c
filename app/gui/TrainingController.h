// Starts, pauses, resumes and stops DPO training runs on a worker thread
// (one run at a time) and forwards the trainer's reports as signals on the
// GUI thread. Destroying the controller while a run trains cancels it and
// waits: the trainer then writes a checkpoint, so the run stays resumable.
#pragma once

#include <QElapsedTimer>
#include <QString>

#include "app/gui/CoreMetaTypes.h"
#include "app/gui/TrainingResult.h"
#include "app/gui/TrainingSample.h"
#include "app/gui/WorkerController.h"
#include "settings/TrainConfig.h"

namespace hialign::app {

class TrainingController : public WorkerController {
    Q_OBJECT
public:
    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    bool isPaused() const;
    QString runDir() const { return runDir_; }
    // Seconds since the run (or its resumption) started, 0 when idle.
    double elapsedSeconds() const;

    // Starts a new run in runDir; false (and `error`) when one already runs.
    bool start(const train::TrainConfig& config, const QString& runDir, QString* error = nullptr);
    // Continues the run in runDir from its newest checkpoint.
    bool resume(const QString& runDir, QString* error = nullptr);

public Q_SLOTS:
    void pause();
    void unpause();
    void stop();

Q_SIGNALS:
    void started(const QString& runDir, bool resumed);
    void sampleReady(const hialign::app::TrainingSample& sample);
    void message(const QString& text);
    void answersReady(const std::vector<hialign::train::SampleRecord>& records);
    void pausedChanged(bool paused);
    void finished(const hialign::app::TrainingResult& result);

private:
    bool launch(const train::TrainConfig& config, const QString& runDir, bool resume, QString* error);
    void onWorkerFinished(const hialign::app::TrainingResult& result);

    QString runDir_;
    QElapsedTimer clock_;
};

} // namespace hialign::app

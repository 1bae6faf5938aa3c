// Runs a strategy sweep (train, generate, judge, report) on the thread it is
// moved to and reports progress through queued signals; a shared
// CancelToken stops it between steps, prompts and tasks. Re-running the same
// settings into the same folder resumes: finished tasks are not redone.
#pragma once

#include <QObject>
#include <QString>

#include <memory>

#include "sweep/Sweep.h"

namespace hialign::train { struct CancelToken; }

namespace hialign::app {

class SweepWorker : public QObject {
    Q_OBJECT
public:
    SweepWorker(sweep::SweepSettings settings, QString outDir, std::shared_ptr<train::CancelToken> token);
    ~SweepWorker() override;

public Q_SLOTS:
    void run();

Q_SIGNALS:
    // done/total count tasks; message is one line for the log.
    void progress(int done, int total, const QString& message);
    // A training step of the task in progress: step of total and the DPO loss.
    void trainingStep(const QString& task, qint64 step, qint64 total, double loss);
    // ok false: error holds one sentence (empty when stopped by the user).
    void finished(bool ok, const QString& error, const QString& sweepDir);

private:
    sweep::SweepSettings settings_;
    QString outDir_;
    std::shared_ptr<train::CancelToken> token_;
};

} // namespace hialign::app

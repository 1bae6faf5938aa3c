// The thread side of the window's background jobs (training, sweeps, and
// the ones to come): one worker object at a time on a QThread of its own,
// a shared CancelToken the GUI thread sets, start / cancel / wait, and
// runEnded() once the thread is gone. A subclass makes the worker (with
// newToken()), connects the worker's reports to its own queued signals and
// hands it to startWorker(); its slot for the worker's last signal calls
// endRun() first. Destroying the controller while a job runs cancels it and
// waits for the worker to return.
#pragma once

#include <QObject>
#include <QString>
#include <QThread>

#include <memory>

namespace hialign::train { struct CancelToken; }

namespace hialign::app {

class WorkerController : public QObject {
    Q_OBJECT
public:
    ~WorkerController() override;

    bool isRunning() const { return thread_ != nullptr; }
    // Blocks until the current job has ended (keeping the event loop
    // running, for screenshots, closing and tests); false on timeout.
    bool waitForFinished(int timeoutMs);

Q_SIGNALS:
    // The job's thread has ended; after the subclass's own end-of-job signals.
    void runEnded();

protected:
    WorkerController(QString threadName, QObject* parent);

    // A fresh token for the next job, or nullptr (and `busy` in *error)
    // while one runs.
    std::shared_ptr<train::CancelToken> newToken(QString* error, const QString& busy);
    const std::shared_ptr<train::CancelToken>& token() const { return token_; }
    // Asks the job to stop at its next check (the token's cancel flag).
    void cancel();

    // Moves `worker` onto a new thread that calls `run` when it starts and
    // quits when the worker emits `done`; the worker is deleted with the
    // thread. `done` also reaches `onDone` of this controller, queued, on
    // the GUI thread, followed by runEnded().
    template <class Worker, class Controller, class... Args>
    void startWorker(Worker* worker, void (Worker::*run)(), void (Worker::*done)(Args...),
                     void (Controller::*onDone)(Args...))
    {
        auto* thread = adoptThread();
        worker->moveToThread(thread);
        connect(thread, &QThread::started, worker, run);
        connect(worker, done, thread, &QThread::quit, Qt::DirectConnection);
        connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        auto* self = static_cast<Controller*>(this);
        connect(worker, done, this, [this, self, onDone](Args... args) {
            (self->*onDone)(args...);
            endRun();
            Q_EMIT runEnded();
        }, Qt::QueuedConnection);
        thread->start();
    }

    // Joins and deletes the finished job's thread and hands back its token
    // (nullptr when already done). isRunning() is false afterwards.
    std::shared_ptr<train::CancelToken> endRun();

private:
    QThread* adoptThread();

    QString threadName_;
    QThread* thread_ = nullptr;
    std::shared_ptr<train::CancelToken> token_;
};

} // namespace hialign::app

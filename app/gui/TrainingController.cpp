#include "train/StepMetrics.h"

#include "app/gui/TrainingController.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QThread>
#include <QTimer>

#include "app/gui/TrainingWorker.h"

namespace hialign::app {

TrainingController::TrainingController(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<TrainingSample>();
    qRegisterMetaType<TrainingResult>();
    qRegisterMetaType<TrainingSettings>();
}

TrainingController::~TrainingController()
{
    if (thread_) {
        token_->pause = false;
        token_->cancel = true;
        thread_->requestInterruption();
        thread_->quit();
        thread_->wait();
        delete thread_;
    }
}

bool TrainingController::isPaused() const
{
    return token_ && token_->pause.load();
}

double TrainingController::elapsedSeconds() const
{
    return thread_ && clock_.isValid() ? clock_.elapsed() / 1000.0 : 0.0;
}

bool TrainingController::start(const TrainingSettings& settings, const QString& runDir, QString* error)
{
    return launch(settings, runDir, false, error);
}

bool TrainingController::resume(const QString& runDir, QString* error)
{
    return launch(TrainingSettings{}, runDir, true, error);
}

bool TrainingController::launch(const TrainingSettings& settings, const QString& runDir, bool resume, QString* error)
{
    if (thread_) {
        if (error)
            *error = tr("A run is already training; stop it first.");
        return false;
    }
    token_ = std::make_shared<train::CancelToken>();
    runDir_ = runDir;
    thread_ = new QThread;
    thread_->setObjectName(QStringLiteral("hialign-training"));
    auto* worker = new TrainingWorker(settings, runDir, resume, token_);
    worker->moveToThread(thread_);
    connect(thread_, &QThread::started, worker, &TrainingWorker::run);
    connect(worker, &TrainingWorker::sampleReady, this, &TrainingController::sampleReady, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::message, this, &TrainingController::message, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::finished, this, &TrainingController::onWorkerFinished, Qt::QueuedConnection);
    connect(worker, &TrainingWorker::finished, thread_, &QThread::quit, Qt::DirectConnection);
    connect(thread_, &QThread::finished, worker, &QObject::deleteLater);
    clock_.start();
    thread_->start();
    Q_EMIT started(runDir, resume);
    return true;
}

void TrainingController::onWorkerFinished(const TrainingResult& result)
{
    if (thread_) {
        thread_->wait();
        delete thread_;
        thread_ = nullptr;
    }
    const bool wasPaused = token_ && token_->pause.load();
    token_.reset();
    if (wasPaused)
        Q_EMIT pausedChanged(false);
    Q_EMIT finished(result);
}

void TrainingController::pause()
{
    if (token_ && !token_->pause.exchange(true))
        Q_EMIT pausedChanged(true);
}

void TrainingController::unpause()
{
    if (token_ && token_->pause.exchange(false))
        Q_EMIT pausedChanged(false);
}

void TrainingController::stop()
{
    if (!token_)
        return;
    token_->cancel = true;
    unpause();
}

bool TrainingController::waitForFinished(int timeoutMs)
{
    if (!thread_)
        return true;
    QEventLoop loop;
    connect(this, &TrainingController::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return thread_ == nullptr;
}

} // namespace hialign::app

#include "train/StepMetrics.h"

#include "app/gui/SweepController.h"

#include <QEventLoop>
#include <QThread>
#include <QTimer>

#include "app/gui/SweepWorker.h"

namespace hialign::app {

SweepController::SweepController(QObject* parent) : QObject(parent) {}

SweepController::~SweepController()
{
    if (thread_) {
        token_->cancel = true;
        thread_->requestInterruption();
        thread_->quit();
        thread_->wait();
        delete thread_;
    }
}

bool SweepController::start(const SweepRequest& request, QString* error)
{
    if (thread_) {
        if (error) *error = tr("A sweep is already running; stop it first.");
        return false;
    }
    token_ = std::make_shared<train::CancelToken>();
    thread_ = new QThread;
    thread_->setObjectName(QStringLiteral("hialign-sweep"));
    auto* worker = new SweepWorker(request, token_);
    worker->moveToThread(thread_);
    connect(thread_, &QThread::started, worker, &SweepWorker::run);
    connect(worker, &SweepWorker::progress, this, &SweepController::progress, Qt::QueuedConnection);
    connect(worker, &SweepWorker::trainingStep, this, &SweepController::trainingStep, Qt::QueuedConnection);
    connect(worker, &SweepWorker::finished, this, &SweepController::onWorkerFinished, Qt::QueuedConnection);
    connect(worker, &SweepWorker::finished, thread_, &QThread::quit, Qt::DirectConnection);
    connect(thread_, &QThread::finished, worker, &QObject::deleteLater);
    thread_->start();
    return true;
}

void SweepController::onWorkerFinished(bool ok, const QString& error, const QString& sweepDir)
{
    if (thread_) {
        thread_->wait();
        delete thread_;
        thread_ = nullptr;
    }
    token_.reset();
    Q_EMIT finished(ok, error, sweepDir);
}

void SweepController::stop()
{
    if (token_) token_->cancel = true;
}

bool SweepController::waitForFinished(int timeoutMs)
{
    if (!thread_) return true;
    QEventLoop loop;
    connect(this, &SweepController::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return thread_ == nullptr;
}

} // namespace hialign::app

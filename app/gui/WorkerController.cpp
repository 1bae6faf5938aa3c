#include "settings/StepMetrics.h"

#include "app/gui/WorkerController.h"

#include <QEventLoop>
#include <QTimer>

#include <utility>

namespace hialign::app {

WorkerController::WorkerController(QString threadName, QObject* parent)
    : QObject(parent), threadName_(std::move(threadName))
{
}

WorkerController::~WorkerController()
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

std::shared_ptr<train::CancelToken> WorkerController::newToken(QString* error, const QString& busy)
{
    if (thread_) {
        if (error)
            *error = busy;
        return nullptr;
    }
    token_ = std::make_shared<train::CancelToken>();
    return token_;
}

void WorkerController::cancel()
{
    if (token_)
        token_->cancel = true;
}

QThread* WorkerController::adoptThread()
{
    thread_ = new QThread;
    thread_->setObjectName(threadName_);
    return thread_;
}

std::shared_ptr<train::CancelToken> WorkerController::endRun()
{
    if (thread_) {
        thread_->wait();
        delete thread_;
        thread_ = nullptr;
    }
    return std::exchange(token_, nullptr);
}

bool WorkerController::waitForFinished(int timeoutMs)
{
    if (!thread_)
        return true;
    QEventLoop loop;
    connect(this, &WorkerController::runEnded, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return thread_ == nullptr;
}

} // namespace hialign::app

#include "app/gui/CompareController.h"

#include <QThread>

#include "app/gui/GenerationRequest.h"
#include "app/gui/GenerationWorker.h"
#include "judge/Judge.h"

namespace hialign::app {

CompareController::CompareController(QObject* parent)
    : QObject(parent), cancelUpTo_(std::make_shared<std::atomic<quint64>>(0))
{
    qRegisterMetaType<GenerationRequest>();
    qRegisterMetaType<QList<widgets::ScoreEntry>>();
    thread_ = new QThread;
    thread_->setObjectName(QStringLiteral("hialign-generation"));
    worker_ = new GenerationWorker(cancelUpTo_);
    worker_->moveToThread(thread_);
    connect(thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &GenerationWorker::textChunk, this, &CompareController::textChunk, Qt::QueuedConnection);
    connect(worker_, &GenerationWorker::columnFinished, this, &CompareController::columnFinished, Qt::QueuedConnection);
    connect(worker_, &GenerationWorker::notice, this, &CompareController::notice, Qt::QueuedConnection);
    connect(worker_, &GenerationWorker::scoresReady, this, &CompareController::scoresReady, Qt::QueuedConnection);
    connect(worker_, &GenerationWorker::failed, this, &CompareController::failed, Qt::QueuedConnection);
    connect(
        worker_, &GenerationWorker::done, this,
        [this](quint64 id) {
            busy_ = std::max(0, busy_ - 1);
            Q_EMIT done(id);
        },
        Qt::QueuedConnection);
    thread_->start();
}

CompareController::~CompareController()
{
    cancelUpTo_->store(nextId_);
    thread_->requestInterruption();
    thread_->quit();
    thread_->wait();
    delete thread_;
}

void CompareController::setJudge(std::shared_ptr<judge::Judge> judge)
{
    judge_ = judge;
    // The worker reads its judge only between requests, on its own thread.
    QMetaObject::invokeMethod(worker_, [w = worker_, judge] { w->setJudge(judge); }, Qt::QueuedConnection);
}

QString CompareController::judgeName() const
{
    return judge_ ? QString::fromStdString(judge_->name()) : QString();
}

quint64 CompareController::compare(const QString& modelDir, const QString& prompt, const QStringList& columnIds,
                                   const QStringList& adapterDirs, const model::GenerationOptions& decoding)
{
    GenerationRequest r;
    r.id = nextId_++;
    r.modelDir = modelDir;
    r.prompt = prompt;
    r.columnIds = columnIds;
    r.adapterDirs = adapterDirs;
    r.decoding = decoding;
    ++busy_;
    QMetaObject::invokeMethod(worker_, [w = worker_, r] { w->generate(r); }, Qt::QueuedConnection);
    return r.id;
}

void CompareController::stop()
{
    cancelUpTo_->store(nextId_ - 1);
}

} // namespace hialign::app

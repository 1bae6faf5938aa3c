// LibTorch (through the sweep) before any Qt header.
#include "sweep/Sweep.h"
#include "train/StepMetrics.h"

#include "app/gui/SweepWorker.h"

#include <QThread>

#include <algorithm>
#include <exception>

namespace hialign::app {

SweepWorker::SweepWorker(SweepRequest request, std::shared_ptr<train::CancelToken> token)
    : request_(std::move(request)), token_(std::move(token))
{
}

SweepWorker::~SweepWorker() = default;

void SweepWorker::run()
{
    const SweepRequest& r = request_;
    sweep::SweepSettings s;
    s.modelDir = r.modelDir.toStdString();
    s.dataFile = r.dataFile.toStdString();
    for (const QString& f : r.evalPromptFiles) s.evalPromptFiles.push_back(f.toStdString());
    s.evalLimit = static_cast<std::size_t>(std::max(0, r.evalLimit));
    s.judgeSpec = r.judgeSpec.toStdString();
    s.strategies.clear();
    for (const QString& st : r.strategies) s.strategies.push_back(st.toStdString());
    s.seeds.clear();
    for (quint64 seed : r.seeds) s.seeds.push_back(seed);
    s.steps = r.steps;
    s.batchSize = r.batchSize;
    s.learningRate = r.learningRate;
    s.rank = r.rank;
    s.alpha = r.alpha;
    s.beta = r.beta;
    s.maxNewTokens = r.maxNewTokens;
    s.temperature = r.temperature;
    s.topP = r.topP;
    s.device = r.device.toStdString();
    s.report.bootstrapResamples = static_cast<std::size_t>(std::max(1, r.bootstrapResamples));
    s.report.alpha = r.significance;

    sweep::SweepCallbacks cb;
    QString currentTask;
    cb.onProgress = [&](const sweep::SweepProgress& p) {
        if (QThread::currentThread()->isInterruptionRequested()) token_->cancel = true;
        currentTask = QString::fromStdString(p.task);
        Q_EMIT progress(p.tasksDone, p.tasksTotal, QString::fromStdString(p.message));
    };
    cb.onMetrics = [&](const train::StepMetrics& m) {
        if (QThread::currentThread()->isInterruptionRequested()) token_->cancel = true;
        if (!m.eval) Q_EMIT trainingStep(currentTask, m.step, m.totalSteps, m.value("loss"));
    };
    try {
        const bool done = sweep::runSweep(s, r.outDir.toStdString(), cb, token_.get());
        Q_EMIT finished(done, QString(), r.outDir);
    } catch (const std::exception& e) {
        Q_EMIT finished(false, QString::fromUtf8(e.what()), r.outDir);
    }
}

} // namespace hialign::app

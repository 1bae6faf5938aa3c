// LibTorch headers first (see TrainingWorker.cpp).
#include "model/Generator.h"
#include "model/ModelBundle.h"
#include "tokenize/Tokenizer.h"
#include "train/PeftAdapter.h"

#include "app/gui/GenerationWorker.h"

#include <limits>

#include <QThread>

#include <exception>

#include "judge/Judge.h"

namespace hialign::app {

struct GenerationWorker::Loaded {
    QString dir;
    model::ModelBundle bundle;
};

GenerationWorker::GenerationWorker(std::shared_ptr<std::atomic<quint64>> cancelUpTo)
    : cancelUpTo_(std::move(cancelUpTo))
{
}

GenerationWorker::~GenerationWorker() = default;

void GenerationWorker::setJudge(std::shared_ptr<judge::Judge> judge)
{
    judge_ = std::move(judge);
}

void GenerationWorker::generate(const GenerationRequest& r)
{
    auto cancelled = [&] {
        return r.id <= cancelUpTo_->load() || QThread::currentThread()->isInterruptionRequested();
    };
    try {
        if (cancelled()) {
            Q_EMIT done(r.id);
            return;
        }
        if (!loaded_ || loaded_->dir != r.modelDir) {
            loaded_.reset();
            auto l = std::make_unique<Loaded>();
            l->dir = r.modelDir;
            l->bundle = model::loadModelBundle(r.modelDir.toStdString());
            loaded_ = std::move(l);
        }
        auto& bundle = loaded_->bundle;
        const auto promptIds = bundle.tokenizer->encode(r.prompt.toStdString(), true);
        for (int col = 0; col < r.columnIds.size() && !cancelled(); ++col) {
            std::unique_ptr<train::LoraModel> adapter;   // attached while alive
            const QString adapterDir = col < r.adapterDirs.size() ? r.adapterDirs[col] : QString();
            if (!adapterDir.isEmpty())
                adapter = train::loadPeftAdapter(adapterDir.toStdString(), bundle.model);
            tok::StreamDecoder decoder(*bundle.tokenizer);
            decoder.prime(promptIds);
            const auto result = model::generate(
                bundle.model, *bundle.tokenizer, {promptIds}, r.decoding, [&](std::size_t, std::int32_t id) {
                    if (cancelled())
                        return false;
                    const std::string piece = decoder.push(id);
                    if (!piece.empty())
                        Q_EMIT textChunk(r.id, col, QString::fromStdString(piece));
                    return true;
                });
            if (const std::string tail = decoder.finish(); !tail.empty())
                Q_EMIT textChunk(r.id, col, QString::fromStdString(tail));
            const std::string reason = result.finishReasons.empty() ? std::string("length") : result.finishReasons[0];
            Q_EMIT columnFinished(r.id, col, QString::fromStdString(reason));
            if (reason == "position_limit")
                Q_EMIT notice(r.id, col, QString::fromStdString(model::positionLimitNotice(bundle.config.maxPositions)));
            adapter.reset();
            if (judge_ && !cancelled()) {
                QList<widgets::ScoreEntry> scores;
                for (const auto& s : judge_->judge(r.prompt.toStdString(), result.texts.empty() ? std::string() : result.texts[0]))
                    scores.append({QString::fromStdString(s.dimension), s.score.value_or(std::numeric_limits<double>::quiet_NaN()), QString::fromStdString(s.verdict),
                                   QString::fromStdString(s.explanation)});
                Q_EMIT scoresReady(r.id, col, scores);
            }
        }
    } catch (const std::exception& e) {
        Q_EMIT failed(r.id, QString::fromUtf8(e.what()));
    }
    Q_EMIT done(r.id);
}

} // namespace hialign::app

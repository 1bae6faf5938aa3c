// Generates the columns of a comparison on its own thread: loads the model
// folder once (kept for later requests), attaches each column's adapter in
// turn, streams the text token by token and asks the judge (if any) for
// scores. All results leave through queued signals.
#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

#include "app/gui/GenerationRequest.h"
#include "widgets/ScoreEntry.h"

namespace hialign::judge { class Judge; }

namespace hialign::app {

class GenerationWorker : public QObject {
    Q_OBJECT
public:
    // Requests with an id <= *cancelUpTo stop at the next token.
    explicit GenerationWorker(std::shared_ptr<std::atomic<quint64>> cancelUpTo);
    ~GenerationWorker() override;

    // Set before the thread starts, or between requests through a queued call.
    void setJudge(std::shared_ptr<judge::Judge> judge);

public Q_SLOTS:
    void generate(const hialign::app::GenerationRequest& request);

Q_SIGNALS:
    void textChunk(quint64 request, int column, const QString& text);
    void columnFinished(quint64 request, int column, const QString& finishReason);
    // One sentence for the user about a column, e.g. that it stopped at the model's positions.
    void notice(quint64 request, int column, const QString& message);
    void scoresReady(quint64 request, int column, const QList<hialign::widgets::ScoreEntry>& scores);
    void failed(quint64 request, const QString& message);
    void done(quint64 request);

private:
    struct Loaded;
    std::unique_ptr<Loaded> loaded_;
    std::shared_ptr<std::atomic<quint64>> cancelUpTo_;
    std::shared_ptr<judge::Judge> judge_;
};

} // namespace hialign::app

// Owns the generation thread of the compare view: one long-lived worker
// (so the model stays loaded between prompts), requests queued to it, its
// results forwarded on the GUI thread. Destroying the controller stops the
// current request and waits for the thread.
#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

#include "settings/Generation.h"
#include "widgets/ScoreEntry.h"

class QThread;

namespace hialign::judge { class Judge; }

namespace hialign::app {

class GenerationWorker;

class CompareController : public QObject {
    Q_OBJECT
public:
    explicit CompareController(QObject* parent = nullptr);
    ~CompareController() override;

    // The judge used for every later request (null: no scores).
    void setJudge(std::shared_ptr<judge::Judge> judge);
    QString judgeName() const;

    // Starts a comparison; returns its id. adapterDirs: one per column, empty for Base.
    quint64 compare(const QString& modelDir, const QString& prompt, const QStringList& columnIds,
                    const QStringList& adapterDirs, const model::GenerationOptions& decoding);
    bool isBusy() const { return busy_ != 0; }

public Q_SLOTS:
    void stop();

Q_SIGNALS:
    void textChunk(quint64 request, int column, const QString& text);
    void columnFinished(quint64 request, int column, const QString& finishReason);
    void notice(quint64 request, int column, const QString& message);
    void scoresReady(quint64 request, int column, const QList<hialign::widgets::ScoreEntry>& scores);
    void failed(quint64 request, const QString& message);
    void done(quint64 request);

private:
    QThread* thread_ = nullptr;
    GenerationWorker* worker_ = nullptr;
    std::shared_ptr<std::atomic<quint64>> cancelUpTo_;
    std::shared_ptr<judge::Judge> judge_;
    quint64 nextId_ = 1;
    int busy_ = 0;
};

} // namespace hialign::app

// Side-by-side generations for one prompt: Base and each chosen run's
// adapter in columns, streamed as they generate, words that differ from Base
// highlighted, and judge scores per dimension under each response (no score
// row when no judge is configured).
//
// The view holds no model: it emits generateRequested and the app streams
// text back with appendText / finishColumn / setScores (GUI thread only).
#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <vector>

#include "settings/Generation.h"
#include "widgets/ScoreEntry.h"

class QCheckBox;
class QDoubleSpinBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTextBrowser;

namespace hialign::widgets {

class CompareView : public QWidget {
    Q_OBJECT
public:
    explicit CompareView(QWidget* parent = nullptr);
    ~CompareView() override;

    void setPrompts(const QStringList& prompts);
    QStringList prompts() const;
    QString currentPrompt() const;
    void setCurrentPrompt(int row);

    // Models that can be compared: (id, title). "base" is the untrained model.
    void setCandidates(const QList<QPair<QString, QString>>& candidates);
    QStringList selectedCandidates() const;
    void setSelectedCandidates(const QStringList& ids);

    // Decoding shared by every column, so Base and each adapter answer under
    // the same conditions (same seed included). The view starts with
    // GenerationOptions::interactiveDefaults().
    model::GenerationOptions decoding() const;
    void setDecoding(const model::GenerationOptions& settings);

    // Judge: empty name hides the score rows.
    void setJudgeName(const QString& name);
    QString judgeName() const { return judgeName_; }

    // Output columns for one comparison.
    void beginComparison(const QString& prompt, const QStringList& ids, const QStringList& titles);
    void appendText(int column, const QString& text);
    void finishColumn(int column, const QString& finishReason);
    void setScores(int column, const QList<ScoreEntry>& scores);
    void setBusy(bool busy);
    void showError(const QString& message);
    void showNotice(const QString& message);   // plain, under the columns (e.g. a finish reason's notice)
    QString statusText() const;

    int columnCount() const { return static_cast<int>(columns_.size()); }
    QString columnText(int column) const;
    QString columnTitle(int column) const;
    QString scoresText(int column) const;      // plain text of the score row
    bool scoresVisible(int column) const;
    int highlightedWordCount(int column) const;

public Q_SLOTS:
    void requestGeneration();

Q_SIGNALS:
    void generateRequested(const QString& prompt, const QStringList& candidateIds,
                           const hialign::model::GenerationOptions& decoding);
    void stopRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Column {
        QString id;
        QString title;
        QString text;
        bool finished = false;
        QString finishReason;
        QList<ScoreEntry> scores;
        QWidget* frame = nullptr;
        QLabel* header = nullptr;
        QTextBrowser* body = nullptr;
        QLabel* scoreRow = nullptr;
        int highlighted = 0;
    };
    QWidget* buildSidePanel();     // prompts, models, decoding, the buttons
    QWidget* buildOutputPanel();   // the prompt, the legend, the columns
    void retranslate();
    void refreshHighlights();
    void renderScores(Column& c);
    void addTypedPrompt();

    QListWidget* promptList_ = nullptr;
    QLineEdit* promptEdit_ = nullptr;
    QPushButton* addPrompt_ = nullptr;
    QListWidget* candidateList_ = nullptr;
    QSpinBox* maxTokens_ = nullptr;
    QDoubleSpinBox* temperature_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QPushButton* generate_ = nullptr;
    QPushButton* stop_ = nullptr;
    QLabel* promptsTitle_ = nullptr;
    QLabel* modelsTitle_ = nullptr;
    QLabel* decodingTitle_ = nullptr;
    QLabel* maxTokensLabel_ = nullptr;
    QLabel* temperatureLabel_ = nullptr;
    QLabel* seedLabel_ = nullptr;
    QLabel* promptHeader_ = nullptr;
    QLabel* legend_ = nullptr;
    QLabel* status_ = nullptr;
    QHBoxLayout* columnsLayout_ = nullptr;
    std::vector<Column> columns_;
    QString judgeName_;
    QString shownPrompt_;
};

} // namespace hialign::widgets

// The core is Qt-free: the decoding settings' metatype is declared here, where
// they first cross a signal.
Q_DECLARE_METATYPE(hialign::model::GenerationOptions)

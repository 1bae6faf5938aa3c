// Answers over training (docs/ARCHITECTURE.md, "Answers over training"):
// one row per sample prompt, one column per sampled step, each cell a chip
// coloured by the judge's verdict (green: correct or a high score, red:
// wrong or a low one, amber: a reply the judge could not read, grey: not
// judged). A chip whose answer differs from the prompt's answer at the
// previous sampled step has a dark outline. Clicking a chip shows the whole
// answer with the words changed since the previous step highlighted.
//
// Several runs can be loaded (the live one and runs opened from the Runs
// tab); the run box picks the one shown, the newest by default.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <map>
#include <vector>

#include "settings/Samples.h"

class QComboBox;
class QLabel;
class QTableWidget;
class QTableWidgetItem;
class QTextBrowser;

namespace hialign::widgets {

class SamplesView : public QWidget {
    Q_OBJECT
public:
    explicit SamplesView(QWidget* parent = nullptr);

    // Replaces the run's answers (a run read from its folder) and shows it.
    void setAnswers(const QString& run, const std::vector<train::SampleRecord>& records);
    // Adds one sampled step's answers to the run (live), creating it if new.
    void addAnswers(const QString& run, const std::vector<train::SampleRecord>& records);
    void removeRun(const QString& run);
    void clear();
    QStringList runs() const;
    QString currentRun() const;
    void setCurrentRun(const QString& run);

    // The shown run's timeline.
    int promptCount() const;
    QList<qint64> steps() const;
    // The answer of prompt row `row` at `step`, or null.
    const train::SampleRecord* answerAt(int row, qint64 step) const;
    // Whether it differs from the row's answer at the previous sampled step.
    bool changedAt(int row, qint64 step) const;
    // Shows that answer below the timeline (as a click on its chip does).
    void selectAnswer(int row, qint64 step);
    QString detailText() const;   // the answer pane's plain text
    // Selects the first answer (by step, then row) that changed; false when none did.
    bool selectFirstChange();
    QTableWidget* table() const { return table_; }

    // The mean judged score of each sampled step of `records` (steps with no
    // readable score left out): the judged-score curve.
    static std::map<qint64, double> meanScores(const std::vector<train::SampleRecord>& records);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Run {
        QString name;
        std::vector<train::SampleRecord> records;
    };
    Run* runNamed(const QString& name);
    const Run* shown() const;
    void rebuild();
    void retranslate();
    QString chipText(const train::SampleRecord& r, bool binary) const;
    struct ScoreScale {
        double max = 1.0;
        bool binary = true;
    };
    static ScoreScale scaleOf(const std::vector<train::SampleRecord>& records);
    QTableWidgetItem* chipItem(const train::SampleRecord& r, bool changed, const ScoreScale& scale) const;

    QComboBox* runBox_ = nullptr;
    QLabel* runLabel_ = nullptr;
    QLabel* legend_ = nullptr;
    QTableWidget* table_ = nullptr;
    QTextBrowser* detail_ = nullptr;
    std::vector<Run> runs_;
    QStringList promptIds_;      // rows of the shown run
    QList<qint64> steps_;        // columns of the shown run (after the prompt column)
    std::map<std::pair<int, qint64>, std::size_t> cells_;   // (row, step) -> index in the shown run's records
};

} // namespace hialign::widgets

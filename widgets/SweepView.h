// A strategy sweep's results (docs/SWEEP.md): the paper's table (per
// strategy and dimension the mean with its bootstrap interval, the paired
// difference to Base with its interval and significance mark, and the win
// rate against Base with its win/tie/loss counts; alignment-tax cells
// highlighted), the report's warnings above the table and its statistics and
// notes under it, grouped bar charts, and a drill-down: selecting a strategy
// × dimension cell lists that strategy's judged generations with Base's
// answer to the same prompt.
//
// The view reads finished files only; it runs nothing. Launching a sweep is
// the app's business: runSweepRequested() is the seam for it (the button is
// hidden until setRunSweepAvailable(true)).
//
// Threading: GUI thread only.
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include "widgets/SweepReport.h"

class QFrame;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QProgressBar;
class QTableWidget;
class QTextBrowser;

namespace hialign::widgets {

class SweepChart;

class SweepView : public QWidget {
    Q_OBJECT
public:
    // Item data roles of the table's cells.
    enum Role {
        AlignmentTaxRole = Qt::UserRole + 1,   // bool: the cell shows an alignment tax
        StrategyRole,                          // QString: the row's strategy (raw name)
        DimensionRole,                         // QString: the column's dimension (raw name)
        SignificantRole,                       // bool: a Δ cell significant after the correction
    };
    // The table's columns: the strategy, then per dimension (report order)
    // these three.
    enum DimensionColumn { MeanColumn, DiffColumn, WinColumn, ColumnsPerDimension };
    static int tableColumn(int dimensionIndex, DimensionColumn column)
    {
        return 1 + ColumnsPerDimension * dimensionIndex + column;
    }

    explicit SweepView(QWidget* parent = nullptr);
    ~SweepView() override;

    // Reads DIR/report.json. On failure the view shows the one-sentence
    // error (errorText()) and keeps no report.
    bool openSweep(const QString& dir);
    void clear();
    QString sweepDir() const { return report_.dir; }
    bool hasReport() const { return hasReport_; }
    const SweepReport& report() const { return report_; }
    QString errorText() const { return error_; }
    // The missing-tasks notice (empty when hidden).
    QString noticeText() const;
    // The report's warnings shown above the table, one a line (empty when hidden).
    QString warningText() const;
    // The caption under the table: what the cells show, the statistics, the notes.
    QString captionText() const;

    // The drill-down: one strategy × dimension (raw names).
    void selectCell(const QString& strategy, const QString& dimension);
    QString selectedStrategy() const { return drillStrategy_; }
    QString selectedDimension() const { return drillDimension_; }
    const QList<SweepSample>& samples() const { return samples_; }
    QString drillDownError() const { return drillError_; }

    // Writes report.html, report.pdf, report.csv and report.json into outDir.
    bool exportReportTo(const QString& outDir, QString* error);

    // Shows the "Run sweep…" button (off until the app can run sweeps).
    void setRunSweepAvailable(bool available);
    // While a sweep runs: a progress bar over its tasks and its latest message
    // above the page, and the run button becomes "Stop sweep". running false
    // hides them again; total < 0 changes only the message.
    void setRunProgress(bool running, int done = 0, int total = 0, const QString& message = QString());
    bool isShowingRun() const { return running_; }

    QTableWidget* table() const { return table_; }
    SweepChart* chart() const { return chart_; }
    QTableWidget* samplesTable() const { return samplesTable_; }
    QTextBrowser* sampleDetail() const { return detail_; }

public Q_SLOTS:
    void reload();
    // Asks for a sweep folder, then opens it.
    void chooseSweep();
    // Asks for a folder, then exports.
    void exportReport();

Q_SIGNALS:
    void runSweepRequested();
    void sweepOpened(const QString& dir);
    void exported(const QString& outDir);
    void errorOccurred(const QString& message);

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    // The constructor's parts, in the order they are made.
    QHBoxLayout* buildTop();
    QWidget* buildResults();
    QWidget* buildChartPanel(QWidget* content);
    QWidget* buildDrillPanel(QWidget* content);   // SweepViewDrillDown.cpp
    void buildRunFrame();
    static QLabel* boldLabel(QWidget* parent, double scale = 1.0);

    void retranslate();
    void updateRunButton();
    void fillTable();
    void fillHeading();
    void fillColumnHeaders(int dimensionIndex, const QString& dimension);
    void fillStrategyRow(int row, const QString& strategy, const QStringList& dimensions);
    void fillCaption();
    void fitTableHeight();
    void onCurrentCellChanged(int row, int column);
    // The drill-down (SweepViewDrillDown.cpp).
    void loadSamples();
    void fillSamples();
    void showSample(int row);
    void showError(const QString& message);
    QString outcomeText(const QString& outcome) const;
    QString scoreText(const SweepSample& s, bool base) const;

    SweepReport report_;
    bool hasReport_ = false;
    QString error_;
    QString lastExportDir_;
    QString drillStrategy_;
    QString drillDimension_;
    QString drillError_;
    QList<SweepSample> samples_;
    QHash<QString, QList<SweepSample>> sampleCache_;   // strategy + '\n' + dimension

    QStackedWidget* pages_ = nullptr;
    QLabel* placeholder_ = nullptr;
    QLabel* title_ = nullptr;
    QLabel* summary_ = nullptr;
    QPushButton* openButton_ = nullptr;
    QPushButton* reloadButton_ = nullptr;
    QPushButton* exportButton_ = nullptr;
    QPushButton* runButton_ = nullptr;
    QFrame* runFrame_ = nullptr;
    QProgressBar* runProgress_ = nullptr;
    QLabel* runLabel_ = nullptr;
    bool running_ = false;
    QFrame* errorFrame_ = nullptr;
    QLabel* errorLabel_ = nullptr;
    QFrame* noticeFrame_ = nullptr;
    QLabel* notice_ = nullptr;
    QFrame* warningFrame_ = nullptr;
    QLabel* warnings_ = nullptr;
    QLabel* status_ = nullptr;
    QTableWidget* table_ = nullptr;
    QLabel* tableNote_ = nullptr;
    SweepChart* chart_ = nullptr;
    QLabel* chartTitle_ = nullptr;
    QLabel* drillTitle_ = nullptr;
    QTableWidget* samplesTable_ = nullptr;
    QTextBrowser* detail_ = nullptr;
    QSplitter* lower_ = nullptr;
};

} // namespace hialign::widgets

#include "widgets/SweepView.h"

#include <QEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "widgets/SweepChart.h"
#include "widgets/SweepExport.h"

namespace hialign::widgets {

namespace {

const QColor kTaxBackground(253, 226, 220);
const QColor kTaxText(122, 31, 20);
const QColor kBetterText(10, 110, 45);
const QColor kWorseText(176, 30, 20);

QFrame* messageFrame(QWidget* parent, const QString& style, QLabel** label)
{
    auto* frame = new QFrame(parent);
    frame->setStyleSheet(style);
    *label = new QLabel(frame);
    (*label)->setWordWrap(true);
    (*label)->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QHBoxLayout(frame);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(*label);
    frame->hide();
    return frame;
}

} // namespace

QLabel* SweepView::boldLabel(QWidget* parent, double scale)
{
    auto* l = new QLabel(parent);
    QFont f = l->font();
    f.setBold(true);
    if (scale != 1.0)
        f.setPointSizeF(f.pointSizeF() * scale);
    l->setFont(f);
    return l;
}

SweepView::SweepView(QWidget* parent) : QWidget(parent)
{
    QHBoxLayout* top = buildTop();
    errorFrame_ = messageFrame(this,
                               QStringLiteral("QFrame { background: #fdecea; border: 1px solid #e0796b; border-radius: 4px; }"
                                              "QLabel { border: none; color: #7a1f14; }"),
                               &errorLabel_);

    placeholder_ = new QLabel(this);
    placeholder_->setAlignment(Qt::AlignCenter);
    placeholder_->setWordWrap(true);
    placeholder_->setForegroundRole(QPalette::PlaceholderText);

    QWidget* content = buildResults();
    pages_ = new QStackedWidget(this);
    pages_->addWidget(placeholder_);
    pages_->addWidget(content);

    status_ = new QLabel(this);
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    status_->hide();

    buildRunFrame();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(top);
    layout->addWidget(runFrame_);
    layout->addWidget(errorFrame_);
    layout->addWidget(pages_, 1);
    layout->addWidget(status_);

    connect(openButton_, &QPushButton::clicked, this, &SweepView::chooseSweep);
    connect(reloadButton_, &QPushButton::clicked, this, &SweepView::reload);
    connect(exportButton_, &QPushButton::clicked, this, &SweepView::exportReport);
    connect(runButton_, &QPushButton::clicked, this, &SweepView::runSweepRequested);
    connect(table_, &QTableWidget::currentCellChanged, this,
            [this](int row, int column, int, int) { onCurrentCellChanged(row, column); });
    connect(samplesTable_, &QTableWidget::currentCellChanged, this, [this](int row, int, int, int) { showSample(row); });
    retranslate();
}

QHBoxLayout* SweepView::buildTop()
{
    // What is open, and the actions.
    title_ = boldLabel(this, 1.15);
    summary_ = new QLabel(this);
    summary_->setForegroundRole(QPalette::PlaceholderText);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    runButton_ = new QPushButton(this);
    runButton_->hide();
    openButton_ = new QPushButton(this);
    reloadButton_ = new QPushButton(this);
    exportButton_ = new QPushButton(this);
    auto* titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addWidget(title_);
    titles->addWidget(summary_);
    auto* top = new QHBoxLayout;
    top->addLayout(titles, 1);
    top->addWidget(runButton_);
    top->addWidget(openButton_);
    top->addWidget(reloadButton_);
    top->addWidget(exportButton_);
    return top;
}

// The results page: the warnings and notices, the table and its caption,
// the chart beside the drill-down.
QWidget* SweepView::buildResults()
{
    auto* content = new QWidget(this);
    noticeFrame_ = messageFrame(content,
                                QStringLiteral("QFrame { background: #fff4d6; border: 1px solid #e6c36a; border-radius: 4px; }"
                                               "QLabel { border: none; color: #5a4300; }"),
                                &notice_);
    warningFrame_ = messageFrame(content,
                                 QStringLiteral("QFrame { background: #fde8cf; border: 1px solid #e08a2c; border-radius: 4px; }"
                                                "QLabel { border: none; color: #6b3200; }"),
                                 &warnings_);
    warningFrame_->setObjectName(QStringLiteral("sweepWarnings"));
    warnings_->setTextFormat(Qt::RichText);
    table_ = new QTableWidget(content);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectItems);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
    table_->setWordWrap(false);
    table_->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    table_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    tableNote_ = new QLabel(content);
    tableNote_->setWordWrap(true);
    tableNote_->setForegroundRole(QPalette::PlaceholderText);
    tableNote_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    QWidget* chartPanel = buildChartPanel(content);
    QWidget* drillPanel = buildDrillPanel(content);

    lower_ = new QSplitter(Qt::Horizontal, content);
    lower_->addWidget(chartPanel);
    lower_->addWidget(drillPanel);
    lower_->setStretchFactor(0, 4);
    lower_->setStretchFactor(1, 5);
    lower_->setChildrenCollapsible(false);

    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(warningFrame_);
    contentLayout->addWidget(noticeFrame_);
    contentLayout->addWidget(table_);
    contentLayout->addWidget(tableNote_);
    contentLayout->addSpacing(4);
    contentLayout->addWidget(lower_, 1);
    return content;
}

QWidget* SweepView::buildChartPanel(QWidget* content)
{
    auto* chartPanel = new QWidget(content);
    chartTitle_ = boldLabel(chartPanel);
    chart_ = new SweepChart(chartPanel);
    auto* chartLayout = new QVBoxLayout(chartPanel);
    chartLayout->setContentsMargins(0, 0, 6, 0);
    chartLayout->addWidget(chartTitle_);
    chartLayout->addWidget(chart_, 1);
    return chartPanel;
}

void SweepView::buildRunFrame()
{
    runFrame_ = new QFrame(this);
    runFrame_->setObjectName(QStringLiteral("sweepRunFrame"));
    runProgress_ = new QProgressBar(runFrame_);
    runProgress_->setMaximumWidth(260);
    runLabel_ = new QLabel(runFrame_);
    runLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* runRow = new QHBoxLayout(runFrame_);
    runRow->setContentsMargins(0, 2, 0, 2);
    runRow->addWidget(runProgress_);
    runRow->addWidget(runLabel_, 1);
    runFrame_->hide();
}

SweepView::~SweepView() = default;

// ---------------------------------------------------------------- texts

void SweepView::retranslate()
{
    updateRunButton();
    openButton_->setText(tr("Open sweep…"));
    openButton_->setToolTip(tr("Open a sweep folder written by hialign-cli sweep"));
    reloadButton_->setText(tr("Reload"));
    reloadButton_->setToolTip(tr("Read the sweep folder again (after hialign-cli sweep --collect)"));
    exportButton_->setText(tr("Export report…"));
    exportButton_->setToolTip(tr("Write summary.html and summary.pdf (this view's table and chart) with the sweep's report.html, report.csv and report.json into a folder"));
    placeholder_->setText(tr("Run a sweep (Run sweep…) or open a sweep folder to see its table and charts.\n"
                             "hialign-cli sweep runs the same sweeps from a terminal or a cluster (see docs/SWEEP.md)."));
    fillCaption();
    chartTitle_->setText(tr("Mean score per dimension"));
    samplesTable_->setHorizontalHeaderLabels({tr("Seed"), tr("Prompt"), tr("Response"), tr("Score"), tr("Verdict"),
                                              tr("Base score"), tr("vs Base")});
    if (hasReport_) {
        const QString dimension = drillDimension_;
        const QString strategy = drillStrategy_;
        fillTable();
        if (!strategy.isEmpty())
            selectCell(strategy, dimension);
    } else {
        title_->setText(tr("Strategy sweep"));
        summary_->setText(tr("No sweep open"));
    }
    exportButton_->setEnabled(hasReport_);
    reloadButton_->setEnabled(hasReport_);
}

void SweepView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void SweepView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    fitTableHeight();   // a horizontal scroll bar comes and goes with the width
}

// ---------------------------------------------------------------- loading

bool SweepView::openSweep(const QString& dir)
{
    QString error;
    std::optional<SweepReport> report = SweepReport::load(dir, &error);
    if (!report) {
        clear();
        showError(error);
        return false;
    }
    report_ = std::move(*report);
    hasReport_ = true;
    error_.clear();
    errorFrame_->hide();
    status_->hide();
    sampleCache_.clear();
    drillStrategy_.clear();
    drillDimension_.clear();
    fillTable();
    chart_->setReport(report_);
    pages_->setCurrentIndex(1);
    exportButton_->setEnabled(true);
    reloadButton_->setEnabled(true);
    // Start the drill-down on the first trained strategy.
    const QStringList strategies = report_.strategies();
    const QStringList dimensions = report_.dimensions();
    QString first = strategies.value(0);
    for (const QString& s : strategies)
        if (s != report_.base()) {
            first = s;
            break;
        }
    if (!first.isEmpty() && !dimensions.isEmpty())
        selectCell(first, dimensions.first());
    Q_EMIT sweepOpened(report_.dir);
    return true;
}

void SweepView::clear()
{
    report_ = SweepReport{};
    hasReport_ = false;
    error_.clear();
    errorFrame_->hide();
    status_->hide();
    sampleCache_.clear();
    samples_.clear();
    drillStrategy_.clear();
    drillDimension_.clear();
    drillError_.clear();
    table_->clear();
    table_->setRowCount(0);
    table_->setColumnCount(0);
    samplesTable_->setRowCount(0);
    detail_->clear();
    chart_->clear();
    noticeFrame_->hide();
    warningFrame_->hide();
    pages_->setCurrentIndex(0);
    retranslate();
}

void SweepView::reload()
{
    if (!report_.dir.isEmpty())
        openSweep(report_.dir);
}

void SweepView::chooseSweep()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a sweep folder"), report_.dir);
    if (!dir.isEmpty())
        openSweep(dir);
}

void SweepView::showError(const QString& message)
{
    error_ = message;
    errorLabel_->setText(message);
    errorFrame_->show();
    Q_EMIT errorOccurred(message);
}

QString SweepView::noticeText() const
{
    return noticeFrame_->isHidden() ? QString() : notice_->text();
}

QString SweepView::warningText() const
{
    return warningFrame_->isHidden() ? QString() : qStringList(report_.model.warnings).join(QLatin1Char('\n'));
}

QString SweepView::captionText() const
{
    return tableNote_->text();
}

void SweepView::fillCaption()
{
    const SweepReport& r = report_;
    QStringList lines;
    if (!hasReport_ || !r.hasStatistics())
        lines << tr("Mean score with its 95% bootstrap interval, and the share of prompts won against Base. "
                    "Red cells: alignment tax (significantly worse than Base). "
                    "Select a score to see the generations behind it.");
    else
        lines << tr("Mean score with its %1 interval; Δ vs Base: the mean paired difference to Base with its %1 interval; "
                    "win rate against Base with its wins (W), ties (T) and losses (L). "
                    "Red cells: alignment tax (the paired difference's interval lies wholly below zero). "
                    "Select a score to see the generations behind it.")
                     .arg(r.levelText());
    if (hasReport_) {
        if (const QString stats = r.statisticsText(); !stats.isEmpty())
            lines << stats;
        for (const std::string& note : r.model.notes)
            lines << tr("Note: %1").arg(qString(note));
    }
    tableNote_->setText(lines.join(QLatin1Char('\n')));
}

void SweepView::setRunSweepAvailable(bool available)
{
    runButton_->setVisible(available);
}

void SweepView::setRunProgress(bool running, int done, int total, const QString& message)
{
    const bool changed = running != running_;
    running_ = running;
    runFrame_->setVisible(running);
    if (running && total >= 0) {   // total < 0: a new message only
        runProgress_->setRange(0, std::max(total, 1));
        runProgress_->setValue(std::clamp(done, 0, std::max(total, 1)));
        runProgress_->setFormat(total > 0 ? tr("%1 of %2 tasks").arg(done).arg(total) : tr("starting"));
    }
    if (running && !message.isEmpty())
        runLabel_->setText(message);
    else if (!running)
        runLabel_->clear();
    if (changed) updateRunButton();
}

void SweepView::updateRunButton()
{
    runButton_->setText(running_ ? tr("Stop sweep") : tr("Run sweep…"));
    runButton_->setToolTip(running_ ? tr("Stop after the current step; running the same sweep again resumes it")
                                    : tr("Train, generate and judge every strategy in a new sweep folder"));
}

// ---------------------------------------------------------------- table

void SweepView::fillTable()
{
    const QSignalBlocker block(table_);
    fillHeading();
    const QStringList dimensions = report_.dimensions();
    const QStringList strategies = report_.strategies();
    table_->clear();
    table_->setColumnCount(1 + ColumnsPerDimension * static_cast<int>(dimensions.size()));
    table_->setRowCount(static_cast<int>(strategies.size()));
    auto* strategyHeader = new QTableWidgetItem(tr("Strategy"));
    table_->setHorizontalHeaderItem(0, strategyHeader);
    for (int d = 0; d < dimensions.size(); ++d)
        fillColumnHeaders(d, dimensions[d]);
    for (int s = 0; s < strategies.size(); ++s)
        fillStrategyRow(s, strategies[s], dimensions);
    table_->resizeColumnsToContents();
    table_->resizeRowsToContents();
    fitTableHeight();
}

// The title, the summary line, the missing tasks, the warnings and the caption.
void SweepView::fillHeading()
{
    const SweepReport& r = report_;
    title_->setText(tr("Strategy sweep: %1").arg(QFileInfo(r.dir).fileName()));
    title_->setToolTip(QDir::toNativeSeparators(r.dir));
    summary_->setText(r.summaryText());
    const QString missing = r.missingTasksText();
    notice_->setText(missing);
    noticeFrame_->setVisible(!missing.isEmpty());
    QStringList warnings;
    for (const std::string& w : r.model.warnings)
        warnings << tr("<b>Warning:</b> %1").arg(qString(w).toHtmlEscaped());
    warnings_->setText(warnings.join(QStringLiteral("<br>")));
    warningFrame_->setVisible(!warnings.isEmpty());
    fillCaption();
}

// One dimension's three column headers with their tooltips.
void SweepView::fillColumnHeaders(int d, const QString& dimension)
{
    const SweepReport& r = report_;
    const bool v1 = !r.hasStatistics();
    const QString title = SweepReport::dimensionTitle(dimension);
    auto* mean = new QTableWidgetItem(v1 ? tr("%1\nmean [95% interval]").arg(title)
                                         : tr("%1\nmean [%2 interval]").arg(title, r.levelText()));
    if (v1)
        mean->setToolTip(r.percentScale() ? tr("Mean score in percent, with its 95% bootstrap interval")
                                          : tr("Mean score on the %1 scale, with its 95% bootstrap interval")
                                                .arg(r.scoreRangeText()));
    else
        mean->setToolTip(r.percentScale() ? tr("Mean score in percent, with its %1 interval (%2)")
                                                .arg(r.levelText(), r.intervalMethodText())
                                          : tr("Mean score on the %1 scale, with its %2 interval (%3)")
                                                .arg(r.scoreRangeText(), r.levelText(), r.intervalMethodText()));
    // The unit ("pts" on 0..1) is in the cells, as "%" is in the mean's.
    auto* diff = new QTableWidgetItem(tr("%1\nΔ vs Base [%2 interval]").arg(title, r.levelText()));
    if (v1)
        diff->setToolTip(tr("This report (version 1) has no paired differences to Base; collect the sweep again "
                            "(hialign-cli sweep --collect) for them."));
    else if (r.percentScale())
        diff->setToolTip(tr("Mean paired difference to Base on the same prompts and seeds in percentage points, "
                            "with its %1 interval; %2: significant by %3 after %4")
                             .arg(r.levelText(), SweepReport::significanceMark(), r.pairedTestText(),
                                  r.correctionSummary()));
    else
        diff->setToolTip(tr("Mean paired difference to Base on the same prompts and seeds, with its %1 interval; "
                            "%2: significant by %3 after %4")
                             .arg(r.levelText(), SweepReport::significanceMark(), r.pairedTestText(),
                                  r.correctionSummary()));
    auto* win = new QTableWidgetItem(tr("%1\nwin rate vs Base").arg(title));
    win->setToolTip(v1 ? tr("Share of prompts on which the strategy beat Base (ties count one half)")
                       : tr("Share of prompts on which the strategy beat Base (ties count one half), "
                            "with the wins (W), ties (T) and losses (L) behind it"));
    table_->setHorizontalHeaderItem(tableColumn(d, MeanColumn), mean);
    table_->setHorizontalHeaderItem(tableColumn(d, DiffColumn), diff);
    table_->setHorizontalHeaderItem(tableColumn(d, WinColumn), win);
}

// One strategy's row: its name, then per dimension the mean, Δ vs Base and the win rate.
void SweepView::fillStrategyRow(int s, const QString& strategy, const QStringList& dimensions)
{
    const SweepReport& r = report_;
    QFont bold = table_->font();
    bold.setBold(true);
    auto* name = new QTableWidgetItem(SweepReport::strategyTitle(strategy));
    name->setFont(bold);
    name->setData(StrategyRole, strategy);
    name->setToolTip(strategy == r.base() ? tr("%1: the model without adapters, the reference").arg(strategy)
                                          : strategy);
    table_->setItem(s, 0, name);
    for (int d = 0; d < dimensions.size(); ++d) {
        const QString& dimension = dimensions[d];
        const judge::ReportRow* row = r.row(strategy, dimension);
        auto* mean = new QTableWidgetItem(row ? r.formatMeanCell(*row) : QStringLiteral("–"));
        auto* diff = new QTableWidgetItem(row ? r.formatDiffCell(*row) : QStringLiteral("–"));
        auto* win = new QTableWidgetItem(row ? r.formatWinCell(*row) : QStringLiteral("–"));
        for (auto* item : {mean, diff, win}) {
            item->setData(StrategyRole, strategy);
            item->setData(DimensionRole, dimension);
            item->setData(AlignmentTaxRole, false);
            item->setData(SignificantRole, false);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        }
        if (row) {
            mean->setToolTip(r.formatMeanTooltip(*row));
            diff->setToolTip(r.formatDiffTooltip(*row));
            win->setToolTip(r.formatWinTooltip(*row));
            if (row->alignmentTax) {
                mean->setData(AlignmentTaxRole, true);
                mean->setBackground(kTaxBackground);
                mean->setForeground(kTaxText);
                mean->setFont(bold);
            }
            if (row->significant && !r.isBase(*row) && !std::isnan(row->diff)) {
                // Significant after the correction: bold, green better, red worse.
                diff->setData(SignificantRole, true);
                diff->setFont(bold);
                diff->setForeground(row->diff < 0 ? kWorseText : kBetterText);
            }
        } else {
            const QString none = tr("The report has no row for %1 on %2.")
                                     .arg(SweepReport::strategyTitle(strategy), SweepReport::dimensionTitle(dimension));
            mean->setToolTip(none);
            diff->setToolTip(none);
        }
        table_->setItem(s, tableColumn(d, MeanColumn), mean);
        table_->setItem(s, tableColumn(d, DiffColumn), diff);
        table_->setItem(s, tableColumn(d, WinColumn), win);
    }
}

void SweepView::fitTableHeight()
{
    int h = table_->horizontalHeader()->sizeHint().height() + 2 * table_->frameWidth();
    for (int r = 0; r < table_->rowCount(); ++r)
        h += table_->rowHeight(r);
    int w = 2 * table_->frameWidth();
    for (int c = 0; c < table_->columnCount(); ++c)
        w += table_->columnWidth(c);
    // The table spans the page's width (less the margins) once laid out.
    const int available = std::max(table_->width(), width() - 16);
    if (w > available)
        h += table_->horizontalScrollBar()->sizeHint().height();
    table_->setFixedHeight(h + 2);
    table_->setMaximumWidth(w + 2);   // no empty frame to the right of the last column
}

void SweepView::onCurrentCellChanged(int row, int column)
{
    const QStringList strategies = report_.strategies();
    const QStringList dimensions = report_.dimensions();
    if (row < 0 || row >= strategies.size() || dimensions.isEmpty())
        return;
    const QString strategy = strategies[row];
    const QString dimension = column <= 0 ? (drillDimension_.isEmpty() ? dimensions.first() : drillDimension_)
                                          : dimensions.value((column - 1) / ColumnsPerDimension);
    if (strategy == drillStrategy_ && dimension == drillDimension_)
        return;
    drillStrategy_ = strategy;
    drillDimension_ = dimension;
    loadSamples();
}

void SweepView::selectCell(const QString& strategy, const QString& dimension)
{
    const int row = static_cast<int>(report_.strategies().indexOf(strategy));
    const int d = static_cast<int>(report_.dimensions().indexOf(dimension));
    if (row < 0 || d < 0)
        return;
    {
        const QSignalBlocker block(table_);
        table_->setCurrentCell(row, tableColumn(d, MeanColumn));
    }
    drillStrategy_ = strategy;
    drillDimension_ = dimension;
    loadSamples();
}

// ---------------------------------------------------------------- export

bool SweepView::exportReportTo(const QString& outDir, QString* error)
{
    QString message;
    const bool ok = hasReport_ ? exportSweepReport(report_, outDir, &message) : false;
    if (!hasReport_)
        message = tr("Open a sweep folder before exporting its report.");
    if (error)
        *error = message;
    if (!ok)
        return false;
    lastExportDir_ = outDir;
    Q_EMIT exported(outDir);
    return true;
}

void SweepView::exportReport()
{
    if (!hasReport_)
        return;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a folder for the report"),
                                                          lastExportDir_.isEmpty() ? report_.dir : lastExportDir_);
    if (dir.isEmpty())
        return;
    QString error;
    if (exportReportTo(dir, &error)) {
        status_->setText(tr("Wrote summary.html, summary.pdf, report.html, report.csv and report.json to %1.")
                             .arg(QDir::toNativeSeparators(dir)));
        status_->show();
    } else {
        showError(error);
    }
}

} // namespace hialign::widgets

// SweepView on a small synthetic sweep folder written exactly as
// docs/SWEEP.md describes it (a rubric judge on 1–10, three dimensions, Base
// and two strategies, null values, one unparsed judgment, pairwise files):
// the table's cells and alignment-tax highlighting, the grouped bars, the
// drill-down for one cell, the exports (in the view and headless), broken
// folders answered with one sentence, and the Sweep page of the main window.
// A version-2 report (seed-aware intervals, paired differences to Base with
// Holm-corrected tests, W/T/L counts, notes and warnings) shows its new
// columns and texts; a version-1 report shows "–" there. The Run sweep
// dialog's decoding and statistics fields.
#include <QBrush>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest/QtTest>

#include <cmath>


#include "app/gui/AppOptions.h"
#include "app/gui/MainWindow.h"
#include "app/gui/SweepDialog.h"
#include "widgets/SweepChart.h"
#include "widgets/SweepExport.h"
#include "widgets/SweepReport.h"
#include "widgets/SweepView.h"

using hialign::widgets::SweepChart;
using hialign::widgets::SweepReport;
using hialign::widgets::SweepView;

namespace {

const QJsonValue kNull = QJsonValue(QJsonValue::Null);

void writeFile(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    f.write(bytes);
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// report.csv checked field by field against DIR/report.json's rows as read
// here with QJson (not through the core's report model): every row once, with
// the same strategy, dimension, counts, flags and numbers (the CSV rounds to 6
// decimals, 3 for mean_length and 4 for length_correlation). Empty when they
// agree, else what differs.
QString csvAgainstReportJson(const QByteArray& csv, const QString& dir)
{
    const QJsonArray rows = QJsonDocument::fromJson(readFile(dir + QStringLiteral("/report.json")))
                                .object().value(QStringLiteral("rows")).toArray();
    const QStringList lines = QString::fromUtf8(csv).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (rows.isEmpty())
        return QStringLiteral("report.json has no rows");
    if (lines.size() != rows.size() + 1)
        return QStringLiteral("%1 CSV rows for %2 report rows").arg(lines.size() - 1).arg(rows.size());
    const QStringList header = lines[0].split(QLatin1Char(','));
    for (int i = 0; i < rows.size(); ++i) {
        const QJsonObject r = rows[i].toObject();
        const QStringList f = lines[i + 1].split(QLatin1Char(','));
        if (f.size() != header.size())
            return QStringLiteral("line %1 has %2 fields, the header %3").arg(i + 2).arg(f.size()).arg(header.size());
        for (int c = 0; c < header.size(); ++c) {
            const QString key = header[c];
            if (key == QLatin1String("seed_means") || key == QLatin1String("win_source"))
                continue;
            const QJsonValue v = r.value(key);
            const QString got = f[c];
            const QString where = QStringLiteral("line %1, %2: CSV \"%3\"").arg(i + 2).arg(key, got);
            if (v.isUndefined() || v.isNull()) {
                if (!got.isEmpty() && got != QLatin1String("false"))
                    return where + QStringLiteral(", report.json has none");
            } else if (v.isString()) {
                if (got != v.toString())
                    return where + QStringLiteral(", report.json \"%1\"").arg(v.toString());
            } else if (v.isBool()) {
                if (got != QLatin1String(v.toBool() ? "true" : "false"))
                    return where + QStringLiteral(", report.json %1").arg(v.toBool());
            } else if (v.isDouble()) {
                bool ok = false;
                const double x = got.toDouble(&ok);
                const double tol = key == QLatin1String("mean_length") ? 5e-4 : key == QLatin1String("length_correlation") ? 5e-5 : 5e-7;
                if (!ok || std::abs(x - v.toDouble()) > tol * (1 + 1e-9))
                    return where + QStringLiteral(", report.json %1").arg(v.toDouble(), 0, 'g', 17);
            }
        }
    }
    return QString();
}

void writeLines(const QString& path, const QList<QJsonObject>& lines)
{
    QByteArray bytes;
    for (const QJsonObject& o : lines)
        bytes += QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    writeFile(path, bytes);
}

QJsonObject row(const QString& strategy, const QString& dimension, int n, int unparsed, QJsonValue mean,
                QJsonValue low, QJsonValue high, QJsonValue win, const QString& source, bool tax)
{
    return QJsonObject{{"strategy", strategy}, {"dimension", dimension}, {"n", n}, {"unparsed", unparsed},
                       {"mean", mean}, {"low", low}, {"high", high}, {"win_rate", win}, {"win_source", source},
                       {"mean_length", 7.5}, {"length_correlation", kNull}, {"alignment_tax", tax},
                       {"seed_means", QJsonArray{mean}}, {"seed_sd", 0.0}};
}

const QStringList kPrompts = {QStringLiteral("mira lives in"), QStringLiteral("if teo is taller than mira then"),
                              QStringLiteral("the river runs through")};
const QStringList kDimensions = {QStringLiteral("grammar"), QStringLiteral("logic"), QStringLiteral("facts")};

QString promptId(int i)
{
    return QStringLiteral("eval_mixed:%1").arg(i + 1);
}

void writeTask(const QString& sweep, const QString& strategy, const QList<QList<QJsonValue>>& scores,
               bool pairwise, const QStringList& outcomes = {})
{
    const QString task = strategy + QStringLiteral("-seed1");
    const QString dir = sweep + QStringLiteral("/tasks/") + task;
    QList<QJsonObject> generations, judgments, pairs;
    for (int p = 0; p < kPrompts.size(); ++p) {
        generations << QJsonObject{{"task", task}, {"strategy", strategy}, {"seed", 1}, {"prompt_id", promptId(p)},
                                   {"prompt", kPrompts[p]},
                                   {"response", QStringLiteral("%1 answer %2").arg(strategy).arg(p + 1)},
                                   {"tokens", 6}, {"finish_reason", "eos"}};
        for (int d = 0; d < kDimensions.size(); ++d) {
            const QJsonValue score = scores[p][d];
            if (score.isUndefined())
                continue;   // not judged on this dimension
            judgments << QJsonObject{{"task", task}, {"strategy", strategy}, {"seed", 1}, {"prompt_id", promptId(p)},
                                     {"dimension", kDimensions[d]}, {"score", score},
                                     {"verdict", score.isNull() ? QJsonValue(kNull) : QJsonValue(QStringLiteral("ok"))},
                                     {"explanation", QStringLiteral("%1 reasons on %2").arg(strategy, kDimensions[d])},
                                     {"judge", "local:judge"},
                                     {"reply", score.isNull() ? QStringLiteral("No rating here.")
                                                              : QStringLiteral("Fine.\nRating: [[%1]]").arg(score.toDouble())}};
            if (pairwise)
                pairs << QJsonObject{{"task", task}, {"strategy", strategy}, {"seed", 1}, {"prompt_id", promptId(p)},
                                     {"dimension", kDimensions[d]}, {"outcome", outcomes.value(p, "tie")},
                                     {"first", "A"}, {"swapped", outcomes.value(p) == QLatin1String("tie") ? "A" : "B"},
                                     {"explanations", QJsonArray{"first order says A", "swapped order says B"}}};
        }
    }
    writeLines(dir + QStringLiteral("/generations.jsonl"), generations);
    writeLines(dir + QStringLiteral("/judgments.jsonl"), judgments);
    if (pairwise)
        writeLines(dir + QStringLiteral("/pairwise.jsonl"), pairs);
    writeFile(dir + QStringLiteral("/task.json"), R"({"status":"finished","seconds":12.5})");
}

// The synthetic sweep: base, local, global on grammar, logic, facts, 1–10.
void writeSweep(const QString& dir, const QJsonArray& missing = {})
{
    QJsonArray rows{
        row("base", "grammar", 3, 0, 6.0, 5.0, 7.0, 0.5, "scores", false),
        row("base", "logic", 3, 0, 5.0, 4.0, 6.0, 0.5, "scores", false),
        row("base", "facts", 3, 0, 7.0, 6.0, 8.0, 0.5, "scores", false),
        row("local", "grammar", 3, 1, 8.0, 7.5, 8.5, 1.0, "pairwise", false),
        row("local", "logic", 3, 0, 5.5, 4.25, 6.75, 0.5, "pairwise", false),
        row("local", "facts", 3, 0, 6.5, 6.0, 6.8, 0.25, "pairwise", true),
        row("global", "grammar", 3, 0, 6.0, 5.0, 7.0, kNull, "pairwise", false),
        row("global", "logic", 0, 0, kNull, kNull, kNull, kNull, "pairwise", false),
        row("global", "facts", 3, 0, 8.0, 7.0, 9.0, 0.8333, "pairwise", false),
    };
    const QJsonObject report{{"format", "hialign-sweep-report"}, {"version", 1}, {"judge", "local:judge"},
                             {"score_min", 1}, {"score_max", 10}, {"base", "base"},
                             {"strategies", QJsonArray{"base", "local", "global"}},
                             {"dimensions", QJsonArray{"grammar", "logic", "facts"}}, {"seeds", QJsonArray{1}},
                             {"missing_tasks", missing}, {"rows", rows}, {"settings", QJsonObject{{"steps", 60}}}};
    writeFile(dir + QStringLiteral("/report.json"), QJsonDocument(report).toJson());
    writeFile(dir + QStringLiteral("/sweep.json"), R"({"model":"model","judge":"local:judge"})");
    const QJsonValue none(QJsonValue::Undefined);   // not judged
    writeTask(dir, "base", {{6, 5, 7}, {5, 4, 6}, {7, 6, 8}}, false);
    // Local: prompt 3's grammar reply had no rating marker (unparsed).
    writeTask(dir, "local", {{8, 5, 6}, {8, 6, 7}, {kNull, 5, 6}}, true, {"win", "win", "tie"});
    // Global: not judged on logic at all.
    writeTask(dir, "global", {{6, none, 8}, {6, none, 9}, {6, none, 7}}, true, {"tie", "loss", "win"});
}

// A version-2 report (the exact judge, 0..1 scores shown in percent, three
// seeds): Base, Local and Global on grammar (saturated) and logic, with the
// statistics block, a note and a warning. No task folders.
const QString kSaturated = QStringLiteral("grammar is saturated: every strategy scores 100.0%, so this dimension "
                                          "cannot show an effect.");
const QString kNote = QStringLiteral("The exact judge scores each answer 0 or 1.");

QJsonObject row2(const QString& strategy, const QString& dimension, double mean, double low, double high,
                 QJsonValue diff, QJsonValue diffLow, QJsonValue diffHigh, QJsonValue p, QJsonValue pHolm,
                 bool significant, QJsonValue win, QJsonValue wins, QJsonValue ties, QJsonValue losses, bool tax)
{
    const bool base = strategy == QLatin1String("base");
    return QJsonObject{{"strategy", strategy}, {"dimension", dimension}, {"n", 600}, {"unparsed", 0},
                       {"mean", mean}, {"low", low}, {"high", high}, {"win_rate", win},
                       {"win_source", "scores"}, {"wins", wins}, {"ties", ties}, {"losses", losses},
                       {"diff", diff}, {"diff_low", diffLow}, {"diff_high", diffHigh},
                       {"paired_n", base ? kNull : QJsonValue(600)}, {"p_value", p}, {"p_holm", pHolm},
                       {"significant", significant}, {"mean_length", 6.0}, {"length_correlation", kNull},
                       {"alignment_tax", tax}, {"seed_means", QJsonArray{mean, mean, mean}}, {"seed_sd", 0.01}};
}

void writeSweepV2(const QString& dir)
{
    const QJsonArray rows{
        row2("base", "grammar", 1.0, 1.0, 1.0, kNull, kNull, kNull, kNull, kNull, false, kNull, kNull, kNull, kNull, false),
        row2("base", "logic", 0.05, 0.03, 0.08, kNull, kNull, kNull, kNull, kNull, false, kNull, kNull, kNull, kNull, false),
        row2("local", "grammar", 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, kNull, kNull, false, 0.5, 0, 600, 0, false),
        row2("local", "logic", 0.03, 0.015, 0.045, -0.02, -0.035, -0.005, 0.004, 0.008, true, 0.49, 3, 582, 15, true),
        row2("global", "grammar", 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, kNull, kNull, false, 0.5, 0, 600, 0, false),
        row2("global", "logic", 0.085, 0.06, 0.11, 0.035, 0.01, 0.06, 0.0021, 0.0042, true, 0.525, 45, 540, 15, false),
    };
    const QJsonObject statistics{{"bootstrap_resamples", 10000}, {"alpha", 0.05}, {"level", 0.95},
                                 {"interval", "seeds-then-prompts"}, {"paired_test", "mcnemar-exact"},
                                 {"correction", "holm"}, {"comparisons", 2}};
    const QJsonObject report{{"format", "hialign-sweep-report"}, {"version", 2}, {"judge", "exact"},
                             {"score_min", 0}, {"score_max", 1}, {"base", "base"},
                             {"strategies", QJsonArray{"base", "local", "global"}},
                             {"dimensions", QJsonArray{"grammar", "logic"}}, {"seeds", QJsonArray{1, 2, 3}},
                             {"missing_tasks", QJsonArray{}}, {"statistics", statistics},
                             {"notes", QJsonArray{kNote}}, {"warnings", QJsonArray{kSaturated}},
                             {"rows", rows}, {"settings", QJsonObject{{"steps", 60}}}};
    writeFile(dir + QStringLiteral("/report.json"), QJsonDocument(report).toJson());
}

} // namespace

class TestSweepView : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;
    QString sweep_;
    std::unique_ptr<SweepView> view_;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("HIALIGN_DEMO_DIR", "/nonexistent");
        QVERIFY(tmp_.isValid());
        sweep_ = tmp_.filePath(QStringLiteral("sweep"));
        writeSweep(sweep_);
    }

    void init()
    {
        view_ = std::make_unique<SweepView>();
        view_->resize(1300, 850);
        view_->show();
        QVERIFY(QTest::qWaitForWindowExposed(view_.get()));
        QVERIFY2(view_->openSweep(sweep_), qPrintable(view_->errorText()));
    }
    void cleanup() { view_.reset(); }

    void readsTheReport()
    {
        const SweepReport& r = view_->report();
        QCOMPARE(r.strategies(), (QStringList{"base", "local", "global"}));
        QCOMPARE(r.dimensions(), kDimensions);
        QCOMPARE(r.model.rows.size(), std::size_t(9));
        QVERIFY(!r.percentScale());
        QVERIFY(std::isnan(r.row("global", "logic")->mean));
        QVERIFY(std::isnan(r.row("global", "grammar")->winRate));
        QCOMPARE(r.row("local", "grammar")->unparsed, std::size_t(1));
        QVERIFY(r.row("local", "facts")->alignmentTax);
        QVERIFY(view_->noticeText().isEmpty());
    }

    void tableCells()
    {
        const QTableWidget* t = view_->table();
        QCOMPARE(t->rowCount(), 3);
        // Strategy + (mean, Δ vs Base, win) × 3: grammar 1–3, logic 4–6, facts 7–9.
        QCOMPARE(t->columnCount(), 10);
        QCOMPARE(SweepView::tableColumn(2, SweepView::WinColumn), 9);
        QCOMPARE(t->item(0, 0)->text(), QStringLiteral("Base"));
        QCOMPARE(t->item(1, 0)->text(), QStringLiteral("Local-Align"));
        QCOMPARE(t->item(2, 0)->text(), QStringLiteral("Global-Align"));
        QVERIFY(t->horizontalHeaderItem(1)->text().startsWith(QStringLiteral("Grammar")));
        QVERIFY(t->horizontalHeaderItem(2)->text().startsWith(QStringLiteral("Grammar\nΔ vs Base")));
        QVERIFY(t->horizontalHeaderItem(3)->text().contains(QStringLiteral("win rate vs Base")));
        QVERIFY(t->horizontalHeaderItem(8)->text().startsWith(QStringLiteral("Facts\nΔ vs Base")));
        QCOMPARE(t->item(0, 1)->text(), QStringLiteral("6.0 [5.0, 7.0]"));
        QCOMPARE(t->item(0, 3)->text(), QStringLiteral("–"));                       // Base is the reference
        QCOMPARE(t->item(1, 1)->text(), QStringLiteral("8.0 [7.5, 8.5]\n1 unparsed"));
        QCOMPARE(t->item(1, 3)->text(), QStringLiteral("100.0%"));
        QCOMPARE(t->item(1, 4)->text(), QStringLiteral("5.5 [4.3, 6.8]"));
        QCOMPARE(t->item(1, 7)->text(), QStringLiteral("6.5 [6.0, 6.8]"));
        QCOMPARE(t->item(1, 9)->text(), QStringLiteral("25.0%"));                   // version 1: no W/T/L counts
        QCOMPARE(t->item(2, 3)->text(), QStringLiteral("–"));                       // null win rate
        QCOMPARE(t->item(2, 4)->text(), QStringLiteral("–"));                       // null mean
        QCOMPARE(t->item(2, 9)->text(), QStringLiteral("83.3%"));
        QVERIFY(t->item(1, 9)->toolTip().contains(QStringLiteral("both orders")));  // pairwise win source
        QCOMPARE(t->item(1, 7)->data(SweepView::DimensionRole).toString(), QStringLiteral("facts"));
        QCOMPARE(t->item(1, 7)->data(SweepView::StrategyRole).toString(), QStringLiteral("local"));
        QCOMPARE(t->item(1, 8)->data(SweepView::DimensionRole).toString(), QStringLiteral("facts"));
        // Version 1 has no paired differences: every Δ cell is "–", and says why.
        for (int r = 0; r < t->rowCount(); ++r)
            for (int d = 0; d < 3; ++d) {
                const QTableWidgetItem* diff = t->item(r, SweepView::tableColumn(d, SweepView::DiffColumn));
                QCOMPARE(diff->text(), QStringLiteral("–"));
                QVERIFY(!diff->data(SweepView::SignificantRole).toBool());
            }
        QVERIFY2(t->item(1, 2)->toolTip().contains(QStringLiteral("version 1")), qPrintable(t->item(1, 2)->toolTip()));
        QVERIFY(view_->warningText().isEmpty());
        QVERIFY2(view_->captionText().contains(QStringLiteral("version 1")), qPrintable(view_->captionText()));
        const SweepReport& r = view_->report();
        QCOMPARE(r.model.version, 1);
        QVERIFY(!r.hasStatistics());
        QVERIFY(r.model.notes.empty() && r.model.warnings.empty());
        const auto* local = r.row("local", "facts");
        QVERIFY(std::isnan(local->diff) && std::isnan(local->pValue) && std::isnan(local->pHolm));
        QVERIFY(!local->pairedN && !local->wins && !local->ties && !local->losses);
        QVERIFY(!local->significant);
        QCOMPARE(r.formatWinCounts(*local), QString());
    }

    void alignmentTaxIsHighlighted()
    {
        const QTableWidget* t = view_->table();
        int flagged = 0;
        for (int r = 0; r < t->rowCount(); ++r)
            for (int c = 1; c < t->columnCount(); ++c)
                if (t->item(r, c)->data(SweepView::AlignmentTaxRole).toBool())
                    ++flagged;
        QCOMPARE(flagged, 1);
        const QTableWidgetItem* tax = t->item(1, 7);
        QVERIFY(tax->data(SweepView::AlignmentTaxRole).toBool());
        QVERIFY(tax->background().style() != Qt::NoBrush);
        QVERIFY2(tax->toolTip().contains(QStringLiteral("Alignment tax")), qPrintable(tax->toolTip()));
        QVERIFY(!t->item(1, 1)->data(SweepView::AlignmentTaxRole).toBool());
        QCOMPARE(t->item(1, 1)->background().style(), Qt::NoBrush);
    }

    void groupedBars()
    {
        const SweepChart* chart = view_->chart();
        QCOMPARE(chart->barSeriesCount(), 3);
        QCOMPARE(chart->barSeriesName(0), QStringLiteral("Base"));
        QCOMPARE(chart->barSeriesName(2), QStringLiteral("Global-Align"));
        QCOMPARE(chart->barValues(0), (QVector<double>{6.0, 5.0, 7.0}));
        QCOMPARE(chart->barValues(1), (QVector<double>{8.0, 5.5, 6.5}));
        const QVector<double> global = chart->barValues(2);
        QCOMPARE(global.size(), 3);
        QCOMPARE(global[0], 6.0);
        QVERIFY(std::isnan(global[1]));   // no bar for a null mean
        QCOMPARE(global[2], 8.0);
        QCOMPARE(chart->errorLows(1), (QVector<double>{7.5, 4.25, 6.0}));
        QCOMPARE(chart->errorHighs(1), (QVector<double>{8.5, 6.75, 6.8}));
        QCOMPARE(chart->taxMarkCount(), 1);
    }

    void drillDown()
    {
        // The view starts on the first trained strategy and dimension.
        QCOMPARE(view_->selectedStrategy(), QStringLiteral("local"));
        QCOMPARE(view_->selectedDimension(), QStringLiteral("grammar"));
        // Picking a cell in the table moves it.
        view_->table()->setCurrentCell(2, 7);
        QCOMPARE(view_->selectedStrategy(), QStringLiteral("global"));
        QCOMPARE(view_->selectedDimension(), QStringLiteral("facts"));
        QCOMPARE(view_->samples().size(), 3);
        // Every column of a dimension (mean, Δ, win rate) drills into it.
        view_->table()->setCurrentCell(1, 6);
        QCOMPARE(view_->selectedStrategy(), QStringLiteral("local"));
        QCOMPARE(view_->selectedDimension(), QStringLiteral("logic"));
        view_->table()->setCurrentCell(2, 5);
        QCOMPARE(view_->selectedStrategy(), QStringLiteral("global"));
        QCOMPARE(view_->selectedDimension(), QStringLiteral("logic"));
        view_->table()->setCurrentCell(1, 2);
        QCOMPARE(view_->selectedDimension(), QStringLiteral("grammar"));
        view_->table()->setCurrentCell(2, 9);
        QCOMPARE(view_->selectedDimension(), QStringLiteral("facts"));
        QCOMPARE(view_->samples().size(), 3);

        view_->selectCell(QStringLiteral("local"), QStringLiteral("grammar"));
        QVERIFY2(view_->drillDownError().isEmpty(), qPrintable(view_->drillDownError()));
        const QTableWidget* s = view_->samplesTable();
        QCOMPARE(s->rowCount(), 3);
        // Columns: seed (hidden with one seed), prompt, response, score, verdict, Base score, vs Base.
        QVERIFY(s->isColumnHidden(0));
        QCOMPARE(s->item(0, 1)->text(), kPrompts[0]);
        QCOMPARE(s->item(0, 2)->text(), QStringLiteral("local answer 1"));
        QCOMPARE(s->item(0, 3)->text(), QStringLiteral("8.0"));
        QCOMPARE(s->item(0, 4)->text(), QStringLiteral("ok"));
        QCOMPARE(s->item(0, 5)->text(), QStringLiteral("6.0"));
        QCOMPARE(s->item(0, 6)->text(), QStringLiteral("win"));
        QCOMPARE(s->item(2, 3)->text(), QStringLiteral("unparsed"));
        QCOMPARE(s->item(2, 6)->text(), QStringLiteral("tie"));
        const auto& first = view_->samples().first();
        QVERIFY(first.hasBase);
        QCOMPARE(first.baseResponse, QStringLiteral("base answer 1"));
        QCOMPARE(first.explanation, QStringLiteral("local reasons on grammar"));
        QCOMPARE(first.pairwiseExplanations.size(), 2);
        // The detail shows the response beside Base's with the judge's explanation.
        view_->samplesTable()->setCurrentCell(1, 1);
        const QString detail = view_->sampleDetail()->toPlainText();
        QVERIFY2(detail.contains(kPrompts[1]), qPrintable(detail));
        QVERIFY(detail.contains(QStringLiteral("local answer 2")));
        QVERIFY(detail.contains(QStringLiteral("base answer 2")));
        QVERIFY(detail.contains(QStringLiteral("local reasons on grammar")));
        QVERIFY(detail.contains(QStringLiteral("first order says A")));

        // Global was not judged on logic: its generations show without scores.
        view_->selectCell(QStringLiteral("global"), QStringLiteral("logic"));
        QCOMPARE(s->rowCount(), 3);
        QCOMPARE(s->item(0, 3)->text(), QStringLiteral("–"));
        // Base's own drill-down has no Base column.
        view_->selectCell(QStringLiteral("base"), QStringLiteral("facts"));
        QCOMPARE(s->rowCount(), 3);
        QVERIFY(s->isColumnHidden(5));
        QCOMPARE(s->item(2, 3)->text(), QStringLiteral("8.0"));
    }

    void exportFromTheView()
    {
        const QString out = tmp_.filePath(QStringLiteral("export-view"));
        QString error;
        QVERIFY2(view_->exportReportTo(out, &error), qPrintable(error));
        for (const char* name : {"summary.html", "summary.pdf", "report.html", "report.csv", "report.json"})
            QVERIFY2(QFileInfo::exists(out + QLatin1Char('/') + QLatin1String(name)), name);
        // report.html is the core's (the sweep has none: written from report.json): a table row per report row.
        {
            const QString reportHtml = QString::fromUtf8(readFile(out + QStringLiteral("/report.html")));
            QVERIFY(reportHtml.contains(QStringLiteral("<table")));
            for (const char* title : {"Base", "Local-Align", "Global-Align"})
                QVERIFY2(reportHtml.contains(QLatin1String(title)), title);
        }
        QFile html(out + QStringLiteral("/summary.html"));
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(html.readAll());
        QVERIFY(text.contains(QStringLiteral("data:image/png;base64,")));
        for (const char* title : {"Base", "Local-Align", "Global-Align", "Grammar", "Facts"})
            QVERIFY2(text.contains(QLatin1String(title)), title);
        QVERIFY(text.contains(QStringLiteral("8.0 [7.5, 8.5]<br><small style=\"color:#666\">1 unparsed</small>")));
        QVERIFY(text.contains(QStringLiteral("class=\"tax\"")));
        QVERIFY(text.contains(QStringLiteral("colspan=\"3\"")));   // mean, Δ vs Base, win rate per dimension
        QVERIFY(text.contains(QStringLiteral("Δ vs Base")));
        QVERIFY(text.contains(QStringLiteral("version 1")));
        QVERIFY(!text.contains(QStringLiteral("class=\"warning\"")));
        QVERIFY(!text.contains(QStringLiteral("src=\"http")));   // self-contained
        // The embedded chart is a real PNG.
        const int at = static_cast<int>(text.indexOf(QStringLiteral("base64,"))) + 7;
        const QByteArray png = QByteArray::fromBase64(text.mid(at, text.indexOf(QLatin1Char('"'), at) - at).toLatin1());
        QImage chart;
        QVERIFY(chart.loadFromData(png, "PNG"));
        QVERIFY(chart.width() >= 1000);
        QFile pdf(out + QStringLiteral("/summary.pdf"));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(4) == "%PDF");
        QVERIFY(pdf.size() > 5000);
        // No report.csv in the sweep: written from report.json; every field checked against it.
        const QByteArray csvBytes = readFile(out + QStringLiteral("/report.csv"));
        const QString csvProblem = csvAgainstReportJson(csvBytes, sweep_);
        QVERIFY2(csvProblem.isEmpty(), qPrintable(csvProblem));
        const QStringList lines = QString::fromUtf8(csvBytes).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 10);
        QVERIFY(lines[0].startsWith(QStringLiteral("strategy,dimension,n,unparsed,mean,low,high,")));
        QVERIFY2(lines[6].startsWith(QStringLiteral("local,facts,3,0,6.5")), qPrintable(lines[6]));
        // report.json is the sweep's own, byte for byte.
        QFile exported(out + QStringLiteral("/report.json")), original(sweep_ + QStringLiteral("/report.json"));
        QVERIFY(exported.open(QIODevice::ReadOnly) && original.open(QIODevice::ReadOnly));
        QCOMPARE(exported.readAll(), original.readAll());
        if (const QByteArray snap = qgetenv("HIALIGN_GUI_SNAPSHOT_DIR"); !snap.isEmpty()) {
            view_->grab().save(QString::fromLocal8Bit(snap) + QStringLiteral("/sweepview.png"));
            QFile::copy(out + QStringLiteral("/summary.pdf"), QString::fromLocal8Bit(snap) + QStringLiteral("/sweep-report.pdf"));
            QFile::copy(out + QStringLiteral("/summary.html"), QString::fromLocal8Bit(snap) + QStringLiteral("/sweep-report.html"));
        }
    }

    void headlessExportCopiesTheSweepsCsv()
    {
        writeFile(sweep_ + QStringLiteral("/report.csv"), "strategy,dimension\nbase,grammar\n");
        const QString out = tmp_.filePath(QStringLiteral("export-headless/nested"));
        QString error;
        QVERIFY2(hialign::widgets::exportSweepReport(sweep_, out, &error), qPrintable(error));
        QFile csv(out + QStringLiteral("/report.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll(), QByteArray("strategy,dimension\nbase,grammar\n"));
        QFile::remove(sweep_ + QStringLiteral("/report.csv"));
        // The sweep's own report.html is copied unchanged.
        writeFile(sweep_ + QStringLiteral("/report.html"), "<html>core</html>\n");
        QVERIFY2(hialign::widgets::exportSweepReport(sweep_, out, &error), qPrintable(error));
        QCOMPARE(readFile(out + QStringLiteral("/report.html")), QByteArray("<html>core</html>\n"));
        // Exporting into the sweep folder itself leaves its report files intact.
        QVERIFY2(hialign::widgets::exportSweepReport(sweep_, sweep_, &error), qPrintable(error));
        QVERIFY(SweepReport::load(sweep_, &error).has_value());
        QCOMPARE(readFile(sweep_ + QStringLiteral("/report.html")), QByteArray("<html>core</html>\n"));
        QFile::remove(sweep_ + QStringLiteral("/report.html"));
        QFile::remove(sweep_ + QStringLiteral("/summary.html"));
        QFile::remove(sweep_ + QStringLiteral("/summary.pdf"));
        QFile::remove(sweep_ + QStringLiteral("/report.csv"));
    }

    void percentScaleAndSeeds()
    {
        const QString dir = tmp_.filePath(QStringLiteral("exact"));
        QJsonObject base = row("base", "grammar", 400, 0, 0.93, 0.9, 0.96, 0.5, "scores", false);
        base["seed_means"] = QJsonArray{0.92, 0.94};
        base["seed_sd"] = 0.012;
        QJsonObject global = row("global", "grammar", 400, 0, 0.875, 0.85, 0.9, 0.625, "scores", true);
        global["seed_means"] = QJsonArray{0.87, kNull};
        global["seed_sd"] = kNull;
        const QJsonObject report{{"format", "hialign-sweep-report"}, {"version", 1}, {"judge", "exact"},
                                 {"score_min", 0}, {"score_max", 1}, {"base", "base"},
                                 {"strategies", QJsonArray{"base", "global", "wide"}},
                                 {"dimensions", QJsonArray{"grammar"}}, {"seeds", QJsonArray{1, 2}},
                                 {"missing_tasks", QJsonArray{"wide-seed1", "wide-seed2"}},
                                 {"rows", QJsonArray{base, global}}};
        writeFile(dir + QStringLiteral("/report.json"), QJsonDocument(report).toJson());
        QVERIFY2(view_->openSweep(dir), qPrintable(view_->errorText()));
        const QTableWidget* t = view_->table();
        QCOMPARE(t->rowCount(), 3);
        QCOMPARE(t->item(2, 0)->text(), QStringLiteral("wide"));   // unknown strategy: its raw name
        QCOMPARE(t->item(0, 1)->text(), QStringLiteral("93.0% [90.0, 96.0]\nseed sd 1.2"));
        QCOMPARE(t->item(1, 1)->text(), QStringLiteral("87.5% [85.0, 90.0]"));
        QCOMPARE(t->item(1, 2)->text(), QStringLiteral("–"));   // version 1: no Δ
        QCOMPARE(t->item(1, 3)->text(), QStringLiteral("62.5%"));
        QCOMPARE(t->item(2, 1)->text(), QStringLiteral("–"));
        QVERIFY(t->item(1, 1)->data(SweepView::AlignmentTaxRole).toBool());
        QVERIFY(t->item(0, 1)->toolTip().contains(QStringLiteral("seed 2: 94.0%")));
        QVERIFY(view_->noticeText().contains(QStringLiteral("wide-seed1, wide-seed2")));
        QCOMPARE(view_->chart()->barSeriesCount(), 3);
        QCOMPARE(view_->chart()->barValues(0), QVector<double>{0.93});
        // The missing tasks are not read; the seed column shows with two seeds.
        view_->selectCell(QStringLiteral("wide"), QStringLiteral("grammar"));
        QVERIFY(view_->drillDownError().isEmpty());
        QCOMPARE(view_->samplesTable()->rowCount(), 0);
        QVERIFY(!view_->samplesTable()->isColumnHidden(0));
        // No task folders at all: one sentence naming the file.
        view_->selectCell(QStringLiteral("global"), QStringLiteral("grammar"));
        QVERIFY(view_->drillDownError().contains(QStringLiteral("global-seed1")));
        QVERIFY(view_->drillDownError().contains(QStringLiteral("generations.jsonl")));
    }

    void version2Report()
    {
        const QString dir = tmp_.filePath(QStringLiteral("v2"));
        writeSweepV2(dir);
        QVERIFY2(view_->openSweep(dir), qPrintable(view_->errorText()));
        const SweepReport& r = view_->report();
        QCOMPARE(r.model.version, 2);
        QVERIFY(r.hasStatistics());
        const hialign::judge::ReportStatistics& statistics = *r.model.statistics;
        QCOMPARE(statistics.bootstrapResamples, std::optional<std::size_t>(10000));
        QCOMPARE(statistics.alpha, 0.05);
        QCOMPARE(statistics.level, 0.95);
        QCOMPARE(statistics.interval, std::optional<std::string>("seeds-then-prompts"));
        QCOMPARE(statistics.pairedTest, std::optional<std::string>("mcnemar-exact"));
        QCOMPARE(statistics.correction, std::optional<std::string>("holm"));
        QCOMPARE(statistics.comparisons, std::optional<std::size_t>(2));
        QCOMPARE(hialign::widgets::qStringList(r.model.notes), QStringList{kNote});
        QCOMPARE(hialign::widgets::qStringList(r.model.warnings), QStringList{kSaturated});
        const auto* global = r.row("global", "logic");
        QCOMPARE(global->diff, 0.035);
        QCOMPARE(global->diffLow, 0.01);
        QCOMPARE(global->diffHigh, 0.06);
        QCOMPARE(global->pairedN, std::optional<std::size_t>(600));
        QCOMPARE(global->pValue, 0.0021);
        QCOMPARE(global->pHolm, 0.0042);
        QVERIFY(global->significant);
        QCOMPARE(global->wins, std::optional<std::size_t>(45));
        QCOMPARE(global->ties, std::optional<std::size_t>(540));
        QCOMPARE(global->losses, std::optional<std::size_t>(15));
        const auto* base = r.row("base", "logic");
        QVERIFY(std::isnan(base->diff) && !base->pairedN && !base->wins && std::isnan(base->pHolm));

        // The table: strategy + (mean, Δ vs Base, win) × 2.
        const QTableWidget* t = view_->table();
        QCOMPARE(t->columnCount(), 7);
        const int logicMean = SweepView::tableColumn(1, SweepView::MeanColumn);
        const int logicDiff = SweepView::tableColumn(1, SweepView::DiffColumn);
        const int logicWin = SweepView::tableColumn(1, SweepView::WinColumn);
        QCOMPARE(logicDiff, 5);
        QCOMPARE(t->horizontalHeaderItem(logicDiff)->text(), QStringLiteral("Logic\nΔ vs Base [95% interval]"));
        const QString headerTip = t->horizontalHeaderItem(logicDiff)->toolTip();
        QVERIFY2(headerTip.contains(QStringLiteral("Holm correction over 2 comparisons, α = 0.05")), qPrintable(headerTip));
        QVERIFY(headerTip.contains(QStringLiteral("McNemar's exact test")));
        QCOMPARE(t->item(2, logicMean)->text(), QStringLiteral("8.5% [6.0, 11.0]\nseed sd 1.0"));
        QCOMPARE(t->item(2, logicDiff)->text(), QStringLiteral("+3.5 pts [+1.0, +6.0] *"));
        QVERIFY(t->item(2, logicDiff)->data(SweepView::SignificantRole).toBool());
        QCOMPARE(t->item(1, logicDiff)->text(), QStringLiteral("\u22122.0 pts [\u22123.5, \u22120.5] *"));
        QVERIFY(t->item(1, logicDiff)->data(SweepView::SignificantRole).toBool());
        QCOMPARE(t->item(1, SweepView::tableColumn(0, SweepView::DiffColumn))->text(), QStringLiteral("0.0 pts [0.0, 0.0]"));
        QVERIFY(!t->item(1, SweepView::tableColumn(0, SweepView::DiffColumn))->data(SweepView::SignificantRole).toBool());
        QCOMPARE(t->item(0, logicDiff)->text(), QStringLiteral("–"));   // Base is the reference
        QCOMPARE(t->item(2, logicWin)->text(), QStringLiteral("52.5% (45 W · 540 T · 15 L)"));
        QCOMPARE(r.formatWinCounts(*global), QStringLiteral("45 W · 540 T · 15 L"));
        QCOMPARE(t->item(0, logicWin)->text(), QStringLiteral("–"));
        QVERIFY(t->item(2, logicWin)->toolTip().contains(QStringLiteral("Wins 45, ties 540, losses 15.")));
        // The Δ cell's tooltip: p, Holm p, the test and the paired n.
        const QString tip = t->item(2, logicDiff)->toolTip();
        QVERIFY2(tip.contains(QStringLiteral("McNemar's exact test: p = 0.0021.")), qPrintable(tip));
        QVERIFY(tip.contains(QStringLiteral("Adjusted (Holm correction over 2 comparisons, α = 0.05): p = 0.0042.")));
        QVERIFY(tip.contains(QStringLiteral("Paired items (seed × prompt): 600.")));
        QVERIFY(tip.contains(QStringLiteral("Significant at α = 0.05")));
        const QString saturatedTip = t->item(1, SweepView::tableColumn(0, SweepView::DiffColumn))->toolTip();
        QVERIFY2(saturatedTip.contains(QStringLiteral("no p-value")), qPrintable(saturatedTip));
        // The alignment tax rests on the report's flag: Local's paired interval lies below zero.
        QVERIFY(t->item(1, logicMean)->data(SweepView::AlignmentTaxRole).toBool());
        QVERIFY(t->item(1, logicMean)->toolTip().contains(QStringLiteral("below zero")));
        QVERIFY(!t->item(2, logicMean)->data(SweepView::AlignmentTaxRole).toBool());
        QCOMPARE(view_->chart()->taxMarkCount(), 1);
        // The chart's error bars are the report's (seed-aware) low and high.
        QCOMPARE(view_->chart()->errorLows(2), (QVector<double>{1.0, 0.06}));
        QCOMPARE(view_->chart()->errorHighs(2), (QVector<double>{1.0, 0.11}));
        // Warnings above the table, the statistics and notes under it.
        QCOMPARE(view_->warningText(), kSaturated);
        const QString caption = view_->captionText();
        QVERIFY2(caption.contains(QStringLiteral("bootstrap over seeds, then prompts")), qPrintable(caption));
        QVERIFY(caption.contains(QStringLiteral("resamples")));
        QVERIFY(caption.contains(QStringLiteral("McNemar's exact test")));
        QVERIFY(caption.contains(QStringLiteral("Holm correction over 2 comparisons, α = 0.05")));
        QVERIFY(caption.contains(kNote));
        QVERIFY(!caption.contains(QStringLiteral("version 1")));
        // The drill-down still maps every column to its dimension.
        view_->table()->setCurrentCell(2, logicDiff);
        QCOMPARE(view_->selectedStrategy(), QStringLiteral("global"));
        QCOMPARE(view_->selectedDimension(), QStringLiteral("logic"));
        view_->table()->setCurrentCell(1, SweepView::tableColumn(0, SweepView::WinColumn));
        QCOMPARE(view_->selectedStrategy(), QStringLiteral("local"));
        QCOMPARE(view_->selectedDimension(), QStringLiteral("grammar"));

        // The export: the Δ column, W/T/L, the warning and the notes; report.csv from the core.
        const QString out = tmp_.filePath(QStringLiteral("export-v2"));
        QString error;
        QVERIFY2(view_->exportReportTo(out, &error), qPrintable(error));
        const QString html = QString::fromUtf8(readFile(out + QStringLiteral("/summary.html")));
        QVERIFY(html.contains(QStringLiteral("Δ vs Base [95% interval]")));
        QVERIFY(html.contains(QStringLiteral("+3.5 pts [+1.0, +6.0] *")));
        QVERIFY(html.contains(QStringLiteral("class=\"worse\"")));
        QVERIFY(html.contains(QStringLiteral("52.5% (45 W · 540 T · 15 L)")));
        QVERIFY(html.contains(QStringLiteral("class=\"warning\"")));
        QVERIFY(html.contains(kSaturated.toHtmlEscaped()));
        QVERIFY(html.indexOf(kSaturated.toHtmlEscaped()) < html.indexOf(QStringLiteral("<table")));   // before the table
        QVERIFY(html.contains(kNote));
        QVERIFY(html.contains(QStringLiteral("Holm correction over 2 comparisons, α = 0.05")));
        QCOMPARE(html.count(QStringLiteral("<table")), 1);
        // The PDF's page splits a table too wide for it: one table per dimension at most.
        const QString split = hialign::widgets::sweepReportHtml(r, {}, QString(), 1);
        QCOMPARE(split.count(QStringLiteral("<table")), 2);
        QVERIFY(split.indexOf(QStringLiteral(">Grammar</th>")) < split.indexOf(QStringLiteral(">Logic</th>")));
        QVERIFY(split.contains(QStringLiteral("+3.5 pts [+1.0, +6.0] *")));
        QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/report.csv")));
        const QString csvProblem = csvAgainstReportJson(readFile(out + QStringLiteral("/report.csv")), dir);
        QVERIFY2(csvProblem.isEmpty(), qPrintable(csvProblem));
        QVERIFY(readFile(out + QStringLiteral("/report.csv")).startsWith("strategy,dimension,"));
        QCOMPARE(readFile(out + QStringLiteral("/report.json")), readFile(dir + QStringLiteral("/report.json")));
        QVERIFY(readFile(out + QStringLiteral("/summary.pdf")).startsWith("%PDF"));
        QVERIFY(readFile(out + QStringLiteral("/report.html")).contains("<table"));
        if (const QByteArray snap = qgetenv("HIALIGN_GUI_SNAPSHOT_DIR"); !snap.isEmpty()) {
            view_->grab().save(QString::fromLocal8Bit(snap) + QStringLiteral("/sweepview-v2.png"));
            QFile::copy(out + QStringLiteral("/summary.pdf"), QString::fromLocal8Bit(snap) + QStringLiteral("/sweep-report-v2.pdf"));
        }
    }

    void differencesOnARubricScale()
    {
        SweepReport r;
        r.model.version = 2;
        r.model.scoreMin = 1.0;
        r.model.scoreMax = 10.0;
        r.model.statistics = hialign::judge::ReportStatistics{};
        r.model.statistics->alpha = 0.05;
        r.model.statistics->pairedTest = "sign-test";
        r.model.statistics->correction = "holm";
        r.model.statistics->comparisons = 8;
        hialign::judge::ReportRow row;
        row.strategy = "mid";
        row.dimension = "facts";
        row.diff = 0.5;
        row.diffLow = -0.2;
        row.diffHigh = 1.2;
        row.pValue = 0.2;
        row.pHolm = 1.0;
        QCOMPARE(r.formatDiffCell(row), QStringLiteral("+0.5 [\u22120.2, +1.2]"));   // no unit, no mark
        QVERIFY(r.formatDiffTooltip(row).contains(QStringLiteral("sign test: p = 0.200.")));
        QVERIFY(r.formatDiffTooltip(row).contains(QStringLiteral("Not significant at α = 0.05")));
        row.significant = true;
        QCOMPARE(r.formatDiffCell(row), QStringLiteral("+0.5 [\u22120.2, +1.2] *"));
        row.diffLow = row.diffHigh = std::numeric_limits<double>::quiet_NaN();
        QCOMPARE(r.formatDiffCell(row), QStringLiteral("+0.5 *"));
        row.diff = std::numeric_limits<double>::quiet_NaN();
        QCOMPARE(r.formatDiffCell(row), QStringLiteral("–"));
        QCOMPARE(r.correctionSummary(), QStringLiteral("Holm correction over 8 comparisons, α = 0.05"));
        QVERIFY(r.statisticsText().contains(QStringLiteral("sign test")));
        row.wins = 12;
        row.ties = 180;
        row.losses = 8;
        QCOMPARE(r.formatWinCounts(row), QStringLiteral("12 W · 180 T · 8 L"));
    }

    void sweepDialogDecodingAndStatistics()
    {
        using hialign::app::SweepDialog;
        using hialign::app::SweepJob;
        // Not a lab model: the core's defaults (greedy, top-p 1, 64 tokens), no hint.
        const QString plain = tmp_.filePath(QStringLiteral("plain-model"));
        QDir().mkpath(plain);
        const SweepJob job = SweepDialog::defaultsFor(plain);
        const auto& d = job.settings;
        QCOMPARE(d.temperature, 0.0);
        QCOMPARE(d.topP, 1.0);
        QCOMPARE(d.maxNewTokens, 64);
        QVERIFY(!job.labDecoding);
        QCOMPARE(d.report.bootstrapResamples, std::size_t(10000));
        QCOMPARE(d.report.alpha, 0.05);
        {
            SweepDialog dialog(job);
            QVERIFY(dialog.decodingHint().isEmpty());
            const auto r = dialog.request().settings;
            QCOMPARE(r.temperature, 0.0);
            QCOMPARE(r.maxNewTokens, 64);
            QCOMPARE(r.report.bootstrapResamples, std::size_t(10000));
            QCOMPARE(r.report.alpha, 0.05);
            // The statistics fields and their ranges.
            QSpinBox* resamples = nullptr;
            for (QSpinBox* box : dialog.findChildren<QSpinBox*>())
                if (box->value() == 10000)
                    resamples = box;
            QVERIFY(resamples);
            QCOMPARE(resamples->minimum(), 100);
            QCOMPARE(resamples->maximum(), 1000000);
            resamples->setValue(2500);
            QDoubleSpinBox* alpha = nullptr;
            for (QDoubleSpinBox* box : dialog.findChildren<QDoubleSpinBox*>())
                if (box->maximum() == 0.5)
                    alpha = box;
            QVERIFY(alpha);
            QCOMPARE(alpha->minimum(), 0.001);
            alpha->setValue(0.01);
            QCOMPARE(dialog.request().settings.report.bootstrapResamples, std::size_t(2500));
            QCOMPARE(dialog.request().settings.report.alpha, 0.01);
        }
        // A demo lab's model: the lab card's evaluation decoding, with the hint.
        const QString labDir = tmp_.filePath(QStringLiteral("lab"));
        writeFile(labDir + QStringLiteral("/world.json"), "{}");
        writeFile(labDir + QStringLiteral("/card.json"),
                  R"({"eval_decoding": {"temperature": 0.7, "top_p": 0.9, "max_new_tokens": 32}})");
        QDir().mkpath(labDir + QStringLiteral("/model"));
        const SweepJob lab = SweepDialog::defaultsFor(labDir + QStringLiteral("/model"));
        QVERIFY(lab.labDecoding);
        QCOMPARE(lab.settings.temperature, 0.7);
        QCOMPARE(lab.settings.topP, 0.9);
        QCOMPARE(lab.settings.maxNewTokens, 32);
        SweepDialog dialog(lab);
        QVERIFY(dialog.decodingHint().contains(QStringLiteral("demo lab")));
        QCOMPARE(dialog.request().settings.temperature, 0.7);
        QCOMPARE(dialog.request().settings.topP, 0.9);
        QCOMPARE(dialog.request().settings.maxNewTokens, 32);
        // Choosing another model folder: back to the core's defaults, hint gone.
        QLineEdit* model = nullptr;
        for (QLineEdit* e : dialog.findChildren<QLineEdit*>())
            if (e->text() == QString::fromStdString(lab.settings.modelDir.string()))
                model = e;
        QVERIFY(model);
        model->setText(plain);
        Q_EMIT model->editingFinished();
        QVERIFY(dialog.decodingHint().isEmpty());
        QCOMPARE(dialog.request().settings.temperature, 0.0);
        QCOMPARE(dialog.request().settings.topP, 1.0);
        QCOMPARE(dialog.request().settings.maxNewTokens, 64);
        model->setText(QString::fromStdString(lab.settings.modelDir.string()));
        Q_EMIT model->editingFinished();
        QVERIFY(!dialog.decodingHint().isEmpty());
        QCOMPARE(dialog.request().settings.maxNewTokens, 32);
    }

    void sweepDialogBlockCuts()
    {
        using hialign::app::SweepDialog;
        using hialign::app::SweepJob;
        const QString plain = tmp_.filePath(QStringLiteral("plain-model"));
        QDir().mkpath(plain);
        const auto cutsBox = [](SweepDialog& dialog) -> QComboBox* {
            for (QComboBox* box : dialog.findChildren<QComboBox*>())
                if (box->count() > 0 && box->itemData(0).typeId() == QMetaType::QPoint) return box;
            return nullptr;
        };
        // A job without cuts: only the thirds, and the request keeps -1, -1.
        {
            SweepDialog dialog(SweepDialog::defaultsFor(plain));
            QComboBox* cuts = cutsBox(dialog);
            QVERIFY(cuts);
            QCOMPARE(cuts->count(), 1);
            QCOMPARE(dialog.request().settings.recipe.cut1, -1);
            QCOMPARE(dialog.request().settings.recipe.cut2, -1);
        }
        // A job with the layer stack's cuts: offered and chosen; the thirds stay one pick away.
        SweepJob job = SweepDialog::defaultsFor(plain);
        job.settings.recipe.cut1 = 1;
        job.settings.recipe.cut2 = 10;
        SweepDialog dialog(job);
        QComboBox* cuts = cutsBox(dialog);
        QVERIFY(cuts);
        QCOMPARE(cuts->count(), 2);
        QCOMPARE(cuts->currentIndex(), 1);
        QVERIFY(cuts->currentText().contains(QStringLiteral("[1, 10)")));
        QCOMPARE(dialog.request().settings.recipe.cut1, 1);
        QCOMPARE(dialog.request().settings.recipe.cut2, 10);
        cuts->setCurrentIndex(0);
        QCOMPARE(dialog.request().settings.recipe.cut1, -1);
        QCOMPARE(dialog.request().settings.recipe.cut2, -1);
    }

    void brokenFilesGiveOneSentence_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not JSON") << QByteArray("{\"format\": \"hialign-sweep-report\", ") << QStringLiteral("is not valid JSON");
        QTest::newRow("not an object") << QByteArray("[1, 2]") << QStringLiteral("does not hold a JSON object");
        QTest::newRow("other format") << QByteArray(R"({"format":"x","version":1,"rows":[]})") << QStringLiteral("is not a sweep report");
        QTest::newRow("newer version") << QByteArray(R"({"format":"hialign-sweep-report","version":7,"rows":[]})")
                                       << QStringLiteral("version 7");
        QTest::newRow("version 3") << QByteArray(R"({"format":"hialign-sweep-report","version":3,"rows":[]})")
                                   << QStringLiteral("version 3");
        QTest::newRow("no rows") << QByteArray(R"({"format":"hialign-sweep-report","version":1})") << QStringLiteral("\"rows\"");
        QTest::newRow("row without strategy")
            << QByteArray(R"({"format":"hialign-sweep-report","version":1,"rows":[{"dimension":"logic"}]})")
            << QStringLiteral("row 1 has no \"strategy\"");
        QTest::newRow("text for a number")
            << QByteArray(R"({"format":"hialign-sweep-report","version":1,"rows":[{"strategy":"a","dimension":"b","mean":"high"}]})")
            << QStringLiteral("\"mean\" in row 1 is not a number");
        QTest::newRow("text for a difference")
            << QByteArray(R"({"format":"hialign-sweep-report","version":2,"rows":[{"strategy":"a","dimension":"b","diff_low":"-1"}]})")
            << QStringLiteral("\"diff_low\" in row 1 is not a number");
        QTest::newRow("text for a count")
            << QByteArray(R"({"format":"hialign-sweep-report","version":2,"rows":[{"strategy":"a","dimension":"b","wins":"12"}]})")
            << QStringLiteral("\"wins\" in row 1 is not a number");
        QTest::newRow("text for significant")
            << QByteArray(R"({"format":"hialign-sweep-report","version":2,"rows":[{"strategy":"a","dimension":"b","significant":"yes"}]})")
            << QStringLiteral("\"significant\" in row 1 is not true or false");
        QTest::newRow("statistics not an object")
            << QByteArray(R"({"format":"hialign-sweep-report","version":2,"statistics":[1],"rows":[]})")
            << QStringLiteral("\"statistics\" is not a JSON object");
        QTest::newRow("text for alpha")
            << QByteArray(R"({"format":"hialign-sweep-report","version":2,"statistics":{"alpha":"0.05"},"rows":[]})")
            << QStringLiteral("\"alpha\" in \"statistics\" is not a number");
        QTest::newRow("level out of range")
            << QByteArray(R"({"format":"hialign-sweep-report","version":2,"statistics":{"level":95},"rows":[]})")
            << QStringLiteral("\"level\" in \"statistics\" must lie between 0 and 1");
        QTest::newRow("warnings not sentences")
            << QByteArray(R"({"format":"hialign-sweep-report","version":2,"warnings":"saturated","rows":[]})")
            << QStringLiteral("\"warnings\" must be a list of sentences");
        QTest::newRow("notes not sentences")
            << QByteArray(R"({"format":"hialign-sweep-report","version":2,"notes":[1],"rows":[]})")
            << QStringLiteral("\"notes\" must be a list of sentences");
    }

    void brokenFilesGiveOneSentence()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString dir = tmp_.filePath(QStringLiteral("broken-%1").arg(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')));
        writeFile(dir + QStringLiteral("/report.json"), content);
        QVERIFY(!view_->openSweep(dir));
        const QString error = view_->errorText();
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("report.json")), qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QVERIFY(error.endsWith(QLatin1Char('.')));
        QVERIFY(!view_->hasReport());
        QCOMPARE(view_->table()->rowCount(), 0);
        QString exportError;
        QVERIFY(!hialign::widgets::exportSweepReport(dir, tmp_.filePath(QStringLiteral("never")), &exportError));
        QCOMPARE(exportError, error);
    }

    void missingReportAndBrokenTaskFile()
    {
        QVERIFY(!view_->openSweep(tmp_.filePath(QStringLiteral("does-not-exist"))));
        QVERIFY(view_->errorText().contains(QStringLiteral("does not exist")));
        const QString empty = tmp_.filePath(QStringLiteral("empty"));
        QDir().mkpath(empty);
        QVERIFY(!view_->openSweep(empty));
        QVERIFY2(view_->errorText().contains(QStringLiteral("report.json is missing")), qPrintable(view_->errorText()));

        // A malformed judgments line: the drill-down says which file and line.
        const QString dir = tmp_.filePath(QStringLiteral("bad-task"));
        writeSweep(dir);
        QFile f(dir + QStringLiteral("/tasks/global-seed1/judgments.jsonl"));
        QVERIFY(f.open(QIODevice::Append));
        f.write("{\"task\": \"global-seed1\", oops\n");
        f.close();
        QVERIFY(view_->openSweep(dir));
        view_->selectCell(QStringLiteral("global"), QStringLiteral("facts"));
        const QString error = view_->drillDownError();
        QVERIFY2(error.contains(QStringLiteral("judgments.jsonl line 7")), qPrintable(error));
        QVERIFY(error.contains(QStringLiteral("global-seed1")));
        QCOMPARE(view_->samplesTable()->rowCount(), 0);
        // The table is still there.
        QCOMPARE(view_->table()->rowCount(), 3);
    }

    void commandLine()
    {
        using hialign::app::AppOptions;
        const QString app = QStringLiteral("hialign");
        AppOptions o = AppOptions::parse({app, "--sweep", sweep_, "--screenshot", "s.png", "--view", "sweep"});
        QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
        QCOMPARE(o.sweepDir, sweep_);
        QCOMPARE(o.view, QStringLiteral("sweep"));
        o = AppOptions::parse({app, "--export-report", sweep_, "--out", "out"});
        QVERIFY(o.error.isEmpty());
        QCOMPARE(o.exportReport, sweep_);
        QCOMPARE(o.exportOut, QStringLiteral("out"));
        QVERIFY(AppOptions::parse({app, "--export-report", sweep_}).error.contains(QStringLiteral("--out")));
        QVERIFY(AppOptions::parse({app, "--out", "x"}).error.contains(QStringLiteral("--export-report")));
    }

    void sweepPageInTheWindow()
    {
        hialign::app::AppOptions o;
        o.workspace = tmp_.filePath(QStringLiteral("workspace"));
        o.sweepDir = sweep_;
        hialign::app::MainWindow window(o);
        auto* tabs = window.findChild<QTabWidget*>();
        QVERIFY(tabs);
        QCOMPARE(tabs->currentWidget(), window.sweepView());
        QCOMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("Sweep"));
        QVERIFY(window.sweepView()->hasReport());
        QCOMPARE(window.sweepView()->table()->rowCount(), 3);
        QAction* exportAction = window.findChild<QAction*>(QStringLiteral("exportSweepReport"));
        QVERIFY(exportAction && exportAction->isEnabled());
        QVERIFY(window.findChild<QAction*>(QStringLiteral("openSweep")));
        QAction* run = window.findChild<QAction*>(QStringLiteral("runSweep"));
        QVERIFY(run && run->isVisible() && run->isEnabled());   // File ▸ Run sweep… opens the sweep dialog
        window.showView(QStringLiteral("layers"));
        window.showView(QStringLiteral("sweep"));
        QCOMPARE(tabs->currentWidget(), window.sweepView());
        QVERIFY(!window.openSweep(tmp_.filePath(QStringLiteral("empty"))));
        QVERIFY(window.lastError().contains(QStringLiteral("report.json")));
        QVERIFY(!exportAction->isEnabled());
    }
};

QTEST_MAIN(TestSweepView)
#include "tst_gui_sweepview.moc"

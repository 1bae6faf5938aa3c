#include "widgets/SweepExport.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QTextStream>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <exception>
#include <string>

#include "judge/ReportText.h"
#include "widgets/SweepChart.h"
#include "widgets/PathText.h"

namespace hialign::widgets {

namespace {

// The translation context of the exported texts.
struct SweepExport {
    Q_DECLARE_TR_FUNCTIONS(hialign::widgets::SweepExport)
};

// A sweep folder's report file as the core names it (judge::SweepReportModel::jsonFileIn and its siblings).
QString reportFile(const QString& dir, std::filesystem::path (*fileIn)(const std::filesystem::path&))
{
    return fromPath(fileIn(toPath(dir)));
}

QString native(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

QString esc(const QString& text)
{
    return text.toHtmlEscaped();
}

// report.csv or report.html for a sweep folder that has none: written by
// the core, the one writer of these formats (judge::reportCsv and
// judge::reportHtml), from the sweep's report.json as the core reads it
// (judge::SweepReportModel).
bool writeCoreFile(const SweepReport& report, const QString& path, bool html, QString* error)
{
    const QString source = reportFile(report.dir, &judge::SweepReportModel::jsonFileIn);
    QFile in(source);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = SweepExport::tr("Could not read %1: %2.").arg(native(source), in.errorString());
        return false;
    }
    std::string text;
    try {
        const auto model = judge::SweepReportModel::parse(in.readAll().toStdString(), native(source).toStdString());
        text = html ? judge::reportHtml(model) : judge::reportCsv(model);
    } catch (const std::exception& e) {
        *error = SweepExport::tr("Could not write %1 from %2: %3")
                     .arg(native(path), native(source), QString::fromUtf8(e.what()).trimmed());
        if (!error->endsWith(QLatin1Char('.')))
            *error += QLatin1Char('.');
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size())
        || !file.commit()) {
        *error = SweepExport::tr("Could not write %1: %2.").arg(native(path), file.errorString());
        return false;
    }
    return true;
}

bool sameFile(const QString& a, const QString& b)
{
    const QString ca = QFileInfo(a).canonicalFilePath();
    return !ca.isEmpty() && ca == QFileInfo(b).canonicalFilePath();
}

// Copies SOURCE over TARGET (never onto itself).
bool copyOver(const QString& source, const QString& target)
{
    if (sameFile(source, target))
        return true;
    const QString part = target + QStringLiteral(".part");
    QFile::remove(part);
    if (!QFile::copy(source, part))
        return false;
    QFile::remove(target);
    return QFile::rename(part, target);
}

} // namespace

QImage renderSweepChart(const SweepReport& report, int width, int height, double scale)
{
    SweepChart chart;
    chart.resize(width, height);
    chart.setReport(report);
    return chart.render(width, height, scale);
}

namespace {

void writeHead(QTextStream& o, const QString& name)
{
    o << "<!DOCTYPE html>\n<html lang=\"" << esc(QLocale().bcp47Name()) << "\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<title>" << esc(SweepExport::tr("Strategy sweep: %1").arg(name)) << "</title>\n"
      << "<style>\n"
         "body { font-family: system-ui, -apple-system, 'Segoe UI', 'Noto Sans', sans-serif; margin: 24px; color: #222; }\n"
         "h1 { font-size: 1.5em; margin-bottom: 4px; }\n"
         ".meta { color: #555; margin-top: 0; }\n"
         "table.sweep { border-collapse: collapse; margin: 14px 0; }\n"
         "table.sweep th, table.sweep td { border: 1px solid #c8c8c8; padding: 5px 10px; white-space: nowrap; }\n"
         "table.sweep th { background: #f0f0f0; font-weight: 600; }\n"
         "table.sweep td { text-align: right; font-variant-numeric: tabular-nums; }\n"
         "table.sweep td.name { text-align: left; font-weight: 600; }\n"
         "table.sweep td.tax { background: #fde2dc; color: #7a1f14; }\n"
         "table.sweep td.better { color: #0a6e2d; font-weight: 600; }\n"
         "table.sweep td.worse { color: #b01e14; font-weight: 600; }\n"
         ".notice { background: #fff4d6; border: 1px solid #e6c36a; padding: 6px 10px; }\n"
         ".warning { background: #fde8cf; border: 1px solid #e08a2c; color: #6b3200; padding: 6px 10px; }\n"
         ".note { color: #555; font-size: 0.9em; max-width: 60em; }\n"
         "img.chart { max-width: 100%; height: auto; }\n"
         "</style>\n</head>\n<body>\n";
}

// The title, the summary line, the report's warnings (prominently: before
// everything else) and the missing tasks.
void writeIntro(QTextStream& o, const SweepReport& report, const QString& name)
{
    o << "<h1>" << esc(SweepExport::tr("Strategy sweep: %1").arg(name)) << "</h1>\n";
    o << "<p class=\"meta\">" << esc(report.summaryText()) << "</p>\n";
    for (const std::string& w : report.model.warnings)
        o << "<p class=\"warning\" bgcolor=\"#fde8cf\"><b>" << esc(SweepExport::tr("Warning:")) << "</b> " << esc(qString(w))
          << "</p>\n";
    if (!report.model.missingTasks.empty())
        o << "<p class=\"notice\">" << esc(report.missingTasksText()) << "</p>\n";
}

// One strategy × dimension's three cells: the mean, Δ vs Base, the win rate.
void writeCells(QTextStream& o, const SweepReport& report, const judge::ReportRow* row)
{
    if (!row) {
        o << "<td align=\"right\">–</td><td align=\"right\">–</td><td align=\"right\">–</td>";
        return;
    }
    QString cell = esc(report.formatMeanCell(*row).section(QLatin1Char('\n'), 0, 0));
    if (row->alignmentTax)
        cell += QStringLiteral(" <b>%1</b>").arg(esc(SweepExport::tr("tax")));
    if (const QString details = report.formatMeanDetails(*row); !details.isEmpty())
        cell += QStringLiteral("<br><small style=\"color:#666\">%1</small>").arg(esc(details));
    if (row->alignmentTax)
        o << "<td class=\"tax\" align=\"right\" bgcolor=\"#fde2dc\" title=\"" << esc(report.taxTooltip(*row))
          << "\">" << cell << "</td>";
    else
        o << "<td align=\"right\" title=\"" << esc(report.formatMeanTooltip(*row)) << "\">" << cell << "</td>";
    const QString diff = esc(report.formatDiffCell(*row));
    if (row->significant && !report.isBase(*row) && !std::isnan(row->diff))
        o << "<td class=\"" << (row->diff < 0 ? "worse" : "better") << "\" align=\"right\" title=\""
          << esc(report.formatDiffTooltip(*row)) << "\"><font color=\""
          << (row->diff < 0 ? "#b01e14" : "#0a6e2d") << "\"><b>" << diff << "</b></font></td>";
    else
        o << "<td align=\"right\" title=\"" << esc(report.formatDiffTooltip(*row)) << "\">" << diff << "</td>";
    o << "<td align=\"right\" title=\"" << esc(report.formatWinTooltip(*row)) << "\">"
      << esc(report.formatWinCell(*row)) << "</td>";
}

// The table: a two-row header, one row per strategy; split into tables of
// `dimensionsPerTable` dimensions each where asked (the PDF's page).
void writeTables(QTextStream& o, const SweepReport& report, int dimensionsPerTable)
{
    const bool v1 = !report.hasStatistics();
    const QString meanHeader = v1 ? SweepExport::tr("mean [95% interval]")
                                  : SweepExport::tr("mean [%1 interval]").arg(report.levelText());
    const QString diffHeader = SweepExport::tr("Δ vs Base [%1 interval]").arg(report.levelText());
    const QStringList allDimensions = report.dimensions();
    const QStringList strategies = report.strategies();
    const int dimensionCount = static_cast<int>(allDimensions.size());
    const int perTable = dimensionsPerTable > 0 ? dimensionsPerTable : std::max(1, dimensionCount);
    for (int first = 0; first < std::max(1, dimensionCount); first += perTable) {
        const QStringList dimensions = allDimensions.mid(first, perTable);
        o << "<table class=\"sweep\" border=\"1\" cellspacing=\"0\" cellpadding=\"5\">\n<thead>\n<tr><th rowspan=\"2\" "
             "bgcolor=\"#f0f0f0\" align=\"left\">"
          << esc(SweepExport::tr("Strategy")) << "</th>";
        for (const QString& d : dimensions)
            o << "<th colspan=\"3\" bgcolor=\"#f0f0f0\">" << esc(SweepReport::dimensionTitle(d)) << "</th>";
        o << "</tr>\n<tr>";
        for (int i = 0; i < dimensions.size(); ++i)
            o << "<th bgcolor=\"#f0f0f0\">" << esc(meanHeader) << "</th><th bgcolor=\"#f0f0f0\">" << esc(diffHeader)
              << "</th><th bgcolor=\"#f0f0f0\">" << esc(SweepExport::tr("win rate vs Base")) << "</th>";
        o << "</tr>\n</thead>\n<tbody>\n";
        for (const QString& s : strategies) {
            o << "<tr><td class=\"name\" align=\"left\"><b>" << esc(SweepReport::strategyTitle(s)) << "</b></td>";
            for (const QString& d : dimensions)
                writeCells(o, report, report.row(s, d));
            o << "</tr>\n";
        }
        o << "</tbody>\n</table>\n";
    }
}

// What the cells show, the statistics and the notes.
void writeNotes(QTextStream& o, const SweepReport& report)
{
    o << "<p class=\"note\">";
    if (!report.hasStatistics())
        o << esc(SweepExport::tr("Mean score per strategy and dimension with its 95% bootstrap interval; win rate: the "
                                 "share of prompts on which the strategy beat Base (ties count one half)."))
          << "<br>"
          << esc(SweepExport::tr("Tax (red): alignment tax, the upper end of the strategy's interval lies below Base's "
                                 "mean on that dimension."));
    else
        o << esc(SweepExport::tr("Mean score per strategy and dimension with its %1 interval; Δ vs Base: the mean paired "
                                 "difference to Base on the same prompts and seeds with its %1 interval; win rate: the "
                                 "share of prompts on which the strategy beat Base (ties count one half), with the wins "
                                 "(W), ties (T) and losses (L).")
                     .arg(report.levelText()))
          << "<br>"
          << esc(SweepExport::tr("Tax (red): alignment tax, the whole interval of the paired difference to Base lies "
                                 "below zero on that dimension."));
    if (const QString stats = report.statisticsText(); !stats.isEmpty())
        o << "<br>" << esc(stats);
    for (const std::string& note : report.model.notes)
        o << "<br>" << esc(SweepExport::tr("Note: %1").arg(qString(note)));
    o << "</p>\n";
}

} // namespace

QString sweepReportHtml(const SweepReport& report, const QByteArray& chartPngBase64, const QString& chartSource,
                        int dimensionsPerTable)
{
    const QString name = QFileInfo(report.dir).fileName();
    QString h;
    QTextStream o(&h);
    writeHead(o, name);
    writeIntro(o, report, name);
    writeTables(o, report, dimensionsPerTable);
    writeNotes(o, report);
    if (!chartSource.isEmpty())
        o << "<p><img class=\"chart\" src=\"" << esc(chartSource) << "\" width=\"780\" alt=\""
          << esc(SweepExport::tr("Mean score per dimension and strategy")) << "\"></p>\n";
    else if (!chartPngBase64.isEmpty())
        o << "<p><img class=\"chart\" width=\"1000\" src=\"data:image/png;base64," << QString::fromLatin1(chartPngBase64)
          << "\" alt=\"" << esc(SweepExport::tr("Mean score per dimension and strategy")) << "\"></p>\n";
    o << "</body>\n</html>\n";
    o.flush();
    return h;
}

bool exportSweepReport(const QString& sweepDir, const QString& outDir, QString* error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    const std::optional<SweepReport> report = SweepReport::load(sweepDir, error);
    if (!report)
        return false;
    return exportSweepReport(*report, outDir, error);
}

namespace {

// The chart as PNG bytes, at the HTML's size.
bool chartPng(const SweepReport& report, QByteArray* png, QString* error)
{
    const QImage chart = renderSweepChart(report);
    QBuffer buffer(png);
    buffer.open(QIODevice::WriteOnly);
    if (chart.isNull() || !chart.save(&buffer, "PNG")) {
        *error = SweepExport::tr("Could not draw the chart of the sweep report.");
        return false;
    }
    return true;
}

// summary.html: the translated, illustrated presentation.
bool writeSummaryHtml(const SweepReport& report, const QByteArray& png, const QString& htmlPath, QString* error)
{
    QSaveFile file(htmlPath);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = SweepExport::tr("Could not write %1: %2.").arg(native(htmlPath), file.errorString());
        return false;
    }
    file.write(sweepReportHtml(report, png.toBase64()).toUtf8());
    if (!file.commit()) {
        *error = SweepExport::tr("Could not write %1: %2.").arg(native(htmlPath), file.errorString());
        return false;
    }
    return true;
}

// The summary laid out on the PDF's page into `part`.
void printSummaryPdf(const SweepReport& report, const QString& part)
{
    QPdfWriter pdf(part);
    pdf.setCreator(QStringLiteral("HiAlign Workbench"));
    pdf.setTitle(SweepExport::tr("Strategy sweep: %1").arg(QFileInfo(report.dir).fileName()));
    pdf.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(12, 12, 12, 12),
                                  QPageLayout::Millimeter));
    // Laid out on the page's printable area (in 96 dpi pixels), so that
    // print() adds no margins of its own and scales it onto the PDF.
    QTextDocument doc;
    QFont font = doc.defaultFont();
    font.setPointSizeF(9.0);
    doc.setDefaultFont(font);
    doc.setDocumentMargin(0);
    const QSizeF paint = pdf.pageLayout().paintRect(QPageLayout::Inch).size() * 96.0;
    doc.setPageSize(paint);
    // A flatter chart than the HTML's, so that it fits under the table.
    doc.addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("chart.png")),
                    renderSweepChart(report, 1000, 400, 2.0));
    // As many dimensions per table as fit the page's width (the table
    // does not shrink below its cells' text): all of them when they fit.
    int perTable = static_cast<int>(report.model.dimensions.size());
    for (; perTable > 1; --perTable) {
        QTextDocument probe;
        probe.setDefaultFont(font);
        probe.setDocumentMargin(0);
        probe.setPageSize(paint);
        probe.setHtml(sweepReportHtml(report, {}, QString(), perTable));
        if (probe.idealWidth() <= paint.width())
            break;
    }
    doc.setHtml(sweepReportHtml(report, {}, QStringLiteral("chart.png"), perTable));
    doc.print(&pdf);
}

// summary.pdf: the same table and chart on landscape A4 pages.
bool writeSummaryPdf(const SweepReport& report, const QString& pdfPath, QString* error)
{
    const QString part = pdfPath + QStringLiteral(".part");
    QFile::remove(part);
    printSummaryPdf(report, part);
    QFile::remove(pdfPath);
    if (QFileInfo(part).size() == 0 || !QFile::rename(part, pdfPath)) {
        QFile::remove(part);
        *error = SweepExport::tr("Could not write %1.").arg(native(pdfPath));
        return false;
    }
    return true;
}

// report.json, and report.csv and report.html: the sweep folder's own, or the core's writers'.
bool copyReportFiles(const SweepReport& report, const QDir& out, QString* error)
{
    const QString jsonSource = reportFile(report.dir, &judge::SweepReportModel::jsonFileIn);
    const QString jsonPath = reportFile(out.path(), &judge::SweepReportModel::jsonFileIn);
    if (!copyOver(jsonSource, jsonPath)) {
        *error = SweepExport::tr("Could not copy %1 to %2.").arg(native(jsonSource), native(jsonPath));
        return false;
    }
    for (const bool html : {false, true}) {
        const auto name = html ? &judge::SweepReportModel::htmlFileIn : &judge::SweepReportModel::csvFileIn;
        const QString source = reportFile(report.dir, name);
        const QString target = reportFile(out.path(), name);
        if (QFileInfo::exists(source)) {
            if (!copyOver(source, target)) {
                *error = SweepExport::tr("Could not write %1.").arg(native(target));
                return false;
            }
        } else if (!writeCoreFile(report, target, html, error)) {
            return false;
        }
    }
    return true;
}

} // namespace

bool exportSweepReport(const SweepReport& report, const QString& outDir, QString* error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    if (outDir.isEmpty() || !QDir().mkpath(outDir)) {
        *error = SweepExport::tr("Could not create the folder %1.").arg(native(outDir));
        return false;
    }
    const QDir out(outDir);
    QByteArray png;
    return chartPng(report, &png, error)
           && writeSummaryHtml(report, png, out.filePath(QStringLiteral("summary.html")), error)
           && writeSummaryPdf(report, out.filePath(QStringLiteral("summary.pdf")), error)
           && copyReportFiles(report, out, error);
}

} // namespace hialign::widgets

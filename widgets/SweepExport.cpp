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

#include <cmath>

#include "widgets/SweepChart.h"

namespace hialign::widgets {

namespace {

// The translation context of the exported texts.
struct SweepExport {
    Q_DECLARE_TR_FUNCTIONS(hialign::widgets::SweepExport)
};

QString native(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

QString esc(const QString& text)
{
    return text.toHtmlEscaped();
}

QString csvField(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')))
        return text;
    QString t = text;
    t.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + t + QLatin1Char('"');
}

QString csvNumber(double v)
{
    return std::isnan(v) ? QString() : QString::number(v, 'g', 10);
}

// report.csv from the rows, for a sweep folder that has none.
bool writeCsv(const SweepReport& report, const QString& path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return false;
    QTextStream out(&file);
    out << "strategy,dimension,n,unparsed,mean,low,high,win_rate,win_source,mean_length,length_correlation,"
           "alignment_tax,seed_means,seed_sd\n";
    for (const SweepRow& r : report.rows) {
        QStringList means;
        for (double m : r.seedMeans)
            means << csvNumber(m);
        out << csvField(r.strategy) << ',' << csvField(r.dimension) << ',' << r.n << ',' << r.unparsed << ','
            << csvNumber(r.mean) << ',' << csvNumber(r.low) << ',' << csvNumber(r.high) << ',' << csvNumber(r.winRate)
            << ',' << csvField(r.winSource) << ',' << csvNumber(r.meanLength) << ',' << csvNumber(r.lengthCorrelation)
            << ',' << (r.alignmentTax ? "true" : "false") << ',' << csvField(means.join(QLatin1Char(';'))) << ','
            << csvNumber(r.seedSd) << '\n';
    }
    out.flush();
    return file.commit();
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

QString sweepReportHtml(const SweepReport& report, const QByteArray& chartPngBase64, const QString& chartSource)
{
    const QString name = QFileInfo(report.dir).fileName();
    QString h;
    QTextStream o(&h);
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
         ".notice { background: #fff4d6; border: 1px solid #e6c36a; padding: 6px 10px; }\n"
         ".note { color: #555; font-size: 0.9em; max-width: 60em; }\n"
         "img.chart { max-width: 100%; height: auto; }\n"
         "</style>\n</head>\n<body>\n";
    o << "<h1>" << esc(SweepExport::tr("Strategy sweep: %1").arg(name)) << "</h1>\n";
    o << "<p class=\"meta\">" << esc(report.summaryText()) << "</p>\n";
    if (!report.missingTasks.isEmpty())
        o << "<p class=\"notice\">" << esc(report.missingTasksText()) << "</p>\n";

    // The table: a two-row header, one row per strategy.
    o << "<table class=\"sweep\" border=\"1\" cellspacing=\"0\" cellpadding=\"5\">\n<thead>\n<tr><th rowspan=\"2\" "
         "bgcolor=\"#f0f0f0\" align=\"left\">"
      << esc(SweepExport::tr("Strategy")) << "</th>";
    for (const QString& d : report.dimensions)
        o << "<th colspan=\"2\" bgcolor=\"#f0f0f0\">" << esc(SweepReport::dimensionTitle(d)) << "</th>";
    o << "</tr>\n<tr>";
    for (int i = 0; i < report.dimensions.size(); ++i)
        o << "<th bgcolor=\"#f0f0f0\">" << esc(SweepExport::tr("mean [95% interval]")) << "</th><th bgcolor=\"#f0f0f0\">"
          << esc(SweepExport::tr("win rate vs Base")) << "</th>";
    o << "</tr>\n</thead>\n<tbody>\n";
    for (const QString& s : report.strategies) {
        o << "<tr><td class=\"name\" align=\"left\"><b>" << esc(SweepReport::strategyTitle(s)) << "</b></td>";
        for (const QString& d : report.dimensions) {
            const SweepRow* row = report.row(s, d);
            if (!row) {
                o << "<td align=\"right\">–</td><td align=\"right\">–</td>";
                continue;
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
            o << "<td align=\"right\" title=\"" << esc(report.formatWinTooltip(*row)) << "\">"
              << esc(report.formatWinCell(*row)) << "</td>";
        }
        o << "</tr>\n";
    }
    o << "</tbody>\n</table>\n";
    o << "<p class=\"note\">"
      << esc(SweepExport::tr("Mean score per strategy and dimension with its 95% bootstrap interval; win rate: the "
                             "share of prompts on which the strategy beat Base (ties count one half)."))
      << "<br>"
      << esc(SweepExport::tr("Tax (red): alignment tax, the upper end of the strategy's interval lies below Base's "
                             "mean on that dimension."))
      << "</p>\n";
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

    const QImage chart = renderSweepChart(report);
    QByteArray png;
    {
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        if (chart.isNull() || !chart.save(&buffer, "PNG")) {
            *error = SweepExport::tr("Could not draw the chart of the sweep report.");
            return false;
        }
    }

    // report.html
    const QString htmlPath = out.filePath(QStringLiteral("report.html"));
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
    }

    // report.pdf: the same table and chart on landscape A4 pages.
    const QString pdfPath = out.filePath(QStringLiteral("report.pdf"));
    {
        const QString part = pdfPath + QStringLiteral(".part");
        QFile::remove(part);
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
            doc.setHtml(sweepReportHtml(report, {}, QStringLiteral("chart.png")));
            doc.print(&pdf);
        }
        QFile::remove(pdfPath);
        if (QFileInfo(part).size() == 0 || !QFile::rename(part, pdfPath)) {
            QFile::remove(part);
            *error = SweepExport::tr("Could not write %1.").arg(native(pdfPath));
            return false;
        }
    }

    // report.json and report.csv.
    const QString jsonSource = QDir(report.dir).filePath(QStringLiteral("report.json"));
    const QString jsonPath = out.filePath(QStringLiteral("report.json"));
    if (!copyOver(jsonSource, jsonPath)) {
        *error = SweepExport::tr("Could not copy %1 to %2.").arg(native(jsonSource), native(jsonPath));
        return false;
    }
    const QString csvSource = QDir(report.dir).filePath(QStringLiteral("report.csv"));
    const QString csvPath = out.filePath(QStringLiteral("report.csv"));
    const bool csvOk = QFileInfo::exists(csvSource) ? copyOver(csvSource, csvPath) : writeCsv(report, csvPath);
    if (!csvOk) {
        *error = SweepExport::tr("Could not write %1.").arg(native(csvPath));
        return false;
    }
    return true;
}

} // namespace hialign::widgets

// Exporting a sweep's report for sharing, without showing a window: the
// sweep folder's report.json, report.csv and report.html (their one writer
// is the core, judge/ReportText: they are copied, or written by it from
// report.json when the folder has none), plus the workbench's translated
// presentation: summary.html (self-contained: the report's warnings, the
// table with the paired differences to Base and the W/T/L counts, the
// statistics and notes, and the grouped bar chart embedded as a base64 PNG)
// and summary.pdf (the same through QPdfWriter). docs/ARCHITECTURE.md, "File
// formats and their owners".
//
// Needs a QApplication (the chart is a QCustomPlot widget, rendered hidden);
// `QT_QPA_PLATFORM=offscreen` serves on a machine without a display.
#pragma once

#include <QImage>
#include <QString>

#include "widgets/SweepReport.h"

namespace hialign::widgets {

// Reads SWEEP_DIR/report.json and writes the five files into OUT_DIR
// (created when missing). False with one sentence in *error on failure.
bool exportSweepReport(const QString& sweepDir, const QString& outDir, QString* error);
bool exportSweepReport(const SweepReport& report, const QString& outDir, QString* error);

// The pieces, for the view and the tests.
QImage renderSweepChart(const SweepReport& report, int width = 1000, int height = 480, double scale = 2.0);
// chartPngBase64 empty: no chart. chartSource: an <img> src of its own instead
// of the data URL (the PDF's document resource). dimensionsPerTable > 0
// splits the table into tables of that many dimensions each (the PDF's
// page width); 0: one table.
QString sweepReportHtml(const SweepReport& report, const QByteArray& chartPngBase64,
                        const QString& chartSource = QString(), int dimensionsPerTable = 0);

} // namespace hialign::widgets

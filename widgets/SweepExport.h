// Exporting a sweep's report for sharing, without showing a window:
// report.html (self-contained: the table and the grouped bar chart embedded
// as a base64 PNG), report.pdf (the table and the chart, through QPdfWriter),
// and copies of report.csv and report.json (a CSV is written from the rows
// when the sweep has none).
//
// Needs a QApplication (the chart is a QCustomPlot widget, rendered hidden);
// `QT_QPA_PLATFORM=offscreen` serves on a machine without a display.
#pragma once

#include <QImage>
#include <QString>

#include "widgets/SweepReport.h"

namespace hialign::widgets {

// Reads SWEEP_DIR/report.json and writes the four files into OUT_DIR
// (created when missing). False with one sentence in *error on failure.
bool exportSweepReport(const QString& sweepDir, const QString& outDir, QString* error);
bool exportSweepReport(const SweepReport& report, const QString& outDir, QString* error);

// The pieces, for the view and the tests.
QImage renderSweepChart(const SweepReport& report, int width = 1000, int height = 480, double scale = 2.0);
// chartPngBase64 empty: no chart. chartSource: an <img> src of its own instead
// of the data URL (the PDF's document resource).
QString sweepReportHtml(const SweepReport& report, const QByteArray& chartPngBase64,
                        const QString& chartSource = QString());

} // namespace hialign::widgets

// The sweep's grouped bar chart (QCustomPlot): one group per dimension, one
// bar per strategy with its bootstrap interval as an error bar (report.json's
// low/high: 95%; in version 2 at the report's level, over seeds, then
// prompts), a legend under the plot, and a "tax" mark over bars that carry an
// alignment tax.
// Works without being shown, so the export renders it headless.
//
// Threading: GUI thread only.
#pragma once

#include <QImage>
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include "widgets/SweepReport.h"

class QCustomPlot;
class QFont;

namespace hialign::widgets {

class SweepChart : public QWidget {
    Q_OBJECT
public:
    explicit SweepChart(QWidget* parent = nullptr);
    ~SweepChart() override;

    void setReport(const SweepReport& report);
    void clear();

    // What is drawn, for tests and the export: bar series in strategy order.
    int barSeriesCount() const;
    QString barSeriesName(int series) const;
    // Per dimension (report order) the bar's value, NaN where there is no bar.
    QVector<double> barValues(int series) const;
    // Per dimension the interval drawn as the error bar (low, high); NaN where none.
    QVector<double> errorLows(int series) const;
    QVector<double> errorHighs(int series) const;
    int taxMarkCount() const;

    // The chart drawn at a fixed size (device-independent pixels × scale).
    QImage render(int width, int height, double scale = 1.0);
    QWidget* plotArea() const;

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    QVector<double> errorEnds(int series, bool high) const;
    void rebuild();
    // The axes' ticks, ranges and label; returns the bars' base value.
    double setUpAxes(const QStringList& dimensionNames);
    // One bar series per strategy with its error bars, and the marks over the bars.
    void addBars(const QStringList& strategyNames, const QStringList& dimensionNames, double bottom);
    // A text item at (key, value) above the point: "taxMark" or "noScoreMark".
    void addMark(const QString& name, double key, double value, const QString& text, const QFont& font);
    // As many legend entries on a line as fit in `width` pixels.
    void arrangeLegend(int width);

    QCustomPlot* plot_ = nullptr;
    SweepReport report_;
    bool hasReport_ = false;
};

} // namespace hialign::widgets

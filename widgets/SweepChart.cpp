// qcustomplot.h declares its signals with the lower-case `signals:` keyword,
// which QT_NO_KEYWORDS (on for the rest of the project) removes. This file
// includes no project header that uses `slots` as a name, so it switches Qt's
// keywords back on for itself (as MetricsPlot.cpp does).
#undef QT_NO_KEYWORDS

#include "widgets/SweepChart.h"

#include "widgets/Palette.h"

#include <qcustomplot.h>

#include <QEvent>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace hialign::widgets {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kGroupWidth = 0.8;     // of one key unit
constexpr double kBarGap = 0.012;       // between the bars of a group, key units

QCPBars* barsAt(QCustomPlot* plot, int series)
{
    int seen = 0;
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (auto* bars = qobject_cast<QCPBars*>(plot->plottable(i)))
            if (seen++ == series)
                return bars;
    return nullptr;
}

QCPErrorBars* errorBarsOf(QCustomPlot* plot, QCPBars* bars)
{
    for (int i = 0; i < plot->plottableCount(); ++i)
        if (auto* e = qobject_cast<QCPErrorBars*>(plot->plottable(i)))
            if (e->dataPlottable() == bars)
                return e;
    return nullptr;
}

} // namespace

SweepChart::SweepChart(QWidget* parent) : QWidget(parent)
{
    plot_ = new QCustomPlot(this);
    plot_->setAutoAddPlottableToLegend(false);
    plot_->setMinimumSize(320, 240);
    plot_->setBackground(Qt::white);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);

    // The legend in its own row under the axis rect, one line across.
    auto* legendRow = new QCPLayoutGrid;
    plot_->plotLayout()->addElement(1, 0, legendRow);
    legendRow->addElement(0, 0, plot_->legend);
    plot_->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot_->legend->setBorderPen(Qt::NoPen);
    plot_->legend->setBrush(Qt::NoBrush);
    plot_->legend->setColumnSpacing(14);
    QFont legendFont = font();
    legendFont.setPointSizeF(std::max(9.5, font().pointSizeF()));
    plot_->legend->setFont(legendFont);
    plot_->legend->setVisible(true);
    plot_->plotLayout()->setRowStretchFactor(1, 0.001);
    plot_->plotLayout()->setRowSpacing(2);
    rebuild();
}

SweepChart::~SweepChart() = default;

QWidget* SweepChart::plotArea() const
{
    return plot_;
}

void SweepChart::setReport(const SweepReport& report)
{
    report_ = report;
    hasReport_ = true;
    rebuild();
}

void SweepChart::clear()
{
    report_ = SweepReport{};
    hasReport_ = false;
    rebuild();
}

void SweepChart::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        rebuild();
    QWidget::changeEvent(event);
}

void SweepChart::rebuild()
{
    const auto groups = plot_->findChildren<QCPBarsGroup*>();
    qDeleteAll(groups);
    plot_->clearPlottables();
    plot_->clearItems();
    const QStringList dimensionNames = report_.dimensions();
    const double bottom = setUpAxes(dimensionNames);
    const QStringList strategyNames = report_.strategies();
    if (!strategyNames.isEmpty() && !dimensionNames.isEmpty())
        addBars(strategyNames, dimensionNames, bottom);
    plot_->legend->setVisible(!strategyNames.isEmpty());
    arrangeLegend(plot_->width());
    plot_->replot();
}

double SweepChart::setUpAxes(const QStringList& dimensionNames)
{
    QCPAxis* x = plot_->xAxis;
    QCPAxis* y = plot_->yAxis;
    QFont tickFont = font();
    tickFont.setPointSizeF(std::max(10.0, font().pointSizeF() * 1.05));
    x->setTickLabelFont(tickFont);
    y->setTickLabelFont(font());
    x->grid()->setVisible(false);
    x->setTickLength(0, 0);
    x->setSubTicks(false);
    y->grid()->setSubGridVisible(false);

    const int dimensions = static_cast<int>(dimensionNames.size());
    auto xTicker = QSharedPointer<QCPAxisTickerText>::create();
    for (int d = 0; d < dimensions; ++d)
        xTicker->addTick(d + 1, SweepReport::dimensionTitle(dimensionNames[d]));
    x->setTicker(xTicker);
    x->setRange(0.45, std::max(1, dimensions) + 0.55);

    const double range = report_.scoreMax() - report_.scoreMin();
    const double bottom = std::min(0.0, report_.scoreMin());
    y->setRange(bottom, report_.scoreMax() + range * 0.09);
    // The error bars are the report's low/high: in version 2 the interval
    // over seeds, then prompts, at the report's level.
    const bool level95 = std::abs(report_.intervalLevel() - 0.95) < 1e-9;
    if (report_.percentScale()) {
        auto yTicker = QSharedPointer<QCPAxisTickerText>::create();
        for (int p = 0; p <= 100; p += 20)
            yTicker->addTick(p / 100.0, SweepReport::tr("%1%").arg(p));
        y->setTicker(yTicker);
        y->setLabel(level95 ? tr("Mean score with 95% interval")
                            : tr("Mean score with %1 interval").arg(report_.levelText()));
    } else {
        y->setTicker(QSharedPointer<QCPAxisTicker>::create());
        y->setLabel(level95 ? tr("Mean score (%1) with 95% interval").arg(report_.scoreRangeText())
                            : tr("Mean score (%1) with %2 interval").arg(report_.scoreRangeText(), report_.levelText()));
    }
    if (!hasReport_)
        y->setLabel(QString());
    return bottom;
}

void SweepChart::addBars(const QStringList& strategyNames, const QStringList& dimensionNames, double bottom)
{
    QCPAxis* x = plot_->xAxis;
    QCPAxis* y = plot_->yAxis;
    const int strategies = static_cast<int>(strategyNames.size());
    const int dimensions = static_cast<int>(dimensionNames.size());
    const double range = report_.scoreMax() - report_.scoreMin();
    auto* group = new QCPBarsGroup(plot_);
    group->setSpacingType(QCPBarsGroup::stPlotCoords);
    group->setSpacing(kBarGap);
    const double width = std::max(0.02, kGroupWidth / strategies - kBarGap);
    QFont taxFont = font();
    taxFont.setBold(true);
    taxFont.setPointSizeF(std::max(8.5, font().pointSizeF() * 0.85));
    QFont markFont = font();
    markFont.setPointSizeF(std::max(8.0, font().pointSizeF() * 0.8));
    for (int s = 0; s < strategies; ++s) {
        const QString& strategy = strategyNames[s];
        auto* bars = new QCPBars(x, y);
        bars->setName(SweepReport::strategyTitle(strategy));
        const QColor color = Palette::strategy(strategy, s);
        bars->setPen(QPen(color.darker(130), 1));
        bars->setBrush(color);
        bars->setWidthType(QCPBars::wtPlotCoords);
        bars->setWidth(width);
        bars->setBaseValue(bottom);
        bars->setBarsGroup(group);
        QVector<double> keys, values, minus, plus;
        for (int d = 0; d < dimensions; ++d) {
            const judge::ReportRow* row = report_.row(strategy, dimensionNames[d]);
            const double key = d + 1 + (s - (strategies - 1) / 2.0) * (width + kBarGap);
            if (!row || std::isnan(row->mean)) {
                // Say so where the bar would stand, rather than leave a gap.
                addMark(QStringLiteral("noScoreMark"), key, bottom, tr("n/a"), markFont);
                continue;
            }
            keys << d + 1;
            values << row->mean;
            const bool interval = !std::isnan(row->low) && !std::isnan(row->high);
            minus << (interval ? std::max(0.0, row->mean - row->low) : kNaN);
            plus << (interval ? std::max(0.0, row->high - row->mean) : kNaN);
            if (row->alignmentTax) {
                // Above the interval, centred on this strategy's bar.
                const double top = interval ? std::max(row->high, row->mean) : row->mean;
                addMark(QStringLiteral("taxMark"), key, top + range * 0.012, tr("tax"), taxFont);
            }
        }
        bars->setData(keys, values, true);
        bars->addToLegend();
        auto* errors = new QCPErrorBars(x, y);
        errors->removeFromLegend();
        errors->setDataPlottable(bars);
        errors->setData(minus, plus);
        errors->setPen(QPen(QColor(40, 40, 40), 1.3));
        errors->setWhiskerWidth(std::clamp(360.0 / (strategies * std::max(1, dimensions)), 4.0, 12.0));
        errors->setSymbolGap(0);
    }
}

void SweepChart::addMark(const QString& name, double key, double value, const QString& text, const QFont& font)
{
    const bool tax = name == QLatin1String("taxMark");
    auto* mark = new QCPItemText(plot_);
    mark->setObjectName(name);
    if (tax)
        mark->setClipToAxisRect(false);
    mark->position->setAxes(plot_->xAxis, plot_->yAxis);
    mark->position->setCoords(key, value);
    mark->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    mark->setText(text);
    mark->setFont(font);
    if (tax) {
        mark->setColor(QColor(176, 30, 20));
        mark->setPadding(QMargins(2, 0, 2, 0));
        mark->setBrush(QColor(255, 255, 255, 225));
        mark->setLayer(QStringLiteral("legend"));   // above every bar of the group
    } else {
        mark->setColor(QColor(120, 120, 120));
        mark->setPadding(QMargins(0, 0, 0, 3));
    }
}

void SweepChart::arrangeLegend(int width)
{
    QCPLegend* legend = plot_->legend;
    const QFontMetrics metrics(legend->font());
    int widest = 0;
    for (int i = 0; i < legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(legend->item(i)))
            widest = std::max(widest, metrics.horizontalAdvance(item->plottable()->name()));
    const int itemWidth = widest + legend->iconSize().width() + legend->iconTextPadding() + 16 + legend->columnSpacing();
    const int columns = std::clamp((width - 20) / std::max(1, itemWidth), 1, std::max(1, legend->itemCount()));
    if (legend->wrap() != columns) {
        legend->setWrap(columns);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true);
    }
}

void SweepChart::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    arrangeLegend(plot_->width());
}

int SweepChart::barSeriesCount() const
{
    int n = 0;
    for (int i = 0; i < plot_->plottableCount(); ++i)
        if (qobject_cast<QCPBars*>(plot_->plottable(i)))
            ++n;
    return n;
}

QString SweepChart::barSeriesName(int series) const
{
    const QCPBars* bars = barsAt(plot_, series);
    return bars ? bars->name() : QString();
}

QVector<double> SweepChart::barValues(int series) const
{
    QVector<double> out(static_cast<qsizetype>(report_.model.dimensions.size()), kNaN);
    if (const QCPBars* bars = barsAt(plot_, series))
        for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it) {
            const int d = static_cast<int>(std::lround(it->key)) - 1;
            if (d >= 0 && d < out.size())
                out[d] = it->value;
        }
    return out;
}

QVector<double> SweepChart::errorEnds(int series, bool high) const
{
    QVector<double> out(static_cast<qsizetype>(report_.model.dimensions.size()), kNaN);
    QCPBars* bars = barsAt(plot_, series);
    const QCPErrorBars* errors = bars ? errorBarsOf(plot_, bars) : nullptr;
    if (!errors)
        return out;
    int i = 0;
    for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it, ++i) {
        const int d = static_cast<int>(std::lround(it->key)) - 1;
        if (d >= 0 && d < out.size() && i < errors->dataCount())
            out[d] = high ? it->value + errors->data()->at(i).errorPlus : it->value - errors->data()->at(i).errorMinus;
    }
    return out;
}

QVector<double> SweepChart::errorLows(int series) const
{
    return errorEnds(series, false);
}

QVector<double> SweepChart::errorHighs(int series) const
{
    return errorEnds(series, true);
}

int SweepChart::taxMarkCount() const
{
    int n = 0;
    for (int i = 0; i < plot_->itemCount(); ++i)
        if (plot_->item(i)->objectName() == QLatin1String("taxMark"))
            ++n;
    return n;
}

QImage SweepChart::render(int width, int height, double scale)
{
    arrangeLegend(width);
    plot_->replot(QCustomPlot::rpImmediateRefresh);
    const QImage image = plot_->toPixmap(width, height, scale).toImage();
    arrangeLegend(plot_->width());
    return image;
}

} // namespace hialign::widgets

// qcustomplot.h declares its signals with the lower-case `signals:` keyword,
// which QT_NO_KEYWORDS (on for the rest of the project) removes. This file
// includes no project header that uses `slots` as a name, so it switches Qt's
// keywords back on for itself.
#undef QT_NO_KEYWORDS

#include "widgets/MetricsPlot.h"
#include "widgets/MetricsPlotInternal.h"

#include "widgets/Palette.h"

#include <qcustomplot.h>

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QTimer>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace hialign::widgets {

namespace {

constexpr int kRedrawMs = 40;

// A curve's place: which panel, and its role there (0: the main series,
// 1: the second series of a "chosen vs rejected" panel).
struct MetricSlot {
    const char* metric;
    int panel;
    int role;
};

// judged_score: the mean judged score of the answers over training
// (kJudgedScoreMetric), beside the reward margin.
constexpr MetricSlot kSlots[] = {
    {"loss", 0, 0},
    {"rewards/margins", 1, 0},
    {"judged_score", 2, 0},
    {"rewards/accuracies", 3, 0},
    {"rewards/chosen", 4, 0},
    {"rewards/rejected", 4, 1},
    {"logps/chosen", 5, 0},
    {"logps/rejected", 5, 1},
    {"grad_norm", 6, 0},
    {"learning_rate", 7, 0},
    {"tokens_per_second", 8, 0},
};
constexpr int kPanelCount = 9;
constexpr int kAccuracyPanel = 3;

// A "chosen vs rejected" panel: one that holds a second series.
bool isPairPanel(int panel)
{
    for (const auto& s : kSlots)
        if (s.panel == panel && s.role == 1)
            return true;
    return false;
}

const MetricSlot* slotOf(const QString& metric)
{
    for (const auto& s : kSlots)
        if (metric == QLatin1String(s.metric))
            return &s;
    return nullptr;
}

} // namespace

MetricsPlot::MetricsPlot(QWidget* parent) : QWidget(parent)
{
    plot_ = new QCustomPlot(this);
    plot_->setAutoAddPlottableToLegend(false);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->setNoAntialiasingOnDrag(true);
    plot_->setMouseTracking(true);
    plot_->setMinimumSize(360, 260);

    redrawTimer_ = new QTimer(this);
    redrawTimer_->setSingleShot(true);
    redrawTimer_->setInterval(kRedrawMs);
    connect(redrawTimer_, &QTimer::timeout, this, &MetricsPlot::redraw);
    connect(plot_, &QCustomPlot::afterReplot, this, [this] {
        ++replotCount_;
        Q_EMIT replotted();
    });
    connect(plot_, &QCustomPlot::mouseMove, this, &MetricsPlot::onPlotMouseMove);
    connect(plot_, &QCustomPlot::mouseDoubleClick, this, &MetricsPlot::onPlotDoubleClick);

    smoothingLabel_ = new QLabel(this);
    smoothingSlider_ = new QSlider(Qt::Horizontal, this);
    smoothingSlider_->setRange(0, 99);
    smoothingSlider_->setValue(static_cast<int>(smoothing_ * 100));
    smoothingSlider_->setMaximumWidth(220);
    connect(smoothingSlider_, &QSlider::valueChanged, this, [this](int v) { setSmoothing(v / 100.0); });

    fitButton_ = new QToolButton(this);
    connect(fitButton_, &QToolButton::clicked, this, &MetricsPlot::fitAll);
    buildExportMenu();
    hint_ = new QLabel(this);
    hint_->setForegroundRole(QPalette::PlaceholderText);

    auto* bar = new QHBoxLayout;
    bar->addWidget(smoothingLabel_);
    bar->addWidget(smoothingSlider_);
    bar->addSpacing(12);
    bar->addWidget(fitButton_);
    bar->addWidget(exportButton_);
    bar->addSpacing(12);
    bar->addWidget(hint_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(plot_, 1);

    buildPanels();
    arrangePanels(3);
    createCursors();
    retranslate();
}

MetricsPlot::~MetricsPlot() = default;

QStringList MetricsPlot::plottedMetrics()
{
    QStringList names;
    for (const auto& s : kSlots)
        names << QLatin1String(s.metric);
    return names;
}

void MetricsPlot::buildPanels()
{
    plot_->plotLayout()->clear();   // drops the default axis rect and legend
    QFont titleFont = font();
    titleFont.setPointSizeF(std::max(11.0, font().pointSizeF() * 1.1));
    titleFont.setBold(true);
    QFont tickFont = font();
    tickFont.setPointSizeF(std::max(9.5, font().pointSizeF() * 0.95));
    QFont legendFont = font();
    legendFont.setPointSizeF(std::max(9.5, font().pointSizeF() * 0.95));

    for (int i = 0; i < kPanelCount; ++i) {
        auto panel = std::make_unique<Panel>();
        panel->container = new QCPLayoutGrid;
        panel->title = new QCPTextElement(plot_, QString(), titleFont);
        panel->rect = new QCPAxisRect(plot_, true);
        panel->container->addElement(0, 0, panel->title);
        panel->container->addElement(1, 0, panel->rect);
        panel->container->setRowStretchFactor(0, 0.01);
        panel->container->setRowSpacing(0);
        for (auto* axis : {panel->rect->axis(QCPAxis::atBottom), panel->rect->axis(QCPAxis::atLeft)}) {
            axis->setTickLabelFont(tickFont);
            axis->ticker()->setTickCount(4);
            axis->grid()->setSubGridVisible(false);
        }
        panel->rect->axis(QCPAxis::atLeft)->setNumberFormat(QStringLiteral("gb"));
        panel->rect->axis(QCPAxis::atLeft)->setNumberPrecision(3);
        panel->rect->setRangeDrag(Qt::Horizontal | Qt::Vertical);
        panel->rect->setRangeZoom(Qt::Horizontal | Qt::Vertical);
        panel->legend = new QCPLegend;
        panel->rect->insetLayout()->addElement(panel->legend, Qt::AlignTop | Qt::AlignRight);
        panel->legend->setLayer(QStringLiteral("legend"));
        panel->legend->setFont(legendFont);
        panel->legend->setBrush(QColor(255, 255, 255, 215));
        panel->legend->setBorderPen(QPen(QColor(180, 180, 180)));
        panel->legend->setVisible(false);
        panel->fixedUnitRange = i == kAccuracyPanel;
        if (panel->fixedUnitRange)
            panel->rect->axis(QCPAxis::atLeft)->setRange(-0.03, 1.03);
        Panel* raw = panel.get();
        auto markUser = [this, raw] {
            if (!property("hialignFitting").toBool())
                raw->userView = true;
        };
        connect(panel->rect->axis(QCPAxis::atBottom), qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
                markUser);
        connect(panel->rect->axis(QCPAxis::atLeft), qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this,
                markUser);
        panels_.push_back(std::move(panel));
    }
}

// The hover cursor of each panel. Items look for a default axis rect when
// created: they are made once the panels are in the layout.
void MetricsPlot::createCursors()
{
    for (auto& panel : panels_) {
        panel->cursor = new QCPItemStraightLine(plot_);
        panel->cursor->setClipAxisRect(panel->rect);
        panel->cursor->setClipToAxisRect(true);
        for (auto* pos : {panel->cursor->point1, panel->cursor->point2})
            pos->setAxes(panel->rect->axis(QCPAxis::atBottom), panel->rect->axis(QCPAxis::atLeft));
        panel->cursor->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
        panel->cursor->setVisible(false);
    }
}

void MetricsPlot::arrangePanels(int columns)
{
    if (columns == columns_)
        return;
    columns_ = columns;
    auto* grid = plot_->plotLayout();
    for (auto& p : panels_)
        if (p->container->layout() == grid)
            grid->take(p->container);
    grid->simplify();
    for (int i = 0; i < static_cast<int>(panels_.size()); ++i)
        grid->addElement(i / columns, i % columns, panels_[i]->container);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void MetricsPlot::retranslate()
{
    const QString titles[kPanelCount] = {tr("DPO loss"),
                                         tr("Reward margin (chosen − rejected)"),
                                         tr("Judged score of the answers"),
                                         tr("Reward accuracy"),
                                         tr("Rewards: chosen vs rejected"),
                                         tr("Log-probs: chosen vs rejected"),
                                         tr("Gradient norm"),
                                         tr("Learning rate"),
                                         tr("Throughput (tokens/s)")};
    for (int i = 0; i < kPanelCount; ++i) {
        panels_[i]->title->setText(titles[i]);
        panels_[i]->rect->axis(QCPAxis::atBottom)->setLabel(QString());
    }
    smoothingLabel_->setText(tr("Smoothing %1").arg(smoothing_, 0, 'f', 2));
    smoothingSlider_->setToolTip(tr("Exponential moving average of the training curves; 0 shows the raw values"));
    fitButton_->setText(tr("Fit all"));
    fitButton_->setToolTip(tr("Show all data again and follow new steps (or double-click a panel)"));
    exportButton_->setText(tr("Export"));
    exportButton_->setToolTip(tr("Save the curves as PNG, SVG or PDF, or the numbers as CSV"));
    hint_->setText(tr("Wheel: zoom · drag: pan · double-click: fit · hover: values"));
    restyleNeeded_ = true;
    scheduleRedraw();
}

void MetricsPlot::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void MetricsPlot::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    arrangePanels(width() >= 1700 ? 5 : width() >= 900 ? 3 : 2);
}

QWidget* MetricsPlot::plotArea() const
{
    return plot_;
}

// ---------------------------------------------------------------- runs

int MetricsPlot::addRun(const QString& name)
{
    Run r;
    r.id = nextRunId_++;
    r.name = name;
    r.color = Palette::series(r.id - 1);
    runs_.push_back(r);
    restyleNeeded_ = true;
    scheduleRedraw();
    return r.id;
}

void MetricsPlot::removeRun(int run)
{
    for (auto it = series_.begin(); it != series_.end();) {
        if ((*it)->run == run) {
            plot_->removeGraph((*it)->raw);
            plot_->removeGraph((*it)->smooth);
            it = series_.erase(it);
        } else {
            ++it;
        }
    }
    runs_.erase(std::remove_if(runs_.begin(), runs_.end(), [run](const Run& r) { return r.id == run; }), runs_.end());
    restyleNeeded_ = true;
    scheduleRedraw();
}

void MetricsPlot::clearRuns()
{
    const auto copy = runs_;
    for (const auto& r : copy)
        removeRun(r.id);
    for (auto& p : panels_)
        p->userView = false;
}

void MetricsPlot::setRunName(int run, const QString& name)
{
    for (auto& r : runs_)
        if (r.id == run)
            r.name = name;
    restyleNeeded_ = true;
    scheduleRedraw();
}

QList<int> MetricsPlot::runs() const
{
    QList<int> ids;
    for (const auto& r : runs_)
        ids << r.id;
    return ids;
}

QString MetricsPlot::runName(int run) const
{
    for (const auto& r : runs_)
        if (r.id == run)
            return r.name;
    return {};
}

// ---------------------------------------------------------------- data

MetricsPlot::Series* MetricsPlot::seriesFor(int run, const QString& metric, bool eval)
{
    for (auto& s : series_)
        if (s->run == run && s->eval == eval && s->metric == metric)
            return s.get();
    const MetricSlot* slot = slotOf(metric);
    if (!slot || std::none_of(runs_.begin(), runs_.end(), [run](const Run& r) { return r.id == run; }))
        return nullptr;
    auto s = std::make_unique<Series>();
    s->run = run;
    s->metric = metric;
    s->eval = eval;
    s->panel = slot->panel;
    s->role = slot->role;
    QCPAxisRect* rect = panels_[s->panel]->rect;
    s->raw = plot_->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    s->smooth = plot_->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    series_.push_back(std::move(s));
    restyleNeeded_ = true;
    return series_.back().get();
}

void MetricsPlot::appendValue(int run, const QString& metric, double step, double value, bool eval)
{
    if (!std::isfinite(value) || !std::isfinite(step))
        return;
    Series* s = seriesFor(run, metric, eval);
    if (!s)
        return;
    if (!s->x.empty() && step < s->x.back()) {
        // A resumed run repeats steps: drop what lies after the new step.
        while (!s->x.empty() && s->x.back() >= step) {
            s->x.pop_back();
            s->y.pop_back();
        }
        rebuildNeeded_ = true;
        s->flushed = 0;
    }
    s->x.push_back(step);
    s->y.push_back(value);
    scheduleRedraw();
}

void MetricsPlot::appendValues(int run, double step, const QMap<QString, double>& values, bool eval)
{
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        appendValue(run, it.key(), step, it.value(), eval);
}

int MetricsPlot::pointCount(int run, const QString& metric, bool eval) const
{
    for (const auto& s : series_)
        if (s->run == run && s->eval == eval && s->metric == metric)
            return static_cast<int>(s->x.size());
    return 0;
}

void MetricsPlot::setSmoothing(double weight)
{
    weight = std::clamp(weight, 0.0, 0.99);
    if (weight == smoothing_)
        return;
    smoothing_ = weight;
    const QSignalBlocker block(smoothingSlider_);
    smoothingSlider_->setValue(static_cast<int>(std::lround(weight * 100)));
    smoothingLabel_->setText(tr("Smoothing %1").arg(smoothing_, 0, 'f', 2));
    rebuildNeeded_ = true;
    restyleNeeded_ = true;
    scheduleRedraw();
}

void MetricsPlot::scheduleRedraw()
{
    if (!redrawTimer_->isActive())
        redrawTimer_->start();
}

void MetricsPlot::rebuildSmoothed(Series& s)
{
    s.smoothed.clear();
    s.emaAcc = 0;
    s.emaCount = 0;
    s.flushed = 0;
    s.raw->data()->clear();
    s.smooth->data()->clear();
}

void MetricsPlot::redraw()
{
    if (rebuildNeeded_) {
        for (auto& s : series_)
            rebuildSmoothed(*s);
        rebuildNeeded_ = false;
    }
    std::vector<bool> touched(panels_.size(), false);
    for (auto& sp : series_) {
        Series& s = *sp;
        if (s.flushed > s.x.size())
            rebuildSmoothed(s);
        if (s.flushed == s.x.size())
            continue;
        if (s.flushed == 0) {
            s.raw->data()->clear();
            s.smooth->data()->clear();
            s.smoothed.clear();
            s.emaAcc = 0;
            s.emaCount = 0;
        }
        QVector<double> nx, ny, sy;
        nx.reserve(static_cast<int>(s.x.size() - s.flushed));
        ny.reserve(nx.capacity());
        sy.reserve(nx.capacity());
        for (std::size_t i = s.flushed; i < s.x.size(); ++i) {
            // Debiased EMA (as TensorBoard draws it).
            s.emaAcc = smoothing_ * s.emaAcc + (1.0 - smoothing_) * s.y[i];
            ++s.emaCount;
            const double debias = 1.0 - std::pow(smoothing_, s.emaCount);
            const double v = debias > 0 ? s.emaAcc / debias : s.y[i];
            s.smoothed.push_back(v);
            nx.push_back(s.x[i]);
            ny.push_back(s.y[i]);
            sy.push_back(v);
        }
        s.raw->addData(nx, ny, true);
        s.smooth->addData(nx, sy, true);
        s.flushed = s.x.size();
        touched[s.panel] = true;
    }
    if (restyleNeeded_) {
        restyleAll();
        restyleNeeded_ = false;
    }
    setProperty("hialignFitting", true);
    for (std::size_t i = 0; i < panels_.size(); ++i)
        if (touched[i] && !panels_[i]->userView)
            fitPanel(*panels_[i]);
    setProperty("hialignFitting", false);
    plot_->replot();
}

void MetricsPlot::fitPanel(Panel& panel)
{
    bool any = false;
    QCPRange xr, yr;
    for (const auto& s : series_) {
        if (panels_[s->panel].get() != &panel)
            continue;
        if (s->x.empty())
            continue;
        const auto [ymin, ymax] = std::minmax_element(s->y.begin(), s->y.end());
        if (!any) {
            xr = QCPRange(s->x.front(), s->x.back());
            yr = QCPRange(*ymin, *ymax);
            any = true;
        } else {
            xr.expand(QCPRange(s->x.front(), s->x.back()));
            yr.expand(QCPRange(*ymin, *ymax));
        }
    }
    if (!any)
        return;
    if (xr.size() <= 0)
        xr = QCPRange(xr.lower - 1, xr.upper + 1);
    if (yr.size() <= 0)
        yr = QCPRange(yr.lower - std::max(1e-9, std::fabs(yr.lower) * 0.1), yr.upper + std::max(1e-9, std::fabs(yr.upper) * 0.1));
    const double pad = yr.size() * 0.06;
    panel.rect->axis(QCPAxis::atBottom)->setRange(xr);
    if (panel.fixedUnitRange)
        panel.rect->axis(QCPAxis::atLeft)->setRange(-0.03, 1.03);
    else
        panel.rect->axis(QCPAxis::atLeft)->setRange(yr.lower - pad, yr.upper + pad);
}

void MetricsPlot::fitAll()
{
    setProperty("hialignFitting", true);
    for (auto& p : panels_) {
        p->userView = false;
        fitPanel(*p);
    }
    setProperty("hialignFitting", false);
    plot_->replot();
}

// ---------------------------------------------------------------- style

QString MetricsPlot::seriesLabel(const Series& s) const
{
    QString label;
    const bool pair = isPairPanel(s.panel);
    if (pair)
        label = s.role == 0 ? tr("chosen") : tr("rejected");
    else
        label = s.eval ? tr("eval") : tr("train");
    if (pair && s.eval)
        label = tr("%1 (eval)").arg(label);
    if (runs_.size() > 1)
        label = tr("%1 · %2").arg(runName(s.run), label);
    return label;
}

void MetricsPlot::restyle(Series& s)
{
    QColor color;
    Qt::PenStyle style = Qt::SolidLine;
    if (runs_.size() <= 1) {
        if (s.eval)
            color = s.role == 0 ? Palette::orange() : Palette::purple();
        else
            color = s.role == 0 ? Palette::blue() : Palette::vermillion();
    } else {
        for (const auto& r : runs_)
            if (r.id == s.run)
                color = r.color;
        if (s.role == 1)
            style = Qt::DashLine;
    }
    QCPLegend* legend = panels_[s.panel]->legend;
    const bool smoothed = smoothing_ > 0 && !s.eval;
    s.raw->setName(seriesLabel(s));
    s.smooth->setName(seriesLabel(s));
    if (s.eval) {
        s.raw->setPen(QPen(color, 1.5, Qt::DotLine));
        s.raw->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color, color, 7));
    } else {
        QColor faint = color;
        if (smoothed)
            faint.setAlpha(70);
        s.raw->setPen(QPen(faint, smoothed ? 1.0 : 2.0, style));
        s.raw->setScatterStyle(QCPScatterStyle());
    }
    s.smooth->setPen(QPen(color, 2.4, style));
    s.smooth->setVisible(smoothed);
    s.raw->removeFromLegend(legend);
    s.smooth->removeFromLegend(legend);
    (smoothed ? s.smooth : s.raw)->addToLegend(legend);
}

void MetricsPlot::restyleAll()
{
    for (auto& s : series_)
        restyle(*s);
    for (auto& p : panels_)
        p->legend->setVisible(p->legend->itemCount() > 1);
}

// ---------------------------------------------------------------- mouse

int MetricsPlot::panelIndexAt(const QPoint& pos) const
{
    for (std::size_t i = 0; i < panels_.size(); ++i)
        if (panels_[i]->rect->rect().contains(pos))
            return static_cast<int>(i);
    return -1;
}

QString MetricsPlot::readoutAt(const QPoint& pos) const
{
    const int pi = panelIndexAt(pos);
    if (pi < 0)
        return {};
    const double key = panels_[pi]->rect->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
    QStringList lines;
    double shownStep = std::nan("");
    for (const auto& s : series_) {
        if (s->panel != pi || s->x.empty())
            continue;
        auto it = std::lower_bound(s->x.begin(), s->x.end(), key);
        if (it == s->x.end())
            --it;
        else if (it != s->x.begin() && std::fabs(*(it - 1) - key) < std::fabs(*it - key))
            --it;
        const auto i = static_cast<std::size_t>(it - s->x.begin());
        if (std::isnan(shownStep))
            shownStep = s->x[i];
        QString line = tr("%1: %2").arg(seriesLabel(*s)).arg(s->y[i], 0, 'g', 4);
        if (!s->eval && smoothing_ > 0 && i < s->smoothed.size())
            line += tr(" (smoothed %1)").arg(s->smoothed[i], 0, 'g', 4);
        if (s->x[i] != shownStep)
            line += tr(" at step %1").arg(s->x[i]);
        lines << line;
    }
    if (lines.isEmpty())
        return {};
    lines.prepend(tr("%1 — step %2").arg(panels_[pi]->title->text()).arg(shownStep));
    return lines.join(QLatin1Char('\n'));
}

void MetricsPlot::onPlotMouseMove(QMouseEvent* event)
{
    const QPoint pos = event->pos();
    const int pi = panelIndexAt(pos);
    bool changed = false;
    for (int i = 0; i < static_cast<int>(panels_.size()); ++i) {
        auto* cursor = panels_[i]->cursor;
        const bool show = i == pi && event->buttons() == Qt::NoButton;
        if (show) {
            const double key = panels_[i]->rect->axis(QCPAxis::atBottom)->pixelToCoord(pos.x());
            cursor->point1->setCoords(key, 0);
            cursor->point2->setCoords(key, 1);
            changed = true;
        }
        if (cursor->visible() != show) {
            cursor->setVisible(show);
            changed = true;
        }
    }
    if (changed)
        scheduleRedraw();
    const QString text = event->buttons() == Qt::NoButton ? readoutAt(pos) : QString();
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(plot_->mapToGlobal(pos + QPoint(16, 16)), text, plot_);
}

void MetricsPlot::onPlotDoubleClick(QMouseEvent* event)
{
    const int pi = panelIndexAt(event->pos());
    if (pi < 0) {
        fitAll();
        return;
    }
    panels_[pi]->userView = false;
    setProperty("hialignFitting", true);
    fitPanel(*panels_[pi]);
    setProperty("hialignFitting", false);
    plot_->replot();
}

} // namespace hialign::widgets

#include "widgets/LayerStackView.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolButton>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <set>

#include "widgets/Palette.h"
#include "widgets/ParameterCount.h"

namespace hialign::widgets {

using align::Block;
using align::LayerPlan;
using align::Strategy;

namespace {

constexpr int kMargin = 10;
constexpr int kHeaderHeight = 50;
constexpr int kFooterHeight = 70;
constexpr int kBandWidth = 46;
constexpr int kLabelWidth = 54;
constexpr int kHeatWidth = 130;
constexpr int kProbeGap = 4;          // between two probe columns
constexpr int kProbeLead = 16;        // between the layer parts and the probe columns

QColor blend(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(a.redF() + t * (b.redF() - a.redF()), a.greenF() + t * (b.greenF() - a.greenF()),
                            a.blueF() + t * (b.blueF() - a.blueF()));
}

bool samePlan(const LayerPlan& a, const LayerPlan& b)
{
    return a.numLayers() == b.numLayers() && a.cut1() == b.cut1() && a.cut2() == b.cut2()
        && a.strategy() == b.strategy() && a.targetedLayers() == b.targetedLayers();
}

bool targetsAttention(const LayerPlan& plan, int layer)
{
    for (const char* m : {"q_proj", "k_proj", "v_proj", "o_proj"})
        if (plan.targets(layer, m))
            return true;
    return false;
}

bool targetsMlp(const LayerPlan& plan, int layer)
{
    for (const char* m : {"gate_proj", "up_proj", "down_proj"})
        if (plan.targets(layer, m))
            return true;
    return false;
}

QString formatNorm(double v)
{
    if (v == 0.0)
        return QStringLiteral("0");
    const double a = std::fabs(v);
    if (a >= 0.01 && a < 1000)
        return QString::number(v, 'f', a < 1 ? 3 : (a < 10 ? 2 : 1));
    return QString::number(v, 'e', 1);
}

const Strategy kPresetOrder[] = {Strategy::Base, Strategy::Full, Strategy::Local,
                                 Strategy::Mid, Strategy::Global, Strategy::Custom};

QString formatShare(double v)
{
    const double pct = 100.0 * v;
    if (pct >= 9.95 || pct == 0.0)
        return QStringLiteral("%1%").arg(QString::number(pct, 'f', 0));
    return QStringLiteral("%1%").arg(QString::number(pct, 'f', 1));
}

// The colour of the suggested cuts: distinct from the plan's own (the text
// colour) and from every colour of the viridis scale under it.
QColor suggestedCutColour()
{
    return Palette::vermillion();
}

} // namespace

struct LayerStackView::Layout {
    int n = 0;
    QRect header;
    QRect headBox;       // LM head above the stack
    QRect embedBox;      // token embedding below it
    QRect bandColumn;
    int labelX = 0;
    int partsX = 0, partsW = 0;
    int attentionW = 0;
    int probeX = 0, probeW = 0, probeColW = 0;   // the probe's small multiples
    int heatX = 0, heatW = 0;
    int infoX = 0, infoW = 0;
    double stackTop = 0, stackBottom = 0, rowH = 0;
    QRect footer;

    double rowTop(int layer) const { return stackBottom - (layer + 1) * rowH; }
    double boundaryY(int k) const { return stackBottom - k * rowH; }
};

LayerStackView::LayerStackView(QWidget* parent) : QWidget(parent)
{
    qRegisterMetaType<LayerPlan>();
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
    QFont f = font();
    f.setPointSizeF(std::max(f.pointSizeF(), 11.0));
    setFont(f);

    for (Strategy s : kPresetOrder) {
        auto* b = new QToolButton(this);
        b->setCheckable(true);
        b->setAutoRaise(false);
        b->setFocusPolicy(Qt::TabFocus);
        b->setMinimumHeight(32);
        b->setStyleSheet(QStringLiteral("QToolButton { padding: 4px 10px; }"
                                        "QToolButton:checked { background: palette(highlight);"
                                        " color: palette(highlighted-text); font-weight: bold;"
                                        " border: 1px solid palette(dark); border-radius: 4px; }"));
        connect(b, &QToolButton::clicked, this, [this, s] {
            if (!editable_) {
                updateButtons();
                return;
            }
            if (s == Strategy::Custom) {
                const auto layers = plan_.targetedLayers();
                if (layers.empty())
                    plan_.setCustomLayers({std::clamp(focusLayer_, 0, std::max(0, plan_.numLayers() - 1))});
                else
                    plan_.setCustomLayers(layers);
                commit();
            } else {
                setStrategy(s);
            }
        });
        presets_.push_back(b);
    }
    applyCutsAction_ = new QAction(this);
    applyCutsAction_->setObjectName(QStringLiteral("applySuggestedCuts"));
    applyCutsAction_->setEnabled(false);
    connect(applyCutsAction_, &QAction::triggered, this, [this] { applySuggestedCuts(); });
    applyCutsButton_ = new QToolButton(this);
    applyCutsButton_->setDefaultAction(applyCutsAction_);
    applyCutsButton_->setFocusPolicy(Qt::TabFocus);
    applyCutsButton_->setMinimumHeight(32);
    applyCutsButton_->setStyleSheet(QStringLiteral("QToolButton { padding: 4px 10px; }"));
    applyCutsButton_->hide();
    heatCombo_ = new QComboBox(this);
    heatCombo_->setFocusPolicy(Qt::TabFocus);
    connect(heatCombo_, qOverload<int>(&QComboBox::activated), this,
            [this](int i) { setHeatKind(static_cast<HeatKind>(i)); });
    retranslate();
    setLayerCount(12);
}

LayerStackView::~LayerStackView() = default;

void LayerStackView::retranslate()
{
    const QString names[] = {tr("Base"), tr("Full"), tr("Local"), tr("Mid"), tr("Global"), tr("Custom")};
    const QString tips[] = {
        tr("Base: no adapters; the untrained model for comparison (B)"),
        tr("Full-DPO: LoRA adapters on every layer (F)"),
        tr("Local-Align: adapters on the local block only, syntax and fluency (L)"),
        tr("Mid-Align: adapters on the intermediate block only, logic and coherence (M)"),
        tr("Global-Align: adapters on the global block only, facts and reasoning (G)"),
        tr("Custom: paint any set of layers with the mouse, or toggle them with Space")};
    for (std::size_t i = 0; i < presets_.size(); ++i) {
        presets_[i]->setText(names[i]);
        presets_[i]->setToolTip(tips[i]);
    }
    const int current = heatCombo_->currentIndex();
    heatCombo_->clear();
    heatCombo_->addItem(tr("Heat: off"));
    heatCombo_->addItem(tr("Heat: ‖ΔW‖ (how much each layer changed)"));
    heatCombo_->addItem(tr("Heat: ‖gradient‖ (where training pushes now)"));
    heatCombo_->setCurrentIndex(current >= 0 ? current : static_cast<int>(heatKind_));
    heatCombo_->setToolTip(tr("What the heat column shows per layer during and after training"));
    applyCutsAction_->setText(tr("Apply suggested cuts"));
    updateProbeAction();
    setAccessibleName(tr("Layer stack"));
    updateAccessibleDescription();
    updateGeometry();
}

void LayerStackView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void LayerStackView::setModelConfig(const io::ModelConfig& config)
{
    config_ = config;
    const Strategy s = plan_.strategy();
    LayerPlan p(config.numLayers);
    if (config.numLayers >= 3) {
        const auto cuts = config.defaultCuts();
        p.setCuts(cuts.cut1, cuts.cut2);
    }
    p.setStrategy(s == Strategy::Custom ? Strategy::Global : s);
    p.setTargetModules(plan_.targetModules());
    for (Block b : {Block::Local, Block::Intermediate, Block::Global})
        p.setBlockLora(b, plan_.blockLora(b));
    focusLayer_ = std::clamp(focusLayer_, 0, std::max(0, config.numLayers - 1));
    deltaNorm_.clear();
    gradNorm_.clear();
    plan_ = p;
    if (probe_)
        clearProbe();
    updateButtons();
    updateAccessibleDescription();
    update();
    Q_EMIT planChanged(plan_);
}

void LayerStackView::setLayerCount(int numLayers)
{
    config_.reset();
    const Strategy s = plan_.numLayers() > 0 ? plan_.strategy() : Strategy::Global;
    plan_ = LayerPlan(numLayers);
    plan_.setStrategy(s == Strategy::Custom ? Strategy::Global : s);
    focusLayer_ = std::clamp(focusLayer_, 0, std::max(0, numLayers - 1));
    deltaNorm_.clear();
    gradNorm_.clear();
    if (probe_)
        clearProbe();
    updateButtons();
    updateAccessibleDescription();
    update();
}

void LayerStackView::setPlan(const LayerPlan& plan)
{
    if (samePlan(plan, plan_) && plan.targetModules() == plan_.targetModules())
        return;
    plan_ = plan;
    commit();
}

void LayerStackView::setStrategy(Strategy strategy)
{
    if (strategy == Strategy::Custom) {
        plan_.setCustomLayers(plan_.targetedLayers());
    } else {
        plan_.setStrategy(strategy);
    }
    commit();
}

void LayerStackView::setCuts(int cut1, int cut2)
{
    plan_.setCuts(cut1, cut2);
    commit();
}

void LayerStackView::setHeat(const std::vector<double>& deltaNorm, const std::vector<double>& gradNorm)
{
    deltaNorm_ = deltaNorm;
    gradNorm_ = gradNorm;
    update();
}

void LayerStackView::clearHeat()
{
    deltaNorm_.clear();
    gradNorm_.clear();
    update();
}

void LayerStackView::setHeatKind(HeatKind kind)
{
    if (heatCombo_->currentIndex() != static_cast<int>(kind))
        heatCombo_->setCurrentIndex(static_cast<int>(kind));
    if (kind == heatKind_)
        return;
    heatKind_ = kind;
    update();
    Q_EMIT heatKindChanged(kind);
}

void LayerStackView::setEditable(bool editable)
{
    editable_ = editable;
    for (auto* b : presets_)
        b->setEnabled(editable);
    drag_ = Drag::None;
    updateProbeAction();
    update();
}

// ---------------------------------------------------------------- probe

bool LayerStackView::setProbe(const Probe& probe, QString* error)
{
    const int n = plan_.numLayers();
    const auto dims = static_cast<std::size_t>(probe.dimensions.size());
    QString problem;
    if (dims == 0 || probe.importance.size() != dims) {
        problem = tr("The probe names %n dimension(s) but holds %1 importance profile(s).", nullptr,
                     static_cast<int>(dims))
                      .arg(probe.importance.size());
    } else {
        for (const auto& profile : probe.importance) {
            if (static_cast<int>(profile.size()) != n) {
                problem = tr("The probe is of a %1-layer model; this layer stack has %2 layers.")
                              .arg(profile.size())
                              .arg(n);
                break;
            }
            for (double v : profile)
                if (!std::isfinite(v) || v < 0)
                    problem = tr("The probe holds an importance value that is negative or not a number.");
            if (!problem.isEmpty())
                break;
        }
    }
    if (problem.isEmpty() && probe.suggestedCuts) {
        const auto [c1, c2] = *probe.suggestedCuts;
        if (!(0 < c1 && c1 < c2 && c2 < n))
            problem = tr("The suggested cuts %1 and %2 do not fit a stack of %3 layers.").arg(c1).arg(c2).arg(n);
    }
    if (problem.isEmpty() && !probe.blockOf.empty()) {
        if (probe.blockOf.size() != dims
            || std::any_of(probe.blockOf.begin(), probe.blockOf.end(), [](int b) { return b < 0 || b > 2; }))
            problem = tr("The probe's block assignment does not match its dimensions.");
    }
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    probe_ = probe;
    updateProbeAction();
    updateAccessibleDescription();
    resizeEvent(nullptr);
    update();
    Q_EMIT probeChanged();
    return true;
}

void LayerStackView::clearProbe()
{
    if (!probe_)
        return;
    probe_.reset();
    updateProbeAction();
    updateAccessibleDescription();
    resizeEvent(nullptr);
    update();
    Q_EMIT probeChanged();
}

bool LayerStackView::applySuggestedCuts()
{
    if (!editable_ || !probe_ || !probe_->suggestedCuts || plan_.numLayers() < 3)
        return false;
    const auto [c1, c2] = *probe_->suggestedCuts;
    if (c1 != plan_.cut1() || c2 != plan_.cut2())
        setCuts(c1, c2);
    return true;
}

void LayerStackView::updateProbeAction()
{
    const bool can = editable_ && probe_ && probe_->suggestedCuts.has_value();
    applyCutsAction_->setEnabled(can);
    if (probe_ && probe_->suggestedCuts)
        applyCutsAction_->setToolTip(tr("Move the plan's cuts to the probe's suggestion: %1 | %2")
                                         .arg(probe_->suggestedCuts->first)
                                         .arg(probe_->suggestedCuts->second));
    else
        applyCutsAction_->setToolTip(tr("Run or open a layer probe to get suggested cuts"));
    applyCutsButton_->setVisible(probe_ && probe_->suggestedCuts.has_value());
}

double LayerStackView::probeMax() const
{
    double m = 0;
    if (probe_)
        for (const auto& profile : probe_->importance)
            for (double v : profile)
                m = std::max(m, v);
    return m;
}

QRect LayerStackView::probeColumnRect(int dimension) const
{
    const Layout l = computeLayout();
    if (!probe_ || l.probeW <= 0 || dimension < 0 || dimension >= probe_->dimensions.size())
        return {};
    return QRect(l.probeX + dimension * (l.probeColW + kProbeGap), static_cast<int>(l.stackTop), l.probeColW,
                 static_cast<int>(l.stackBottom - l.stackTop));
}

int LayerStackView::probeColumnAt(const QPoint& pos) const
{
    if (!probe_)
        return -1;
    for (int d = 0; d < probe_->dimensions.size(); ++d) {
        QRect r = probeColumnRect(d);
        r.setTop(computeLayout().headBox.top());
        if (r.contains(pos))
            return d;
    }
    return -1;
}

void LayerStackView::updateAccessibleDescription()
{
    QString text = tr("%n decoder layer(s), layer 0 at the bottom.", nullptr, plan_.numLayers());
    if (plan_.numLayers() >= 3)
        text += QLatin1Char(' ') + tr("Cuts at %1 and %2.").arg(plan_.cut1()).arg(plan_.cut2());
    const auto layers = plan_.targetedLayers();
    text += QLatin1Char(' ') + tr("%n layer(s) carry adapters.", nullptr, static_cast<int>(layers.size()));
    if (probe_) {
        QStringList peaks;
        for (int d = 0; d < probe_->dimensions.size(); ++d) {
            const auto& profile = probe_->importance[static_cast<std::size_t>(d)];
            const auto it = std::max_element(profile.begin(), profile.end());
            if (it != profile.end())
                peaks << tr("%1 peaks at layer %2").arg(probe_->dimensions[d]).arg(it - profile.begin());
        }
        text += QLatin1Char(' ') + tr("Layer probe: %1.").arg(peaks.join(QStringLiteral(", ")));
        if (probe_->suggestedCuts)
            text += QLatin1Char(' ')
                + tr("Suggested cuts at %1 and %2.").arg(probe_->suggestedCuts->first).arg(probe_->suggestedCuts->second);
    }
    text += QLatin1Char(' ') + tr("Up and Down move the focus, Space toggles a layer, plus and minus move the nearest cut.");
    setAccessibleDescription(text);
}

void LayerStackView::setFocusLayer(int layer)
{
    focusLayer_ = std::clamp(layer, 0, std::max(0, plan_.numLayers() - 1));
    update();
}

const std::vector<double>& LayerStackView::heatValues() const
{
    static const std::vector<double> none;
    switch (heatKind_) {
    case HeatKind::DeltaNorm: return deltaNorm_;
    case HeatKind::GradNorm: return gradNorm_;
    case HeatKind::Off: break;
    }
    return none;
}

void LayerStackView::commit()
{
    updateButtons();
    updateAccessibleDescription();
    update();
    Q_EMIT planChanged(plan_);
}

void LayerStackView::updateButtons()
{
    for (std::size_t i = 0; i < presets_.size(); ++i)
        presets_[i]->setChecked(kPresetOrder[i] == plan_.strategy());
}

// ---------------------------------------------------------------- geometry

LayerStackView::Layout LayerStackView::computeLayout() const
{
    Layout l;
    l.n = std::max(0, plan_.numLayers());
    const int w = width();
    const int h = height();
    l.header = QRect(0, 0, w, kHeaderHeight);
    l.footer = QRect(0, h - kFooterHeight, w, kFooterHeight);
    const double avail = std::max(40, h - kHeaderHeight - kFooterHeight);
    // Head and embedding boxes: about one and a half rows, within reason.
    const double guessRow = avail / std::max(1, l.n + 3);
    const int boxH = static_cast<int>(std::clamp(guessRow * 1.3, 22.0, 36.0));
    const int gap = 6;
    l.stackTop = kHeaderHeight + boxH + gap;
    l.stackBottom = h - kFooterHeight - boxH - gap;
    l.rowH = l.n > 0 ? (l.stackBottom - l.stackTop) / l.n : 0;

    l.bandColumn = QRect(kMargin, static_cast<int>(l.stackTop), kBandWidth,
                         static_cast<int>(l.stackBottom - l.stackTop));
    l.labelX = kMargin + kBandWidth + 6;
    l.partsX = l.labelX + kLabelWidth;
    const int dims = probe_ ? static_cast<int>(probe_->dimensions.size()) : 0;
    if (dims > 0) {
        // Wide enough for the longest name (within reason); narrower for many dimensions.
        QFont nameFont = font();
        nameFont.setPointSizeF(font().pointSizeF() * 0.9);
        nameFont.setBold(true);
        int nameW = 0;
        for (const QString& name : probe_->dimensions)
            nameW = std::max(nameW, QFontMetrics(nameFont).horizontalAdvance(name) + 10);
        l.probeColW = dims <= 3 ? std::clamp(nameW, 66, 96) : std::clamp(264 / dims, 30, 66);
        l.probeW = dims * l.probeColW + (dims - 1) * kProbeGap;
    }
    const bool showInfo = w >= 560 + l.probeW && l.rowH >= 13;
    l.infoW = !showInfo ? 0
        : l.probeW > 0  ? std::clamp(static_cast<int>(w * 0.22), 190, 260)
                        : std::clamp(static_cast<int>(w * 0.30), 200, 340);
    l.heatW = heatKind_ == HeatKind::Off ? 0 : kHeatWidth;
    auto partsWidth = [&] {
        return w - l.partsX - l.heatW - l.infoW - kMargin - (l.heatW ? 10 : 0) - (l.infoW ? 10 : 0)
            - (l.probeW ? l.probeW + kProbeLead : 0);
    };
    // Narrow: the info column goes first, then the heat column.
    if (partsWidth() < 200 && l.infoW > 0)
        l.infoW = 0;
    if (partsWidth() < 220 && l.heatW > 0 && l.probeW > 0)
        l.heatW = 0;
    l.partsW = std::max(60, partsWidth());
    double attFrac = 0.4;
    if (config_) {
        const double a = static_cast<double>(config_->attentionParameters());
        const double m = static_cast<double>(config_->mlpParameters());
        if (a + m > 0)
            attFrac = std::clamp(a / (a + m), 0.3, 0.5);
    }
    l.attentionW = static_cast<int>(l.partsW * attFrac);
    int x = l.partsX + l.partsW;
    if (l.probeW > 0) {
        l.probeX = x + kProbeLead;
        x = l.probeX + l.probeW;
    }
    l.heatX = x + 10;
    l.infoX = l.heatX + l.heatW + (l.heatW ? 10 : 0);
    l.headBox = QRect(l.partsX, kHeaderHeight, l.partsW, boxH);
    l.embedBox = QRect(l.partsX, static_cast<int>(l.stackBottom) + gap, l.partsW, boxH);
    return l;
}

QRect LayerStackView::layerRect(int layer) const
{
    const Layout l = computeLayout();
    if (layer < 0 || layer >= l.n)
        return {};
    const int top = static_cast<int>(std::round(l.rowTop(layer)));
    const int bottom = static_cast<int>(std::round(l.rowTop(layer) + l.rowH));
    return QRect(l.partsX, top, l.partsW, bottom - top);
}

QRect LayerStackView::bandColumnRect() const
{
    return computeLayout().bandColumn;
}

int LayerStackView::cutY(int cutIndex) const
{
    const Layout l = computeLayout();
    const int cut = cutIndex == 0 ? plan_.cut1() : plan_.cut2();
    return static_cast<int>(std::round(l.boundaryY(cut)));
}

QToolButton* LayerStackView::presetButton(Strategy strategy) const
{
    for (std::size_t i = 0; i < presets_.size(); ++i)
        if (kPresetOrder[i] == strategy)
            return presets_[i];
    return nullptr;
}

int LayerStackView::layerAt(int y) const
{
    const Layout l = computeLayout();
    if (l.n == 0 || l.rowH <= 0 || y < l.stackTop || y >= l.stackBottom)
        return -1;
    return std::clamp(static_cast<int>((l.stackBottom - y) / l.rowH), 0, l.n - 1);
}

int LayerStackView::boundaryAt(int y) const
{
    const Layout l = computeLayout();
    if (l.rowH <= 0)
        return 0;
    return std::clamp(static_cast<int>(std::lround((l.stackBottom - y) / l.rowH)), 0, l.n);
}

int LayerStackView::cutNear(const QPoint& pos) const
{
    const Layout l = computeLayout();
    if (l.n < 3 || pos.x() < l.bandColumn.left() - 4 || pos.x() >= l.partsX)
        return -1;
    const double grab = std::max(7.0, l.rowH * 0.4);
    int best = -1;
    double bestD = grab;
    for (int i = 0; i < 2; ++i) {
        const double d = std::fabs(pos.y() - l.boundaryY(i == 0 ? plan_.cut1() : plan_.cut2()));
        if (d <= bestD) {
            bestD = d;
            best = i;
        }
    }
    return best;
}

std::optional<Block> LayerStackView::bandAt(const QPoint& pos) const
{
    const Layout l = computeLayout();
    if (!l.bandColumn.contains(pos) || l.n < 3)
        return std::nullopt;
    const int layer = layerAt(pos.y());
    if (layer < 0)
        return std::nullopt;
    return plan_.blockOf(layer);
}

QSize LayerStackView::sizeHint() const
{
    return QSize(900, 760);
}

QSize LayerStackView::minimumSizeHint() const
{
    return QSize(420, kHeaderHeight + kFooterHeight + 160);
}

void LayerStackView::resizeEvent(QResizeEvent* event)
{
    if (event)
        QWidget::resizeEvent(event);
    int x = kMargin;
    const int y = 8;
    for (auto* b : presets_) {
        b->adjustSize();
        const QSize s(std::max(b->sizeHint().width() + 10, 64), 34);
        b->setGeometry(QRect(QPoint(x, y), s));
        x += s.width() + 4;
    }
    if (applyCutsButton_->isVisibleTo(this)) {
        x += 8;
        const QSize s(applyCutsButton_->sizeHint().width() + 6, 34);
        applyCutsButton_->setGeometry(QRect(QPoint(x, y), s));
        // Too narrow for the button: the action stays in the window's menu.
        if (x + s.width() > width() - kMargin)
            applyCutsButton_->setGeometry(QRect(-s.width() - 10, y, s.width(), s.height()));
        else
            x += s.width() + 4;
    }
    const int comboW = std::clamp(width() - x - 2 * kMargin, 120, 380);
    heatCombo_->setGeometry(width() - comboW - kMargin, y, comboW, 34);
    heatCombo_->setVisible(width() - comboW - kMargin > x);
}

// ---------------------------------------------------------------- editing

void LayerStackView::applyPaintStroke(int fromLayer, int toLayer)
{
    std::set<int> layers(paintBase_.begin(), paintBase_.end());
    const int lo = std::min(fromLayer, toLayer);
    const int hi = std::max(fromLayer, toLayer);
    for (int i = lo; i <= hi; ++i) {
        if (paintAdds_)
            layers.insert(i);
        else
            layers.erase(i);
    }
    LayerPlan next = plan_;
    if (layers.empty())
        next.setStrategy(Strategy::Base);
    else
        next.setCustomLayers(std::vector<int>(layers.begin(), layers.end()));
    if (!samePlan(next, plan_)) {
        plan_ = next;
        commit();
    }
}

void LayerStackView::moveCut(int cutIndex, int boundary)
{
    const int n = plan_.numLayers();
    if (n < 3)
        return;
    int c1 = plan_.cut1();
    int c2 = plan_.cut2();
    if (cutIndex == 0)
        c1 = std::clamp(boundary, 1, c2 - 1);
    else
        c2 = std::clamp(boundary, c1 + 1, n - 1);
    if (c1 == plan_.cut1() && c2 == plan_.cut2())
        return;
    plan_.setCuts(c1, c2);
    commit();
}

void LayerStackView::toggleLayer(int layer)
{
    if (layer < 0 || layer >= plan_.numLayers())
        return;
    paintBase_ = plan_.targetedLayers();
    paintAdds_ = !plan_.targets(layer);
    applyPaintStroke(layer, layer);
}

void LayerStackView::mousePressEvent(QMouseEvent* event)
{
    setFocus(Qt::MouseFocusReason);
    if (!editable_ || event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    const QPoint pos = event->position().toPoint();
    if (const int cut = cutNear(pos); cut >= 0) {
        drag_ = Drag::Cut;
        dragCut_ = cut;
        return;
    }
    if (const auto band = bandAt(pos)) {
        setStrategy(*band == Block::Local ? Strategy::Local
                    : *band == Block::Intermediate ? Strategy::Mid
                                                   : Strategy::Global);
        return;
    }
    const Layout l = computeLayout();
    const int layer = layerAt(pos.y());
    if (layer >= 0 && pos.x() >= l.labelX && pos.x() < l.partsX + l.partsW) {
        drag_ = Drag::Paint;
        focusLayer_ = layer;
        paintAnchor_ = layer;
        paintBase_ = plan_.targetedLayers();
        paintAdds_ = !plan_.targets(layer);
        applyPaintStroke(layer, layer);
        update();
    }
}

void LayerStackView::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (drag_ == Drag::Cut) {
        moveCut(dragCut_, boundaryAt(pos.y()));
        return;
    }
    if (drag_ == Drag::Paint) {
        const Layout l = computeLayout();
        int layer = layerAt(pos.y());
        if (layer < 0)
            layer = pos.y() < l.stackTop ? l.n - 1 : 0;
        focusLayer_ = layer;
        applyPaintStroke(paintAnchor_, layer);
        return;
    }
    if (editable_ && cutNear(pos) >= 0)
        setCursor(Qt::SizeVerCursor);
    else if (editable_ && bandAt(pos))
        setCursor(Qt::PointingHandCursor);
    else
        unsetCursor();
    const int hover = layerAt(pos.y());
    if (hover != hoverLayer_) {
        hoverLayer_ = hover;
        update();
    }
}

void LayerStackView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        drag_ = Drag::None;
    QWidget::mouseReleaseEvent(event);
}

void LayerStackView::keyPressEvent(QKeyEvent* event)
{
    const int n = plan_.numLayers();
    switch (event->key()) {
    case Qt::Key_Up: setFocusLayer(focusLayer_ + 1); return;
    case Qt::Key_Down: setFocusLayer(focusLayer_ - 1); return;
    case Qt::Key_Home: setFocusLayer(0); return;
    case Qt::Key_End: setFocusLayer(n - 1); return;
    default: break;
    }
    if (!editable_) {
        QWidget::keyPressEvent(event);
        return;
    }
    const double mid = focusLayer_ + 0.5;
    const int nearest = std::fabs(plan_.cut1() - mid) <= std::fabs(plan_.cut2() - mid) ? 0 : 1;
    const int cut = nearest == 0 ? plan_.cut1() : plan_.cut2();
    switch (event->key()) {
    case Qt::Key_Space: toggleLayer(focusLayer_); return;
    case Qt::Key_Plus:
    case Qt::Key_Equal: moveCut(nearest, cut + 1); return;
    case Qt::Key_Minus: moveCut(nearest, cut - 1); return;
    case Qt::Key_B: setStrategy(Strategy::Base); return;
    case Qt::Key_F: setStrategy(Strategy::Full); return;
    case Qt::Key_L: setStrategy(Strategy::Local); return;
    case Qt::Key_M: setStrategy(Strategy::Mid); return;
    case Qt::Key_G: setStrategy(Strategy::Global); return;
    default: break;
    }
    QWidget::keyPressEvent(event);
}

bool LayerStackView::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QPoint pos = help->pos();
        QString text;
        if (const int cut = cutNear(pos); cut >= 0) {
            text = cut == 0 ? tr("Cut between the local and the intermediate block: drag it, or press +/−")
                            : tr("Cut between the intermediate and the global block: drag it, or press +/−");
        } else if (const auto band = bandAt(pos)) {
            text = bandToolTip(*band);
        } else if (const int dim = probeColumnAt(pos); dim >= 0) {
            const int layer = layerAt(pos.y());
            text = layer >= 0 ? probeToolTip(dim, layer) : probeHeaderToolTip(dim);
        } else if (const int layer = layerAt(pos.y()); layer >= 0 && pos.x() >= computeLayout().labelX) {
            text = layerToolTip(layer);
        } else {
            const Layout l = computeLayout();
            if (l.headBox.contains(pos))
                text = tr("Language-model head: turns the last hidden state into next-token scores. No adapters here.");
            else if (l.embedBox.contains(pos))
                text = tr("Token embedding: looks up one vector per input token. No adapters here.");
        }
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    if (event->type() == QEvent::Leave && hoverLayer_ != -1) {
        hoverLayer_ = -1;
        update();
    }
    return QWidget::event(event);
}

QString LayerStackView::bandToolTip(Block block) const
{
    const auto [b0, b1] = plan_.blockRange(block);
    QString what;
    switch (block) {
    case Block::Local: what = tr("Local block: the first layers, which shape syntax and fluency."); break;
    case Block::Intermediate: what = tr("Intermediate block: the middle layers, which carry logic and coherence."); break;
    case Block::Global: what = tr("Global block: the last layers, which hold facts and high-level reasoning."); break;
    }
    return tr("%1\nLayers %2–%3. Click to train this block only.").arg(what).arg(b0).arg(b1 - 1);
}

QString LayerStackView::probeToolTip(int dimension, int layer) const
{
    const QString name = probe_->dimensions[dimension];
    const double v = probe_->importance[static_cast<std::size_t>(dimension)][static_cast<std::size_t>(layer)];
    QStringList lines;
    lines << tr("Layer %1 · %2").arg(layer).arg(name);
    lines << (probe_->source == Probe::Source::Ablation
                  ? tr("%1 of %2's ablation effect (the drop in preference margin when the layer is removed)")
                  : tr("%1 of %2's DPO gradient (how strongly the first training step pulls on the layer)"))
                 .arg(formatShare(v), name);
    if (probe_->suggestedCuts) {
        const auto [c1, c2] = *probe_->suggestedCuts;
        const QString block = blockTitle(layer < c1 ? Block::Local : layer < c2 ? Block::Intermediate : Block::Global);
        lines << tr("Under the suggested cuts this layer is in the %1 block.").arg(block);
    }
    return lines.join(QLatin1Char('\n'));
}

QString LayerStackView::probeHeaderToolTip(int dimension) const
{
    const QString name = probe_->dimensions[dimension];
    QString text = tr("%1: each cell is the layer's share of this dimension's importance; all columns share one "
                      "colour scale.").arg(name);
    if (static_cast<std::size_t>(dimension) < probe_->blockOf.size() && probe_->suggestedCuts) {
        const int b = probe_->blockOf[static_cast<std::size_t>(dimension)];
        const auto [c1, c2] = *probe_->suggestedCuts;
        const int n = plan_.numLayers();
        const int lo = b == 0 ? 0 : b == 1 ? c1 : c2;
        const int hi = (b == 0 ? c1 : b == 1 ? c2 : n) - 1;
        const QString block = blockTitle(static_cast<Block>(b));
        text += QLatin1Char('\n') + tr("Assigned to the %1 block (layers %2–%3) under the suggested cuts.")
                                         .arg(block)
                                         .arg(lo)
                                         .arg(hi);
    }
    return text;
}

QString LayerStackView::blockTitle(Block block)
{
    switch (block) {
    case Block::Local: return tr("local");
    case Block::Intermediate: return tr("intermediate");
    case Block::Global: return tr("global");
    }
    return {};
}

QString LayerStackView::layerToolTip(int layer) const
{
    const QString blockText = blockTitle(plan_.blockOf(layer));
    QStringList lines;
    lines << tr("Layer %1 (%2 block)").arg(layer).arg(blockText);
    if (config_) {
        lines << tr("Attention: %1 parameters").arg(ParameterCount::format(config_->attentionParameters()));
        lines << tr("MLP: %1 parameters").arg(ParameterCount::format(config_->mlpParameters()));
        const auto adapter = plan_.trainableParametersOfLayer(*config_, layer);
        lines << (adapter > 0 ? tr("LoRA adapter: %1 parameters (%2 of this layer)")
                                    .arg(ParameterCount::format(adapter))
                                    .arg(ParameterCount::formatShare(
                                        static_cast<double>(adapter) / std::max<std::int64_t>(1, config_->layerParameters())))
                              : tr("No adapter: this layer stays frozen"));
    } else {
        lines << (plan_.targets(layer) ? tr("Carries a LoRA adapter") : tr("No adapter: this layer stays frozen"));
    }
    if (layer < static_cast<int>(deltaNorm_.size()))
        lines << tr("‖ΔW‖ = %1").arg(formatNorm(deltaNorm_[layer]));
    if (layer < static_cast<int>(gradNorm_.size()))
        lines << tr("‖gradient‖ = %1").arg(formatNorm(gradNorm_[layer]));
    if (editable_)
        lines << tr("Click or drag to paint a custom set; Space toggles the focused layer.");
    return lines.join(QLatin1Char('\n'));
}

// ---------------------------------------------------------------- painting

void LayerStackView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.fillRect(rect(), palette().window());
    const Layout l = computeLayout();
    if (l.n == 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Choose a model folder to see its layer stack."));
        return;
    }
    paintHeader(p, l);
    paintStack(p, l);
    paintBands(p, l);
    paintHeatLegend(p, l);
    paintProbe(p, l);
    const int footerRight = paintFooter(p, l);
    paintProbeLegend(p, l, footerRight);
}

void LayerStackView::paintHeader(QPainter& p, const Layout& l) const
{
    const QColor text = palette().color(QPalette::WindowText);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    p.setFont(small);
    p.setPen(blend(text, palette().color(QPalette::Window), 0.35));
    // Column captions just above the head box, right-aligned in their columns.
    const int y = l.header.bottom() - 2;
    Q_UNUSED(y);
    if (l.heatW > 0)
        p.drawText(QRect(l.heatX, l.headBox.top(), l.heatW, l.headBox.height()), Qt::AlignCenter,
                   heatKind_ == HeatKind::DeltaNorm ? tr("‖ΔW‖") : tr("‖gradient‖"));
    if (l.infoW > 0)
        p.drawText(QRect(l.infoX, l.headBox.top(), l.infoW, l.headBox.height()), Qt::AlignVCenter | Qt::AlignLeft,
                   tr("parameters · adapter · share"));
}

// What every layer row of paintStack() draws with.
struct LayerStackView::RowStyle {
    QColor window, text, frozen;
    bool dark = false;
    QFont rowFont, rowBold;
    double inset = 0.5;
    const std::vector<double>* heat = nullptr;
    double heatMax = 0;
};

LayerStackView::RowStyle LayerStackView::rowStyle(const Layout& l) const
{
    RowStyle s;
    s.window = palette().color(QPalette::Window);
    s.text = palette().color(QPalette::WindowText);
    s.frozen = blend(s.window, s.text, 0.10);
    s.dark = s.window.lightness() < 128;
    s.rowFont = font();
    s.rowFont.setPixelSize(static_cast<int>(std::clamp(l.rowH * 0.52, 9.0, 17.0)));
    s.rowBold = s.rowFont;
    s.rowBold.setBold(true);
    s.inset = l.rowH >= 10 ? 1.5 : 0.5;
    s.heat = &heatValues();
    for (double v : *s.heat)
        if (std::isfinite(v))
            s.heatMax = std::max(s.heatMax, v);
    return s;
}

void LayerStackView::paintStack(QPainter& p, const Layout& l) const
{
    paintEndBoxes(p, l);
    const RowStyle s = rowStyle(l);
    for (int i = 0; i < l.n; ++i) {
        const double top = l.rowTop(i);
        if (i == hoverLayer_ || (i == focusLayer_ && hasFocus()))
            p.fillRect(QRectF(l.labelX, top, l.infoX + l.infoW - l.labelX, l.rowH), blend(s.window, s.text, 0.06));
        paintLayerParts(p, l, s, i);
        paintLayerNumber(p, l, s, i);
        paintHeatCell(p, l, s, i);
        paintLayerInfo(p, l, s, i);
        // Keyboard focus.
        if (i == focusLayer_ && hasFocus()) {
            p.setPen(QPen(palette().color(QPalette::Highlight), 2, Qt::DashLine));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(QRectF(l.labelX + 2, top + 1, l.partsX + l.partsW - l.labelX - 1, l.rowH - 2), 4, 4);
        }
    }
}

// The LM head above the stack and the token embedding below it.
void LayerStackView::paintEndBoxes(QPainter& p, const Layout& l) const
{
    const QColor window = palette().color(QPalette::Window);
    const QColor text = palette().color(QPalette::WindowText);
    auto box = [&](const QRect& r, const QString& label) {
        QPainterPath path;
        path.addRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
        p.fillPath(path, blend(window, text, 0.16));
        p.setPen(QPen(blend(window, text, 0.35), 1));
        p.drawPath(path);
        p.setPen(text);
        p.drawText(r.adjusted(10, 0, -10, 0), Qt::AlignVCenter | Qt::AlignLeft, label);
    };
    QFont f = font();
    p.setFont(f);
    QString headLabel = tr("LM head");
    QString embedLabel = tr("Token embedding");
    if (config_) {
        headLabel = config_->tieWordEmbeddings
            ? tr("LM head + final norm · tied to the embedding")
            : tr("LM head + final norm · %1").arg(ParameterCount::format(config_->headParameters()));
        embedLabel = tr("Token embedding · %1").arg(ParameterCount::format(config_->embeddingParameters()));
    }
    box(l.headBox, headLabel);
    box(l.embedBox, embedLabel);
}

// Layer i's attention and MLP boxes, in its block's colour where adapted.
void LayerStackView::paintLayerParts(QPainter& p, const Layout& l, const RowStyle& s, int i) const
{
    const double top = l.rowTop(i);
    const QRectF row(l.partsX, top + s.inset, l.partsW, l.rowH - 2 * s.inset);
    const QColor bc = Palette::block(plan_.blockOf(i));
    const bool attOn = targetsAttention(plan_, i);
    const bool mlpOn = targetsMlp(plan_, i);
    const QColor tint = blend(s.window, bc, s.dark ? 0.22 : 0.14);

    const QRectF att(row.left(), row.top(), l.attentionW - 2, row.height());
    const QRectF mlp(row.left() + l.attentionW, row.top(), row.width() - l.attentionW, row.height());
    const double radius = std::min(5.0, row.height() / 3);
    for (const auto& [r, on] : {std::pair{att, attOn}, std::pair{mlp, mlpOn}}) {
        QPainterPath path;
        path.addRoundedRect(r, radius, radius);
        p.fillPath(path, on ? bc : (plan_.strategy() == Strategy::Base ? s.frozen : tint));
        p.setPen(QPen(on ? bc.darker(135) : blend(s.window, bc, 0.45), 1));
        p.drawPath(path);
    }
    if (l.rowH >= 16) {
        p.setFont(s.rowFont);
        const QColor onText = Qt::white;
        const QColor offText = blend(s.window, s.text, 0.55);
        // "· LoRA" only where it fits (the fill colour says it too); else elided.
        const QFontMetrics fm(s.rowFont);
        const auto label = [&](const QRectF& r, const QString& withLora, const QString& plain, bool on) {
            const int w = static_cast<int>(r.width());
            const QString text = on && fm.horizontalAdvance(withLora) <= w ? withLora : plain;
            p.setPen(on ? onText : offText);
            p.drawText(r, Qt::AlignVCenter | Qt::AlignLeft, fm.elidedText(text, Qt::ElideRight, w));
        };
        label(att.adjusted(8, 0, -4, 0), tr("attention · LoRA"), tr("attention"), attOn);
        label(mlp.adjusted(8, 0, -4, 0), tr("MLP · LoRA"), tr("MLP"), mlpOn);
    }
}

void LayerStackView::paintLayerNumber(QPainter& p, const Layout& l, const RowStyle& s, int i) const
{
    if (l.rowH < 9)
        return;
    p.setFont(plan_.targets(i) ? s.rowBold : s.rowFont);
    p.setPen(plan_.targets(i) ? s.text : blend(s.window, s.text, 0.6));
    p.drawText(QRectF(l.labelX, l.rowTop(i), kLabelWidth - 8, l.rowH), Qt::AlignVCenter | Qt::AlignRight,
               QString::number(i));
}

// Heat column: a bar whose length and colour both show the value.
void LayerStackView::paintHeatCell(QPainter& p, const Layout& l, const RowStyle& s, int i) const
{
    if (l.heatW <= 0)
        return;
    const QRectF cell(l.heatX, l.rowTop(i) + s.inset, l.heatW, l.rowH - 2 * s.inset);
    p.fillRect(cell, blend(s.window, s.text, 0.05));
    const auto& heat = *s.heat;
    if (i >= static_cast<int>(heat.size()) || s.heatMax <= 0)
        return;
    const double t = std::clamp(heat[i] / s.heatMax, 0.0, 1.0);
    if (t > 0)
        p.fillRect(QRectF(cell.left(), cell.top(), std::max(2.0, cell.width() * t), cell.height()), Palette::heat(t));
    if (l.rowH >= 14) {
        // The value sits at the right end: on the bar when the bar reaches
        // there (dark or light text by the bar's colour), else on the empty
        // cell in the normal text colour.
        p.setFont(s.rowFont);
        const QColor onBar = t > 0.55 ? QColor(20, 20, 20) : QColor(Qt::white);
        p.setPen(t > 0.62 ? onBar : (t > 0 ? s.text : blend(s.window, s.text, 0.5)));
        p.drawText(cell.adjusted(4, 0, -4, 0), Qt::AlignVCenter | Qt::AlignRight, formatNorm(heat[i]));
    }
}

// Info column: parameters, adapter, share.
void LayerStackView::paintLayerInfo(QPainter& p, const Layout& l, const RowStyle& s, int i) const
{
    if (l.infoW <= 0 || !config_)
        return;
    p.setFont(s.rowFont);
    const auto adapter = plan_.trainableParametersOfLayer(*config_, i);
    const QString info = adapter > 0
        ? tr("%1 · +%2 · %3")
              .arg(ParameterCount::format(config_->layerParameters()))
              .arg(ParameterCount::format(adapter))
              .arg(ParameterCount::formatShare(static_cast<double>(adapter)
                                               / std::max<std::int64_t>(1, config_->layerParameters())))
        : tr("%1 · frozen").arg(ParameterCount::format(config_->layerParameters()));
    p.setPen(adapter > 0 ? s.text : blend(s.window, s.text, 0.55));
    p.drawText(QRectF(l.infoX, l.rowTop(i), l.infoW, l.rowH), Qt::AlignVCenter | Qt::AlignLeft, info);
}

void LayerStackView::paintBands(QPainter& p, const Layout& l) const
{
    if (l.n < 3)
        return;
    const QColor text = palette().color(QPalette::WindowText);
    QFont bandFont = font();
    bandFont.setBold(true);
    const Block active = plan_.strategy() == Strategy::Local ? Block::Local
        : plan_.strategy() == Strategy::Mid                  ? Block::Intermediate
                                                              : Block::Global;
    const bool oneBlock = plan_.strategy() == Strategy::Local || plan_.strategy() == Strategy::Mid
        || plan_.strategy() == Strategy::Global;
    for (Block b : {Block::Local, Block::Intermediate, Block::Global}) {
        const auto [b0, b1] = plan_.blockRange(b);
        const QRectF r(l.bandColumn.left(), l.boundaryY(b1), l.bandColumn.width(), l.boundaryY(b0) - l.boundaryY(b1));
        QColor c = Palette::block(b);
        if (oneBlock && b != active)
            c = blend(c, palette().color(QPalette::Window), 0.45);
        p.fillRect(r.adjusted(0, 1, 0, -1), c);
        if (oneBlock && b == active) {
            p.setPen(QPen(text, 2.5));
            p.setBrush(Qt::NoBrush);
            p.drawRect(r.adjusted(1, 2, -1, -2));
        }
        const QString name = blockTitle(b);
        p.save();
        p.setFont(bandFont);
        p.setPen(Qt::white);
        p.translate(r.center());
        p.rotate(-90);
        const QRectF textRect(-r.height() / 2, -r.width() / 2, r.height(), r.width());
        const QFontMetrics fm(bandFont);
        if (fm.horizontalAdvance(name) + 6 < r.height())
            p.drawText(textRect, Qt::AlignCenter, name);
        else if (fm.horizontalAdvance(name.left(1)) < r.height())
            p.drawText(textRect, Qt::AlignCenter, name.left(1).toUpper());
        p.restore();
    }
    // The cuts: a line across the stack and a grip on the band column.
    for (int i = 0; i < 2; ++i) {
        const double y = l.boundaryY(i == 0 ? plan_.cut1() : plan_.cut2());
        p.setPen(QPen(text, 2.5, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(l.bandColumn.left(), y), QPointF(l.partsX + l.partsW, y));
        const QRectF grip(l.bandColumn.left() - 4, y - 6, l.bandColumn.width() + 8, 12);
        p.setBrush(palette().color(QPalette::Base));
        p.setPen(QPen(text, 1.5));
        p.drawRoundedRect(grip, 5, 5);
        for (int k = -1; k <= 1; ++k)
            p.drawLine(QPointF(grip.center().x() - 8, y + 2.5 * k), QPointF(grip.center().x() + 8, y + 2.5 * k));
    }
}

void LayerStackView::paintHeatLegend(QPainter& p, const Layout& l) const
{
    if (l.heatW <= 0)
        return;
    const auto& heat = heatValues();
    double heatMax = 0;
    for (double v : heat)
        if (std::isfinite(v))
            heatMax = std::max(heatMax, v);
    const QRectF bar(l.heatX, l.embedBox.top() + 4, l.heatW, 12);
    p.fillRect(bar, Palette::heatGradient(bar.topLeft(), bar.topRight()));
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    p.setFont(small);
    p.setPen(palette().color(QPalette::WindowText));
    const QRectF labels(l.heatX, bar.bottom() + 1, l.heatW, l.embedBox.bottom() - bar.bottom());
    if (heatMax > 0) {
        p.drawText(labels, Qt::AlignLeft | Qt::AlignTop, QStringLiteral("0"));
        p.drawText(labels, Qt::AlignRight | Qt::AlignTop, formatNorm(heatMax));
    } else {
        p.drawText(labels, Qt::AlignHCenter | Qt::AlignTop, tr("after training"));
    }
}

int LayerStackView::paintFooter(QPainter& p, const Layout& l) const
{
    const QColor text = palette().color(QPalette::WindowText);
    const QRect r = l.footer.adjusted(kMargin, 4, -kMargin, -4);
    QFont big = font();
    big.setPointSizeF(font().pointSizeF() * 1.1);
    big.setBold(true);

    QString strategyText;
    switch (plan_.strategy()) {
    case Strategy::Base: strategyText = tr("Base: no adapters"); break;
    case Strategy::Full: strategyText = tr("Full-DPO: every layer"); break;
    case Strategy::Local: strategyText = tr("Local-Align"); break;
    case Strategy::Mid: strategyText = tr("Mid-Align"); break;
    case Strategy::Global: strategyText = tr("Global-Align"); break;
    case Strategy::Custom: strategyText = tr("Custom layer set"); break;
    }
    const auto layers = plan_.targetedLayers();
    QStringList ranges;
    for (std::size_t i = 0; i < layers.size();) {
        std::size_t j = i;
        while (j + 1 < layers.size() && layers[j + 1] == layers[j] + 1)
            ++j;
        ranges << (i == j ? QString::number(layers[i]) : QStringLiteral("%1–%2").arg(layers[i]).arg(layers[j]));
        i = j + 1;
    }
    if (!layers.empty())
        strategyText += tr(" · layers %1").arg(ranges.join(QStringLiteral(", ")));
    if (plan_.numLayers() >= 3)
        strategyText += tr(" · cuts at %1 | %2").arg(plan_.cut1()).arg(plan_.cut2());

    p.setFont(big);
    p.setPen(text);
    p.drawText(QRect(r.left(), r.top(), r.width(), r.height() / 2), Qt::AlignVCenter | Qt::AlignLeft, strategyText);
    int right = r.left() + QFontMetrics(big).horizontalAdvance(strategyText);

    QString totals;
    if (config_) {
        const auto total = config_->totalParameters();
        const auto adapter = plan_.trainableParameters(*config_);
        totals = tr("Model %1 parameters · adapters %2 · %3 of the model trained")
                     .arg(ParameterCount::format(total))
                     .arg(ParameterCount::format(adapter))
                     .arg(ParameterCount::formatShare(plan_.trainableShare(*config_)));
    } else {
        totals = tr("%n layer(s); choose a model folder for parameter counts", nullptr, plan_.numLayers());
    }
    p.setFont(font());
    p.drawText(QRect(r.left(), r.top() + r.height() / 2, r.width(), r.height() / 2),
               Qt::AlignVCenter | Qt::AlignLeft, totals);
    return std::max(right, r.left() + QFontMetrics(font()).horizontalAdvance(totals));
}

// The probe's small multiples: per dimension its name and assigned block on
// top, one cell per layer coloured by its share (one scale for all), the
// plan's cuts as thin solid lines and the suggested cuts as dashed ones.
void LayerStackView::paintProbe(QPainter& p, const Layout& l) const
{
    if (!probe_ || l.probeW <= 0)
        return;
    const RowStyle s = rowStyle(l);
    const double top = probeMax();
    QFont small = font();
    small.setPixelSize(static_cast<int>(std::clamp(l.rowH * 0.42, 9.0, 13.0)));
    QFont nameFont = font();
    nameFont.setPointSizeF(font().pointSizeF() * 0.9);
    nameFont.setBold(true);
    QFont chipFont = font();
    chipFont.setPixelSize(std::clamp(l.headBox.height() / 3, 9, 12));
    const QString blockShort[] = {tr("local"), tr("mid"), tr("global")};
    for (int d = 0; d < probe_->dimensions.size(); ++d) {
        const int x = l.probeX + d * (l.probeColW + kProbeGap);
        // Header: the name, and below it the block the suggestion assigns.
        const bool hasBlock = static_cast<std::size_t>(d) < probe_->blockOf.size();
        const bool twoLines = hasBlock && l.headBox.height() >= 30;
        const QRect head(x, l.headBox.top(), l.probeColW, l.headBox.height());
        const QRect nameRect = twoLines ? QRect(head.left(), head.top(), head.width(), head.height() / 2 + 1) : head;
        p.setFont(nameFont);
        p.setPen(s.text);
        p.drawText(nameRect, Qt::AlignCenter,
                   QFontMetrics(nameFont).elidedText(probe_->dimensions[d], Qt::ElideRight, l.probeColW));
        if (hasBlock) {
            const int b = probe_->blockOf[static_cast<std::size_t>(d)];
            const QColor bc = Palette::block(static_cast<Block>(b));
            if (twoLines) {
                const QRectF chip(head.left() + 3, head.top() + head.height() / 2 + 2, head.width() - 6,
                                  head.height() / 2 - 3);
                QPainterPath path;
                path.addRoundedRect(chip, 3, 3);
                p.fillPath(path, bc);
                p.setFont(chipFont);
                p.setPen(Qt::white);
                const QFontMetrics fm(chipFont);
                const QString full = blockTitle(static_cast<Block>(b));
                const QString label = fm.horizontalAdvance(full) + 4 <= chip.width() ? full : blockShort[b];
                p.drawText(chip, Qt::AlignCenter, fm.elidedText(label, Qt::ElideRight, static_cast<int>(chip.width())));
            } else {
                p.fillRect(QRectF(head.left() + 3, head.bottom() - 2, head.width() - 6, 3), bc);
            }
        }
        // Cells.
        const auto& profile = probe_->importance[static_cast<std::size_t>(d)];
        for (int i = 0; i < l.n; ++i) {
            const QRectF cell(x, l.rowTop(i) + s.inset, l.probeColW, l.rowH - 2 * s.inset);
            const double v = profile[static_cast<std::size_t>(i)];
            const double t = top > 0 ? std::clamp(v / top, 0.0, 1.0) : 0.0;
            p.fillRect(cell, Palette::heat(t));
            if (l.rowH >= 14 && l.probeColW >= 34) {
                p.setFont(small);
                p.setPen(t > 0.55 ? QColor(20, 20, 20) : QColor(Qt::white));
                p.drawText(cell, Qt::AlignCenter, formatShare(v));
            }
        }
        p.setPen(QPen(blend(s.window, s.text, 0.35), 1));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(x + 0.5, l.stackTop + 0.5, l.probeColW - 1, l.stackBottom - l.stackTop - 1));
    }
    const double left = l.probeX - kProbeLead + 4;
    const double right = l.probeX + l.probeW + 4;
    // The plan's cuts, thin and solid, so that the two can be compared.
    if (l.n >= 3) {
        p.setPen(QPen(s.text, 1.5));
        for (int c : {plan_.cut1(), plan_.cut2()})
            p.drawLine(QPointF(l.probeX - 3, l.boundaryY(c)), QPointF(right - 4, l.boundaryY(c)));
    }
    if (probe_->suggestedCuts) {
        QPen pen(suggestedCutColour(), 3, Qt::DashLine, Qt::FlatCap);
        pen.setDashPattern({2.5, 1.5});
        p.setPen(pen);
        for (int c : {probe_->suggestedCuts->first, probe_->suggestedCuts->second}) {
            const double y = l.boundaryY(c);
            p.drawLine(QPointF(left, y), QPointF(right, y));
            // A small arrowhead on the left, pointing at the stack.
            QPainterPath arrow;
            arrow.moveTo(left - 1, y);
            arrow.lineTo(left + 6, y - 5);
            arrow.lineTo(left + 6, y + 5);
            arrow.closeSubpath();
            p.fillPath(arrow, suggestedCutColour());
        }
    }
}

// Under the probe columns: the colour bar with its range. In the footer,
// right of its own text: what the colour means and the two kinds of cut line.
void LayerStackView::paintProbeLegend(QPainter& p, const Layout& l, int textRight) const
{
    if (!probe_ || l.probeW <= 0)
        return;
    const QColor text = palette().color(QPalette::WindowText);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    p.setFont(small);
    const QFontMetrics fm(small);
    const QRectF bar(l.probeX, l.embedBox.top() + 4, l.probeW, 12);
    p.fillRect(bar, Palette::heatGradient(bar.topLeft(), bar.topRight()));
    p.setPen(text);
    const QRectF labels(l.probeX, bar.bottom() + 1, l.probeW, l.embedBox.bottom() - bar.bottom());
    p.drawText(labels, Qt::AlignLeft | Qt::AlignTop, QStringLiteral("0%"));
    p.drawText(labels, Qt::AlignRight | Qt::AlignTop, formatShare(probeMax()));

    const QRect r = l.footer.adjusted(kMargin, 4, -kMargin, -4);
    const int x0 = std::max(textRight + 28, std::min(l.probeX, r.right() - 260));
    if (x0 >= r.right() - 120)
        return;
    const QRect area(x0, r.top(), r.right() - x0, r.height());
    const QString meaning = probe_->source == Probe::Source::Ablation
        ? tr("Probe colour: each layer's share of the dimension's ablation effect (margin drop when removed)")
        : tr("Probe colour: each layer's share of the dimension's DPO gradient at step 0");
    p.setPen(text);
    const QRect meaningRect(area.left(), area.top(), area.width(), area.height() / 2);
    p.drawText(meaningRect, Qt::AlignVCenter | Qt::AlignLeft | Qt::TextWordWrap,
               fm.elidedText(meaning, Qt::ElideRight, area.width() * 2 - 20));
    // Line samples.
    const int y = area.top() + area.height() * 3 / 4;
    int x = area.left();
    auto sample = [&](const QPen& pen, const QString& label) {
        p.setPen(pen);
        p.drawLine(QPointF(x, y), QPointF(x + 26, y));
        x += 32;
        p.setPen(text);
        const int w = fm.horizontalAdvance(label);
        p.drawText(QRect(x, y - fm.height() / 2 - 1, w + 4, fm.height() + 2), Qt::AlignVCenter | Qt::AlignLeft, label);
        x += w + 18;
    };
    if (probe_->suggestedCuts) {
        QPen dashed(suggestedCutColour(), 3, Qt::DashLine, Qt::FlatCap);
        dashed.setDashPattern({2.5, 1.5});
        sample(dashed, tr("suggested cuts %1 | %2").arg(probe_->suggestedCuts->first).arg(probe_->suggestedCuts->second));
    }
    if (l.n >= 3)
        sample(QPen(text, 1.5), tr("current cuts %1 | %2").arg(plan_.cut1()).arg(plan_.cut2()));
}

} // namespace hialign::widgets

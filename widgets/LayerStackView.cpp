#include "widgets/LayerStackView.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QToolButton>

#include <algorithm>

#include "widgets/LayerStackInternal.h"

namespace hialign::widgets {

using align::Block;
using align::LayerPlan;
using align::Strategy;

using namespace layerstack;

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
    // Per-layer ranks (a probe's, docs/PROBE.md) belong to one block under one set of cuts: any edit drops them.
    plan_.setLayerRanks({});
    if (strategy == Strategy::Custom) {
        plan_.setCustomLayers(plan_.targetedLayers());
    } else {
        plan_.setStrategy(strategy);
    }
    commit();
}

void LayerStackView::setCuts(int cut1, int cut2)
{
    plan_.setLayerRanks({});
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

QToolButton* LayerStackView::presetButton(Strategy strategy) const
{
    for (std::size_t i = 0; i < presets_.size(); ++i)
        if (kPresetOrder[i] == strategy)
            return presets_[i];
    return nullptr;
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

} // namespace hialign::widgets

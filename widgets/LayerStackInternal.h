// What the parts of LayerStackView share (LayerStack*.cpp only, not a public
// header): the measures of the view, its computed layout, the style every
// layer row is painted with, and small colour and number helpers.
//
// LayerStackView.cpp        construction, plan and heat state, the presets
// LayerStackGeometry.cpp    layout and hit testing, child widget placement
// LayerStackPaint.cpp       the stack, bands, heat column, legend and footer
// LayerStackEditing.cpp     mouse and keyboard edits of cuts and layer sets
// LayerStackToolTips.cpp    tooltips and the accessible description
// LayerStackProbeOverlay.cpp  the layer probe: its checks, columns and legend
#pragma once

#include <QColor>
#include <QFont>
#include <QRect>
#include <QString>

#include <cmath>
#include <vector>

#include "align/LayerPlan.h"
#include "widgets/LayerStackView.h"
#include "widgets/Palette.h"

namespace hialign::widgets {

namespace layerstack {

inline constexpr int kMargin = 10;
inline constexpr int kHeaderHeight = 50;
inline constexpr int kFooterHeight = 70;
inline constexpr int kBandWidth = 46;
inline constexpr int kLabelWidth = 54;
inline constexpr int kHeatWidth = 130;
inline constexpr int kProbeGap = 4;     // between two probe columns
inline constexpr int kProbeLead = 16;   // between the layer parts and the probe columns

// The preset buttons, left to right.
inline constexpr align::Strategy kPresetOrder[] = {align::Strategy::Base,  align::Strategy::Full,
                                                   align::Strategy::Local, align::Strategy::Mid,
                                                   align::Strategy::Global, align::Strategy::Custom};

inline QColor blend(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(a.redF() + t * (b.redF() - a.redF()), a.greenF() + t * (b.greenF() - a.greenF()),
                            a.blueF() + t * (b.blueF() - a.blueF()));
}

inline bool samePlan(const align::LayerPlan& a, const align::LayerPlan& b)
{
    return a.numLayers() == b.numLayers() && a.cut1() == b.cut1() && a.cut2() == b.cut2()
        && a.strategy() == b.strategy() && a.targetedLayers() == b.targetedLayers() && a.layerRanks() == b.layerRanks();
}

inline bool targetsAttention(const align::LayerPlan& plan, int layer)
{
    for (const char* m : {"q_proj", "k_proj", "v_proj", "o_proj"})
        if (plan.targets(layer, m))
            return true;
    return false;
}

inline bool targetsMlp(const align::LayerPlan& plan, int layer)
{
    for (const char* m : {"gate_proj", "up_proj", "down_proj"})
        if (plan.targets(layer, m))
            return true;
    return false;
}

// A norm as the heat column shows it: fixed point between 0.01 and 1000
// (fewer decimals the larger it is), else scientific.
inline QString formatNorm(double v)
{
    if (v == 0.0)
        return QStringLiteral("0");
    const double a = std::fabs(v);
    if (a >= 0.01 && a < 1000)
        return QString::number(v, 'f', a < 1 ? 3 : (a < 10 ? 2 : 1));
    return QString::number(v, 'e', 1);
}

// A share in percent: one decimal below 10%, none above.
inline QString formatShare(double v)
{
    const double pct = 100.0 * v;
    if (pct >= 9.95 || pct == 0.0)
        return QStringLiteral("%1%").arg(QString::number(pct, 'f', 0));
    return QStringLiteral("%1%").arg(QString::number(pct, 'f', 1));
}

// The colour of the suggested cuts: distinct from the plan's own (the text
// colour) and from every colour of the viridis scale under it.
inline QColor suggestedCutColour()
{
    return Palette::vermillion();
}

} // namespace layerstack

// Where everything goes at the widget's current size. Rows run bottom-up:
// layer 0 sits on stackBottom.
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

// What every layer row of paintStack() (and every probe cell) draws with.
struct LayerStackView::RowStyle {
    QColor window, text, frozen;
    bool dark = false;
    QFont rowFont, rowBold;
    double inset = 0.5;
    const std::vector<double>* heat = nullptr;
    double heatMax = 0;
};

} // namespace hialign::widgets

// The workbench's colours, in one place. Categorical colours are Okabe-Ito:
// distinct for colour-blind viewers and on projectors, yellow left out (too
// faint on white). The continuous heat scale is viridis.
//
// Safe to include where Qt's keywords are on (SweepChart.cpp,
// MetricsPlot.cpp): no project header that names something `slots`.
#pragma once

#include <QColor>
#include <QLinearGradient>
#include <QString>

namespace hialign::align { enum class Block; }

namespace hialign::widgets {

class Palette {
public:
    // The Okabe-Ito colours the widgets use.
    static QColor blue();          // (0, 114, 178)
    static QColor vermillion();    // (213, 94, 0)
    static QColor green();         // bluish green (0, 158, 115)
    static QColor purple();        // reddish purple (204, 121, 167)
    static QColor orange();        // (230, 159, 0)
    static QColor skyBlue();       // (86, 180, 233)
    static QColor grey();          // (90, 90, 90)

    // The i-th of several overlaid series (runs in the metrics plot):
    // blue, vermillion, green, purple, orange, sky blue, grey, repeating.
    static QColor series(int i);
    // Column i of a side-by-side comparison: grey for column 0 (Base), then
    // the series colours; six columns repeat.
    static QColor column(int i);
    // A strategy's colour in the sweep charts: Base light grey, the paper's
    // strategies fixed (full orange, local sky blue, mid green, global
    // blue), anything else by its index.
    static QColor strategy(const QString& strategy, int index);
    // A functional block of the layer stack: local blue, intermediate
    // orange, global purple.
    static QColor block(align::Block block);
    // Good and bad outcomes (judge scores).
    static QColor good() { return green(); }
    static QColor bad() { return vermillion(); }

    // Heat (viridis): t in [0, 1] (clamped), dark blue for small values
    // through green to yellow for the largest.
    static QColor heat(double t);
    // The whole heat scale from `start` (t = 0) to `end` (t = 1), for legends.
    static QLinearGradient heatGradient(const QPointF& start, const QPointF& end);
};

} // namespace hialign::widgets

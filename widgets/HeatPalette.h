// A perceptually even colour scale (viridis) for per-layer heat: dark blue
// for small values through green to yellow for the largest.
#pragma once

#include <QColor>
#include <QLinearGradient>

namespace hialign::widgets {

class HeatPalette {
public:
    // t in [0, 1] (clamped).
    static QColor color(double t);
    // The whole scale from `start` (t = 0) to `end` (t = 1), for legends.
    static QLinearGradient gradient(const QPointF& start, const QPointF& end);
};

} // namespace hialign::widgets

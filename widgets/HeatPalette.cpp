#include "widgets/HeatPalette.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace hialign::widgets {

namespace {

// Viridis sampled at nine points (matplotlib's table).
constexpr std::array<std::array<int, 3>, 9> kStops{{
    {68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
    {39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37}}};

} // namespace

QColor HeatPalette::color(double t)
{
    if (!std::isfinite(t))
        t = 0.0;
    t = std::clamp(t, 0.0, 1.0);
    const double pos = t * (kStops.size() - 1);
    const auto i = std::min(static_cast<std::size_t>(pos), kStops.size() - 2);
    const double f = pos - static_cast<double>(i);
    auto mix = [&](int c) {
        return static_cast<int>(std::lround(kStops[i][c] + f * (kStops[i + 1][c] - kStops[i][c])));
    };
    return QColor(mix(0), mix(1), mix(2));
}

QLinearGradient HeatPalette::gradient(const QPointF& start, const QPointF& end)
{
    QLinearGradient g(start, end);
    for (std::size_t i = 0; i < kStops.size(); ++i) {
        const double t = static_cast<double>(i) / (kStops.size() - 1);
        g.setColorAt(t, color(t));
    }
    return g;
}

} // namespace hialign::widgets

#include "widgets/Palette.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>

#include "align/LayerPlan.h"

namespace hialign::widgets {

namespace {

// Viridis sampled at nine points (matplotlib's table).
constexpr std::array<std::array<int, 3>, 9> kStops{{
    {68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
    {39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37}}};

} // namespace

QColor Palette::blue() { return QColor(0, 114, 178); }
QColor Palette::vermillion() { return QColor(213, 94, 0); }
QColor Palette::green() { return QColor(0, 158, 115); }
QColor Palette::purple() { return QColor(204, 121, 167); }
QColor Palette::orange() { return QColor(230, 159, 0); }
QColor Palette::skyBlue() { return QColor(86, 180, 233); }
QColor Palette::grey() { return QColor(90, 90, 90); }

QColor Palette::series(int i)
{
    const QColor colors[] = {blue(), vermillion(), green(), purple(), orange(), skyBlue(), grey()};
    const int n = static_cast<int>(std::size(colors));
    return colors[((i % n) + n) % n];
}

QColor Palette::column(int i)
{
    const int k = ((i % 6) + 6) % 6;
    return k == 0 ? grey() : series(k - 1);
}

QColor Palette::strategy(const QString& strategy, int index)
{
    if (strategy == QLatin1String("base"))
        return QColor(150, 150, 150);
    if (strategy == QLatin1String("full"))
        return orange();
    if (strategy == QLatin1String("local"))
        return skyBlue();
    if (strategy == QLatin1String("mid"))
        return green();
    if (strategy == QLatin1String("global"))
        return blue();
    const QColor others[] = {vermillion(), purple(), grey(), QColor(120, 80, 160)};
    const int n = static_cast<int>(std::size(others));
    return others[((index % n) + n) % n];
}

QColor Palette::block(align::Block b)
{
    switch (b) {
    case align::Block::Local: return blue();
    case align::Block::Intermediate: return orange();
    case align::Block::Global: return purple();
    }
    return QColor(Qt::gray);
}

QColor Palette::heat(double t)
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

QLinearGradient Palette::heatGradient(const QPointF& start, const QPointF& end)
{
    QLinearGradient g(start, end);
    for (std::size_t i = 0; i < kStops.size(); ++i) {
        const double t = static_cast<double>(i) / (kStops.size() - 1);
        g.setColorAt(t, heat(t));
    }
    return g;
}

} // namespace hialign::widgets

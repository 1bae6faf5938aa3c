#include "widgets/ParameterCount.h"

#include <cmath>

namespace hialign::widgets {

QString ParameterCount::format(std::int64_t count)
{
    const double v = static_cast<double>(count);
    const double a = std::fabs(v);
    auto scaled = [](double x, const char* unit) {
        const int decimals = x < 10 ? 2 : (x < 100 ? 1 : 0);
        return QString::number(x, 'f', decimals) + QLatin1String(unit);
    };
    if (a >= 1e9)
        return scaled(v / 1e9, "B");
    if (a >= 1e6)
        return scaled(v / 1e6, "M");
    if (a >= 1e4)
        return scaled(v / 1e3, "k");
    return QString::number(count);
}

QString ParameterCount::formatShare(double share)
{
    const double pct = share * 100.0;
    if (pct == 0.0)
        return QStringLiteral("0%");
    const int decimals = pct >= 10 ? 1 : (pct >= 1 ? 2 : 3);
    return QString::number(pct, 'f', decimals) + QLatin1Char('%');
}

} // namespace hialign::widgets

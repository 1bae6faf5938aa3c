#include "world/Accuracy.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace hialign::world {

std::pair<double, double> wilsonInterval(std::size_t successes, std::size_t trials, double z)
{
    if (trials == 0)
        return {0.0, 1.0};
    const double n = static_cast<double>(trials);
    const double p = static_cast<double>(std::min(successes, trials)) / n;
    const double z2 = z * z;
    const double denominator = 1.0 + z2 / n;
    const double centre = (p + z2 / (2.0 * n)) / denominator;
    const double margin = z * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denominator;
    return {std::max(0.0, centre - margin), std::min(1.0, centre + margin)};
}

Accuracy summarize(const std::vector<Verdict>& verdicts)
{
    Accuracy a;
    for (Verdict v : verdicts) {
        switch (v) {
        case Verdict::Correct:
            ++a.correct;
            break;
        case Verdict::Wrong:
            ++a.wrong;
            break;
        case Verdict::Unparseable:
            ++a.unparseable;
            break;
        }
    }
    a.total = verdicts.size();
    a.accuracy = a.total == 0 ? 0.0 : static_cast<double>(a.correct) / static_cast<double>(a.total);
    std::tie(a.low, a.high) = wilsonInterval(a.correct, a.total);
    return a;
}

} // namespace hialign::world

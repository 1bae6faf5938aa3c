// Accuracy per dimension with a 95% Wilson score interval.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "world/Dimension.h"

namespace hialign::world {

struct Accuracy {
    std::size_t correct = 0;
    std::size_t wrong = 0;
    std::size_t unparseable = 0;
    std::size_t total = 0;
    double accuracy = 0.0;   // correct / total (unparseable counts as not correct); 0 when total is 0
    double low = 0.0;        // 95% Wilson score interval; [0, 1] when total is 0
    double high = 1.0;
};

// The Wilson score interval for `successes` out of `trials` at normal
// quantile z (1.959964 for 95%); {0, 1} when trials is 0.
std::pair<double, double> wilsonInterval(std::size_t successes, std::size_t trials, double z = 1.959963984540054);

Accuracy summarize(const std::vector<Verdict>& verdicts);

} // namespace hialign::world

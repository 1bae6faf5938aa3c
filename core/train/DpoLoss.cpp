#include "train/DpoLoss.h"

#include <ATen/ATen.h>

namespace hialign::train {

at::Tensor dpoLoss(const DpoLossConfig& c, const at::Tensor& pc, const at::Tensor& pr,
                   const at::Tensor& rc, const at::Tensor& rr)
{
    const at::Tensor d = (pc - rc) - (pr - rr);   // (B)
    const double b = c.beta, ls = c.labelSmoothing;
    switch (c.type) {
    case LossType::Sigmoid:
        return -at::log_sigmoid(b * d) * (1.0 - ls) - at::log_sigmoid(-b * d) * ls;
    case LossType::Robust:
        return (-at::log_sigmoid(b * d) * (1.0 - ls) + at::log_sigmoid(-b * d) * ls) / (1.0 - 2.0 * ls);
    case LossType::Hinge:
        return at::relu(1.0 - b * d);
    case LossType::Ipo:
        return (d - 1.0 / (2.0 * b)).pow(2);
    }
    return d;
}

} // namespace hialign::train

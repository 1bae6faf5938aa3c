// The DPO family of preference losses, on per-pair sequence log-probs.
#pragma once

#include <string>

#include <ATen/core/Tensor.h>

#include "settings/LossType.h"

namespace hialign::train {

struct DpoLossConfig {
    LossType type = LossType::Sigmoid;
    double beta = 0.1;
    double labelSmoothing = 0.0;   // sigmoid (conservative DPO) and robust
};

// All inputs (B): summed completion log-probs (average per token for IPO) of
// the policy and the reference on chosen and rejected. Returns the per-pair
// loss (B). With d = (pc - rc) - (pr - rr):
//   sigmoid: -(1-ls) log σ(βd) - ls log σ(-βd)
//   robust:  (-(1-ls) log σ(βd) + ls log σ(-βd)) / (1 - 2 ls)
//   hinge:   relu(1 - βd)
//   ipo:     (d - 1/(2β))^2
at::Tensor dpoLoss(const DpoLossConfig& config, const at::Tensor& policyChosen,
                   const at::Tensor& policyRejected, const at::Tensor& refChosen,
                   const at::Tensor& refRejected);

} // namespace hialign::train

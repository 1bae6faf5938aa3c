#include "model/RmsNorm.h"

#include <ATen/ATen.h>

namespace hialign::model {

RmsNormImpl::RmsNormImpl(at::Tensor weight, double eps) : eps_(eps)
{
    weight_ = register_parameter("weight", std::move(weight), /*requires_grad=*/false);
}

at::Tensor RmsNormImpl::forward(const at::Tensor& x)
{
    const auto inputType = x.scalar_type();
    at::Tensor h = x.to(at::kFloat);                               // (..., dim)
    const at::Tensor variance = h.pow(2).mean(-1, /*keepdim=*/true);  // (..., 1)
    h = h * at::rsqrt(variance + eps_);
    return weight_ * h.to(inputType);
}

} // namespace hialign::model

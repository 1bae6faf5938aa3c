#include "model/Projection.h"

#include <torch/nn/functional/linear.h>

namespace hialign::model {

ProjectionImpl::ProjectionImpl(at::Tensor weight, at::Tensor bias)
{
    weight_ = register_parameter("weight", std::move(weight), /*requires_grad=*/false);
    if (bias.defined())
        bias_ = register_parameter("bias", std::move(bias), /*requires_grad=*/false);
}

at::Tensor ProjectionImpl::forward(const at::Tensor& x)
{
    at::Tensor y = at::linear(x, weight_, bias_);   // (..., out)
    if (adapter_ && (!enabled_ || *enabled_))
        y = y + adapter_->delta(x);
    return y;
}

} // namespace hialign::model

// Root-mean-square layer norm as Llama and Qwen define it: normalise in fp32,
// cast back to the input dtype, then scale.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

namespace hialign::model {

class RmsNormImpl : public torch::nn::Module {
public:
    // weight: (dim), frozen, registered as "weight".
    RmsNormImpl(at::Tensor weight, double eps);
    // x: (..., dim) -> (..., dim)
    at::Tensor forward(const at::Tensor& x);
    const at::Tensor& weight() const { return weight_; }

private:
    at::Tensor weight_;
    double eps_;
};
TORCH_MODULE(RmsNorm);

} // namespace hialign::model

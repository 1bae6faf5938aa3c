// A LoRA adapter for one projection: delta(x) = s * dropout(x) A^T B^T with
// A: (r, in), B: (out, r), s = alpha / r (or alpha / sqrt(r) with rsLoRA).
// A starts Kaiming-uniform as in PEFT, B at zero, so training starts exactly
// at the base model. Adapter weights are fp32 whatever the base dtype.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "align/LayerPlan.h"
#include "model/Projection.h"

namespace hialign::train {

struct LoraHyper {
    int rank = align::kDefaultLoraRank;
    double alpha = align::kDefaultLoraAlpha;
    double dropout = 0.0;
    bool rslora = false;
    double scaling() const;   // alpha / r, or alpha / sqrt(r)
};

class LoraLinearImpl : public torch::nn::Module, public model::ProjectionAdapter {
public:
    // A is drawn from `generator` (PEFT's kaiming_uniform_(a=sqrt(5)): U(-1/sqrt(in), 1/sqrt(in))).
    LoraLinearImpl(std::int64_t inFeatures, std::int64_t outFeatures, const LoraHyper& hyper,
                   at::Generator& generator, at::Device device);

    // x: (..., in) in the base dtype -> (..., out) in the base dtype.
    at::Tensor delta(const at::Tensor& x) override;

    // ||s * B A||_F through r x r products: ||BA||^2 = sum((B^T B) * (A A^T)).
    double deltaNorm() const;
    // ||grad A||^2 + ||grad B||^2, 0 when there is no gradient yet.
    double gradNormSquared() const;

    const LoraHyper& hyper() const { return hyper_; }
    at::Tensor lora_A;   // (r, in), fp32, trainable
    at::Tensor lora_B;   // (out, r), fp32, trainable

private:
    LoraHyper hyper_;
    double scaling_;
};
TORCH_MODULE(LoraLinear);

} // namespace hialign::train

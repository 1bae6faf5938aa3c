// A linear projection y = x W^T + b with frozen base weights and a seam for a
// low-rank adapter (LoRA) that adds its own delta to the output.
#pragma once

#include <memory>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

namespace hialign::model {

// Something that adds a learned delta to a projection's output. The LoRA
// linear of the trainer implements it; the model only knows this interface.
class ProjectionAdapter {
public:
    virtual ~ProjectionAdapter() = default;
    // x: (..., in) -> delta: (..., out), same dtype as x.
    virtual at::Tensor delta(const at::Tensor& x) = 0;
};

class ProjectionImpl : public torch::nn::Module {
public:
    // weight: (out, in); bias: (out) or undefined. Both are registered frozen
    // (requires_grad false) under the checkpoint names "weight" and "bias".
    ProjectionImpl(at::Tensor weight, at::Tensor bias);

    // x: (..., in) -> (..., out). The adapter, when attached and enabled, adds
    // its delta; with adapters disabled this is exactly the base projection.
    at::Tensor forward(const at::Tensor& x);

    const at::Tensor& weight() const { return weight_; }
    const at::Tensor& bias() const { return bias_; }
    std::int64_t inFeatures() const { return weight_.size(1); }
    std::int64_t outFeatures() const { return weight_.size(0); }

    void setAdapter(std::shared_ptr<ProjectionAdapter> adapter) { adapter_ = std::move(adapter); }
    const std::shared_ptr<ProjectionAdapter>& adapter() const { return adapter_; }
    // A switch shared by all projections of one model (see CausalLM::setAdaptersEnabled).
    void setAdapterSwitch(std::shared_ptr<bool> enabled) { enabled_ = std::move(enabled); }

private:
    at::Tensor weight_;   // (out, in)
    at::Tensor bias_;     // (out) or undefined
    std::shared_ptr<ProjectionAdapter> adapter_;
    std::shared_ptr<bool> enabled_;
};
TORCH_MODULE(Projection);

} // namespace hialign::model

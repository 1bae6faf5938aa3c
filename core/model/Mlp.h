// SwiGLU feed-forward block: down(silu(gate(x)) * up(x)).
#pragma once

#include <string>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "config/ModelConfig.h"
#include "model/Projection.h"

namespace hialign::model {

class WeightLoader;

class MlpImpl : public torch::nn::Module {
public:
    // prefix: e.g. "model.layers.3.mlp"
    MlpImpl(const io::ModelConfig& config, WeightLoader& weights, const std::string& prefix);
    // x: (B, T, hidden) -> (B, T, hidden)
    at::Tensor forward(const at::Tensor& x);

    Projection gate_proj{nullptr}, up_proj{nullptr}, down_proj{nullptr};
};
TORCH_MODULE(Mlp);

} // namespace hialign::model

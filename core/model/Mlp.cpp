#include "model/Mlp.h"

#include <ATen/ATen.h>

#include "model/WeightLoader.h"

namespace hialign::model {

MlpImpl::MlpImpl(const io::ModelConfig& c, WeightLoader& w, const std::string& p)
{
    const std::int64_t H = c.hiddenSize, I = c.intermediateSize;
    auto bias = [&](const std::string& name, std::int64_t n) {
        return c.mlpBias ? w.require(name, {n}) : at::Tensor();
    };
    gate_proj = register_module("gate_proj", Projection(w.require(p + ".gate_proj.weight", {I, H}),
                                                        bias(p + ".gate_proj.bias", I)));
    up_proj = register_module("up_proj", Projection(w.require(p + ".up_proj.weight", {I, H}),
                                                    bias(p + ".up_proj.bias", I)));
    down_proj = register_module("down_proj", Projection(w.require(p + ".down_proj.weight", {H, I}),
                                                        bias(p + ".down_proj.bias", H)));
}

at::Tensor MlpImpl::forward(const at::Tensor& x)
{
    // (B, T, I) -> (B, T, H)
    return down_proj->forward(at::silu(gate_proj->forward(x)) * up_proj->forward(x));
}

} // namespace hialign::model

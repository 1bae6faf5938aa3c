#include "model/DecoderLayer.h"

#include "model/WeightLoader.h"

namespace hialign::model {

DecoderLayerImpl::DecoderLayerImpl(const io::ModelConfig& c, WeightLoader& w, int index)
{
    const std::string p = "model.layers." + std::to_string(index);
    input_layernorm = register_module(
        "input_layernorm", RmsNorm(w.require(p + ".input_layernorm.weight", {c.hiddenSize}), c.rmsNormEps));
    self_attn = register_module("self_attn", Attention(c, w, p + ".self_attn", index));
    post_attention_layernorm = register_module(
        "post_attention_layernorm",
        RmsNorm(w.require(p + ".post_attention_layernorm.weight", {c.hiddenSize}), c.rmsNormEps));
    mlp = register_module("mlp", Mlp(c, w, p + ".mlp"));
}

at::Tensor DecoderLayerImpl::forward(const at::Tensor& x, const AttentionContext& ctx)
{
    // The skip flags cost one branch each; both are off outside the probe.
    const at::Tensor h = skipAttention_ ? x : x + self_attn->forward(input_layernorm->forward(x), ctx);
    return skipMlp_ ? h : h + mlp->forward(post_attention_layernorm->forward(h));
}

} // namespace hialign::model

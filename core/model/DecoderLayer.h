// One pre-norm decoder layer: x + attn(norm(x)), then h + mlp(norm(h)).
#pragma once

#include <string>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "model/Attention.h"
#include "model/Mlp.h"
#include "model/RmsNorm.h"

namespace hialign::model {

class DecoderLayerImpl : public torch::nn::Module {
public:
    DecoderLayerImpl(const io::ModelConfig& config, WeightLoader& weights, int index);
    // x: (B, T, hidden) -> (B, T, hidden)
    at::Tensor forward(const at::Tensor& x, const AttentionContext& ctx);

    // Ablation switches for the layer-specialization probe (docs/PROBE.md):
    // a skipped sub-block adds nothing and the residual passes through
    // unchanged. Both off by default; meant for full forward passes only
    // (a skipped attention fills no KV cache).
    void setSkip(bool attention, bool mlp)
    {
        skipAttention_ = attention;
        skipMlp_ = mlp;
    }
    bool skipsAttention() const { return skipAttention_; }
    bool skipsMlp() const { return skipMlp_; }

    RmsNorm input_layernorm{nullptr};
    Attention self_attn{nullptr};
    RmsNorm post_attention_layernorm{nullptr};
    Mlp mlp{nullptr};

private:
    bool skipAttention_ = false;
    bool skipMlp_ = false;
};
TORCH_MODULE(DecoderLayer);

} // namespace hialign::model

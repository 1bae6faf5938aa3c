// Grouped-query self-attention of the Llama family, with optional q/k/v/o
// bias (Qwen2, attention_bias) and per-head q/k RMSNorm (Qwen3).
#pragma once

#include <string>

#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include "config/ModelConfig.h"
#include "model/Projection.h"
#include "model/RmsNorm.h"

namespace hialign::model {

class WeightLoader;
struct KvCache;

// What every layer of one forward pass shares.
struct AttentionContext {
    at::Tensor cos;        // (B, T, head_dim)
    at::Tensor sin;        // (B, T, head_dim)
    at::Tensor mask;       // (B, 1, T, S) additive, or undefined (no masking needed, or causal)
    bool causal = false;   // fused kernel, no padding, nothing cached: causal masking inside the kernel
    KvCache* cache = nullptr;
    std::int64_t past = 0; // cached positions before this call
};

class AttentionImpl : public torch::nn::Module {
public:
    // prefix: e.g. "model.layers.3.self_attn"
    AttentionImpl(const io::ModelConfig& config, WeightLoader& weights, const std::string& prefix,
                  int layerIndex);

    // x: (B, T, hidden) -> (B, T, hidden)
    at::Tensor forward(const at::Tensor& x, const AttentionContext& ctx);

    Projection q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, o_proj{nullptr};
    RmsNorm q_norm{nullptr}, k_norm{nullptr};   // Qwen3 only

private:
    int layer_;
    std::int64_t heads_, kvHeads_, headDim_;
};
TORCH_MODULE(Attention);

// Which attention kernel the layers use. Fused is LibTorch 2.x's
// scaled_dot_product_attention (flash / memory-efficient kernels on a GPU,
// a fused kernel on the CPU); Plain is matmul + softmax, the reference it
// must match. LibTorch 1.13 has only Plain. Process-wide; tests switch it.
enum class AttentionKernel { Plain, Fused };
bool fusedAttentionAvailable();
void setAttentionKernel(AttentionKernel kernel);   // Fused without 2.x falls back to Plain
AttentionKernel attentionKernel();

// Wall time spent in the attention kernels' forward calls (SDPA or the plain
// matmul + softmax), summed while timing is on; a benchmark's breakdown.
void setAttentionTiming(bool on);
double attentionSeconds();   // since timing was last switched on

// Plain attention, the reference the fast path must match.
// q: (B, H, T, hd); k, v: (B, KV, S, hd), KV dividing H (query head h reads
// kv head h / (H / KV)); mask: (B or 1, 1, T, S) additive or undefined.
at::Tensor plainAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                          const at::Tensor& mask);

} // namespace hialign::model

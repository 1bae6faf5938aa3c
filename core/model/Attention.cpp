#include "model/Attention.h"

#include <atomic>
#include <chrono>
#include <cmath>

#include <ATen/ATen.h>
#include <torch/version.h>

#include "model/Device.h"
#include "model/KvCache.h"
#include "model/RotaryEmbedding.h"
#include "model/WeightLoader.h"

namespace hialign::model {

KvCache KvCache::create(const io::ModelConfig& config, std::int64_t batch, std::int64_t capacity,
                        at::ScalarType dtype, at::Device device)
{
    KvCache c;
    c.capacity = capacity;
    const auto opts = at::TensorOptions().dtype(dtype).device(device);
    for (int i = 0; i < config.numLayers; ++i) {
        c.keys.push_back(at::zeros({batch, config.numKvHeads, capacity, config.headDim}, opts));
        c.values.push_back(at::zeros({batch, config.numKvHeads, capacity, config.headDim}, opts));
    }
    return c;
}

AttentionImpl::AttentionImpl(const io::ModelConfig& c, WeightLoader& w, const std::string& p,
                             int layerIndex)
    : layer_(layerIndex), heads_(c.numHeads), kvHeads_(c.numKvHeads), headDim_(c.headDim)
{
    const std::int64_t qDim = heads_ * headDim_;
    const std::int64_t kvDim = kvHeads_ * headDim_;
    auto bias = [&](const std::string& name, std::int64_t n, bool present) {
        return present ? w.require(name, {n}) : at::Tensor();
    };
    q_proj = register_module("q_proj", Projection(w.require(p + ".q_proj.weight", {qDim, c.hiddenSize}),
                                                  bias(p + ".q_proj.bias", qDim, c.qkvBias)));
    k_proj = register_module("k_proj", Projection(w.require(p + ".k_proj.weight", {kvDim, c.hiddenSize}),
                                                  bias(p + ".k_proj.bias", kvDim, c.qkvBias)));
    v_proj = register_module("v_proj", Projection(w.require(p + ".v_proj.weight", {kvDim, c.hiddenSize}),
                                                  bias(p + ".v_proj.bias", kvDim, c.qkvBias)));
    o_proj = register_module("o_proj", Projection(w.require(p + ".o_proj.weight", {c.hiddenSize, qDim}),
                                                  bias(p + ".o_proj.bias", c.hiddenSize, c.oBias)));
    if (c.qkNorm) {
        q_norm = register_module("q_norm", RmsNorm(w.require(p + ".q_norm.weight", {headDim_}), c.rmsNormEps));
        k_norm = register_module("k_norm", RmsNorm(w.require(p + ".k_norm.weight", {headDim_}), c.rmsNormEps));
    }
}

namespace {
std::atomic<AttentionKernel> gKernel{fusedAttentionAvailable() ? AttentionKernel::Fused : AttentionKernel::Plain};
std::atomic<bool> gTiming{false};
std::atomic<std::int64_t> gTimedNanos{0};
} // namespace

void setAttentionTiming(bool on)
{
    gTimedNanos = 0;
    gTiming = on;
}

double attentionSeconds()
{
    return static_cast<double>(gTimedNanos.load()) * 1e-9;
}

bool fusedAttentionAvailable()
{
    return TORCH_VERSION_MAJOR >= 2;
}

void setAttentionKernel(AttentionKernel kernel)
{
    gKernel = fusedAttentionAvailable() ? kernel : AttentionKernel::Plain;
}

AttentionKernel attentionKernel()
{
    return gKernel;
}

at::Tensor plainAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                          const at::Tensor& mask)
{
    const std::int64_t B = q.size(0), H = q.size(1), T = q.size(2), hd = q.size(3);
    const std::int64_t KV = k.size(1), S = k.size(2), G = H / KV;
    const double scale = 1.0 / std::sqrt(static_cast<double>(hd));
    // Grouped-query attention without copying the kv heads: query head h
    // = kv * G + g reads kv head kv, so the G heads of one kv head become
    // G * T rows of one product.
    at::Tensor scores = at::matmul(q.reshape({B, KV, G * T, hd}), k.transpose(-2, -1));   // (B, KV, G*T, S)
    scores.mul_(scale);
    if (mask.defined())
        scores.view({B, KV, G, T, S}).add_(mask.unsqueeze(2));   // mask: (B, 1, T, S) -> (B, 1, 1, T, S)
    const at::Tensor probs = at::softmax(scores, -1, at::kFloat).to(q.scalar_type());     // (B, KV, G*T, S)
    return at::matmul(probs, v).view({B, H, T, hd});                                        // (B, H, T, hd)
}

at::Tensor AttentionImpl::forward(const at::Tensor& x, const AttentionContext& ctx)
{
    const std::int64_t B = x.size(0);
    const std::int64_t T = x.size(1);

    at::Tensor q = q_proj->forward(x).view({B, T, heads_, headDim_});     // (B, T, H, hd)
    at::Tensor k = k_proj->forward(x).view({B, T, kvHeads_, headDim_});   // (B, T, KV, hd)
    at::Tensor v = v_proj->forward(x).view({B, T, kvHeads_, headDim_});   // (B, T, KV, hd)
    if (q_norm) {
        q = q_norm->forward(q);
        k = k_norm->forward(k);
    }
    q = q.transpose(1, 2);   // (B, H, T, hd)
    k = k.transpose(1, 2);   // (B, KV, T, hd)
    v = v.transpose(1, 2);   // (B, KV, T, hd)
    q = RotaryEmbedding::apply(q, ctx.cos, ctx.sin);
    k = RotaryEmbedding::apply(k, ctx.cos, ctx.sin);

    if (ctx.cache) {
        at::Tensor& ck = ctx.cache->keys[layer_];     // (B, KV, capacity, hd)
        at::Tensor& cv = ctx.cache->values[layer_];
        ck.narrow(2, ctx.past, T).copy_(k);
        cv.narrow(2, ctx.past, T).copy_(v);
        k = ck.narrow(2, 0, ctx.past + T);            // (B, KV, S, hd)
        v = cv.narrow(2, 0, ctx.past + T);
    }

    // Grouped-query attention: each kv head serves heads_/kvHeads_ query heads.
    const std::int64_t groups = heads_ / kvHeads_;
    const bool timed = gTiming.load(std::memory_order_relaxed);
    const auto t0 = timed ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
    at::Tensor out;
#if TORCH_VERSION_MAJOR >= 2
    if (gKernel.load(std::memory_order_relaxed) == AttentionKernel::Fused) {
        if (ctx.causal) {
            // No mask tensor: the kernel masks causally itself, which lets a GPU
            // use its flash kernel; the kv heads are shared without copies.
            out = at::scaled_dot_product_attention(q, k, v, std::nullopt, 0.0, /*is_causal=*/true,
                                                   std::nullopt, /*enable_gqa=*/groups > 1);   // (B, H, T, hd)
        } else {
            if (groups > 1) {
                k = k.repeat_interleave(groups, 1);   // (B, H, S, hd)
                v = v.repeat_interleave(groups, 1);
            }
            const std::optional<at::Tensor> mask
                = ctx.mask.defined() ? std::optional<at::Tensor>(ctx.mask) : std::nullopt;
            out = at::scaled_dot_product_attention(q, k, v, mask);                         // (B, H, T, hd)
        }
    } else
#endif
    {
        TORCH_CHECK(!ctx.causal, "a causal context needs the fused attention kernel");
        out = plainAttention(q, k, v, ctx.mask);      // k, v: (B, KV, S, hd) -> (B, H, T, hd)
    }
    if (timed) {
        synchronize(out.device());
        gTimedNanos += std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - t0)
                           .count();
    }
    out = out.transpose(1, 2).reshape({B, T, heads_ * headDim_});  // (B, T, H*hd)
    return o_proj->forward(out);
}

} // namespace hialign::model

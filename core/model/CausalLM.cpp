#include "model/CausalLM.h"

#include <limits>

#include <ATen/ATen.h>

#include "model/KvCache.h"
#include "model/WeightLoader.h"
#include "util/Error.h"

namespace hialign::model {

TokenEmbeddingImpl::TokenEmbeddingImpl(at::Tensor weight)
{
    weight_ = register_parameter("weight", std::move(weight), /*requires_grad=*/false);
}

at::Tensor TokenEmbeddingImpl::forward(const at::Tensor& ids)
{
    return at::embedding(weight_, ids);
}

DecoderStackImpl::DecoderStackImpl(const io::ModelConfig& c, WeightLoader& w)
{
    embed_tokens = register_module(
        "embed_tokens", TokenEmbedding(w.require("model.embed_tokens.weight", {c.vocabSize, c.hiddenSize})));
    layers = register_module("layers", torch::nn::ModuleList());
    for (int i = 0; i < c.numLayers; ++i)
        layers->push_back(DecoderLayer(c, w, i));
    norm = register_module("norm", RmsNorm(w.require("model.norm.weight", {c.hiddenSize}), c.rmsNormEps));
}

CausalLMImpl::CausalLMImpl(const io::ModelConfig& config, WeightLoader& w)
    : config_(config), rope_(config)
{
    model = register_module("model", DecoderStack(config, w));
    if (!config.tieWordEmbeddings) {
        lm_head = register_module(
            "lm_head", Projection(w.require("lm_head.weight", {config.vocabSize, config.hiddenSize}),
                                  at::Tensor()));
    }
    // Every projection follows the model-wide adapter switch.
    for (const auto& m : modules(/*include_self=*/false))
        if (auto p = std::dynamic_pointer_cast<ProjectionImpl>(m))
            p->setAdapterSwitch(adaptersEnabled_);
}

DecoderLayer CausalLMImpl::layer(int i) const
{
    return DecoderLayer(model->layers->ptr<DecoderLayerImpl>(static_cast<size_t>(i)));
}

const at::Tensor& CausalLMImpl::headWeight() const
{
    return lm_head ? lm_head->weight() : model->embed_tokens->weight();
}

AttentionContext CausalLMImpl::prepare(const at::Tensor& ids, const ForwardOptions& o) const
{
    TORCH_CHECK(ids.dim() == 2, "token ids must be (batch, length)");
    const std::int64_t B = ids.size(0);
    const std::int64_t T = ids.size(1);
    AttentionContext ctx;
    ctx.cache = o.cache;
    ctx.past = o.cache ? o.cache->length : 0;
    const std::int64_t S = ctx.past + T;
    if (o.cache && S > o.cache->capacity)
        throw Error("the key/value cache holds " + std::to_string(o.cache->capacity)
                    + " positions but " + std::to_string(S) + " are needed");
    const auto dev = ids.device();
    const auto longOpts = at::TensorOptions().dtype(at::kLong).device(dev);

    at::Tensor positions = o.positionIds;
    if (!positions.defined())
        positions = (at::arange(T, longOpts) + ctx.past).unsqueeze(0).expand({B, T});   // (B, T)
    std::tie(ctx.cos, ctx.sin) = rope_.cosSin(positions.to(dev), dtype());

    // Mask (B, 1, T, S): query i (absolute position past + i) sees key j when
    // j <= past + i, key j is not padding and, with a sliding window W,
    // j > past + i - W. Positions count cache slots, padding included, as
    // Hugging Face does; with left padding that equals the distance between
    // real tokens. A single new token with no padding and every key inside
    // its window sees everything, so it needs no mask.
    // The fused kernel masks causally by itself when nothing is padded,
    // nothing is cached and no window cuts keys off (training, a first
    // prefill without padding).
    // Additive masks use the dtype's lowest finite value rather than -inf.
    const double lowest = dtype() == at::kHalf ? -65504.0
                          : dtype() == at::kBFloat16 ? -3.38e38
                                                     : static_cast<double>(std::numeric_limits<float>::lowest());
    const auto additive = [&](const at::Tensor& allowed) {   // bool (B or 1, 1, T, S) -> dtype, same shape
        return at::zeros(allowed.sizes(), at::TensorOptions().dtype(dtype()).device(dev))
            .masked_fill(allowed.logical_not(), lowest);
    };
    if (o.visibility.defined()) {
        TORCH_CHECK(!o.cache, "an explicit visibility mask cannot be used with a cache");
        TORCH_CHECK(o.visibility.dim() == 3 && o.visibility.size(0) == B && o.visibility.size(1) == T
                        && o.visibility.size(2) == S, "visibility must be (batch, length, length)");
        at::Tensor allowed = o.visibility.to(dev).to(at::kBool).unsqueeze(1);   // (B, 1, T, S)
        // A query that sees nothing (padding) sees everything instead; see below.
        allowed = allowed.logical_or(allowed.logical_not().all(-1, /*keepdim=*/true));
        ctx.mask = additive(allowed);
        return ctx;
    }
    const std::int64_t window = config_.slidingWindow;
    const bool windowed = window > 0 && S > window;
    if (T > 1 && !o.attentionMask.defined() && ctx.past == 0 && !windowed
        && attentionKernel() == AttentionKernel::Fused) {
        ctx.causal = true;
        return ctx;
    }
    if (T > 1 || o.attentionMask.defined() || windowed) {
        const at::Tensor keyPos = at::arange(S, longOpts).view({1, S});                  // (1, S)
        const at::Tensor queryPos = (at::arange(T, longOpts) + ctx.past).view({T, 1});   // (T, 1)
        at::Tensor allowed = (keyPos <= queryPos).view({1, 1, T, S});                    // (1, 1, T, S)
        if (windowed)
            allowed = allowed.logical_and((keyPos > queryPos - window).view({1, 1, T, S}));
        if (o.attentionMask.defined()) {
            TORCH_CHECK(o.attentionMask.size(0) == B && o.attentionMask.size(1) == S,
                        "attention mask must be (batch, past + length)");
            allowed = allowed.logical_and(o.attentionMask.to(dev).to(at::kBool).view({B, 1, 1, S}));
            // A padding query may see no key at all. GPU kernels turn such a
            // row into NaN, which would reach the real rows through the next
            // layer's keys; let it see every key instead (its output is never
            // used, as Hugging Face does for the same rows).
            allowed = allowed.logical_or(allowed.logical_not().all(-1, /*keepdim=*/true));
        }
        ctx.mask = additive(allowed).expand({B, 1, T, S});
    }
    return ctx;
}

at::Tensor CausalLMImpl::embed(const at::Tensor& ids)
{
    return model->embed_tokens->forward(ids);
}

at::Tensor CausalLMImpl::runLayers(at::Tensor h, int begin, int end, const AttentionContext& ctx)
{
    for (int i = begin; i < end; ++i)
        h = model->layers->ptr<DecoderLayerImpl>(static_cast<size_t>(i))->forward(h, ctx);
    return h;
}

at::Tensor CausalLMImpl::finalNorm(const at::Tensor& h)
{
    return model->norm->forward(h);
}

at::Tensor CausalLMImpl::head(const at::Tensor& h)
{
    if (lm_head)
        return lm_head->forward(h);
    return at::linear(h, model->embed_tokens->weight());
}

at::Tensor CausalLMImpl::hiddenStates(const at::Tensor& ids, const ForwardOptions& options)
{
    const AttentionContext ctx = prepare(ids, options);
    at::Tensor h = runLayers(embed(ids), 0, config_.numLayers, ctx);
    if (options.cache)
        options.cache->length += ids.size(1);
    return finalNorm(h);
}

// prepare, embed, runLayers, finalNorm, head: the logit lens
// (lens/LogitLens.cpp) reads every layer with these same steps, so that its
// last layer is these logits bit for bit (tst_lens_exact).
at::Tensor CausalLMImpl::forward(const at::Tensor& ids, const ForwardOptions& options)
{
    return head(hiddenStates(ids, options));
}

} // namespace hialign::model

// A Llama-family causal language model (Llama 2/3, Mistral, Qwen2, Qwen3).
//
// Module names match the checkpoint keys, so named_parameters() yields
// "model.embed_tokens.weight", "model.layers.{i}.self_attn.q_proj.weight",
// "model.norm.weight" and (untied) "lm_head.weight". Base weights are frozen;
// each projection has a seam for an adapter (see Projection.h), and one
// switch turns all adapters off for the reference pass.
#pragma once

#include <memory>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/pimpl.h>

#include "config/ModelConfig.h"
#include "model/Attention.h"
#include "model/DecoderLayer.h"
#include "model/RmsNorm.h"
#include "model/RotaryEmbedding.h"

namespace hialign::model {

class WeightLoader;
struct KvCache;

class TokenEmbeddingImpl : public torch::nn::Module {
public:
    explicit TokenEmbeddingImpl(at::Tensor weight);   // (vocab, hidden), frozen
    at::Tensor forward(const at::Tensor& ids);         // (B, T) -> (B, T, hidden)
    const at::Tensor& weight() const { return weight_; }

private:
    at::Tensor weight_;
};
TORCH_MODULE(TokenEmbedding);

// The decoder stack without the head ("model." in the checkpoint).
class DecoderStackImpl : public torch::nn::Module {
public:
    DecoderStackImpl(const io::ModelConfig& config, WeightLoader& weights);
    TokenEmbedding embed_tokens{nullptr};
    torch::nn::ModuleList layers{nullptr};
    RmsNorm norm{nullptr};
};
TORCH_MODULE(DecoderStack);

struct ForwardOptions {
    at::Tensor attentionMask;   // (B, S) 1 = real token, 0 = padding; S = past + T. Optional.
    at::Tensor positionIds;     // (B, T) int64. Optional: default past + [0, T).
    KvCache* cache = nullptr;   // filled and advanced when given
    // (B, T, S) bool: query i may see key j. Replaces the causal, padding and
    // window rules (the caller applies them); not with a cache. Optional.
    at::Tensor visibility;
};

class CausalLMImpl : public torch::nn::Module {
public:
    CausalLMImpl(const io::ModelConfig& config, WeightLoader& weights);

    // ids: (B, T) int64 -> logits (B, T, vocab)
    at::Tensor forward(const at::Tensor& ids, const ForwardOptions& options = {});

    // The same in steps, for callers that share or skip parts of the stack.
    // prepare(): rotary tables and mask for a (B, T) input. Does not advance the cache.
    AttentionContext prepare(const at::Tensor& ids, const ForwardOptions& options) const;
    at::Tensor embed(const at::Tensor& ids);                    // (B, T) -> (B, T, hidden)
    // Runs layers [begin, end) on h: (B, T, hidden).
    at::Tensor runLayers(at::Tensor h, int begin, int end, const AttentionContext& ctx);
    at::Tensor finalNorm(const at::Tensor& h);                  // (B, T, hidden)
    at::Tensor head(const at::Tensor& h);                       // (..., hidden) -> (..., vocab)
    // Full stack up to the final norm; advances the cache if any.
    at::Tensor hiddenStates(const at::Tensor& ids, const ForwardOptions& options = {});

    const io::ModelConfig& config() const { return config_; }
    int numLayers() const { return config_.numLayers; }
    DecoderLayer layer(int i) const;
    at::Device device() const { return model->embed_tokens->weight().device(); }
    at::ScalarType dtype() const { return model->embed_tokens->weight().scalar_type(); }
    const at::Tensor& headWeight() const;   // (vocab, hidden): lm_head or the tied embedding

    // Adapters of every projection follow this switch (on by default).
    void setAdaptersEnabled(bool enabled) { *adaptersEnabled_ = enabled; }
    bool adaptersEnabled() const { return *adaptersEnabled_; }
    const std::shared_ptr<bool>& adapterSwitch() const { return adaptersEnabled_; }

    DecoderStack model{nullptr};
    Projection lm_head{nullptr};    // null when tied

private:
    io::ModelConfig config_;
    RotaryEmbedding rope_;
    std::shared_ptr<bool> adaptersEnabled_ = std::make_shared<bool>(true);
};
TORCH_MODULE(CausalLM);

} // namespace hialign::model

// Pair batches for one forward pass, and completion log-probs from a fused,
// vocabulary-chunked head (docs/ARCHITECTURE.md, "Shared prompts").
#pragma once

#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

#include "align/TokenizedPair.h"
#include "model/CausalLM.h"

namespace hialign::train {

// How a pair batch lays out its tokens.
//   Separate:     chosen and rejected are rows of their own, [prompt | completion | pad],
//                 so every prompt token runs twice; a causal mask suffices.
//   SharedPrompt: one row per pair, [prompt | chosen | rejected | pad]; rejected's
//                 positions continue after the prompt, and a block mask keeps chosen
//                 and rejected from seeing each other, so both attend to one prompt
//                 pass and both send their gradients into it.
enum class PairLayout { Separate, SharedPrompt };

struct PairBatch {
    PairLayout layout = PairLayout::Separate;
    at::Tensor ids;         // Separate: (2B, L), chosen rows 0..B-1, rejected B..2B-1; SharedPrompt: (B, L)
    // Where positions and segments are undefined (Separate, right-padded) the
    // rows start at position 0 and a causal mask suffices.
    at::Tensor positions;   // (rows, L) int64 rotary positions
    at::Tensor segments;    // (rows, L) int64: 0 prompt, 1 chosen (or a Separate completion), 2 rejected, -1 padding
    // The scored tokens, M of them, chosen b's then rejected b's in token order:
    at::Tensor scoredFrom;    // (M) int64 index into the flattened (rows * L) hidden states that predict them
    at::Tensor scoredTarget;  // (M) int64 token ids
    at::Tensor scoredSeq;     // (M) int64 sequence: chosen of pair b is b, rejected of pair b is B + b
    std::int64_t pairs = 0;
    std::int64_t tokens = 0;  // tokens of the chosen and rejected sequences, prompts included, in either layout
};

// Lays the pairs out on `device`. `padLeft` puts the padding before each row's
// tokens instead of after them (the positions and masks are the same either way).
PairBatch assemblePairs(const std::vector<const align::TokenizedPair*>& pairs, std::int32_t padId,
                        at::Device device, PairLayout layout = PairLayout::Separate, bool padLeft = false);

// Rotary tables and mask for the batch's layout (causal for Separate, the
// block mask and the model's sliding window for SharedPrompt).
model::AttentionContext pairContext(model::CausalLM& model, const PairBatch& batch);

struct SequenceScores {
    at::Tensor logpSum;      // (2B) summed log-prob of each sequence's completion tokens
    at::Tensor tokenCount;   // (2B) completion tokens per sequence (float)
    at::Tensor logitSum;     // (2B) sum of mean-over-vocab logits at those positions (detached)
};

// hidden: (rows, L, H) after the final norm. Logits only at the scored
// positions, through labelLogProbs.
SequenceScores completionLogProbs(model::CausalLM& model, const at::Tensor& hidden, const PairBatch& batch);

struct LabelLogProbs {
    at::Tensor logp;        // (M) fp32 log-softmax at the label, with autograd to h (and weight if it needs grad)
    at::Tensor logitMean;   // (M) fp32 mean logit over the vocabulary (detached)
};

// log softmax(h W^T)[label] without a (M, V) tensor under autograd: the
// vocabulary is taken `chunk` rows of W at a time (0: a chunk of about 4 Mi
// logits), log-sum-exp and the label's logit in fp32, and the backward
// recomputes each chunk's logits. h: (M, H); weight: (V, H); labels: (M).
LabelLogProbs labelLogProbs(const at::Tensor& h, const at::Tensor& weight, const at::Tensor& labels,
                            std::int64_t chunk = 0);

// The same through a full (M, V) logits tensor and log_softmax: the reference
// the fused head is checked against, and the head's memory baseline.
LabelLogProbs labelLogProbsPlain(const at::Tensor& h, const at::Tensor& weight, const at::Tensor& labels);

} // namespace hialign::train

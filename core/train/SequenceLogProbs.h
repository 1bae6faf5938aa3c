// Pair batches for one concatenated forward, and completion log-probs
// gathered without a full-vocabulary log-softmax at every position.
#pragma once

#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

#include "align/TokenizedPair.h"
#include "model/CausalLM.h"

namespace hialign::train {

struct PairBatch {
    at::Tensor ids;        // (2B, L) int64: chosen rows 0..B-1, rejected rows B..2B-1, right-padded
    at::Tensor lossMask;   // (2B, L) bool: token t is a completion token (scored from position t-1)
    std::int64_t pairs = 0;
    std::int64_t tokens = 0;   // real tokens in the batch
};

PairBatch assemblePairs(const std::vector<const align::TokenizedPair*>& pairs, std::int32_t padId,
                        at::Device device);

struct SequenceScores {
    at::Tensor logpSum;      // (N) summed log-prob of each row's completion tokens
    at::Tensor tokenCount;   // (N) completion tokens per row (float)
    at::Tensor logitSum;     // (N) sum of mean-over-vocab logits at those positions (detached)
};

// hidden: (N, L, H) after the final norm; ids, lossMask: (N, L). Logits are
// computed only at scored positions, `chunkRows` rows at a time, with
// logsumexp in fp32.
SequenceScores completionLogProbs(model::CausalLM& model, const at::Tensor& hidden, const at::Tensor& ids,
                                  const at::Tensor& lossMask, std::int64_t chunkRows = 0);

} // namespace hialign::train

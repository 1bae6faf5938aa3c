// One DPO forward pass over a pair batch, in either of its layouts (chosen and
// rejected as separate rows, or sharing one prompt pass; SequenceLogProbs.h);
// the reference is the same model with adapters off.
//
// Prefix sharing: with adapters only on layers >= k, layers [0, k) compute the
// same thing for policy and reference, so they run once, without grad, and
// both passes branch from their output.
#pragma once

#include <ATen/core/Tensor.h>

#include "model/CausalLM.h"
#include "train/DpoLoss.h"
#include "train/SequenceLogProbs.h"

namespace hialign::train {

struct DpoStepSettings {
    DpoLossConfig loss;
    double sftWeight = 0.0;
    int sharedPrefixLayers = 0;       // k: layers below the lowest adapter (0 = no sharing)
    bool gradientCheckpointing = false;
};

struct ReferenceScores {
    at::Tensor chosen;     // (B) summed log-probs
    at::Tensor rejected;   // (B)
};

struct DpoStepOutput {
    at::Tensor loss;                      // scalar, with graph (policy side)
    at::Tensor policyChosen, policyRejected;   // (B) detached, summed log-probs
    at::Tensor refChosen, refRejected;         // (B)
    at::Tensor chosenTokens, rejectedTokens;   // (B) completion token counts
    at::Tensor logitsChosen, logitsRejected;   // (B) summed per-position mean logits
    at::Tensor chosenRewards, rejectedRewards; // (B) beta * (policy - reference), summed log-probs
    at::Tensor nll;                            // scalar, mean NLL per chosen token (detached)
};

// Reference log-probs (adapters off, no grad) of a batch.
ReferenceScores referenceScores(model::CausalLM& model, const PairBatch& batch);

// The policy pass and the loss. `reference` may be precomputed; when null
// it is computed here (sharing the prefix with the policy pass).
DpoStepOutput dpoForward(model::CausalLM& model, const PairBatch& batch, const DpoStepSettings& settings,
                         const ReferenceScores* reference = nullptr);

} // namespace hialign::train

// The logit lens (docs/ARCHITECTURE.md, "Logit lens"): the residual stream
// after each decoder layer read through the model's final norm and LM head,
// as if the stack ended at that layer. Per layer: the top next tokens at the
// last prompt position, the log-prob of an expected token there, and a
// preference pair's margin (summed completion log-probs, chosen − rejected,
// teacher-forced, every position read at that layer). With an adapter, the
// base (adapters off) and the adapted model side by side.
//
// Exactness: forward() is head(finalNorm(runLayers(embed(ids), 0, n,
// prepare(ids)))). The lens takes the same steps, one layer at a time, and
// reads each layer with the same head(finalNorm(.)), so the last layer's
// read-out is the model's own logits, bit for bit (tst_lens_exact).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "align/TokenizedPair.h"
#include "model/CausalLM.h"

namespace hialign::lens {

// ---- Tensor level ----

// The read-out forward() ends with: model->head(model->finalNorm(h)),
// h: (..., hidden) -> (..., vocab).
at::Tensor readOut(model::CausalLM& model, const at::Tensor& h);

// Runs ids (B, T) through the stack once (ctx from model->prepare(ids, ...)),
// calling visit(L, h) after each layer L = 0..n-1 with the residual stream
// after it, h: (B, T, hidden). No cache.
void forEachLayer(model::CausalLM& model, const at::Tensor& ids, const model::AttentionContext& ctx,
                  const std::function<void(int layer, const at::Tensor& h)>& visit);

// Every layer's read-out of ids (B, T), no padding: (n, B, T, vocab) in the
// model's dtype. [n - 1] equals model->forward(ids).
at::Tensor layerLogits(model::CausalLM& model, const at::Tensor& ids);

// ---- One input ----

struct TokenProb {
    std::int32_t id = 0;
    double prob = 0;   // softmax of the layer's read-out, fp32
};

// What one model state reads on one input, per layer.
struct Readout {
    std::vector<std::vector<TokenProb>> top;   // [layer] the top-K at the last prompt position, most probable first
    std::vector<double> expectedLogp;          // [layer] log p(expected token) there; empty without one
    std::vector<double> margin;                // [layer] log p(chosen) − log p(rejected); empty without a pair
};

// One input as token ids, tokenized as training tokenizes preference records.
struct LensInput {
    std::vector<std::int32_t> prompt;          // BOS (where the tokenizer adds one) + prompt
    std::int32_t expected = -1;                // first id of the expected continuation; -1: none
    std::optional<align::TokenizedPair> pair;  // prompt, chosen and rejected ids (completions end in EOS / end of turn)
    std::string promptText;                    // for display
    std::size_t line = 0;                      // the record's line in a preference file (0: from the command line)
};

// Reads `input` at every layer of `model` as it stands (adapters on or off).
// padId pads the pair's shorter row.
Readout readInput(model::CausalLM& model, const LensInput& input, int topK, std::int32_t padId);

// ---- A whole lens, from files ----

struct LensRequest {
    std::filesystem::path modelDir;     // a model folder (hub ids resolved by the caller)
    std::filesystem::path adapterDir;   // a PEFT adapter folder; empty: none
    // Either a prompt ...
    std::string prompt;
    std::optional<std::string> expected;   // default: the chosen completion of a pair
    std::optional<std::string> chosen, rejected;
    // ... or `pairs` records of a preference file (0: all), from its
    // `firstPair`-th (0-based; the window's lens reads one chosen pair).
    std::filesystem::path dataFile;
    int pairs = 0;
    std::size_t firstPair = 0;
    int topK = 3;
    std::string device = "cpu";
    std::string dtype;                     // empty: the loader's default for the device
};

struct LensCase {
    LensInput input;
    Readout base;
    std::optional<Readout> adapted;   // with an adapter
};

struct LensResult {
    std::string modelDir, adapterDir;
    int numLayers = 0;
    int topK = 0;
    std::string device, dtype;
    bool fromData = false;                        // the cases are a preference file's pairs
    std::vector<LensCase> cases;                  // one for a prompt
    std::map<std::int32_t, std::string> tokens;   // text of every id shown: the continuation it writes after its prompt

    bool hasAdapter() const { return !cases.empty() && cases.front().adapted.has_value(); }
    // [layer] means over the cases (nullopt where a case has none): adapted or base.
    std::vector<double> meanExpectedLogp(bool adapted) const;
    std::vector<double> meanMargin(bool adapted) const;
};

// Loads the model (and adapter), tokenizes as training does (the model's
// chat template handling, no truncation), and reads every case. Throws
// InputError, before any forward pass, for: no prompt and no data, both, a
// chosen without a rejected completion or the reverse, a top-K below 1, a
// preference file without pairs, an adapter that does not fit the model
// (its layers, modules or tensor shapes), and an input longer than the
// model's max_position_embeddings.
LensResult runLens(const LensRequest& request);

} // namespace hialign::lens

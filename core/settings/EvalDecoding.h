// How a demo lab's eval prompts are decoded when its accuracy is measured:
// the one default for `world eval`, `world table` and a sweep on the lab's
// model, written to the lab's card.json as "eval_decoding" (docs/SWEEP.md).
// Sampling at temperature 1 measures how often the model writes a correct
// sentence (the distribution DPO shifts); greedy decoding of this lab reads
// its single most likely answer, which is right almost always and so leaves
// nothing to compare. Plain C++: no LibTorch.
#pragma once

#include <filesystem>
#include <optional>

namespace hialign::lab {

struct EvalDecoding {
    double temperature = 1.0;
    double topP = 1.0;
    int maxNewTokens = 24;
};

// The decoding in MODEL_DIR/../card.json ("eval_decoding"), when the model
// folder sits in a demo lab whose card carries one; empty otherwise (also for
// a card that cannot be read: the caller then keeps its own defaults).
std::optional<EvalDecoding> readEvalDecoding(const std::filesystem::path& modelDir);

} // namespace hialign::lab

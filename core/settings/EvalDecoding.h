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

#include <nlohmann/json_fwd.hpp>

namespace hialign::lab {

struct EvalDecoding {
    double temperature = 1.0;
    double topP = 1.0;
    int maxNewTokens = 24;

    nlohmann::json toJson() const;   // card.json's "eval_decoding"
};

// An "eval_decoding" object; empty when it holds values no decoder accepts.
std::optional<EvalDecoding> evalDecodingFromJson(const nlohmann::json& j);

// The decoding in the card of the demo lab that holds MODEL_DIR
// (LabFolder::evalDecoding); empty for a model outside a lab, a card without
// one or a card that cannot be read: the caller then keeps its own defaults.
std::optional<EvalDecoding> readEvalDecoding(const std::filesystem::path& modelDir);

} // namespace hialign::lab

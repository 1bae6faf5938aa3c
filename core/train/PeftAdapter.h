// LoRA adapters in PEFT's on-disk layout: adapter_config.json plus
// adapter_model.safetensors with keys
// base_model.model.model.layers.{i}.self_attn.q_proj.lora_A.weight (A: [r, in], B: [out, r]).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "align/LayerPlan.h"
#include "model/CausalLM.h"
#include "train/LoraModel.h"

namespace hialign::train {

// Writes `dir` (replaced atomically: written beside it, then renamed).
void savePeftAdapter(const std::filesystem::path& dir, const LoraModel& lora,
                     const std::string& baseModelPath);

// The plan and options an adapter folder describes, for a model with `numLayers` layers.
struct PeftAdapterInfo {
    align::LayerPlan plan;
    LoraOptions options;
    std::string baseModel;
};
PeftAdapterInfo readPeftAdapterConfig(const std::filesystem::path& dir, int numLayers);

// Attaches the adapter in `dir` to `model` (adapters on). Throws InputError
// naming the file and key when the adapter does not fit the model.
std::unique_ptr<LoraModel> loadPeftAdapter(const std::filesystem::path& dir, model::CausalLM model);

} // namespace hialign::train

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
#include "settings/PeftAdapterFiles.h"
#include "train/LoraModel.h"

namespace hialign::train {

// Writes `dir` (replaced atomically: written beside it, then renamed).
void savePeftAdapter(const std::filesystem::path& dir, const LoraModel& lora,
                     const std::string& baseModelPath);

// The plan and options an adapter folder describes, for a model with `numLayers`
// layers. Module selection follows PEFT: target_modules as a list (a key or its
// dotted suffix, filtered by layers_to_transform) or as a regular expression
// matched against the whole key, exclude_modules, and rank_pattern /
// alpha_pattern (first key matching the key's end). DoRA, bias training,
// modules_to_save and other non-LoRA fields are refused with one sentence.
struct PeftAdapterInfo {
    align::LayerPlan plan;               // the layers and modules, for display
    std::vector<align::AdapterSlot> slots;   // exactly what carries an adapter, with its rank and alpha
    LoraOptions options;
    std::string baseModel;
};
PeftAdapterInfo readPeftAdapterConfig(const std::filesystem::path& dir, int numLayers);
// The folder's file names and readPeftBaseModel (the base model before it
// is loaded): settings/PeftAdapterFiles.h.

// Attaches the adapter in `dir` to `model` (adapters on). Throws InputError
// naming the file and key when the adapter does not fit the model.
std::unique_ptr<LoraModel> loadPeftAdapter(const std::filesystem::path& dir, model::CausalLM model);

} // namespace hialign::train

// Writes a CausalLM as a Hugging Face model folder: config.json,
// generation_config.json and model.safetensors with the checkpoint key names.
#pragma once

#include <filesystem>

#include <c10/core/ScalarType.h>

#include "model/CausalLM.h"

namespace hialign::model {

// dtype: the stored dtype (float32, bfloat16 or float16). Tied embeddings are
// stored once (no lm_head.weight), as Hugging Face does.
void saveModelFolder(CausalLM& model, const std::filesystem::path& dir, at::ScalarType dtype);

} // namespace hialign::model

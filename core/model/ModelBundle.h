// A Hugging Face model folder loaded for use: config, tokenizer and model.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>

#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include "config/ModelConfig.h"
#include "io/Safetensors.h"
#include "model/CausalLM.h"
#include "model/Device.h"
#include "tokenize/Tokenizer.h"

namespace hialign::model {

struct LoadOptions {
    std::optional<at::Device> device;        // default: CUDA when available, else CPU
    std::optional<at::ScalarType> dtype;     // default: fp32 on CPU, bf16 on CUDA
    bool loadTokenizer = true;
};

struct ModelBundle {
    std::filesystem::path dir;
    io::ModelConfig config;
    std::unique_ptr<tok::Tokenizer> tokenizer;
    std::shared_ptr<io::WeightStore> weights;   // keeps the mapped files alive
    CausalLM model{nullptr};
};

// Parses a dtype name: "float32"/"fp32", "bfloat16"/"bf16", "float16"/"fp16".
at::ScalarType parseDtype(const std::string& name);
const char* dtypeLabel(at::ScalarType dtype);

// Loads config.json, the safetensors weights and the tokenizer of `dir`.
// Throws InputError naming the file, field or tensor that is wrong.
ModelBundle loadModelBundle(const std::filesystem::path& dir, const LoadOptions& options = {});

} // namespace hialign::model

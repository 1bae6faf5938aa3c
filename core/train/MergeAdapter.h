// A PEFT LoRA adapter merged into its base model and written as a plain
// Hugging Face model folder (what PEFT's merge_and_unload() followed by
// save_pretrained() gives). docs/ARCHITECTURE.md, "Merged model folder".
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace hialign::train {

struct MergeRequest {
    std::filesystem::path adapterDir;   // adapter_config.json + adapter_model.safetensors
    std::filesystem::path baseDir;      // empty: the adapter's base_model_name_or_path
    std::filesystem::path outDir;       // created; must not exist or be empty
    std::string dtype;                  // stored dtype; empty: the base's torch_dtype, else float32
};

struct MergeResult {
    std::filesystem::path baseDir;
    std::size_t mergedProjections = 0;
    std::string dtype;                  // as written to config.json
};

// Loads the base in float32 on the CPU, attaches the adapter, adds each
// s * B A to its projection, and writes config.json, generation_config.json
// and model.safetensors to outDir with the base's tokenizer files copied
// beside them. The folder is written under a temporary name and renamed, so
// a failure leaves nothing behind. Throws InputError with one sentence for a
// missing base, an adapter that does not fit, or an output folder that holds
// files.
MergeResult mergeAdapter(const MergeRequest& request);

} // namespace hialign::train

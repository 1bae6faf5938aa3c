// The file names of an adapter folder in PEFT's layout, and what a view needs
// from it without LibTorch. train/PeftAdapter reads and writes the adapter
// itself through these names (docs/ARCHITECTURE.md, "File formats").
#pragma once

#include <filesystem>
#include <string>

namespace hialign::train {

// DIR/adapter_config.json
std::filesystem::path peftConfigFile(const std::filesystem::path& adapterDir);
// DIR/adapter_model.safetensors
std::filesystem::path peftWeightsFile(const std::filesystem::path& adapterDir);
// A folder that holds adapter_config.json.
bool isPeftAdapterFolder(const std::filesystem::path& dir);

// The base model adapter_config.json records: base_model_name_or_path (a
// folder, or a hub id as PEFT writes it) and its revision.
struct PeftBaseModel {
    std::string name;       // "" when absent or not a string
    std::string revision;   // "" when absent or null
    // NAME, or NAME@REVISION for a hub id: what config/HubCache.h's locateModel takes.
    std::string spec() const { return revision.empty() ? name : name + "@" + revision; }
};
// InputError when the folder holds no adapter_config.json.
PeftBaseModel readPeftBaseModel(const std::filesystem::path& adapterDir);

} // namespace hialign::train

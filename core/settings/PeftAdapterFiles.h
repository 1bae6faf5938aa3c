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

// adapter_config.json's base_model_name_or_path ("" when absent or not a
// string); InputError when the folder holds no adapter_config.json.
std::string readPeftBaseModel(const std::filesystem::path& adapterDir);
// adapter_config.json's base model as a folder or hub id to locate
// (config/HubCache.h): base_model_name_or_path, with "@REVISION" when the
// config records a revision. InputError as readPeftBaseModel.
std::string readPeftBaseModelSpec(const std::filesystem::path& adapterDir);

} // namespace hialign::train

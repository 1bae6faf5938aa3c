#include "settings/PeftAdapterFiles.h"

#include <nlohmann/json.hpp>

#include "util/Error.h"
#include "util/Json.h"

namespace hialign::train {

namespace fs = std::filesystem;

fs::path peftConfigFile(const fs::path& adapterDir)
{
    return adapterDir / "adapter_config.json";
}

fs::path peftWeightsFile(const fs::path& adapterDir)
{
    return adapterDir / "adapter_model.safetensors";
}

bool isPeftAdapterFolder(const fs::path& dir)
{
    std::error_code ec;
    return fs::exists(peftConfigFile(dir), ec);
}

PeftBaseModel readPeftBaseModel(const fs::path& adapterDir)
{
    if (!isPeftAdapterFolder(adapterDir))
        throw InputError("adapter folder " + adapterDir.string() + " has no adapter_config.json");
    const nlohmann::json j = util::readJsonFile(peftConfigFile(adapterDir));
    PeftBaseModel base;
    if (!j.is_object())
        return base;
    if (const auto name = j.find("base_model_name_or_path"); name != j.end() && name->is_string())
        base.name = name->get<std::string>();
    if (const auto revision = j.find("revision"); revision != j.end() && revision->is_string())
        base.revision = revision->get<std::string>();
    return base;
}

} // namespace hialign::train

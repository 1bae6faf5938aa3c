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

std::string readPeftBaseModel(const fs::path& adapterDir)
{
    if (!isPeftAdapterFolder(adapterDir))
        throw InputError("adapter folder " + adapterDir.string() + " has no adapter_config.json");
    const nlohmann::json j = util::readJsonFile(peftConfigFile(adapterDir));
    return j.is_object() && j.value("base_model_name_or_path", nlohmann::json()).is_string()
               ? j["base_model_name_or_path"].get<std::string>()
               : std::string();
}

std::string readPeftBaseModelSpec(const fs::path& adapterDir)
{
    const std::string base = readPeftBaseModel(adapterDir);
    const nlohmann::json j = util::readJsonFile(peftConfigFile(adapterDir));
    if (base.empty() || !j.value("revision", nlohmann::json()).is_string())
        return base;
    return base + "@" + j["revision"].get<std::string>();
}

} // namespace hialign::train

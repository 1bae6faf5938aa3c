#include "settings/EvalDecoding.h"

#include <nlohmann/json.hpp>

#include "settings/LabFolder.h"

namespace hialign::lab {

nlohmann::json EvalDecoding::toJson() const
{
    return {{"temperature", temperature}, {"top_p", topP}, {"max_new_tokens", maxNewTokens}};
}

std::optional<EvalDecoding> evalDecodingFromJson(const nlohmann::json& d)
{
    EvalDecoding out;
    const auto number = [&](const char* key, double fallback) {
        return d.contains(key) && d[key].is_number() ? d[key].get<double>() : fallback;
    };
    out.temperature = number("temperature", out.temperature);
    out.topP = number("top_p", out.topP);
    out.maxNewTokens = static_cast<int>(number("max_new_tokens", out.maxNewTokens));
    if (out.temperature < 0 || !(out.topP > 0 && out.topP <= 1) || out.maxNewTokens < 1) return std::nullopt;
    return out;
}

std::optional<EvalDecoding> readEvalDecoding(const std::filesystem::path& modelDir)
{
    const std::optional<LabFolder> lab = LabFolder::ofModel(modelDir);
    return lab ? lab->evalDecoding() : std::nullopt;
}

} // namespace hialign::lab

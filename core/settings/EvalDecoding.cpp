#include "settings/EvalDecoding.h"

#include <fstream>

#include <nlohmann/json.hpp>

namespace hialign::lab {

std::optional<EvalDecoding> readEvalDecoding(const std::filesystem::path& modelDir)
{
    const std::filesystem::path lab = std::filesystem::absolute(modelDir).lexically_normal().parent_path();
    std::ifstream in(lab / "card.json");
    if (!in || !std::filesystem::exists(lab / "world.json")) return std::nullopt;
    const nlohmann::json card = nlohmann::json::parse(in, nullptr, false);
    if (!card.is_object() || !card.contains("eval_decoding") || !card["eval_decoding"].is_object()) return std::nullopt;
    const nlohmann::json& d = card["eval_decoding"];
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

} // namespace hialign::lab

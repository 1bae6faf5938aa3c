#include "settings/StepMetrics.h"

#include <nlohmann/json.hpp>

#include "util/Json.h"

namespace hialign::train {

using nlohmann::json;

double StepMetrics::value(const std::string& name, double fallback) const
{
    auto it = values.find(name);
    return it == values.end() ? fallback : it->second;
}

json StepMetrics::toJson() const
{
    json j;
    j["step"] = step;
    j["epoch"] = epoch;
    const std::string prefix = eval ? "eval_" : "";
    for (const auto& [k, v] : values)
        j[prefix + k] = v;
    if (!deltaNorm.empty())
        j["lora/delta_norm"] = deltaNorm;
    if (!gradNorm.empty())
        j["lora/grad_norm"] = gradNorm;
    if (!deltaNormByModule.empty())
        j["lora/delta_norm_by_module"] = deltaNormByModule;
    if (!gradNormByModule.empty())
        j["lora/grad_norm_by_module"] = gradNormByModule;
    return j;
}

StepMetrics StepMetrics::fromJson(const json& j)
{
    StepMetrics m;
    if (!j.is_object())
        return m;
    static const std::string kEval = "eval_";
    for (const auto& [key, v] : j.items()) {
        if (key == "step") {
            if (v.is_number())
                m.step = v.get<std::int64_t>();
        } else if (key == "epoch") {
            if (v.is_number())
                m.epoch = v.get<double>();
        } else if (key == "lora/delta_norm" && v.is_array()) {
            m.deltaNorm = v.get<std::vector<double>>();
        } else if (key == "lora/grad_norm" && v.is_array()) {
            m.gradNorm = v.get<std::vector<double>>();
        } else if (key == "lora/delta_norm_by_module" && v.is_object()) {
            m.deltaNormByModule = v.get<std::map<std::string, std::vector<double>>>();
        } else if (key == "lora/grad_norm_by_module" && v.is_object()) {
            m.gradNormByModule = v.get<std::map<std::string, std::vector<double>>>();
        } else if (v.is_number()) {
            const bool eval = key.compare(0, kEval.size(), kEval) == 0;
            m.eval = m.eval || eval;
            m.values[eval ? key.substr(kEval.size()) : key] = v.get<double>();
        }
    }
    return m;
}

std::vector<StepMetrics> readMetricsFile(const std::filesystem::path& file)
{
    std::vector<StepMetrics> out;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        return out;
    for (const json& line : util::readJsonlPrefix(file))
        if (line.is_object())
            out.push_back(StepMetrics::fromJson(line));
    return out;
}

} // namespace hialign::train

#include "settings/StepMetrics.h"

#include <nlohmann/json.hpp>

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

} // namespace hialign::train

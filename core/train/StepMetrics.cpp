#include "train/StepMetrics.h"

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

StepMetrics StepMetrics::fromJson(const json& j)
{
    StepMetrics m;
    m.step = j.value("step", std::int64_t(0));
    m.epoch = j.value("epoch", 0.0);
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (!it->is_number() || it.key() == "step" || it.key() == "epoch")
            continue;
        std::string key = it.key();
        if (key.rfind("eval_", 0) == 0) {
            m.eval = true;
            key = key.substr(5);
        }
        m.values[key] = it->get<double>();
    }
    m.deltaNorm = j.value("lora/delta_norm", std::vector<double>{});
    m.gradNorm = j.value("lora/grad_norm", std::vector<double>{});
    m.deltaNormByModule = j.value("lora/delta_norm_by_module", std::map<std::string, std::vector<double>>{});
    m.gradNormByModule = j.value("lora/grad_norm_by_module", std::map<std::string, std::vector<double>>{});
    return m;
}

} // namespace hialign::train

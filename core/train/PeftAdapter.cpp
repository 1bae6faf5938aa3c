#include "train/PeftAdapter.h"

#include <map>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "io/Safetensors.h"
#include "train/RunFolder.h"
#include "util/Error.h"
#include "util/Json.h"

namespace hialign::train {

namespace fs = std::filesystem;
using nlohmann::json;

void savePeftAdapter(const fs::path& dir, const LoraModel& lora, const std::string& baseModelPath)
{
    const auto& plan = lora.plan();
    const align::BlockLora def = plan.blockLora(plan.targetedLayers().empty()
                                                    ? align::Block::Local
                                                    : plan.blockOf(plan.targetedLayers().front()));
    json rankPattern = json::object(), alphaPattern = json::object();
    for (const auto& a : lora.adapters()) {
        if (a.slot.rank != def.rank)
            rankPattern[LoraModel::modulePath(a.slot.layer, a.slot.module)] = a.slot.rank;
        if (a.slot.alpha != def.alpha)
            alphaPattern[LoraModel::modulePath(a.slot.layer, a.slot.module)] = a.slot.alpha;
    }
    json config = {{"peft_type", "LORA"},
                   {"task_type", "CAUSAL_LM"},
                   {"base_model_name_or_path", baseModelPath},
                   {"r", def.rank},
                   {"lora_alpha", def.alpha},
                   {"lora_dropout", lora.options().dropout},
                   {"use_rslora", lora.options().rslora},
                   {"target_modules", plan.targetModules()},
                   {"layers_to_transform", plan.peftLayersToTransform()},
                   {"layers_pattern", "layers"},
                   {"rank_pattern", rankPattern},
                   {"alpha_pattern", alphaPattern},
                   {"bias", "none"},
                   {"fan_in_fan_out", false},
                   {"inference_mode", true},
                   {"init_lora_weights", true},
                   {"modules_to_save", nullptr},
                   {"use_dora", false},
                   {"revision", nullptr}};

    const fs::path tmp = dir.string() + ".tmp";
    std::error_code ec;
    fs::remove_all(tmp, ec);
    fs::create_directories(tmp);
    util::writeJsonAtomic(tmp / "adapter_config.json", config);
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (auto& [name, t] : lora.peftTensors())
        tensors.emplace_back(name, t.to(at::kCPU).contiguous());
    io::writeSafetensors(tmp / "adapter_model.safetensors", tensors, {{"format", "pt"}});
    const fs::path old = dir.string() + ".old";
    fs::remove_all(old, ec);
    if (fs::exists(dir))
        fs::rename(dir, old);
    fs::rename(tmp, dir);
    fs::remove_all(old, ec);
}

PeftAdapterInfo readPeftAdapterConfig(const fs::path& dir, int numLayers)
{
    const fs::path path = dir / "adapter_config.json";
    if (!fs::exists(path))
        throw InputError("adapter folder " + dir.string() + " has no adapter_config.json");
    const json j = util::readJsonFile(path);
    const std::string src = path.string();
    auto field = [&](const char* key) -> const json& {
        if (!j.contains(key))
            throw InputError(src + ": field \"" + key + "\" is missing");
        return j.at(key);
    };
    if (field("peft_type") != "LORA")
        throw InputError(src + ": peft_type " + field("peft_type").dump() + " is not supported (only LORA)");
    PeftAdapterInfo info;
    try {
        const int r = field("r").get<int>();
        const double alpha = field("lora_alpha").get<double>();
        info.options.dropout = j.value("lora_dropout", 0.0);
        info.options.rslora = j.value("use_rslora", false);
        info.baseModel = j.value("base_model_name_or_path", std::string());
        if (j.contains("rank_pattern") && j["rank_pattern"].is_object() && !j["rank_pattern"].empty())
            throw InputError(src + ": rank_pattern is not supported; all adapted modules must share r");
        if (j.contains("alpha_pattern") && j["alpha_pattern"].is_object() && !j["alpha_pattern"].empty())
            throw InputError(src + ": alpha_pattern is not supported; all adapted modules must share lora_alpha");
        std::vector<std::string> modules;
        const json& tm = field("target_modules");
        if (tm.is_string())
            throw InputError(src + ": target_modules as a pattern string is not supported; list the modules");
        modules = tm.get<std::vector<std::string>>();
        align::LayerPlan plan(numLayers);
        if (j.contains("layers_to_transform") && !j["layers_to_transform"].is_null()) {
            const json& l = j["layers_to_transform"];
            const auto layers = l.is_number() ? std::vector<int>{l.get<int>()} : l.get<std::vector<int>>();
            for (int layer : layers)
                if (layer < 0 || layer >= numLayers)
                    throw InputError(src + ": layers_to_transform names layer " + std::to_string(layer)
                                     + ", but the model has " + std::to_string(numLayers) + " layers (0 to "
                                     + std::to_string(numLayers - 1) + ")");
            plan.setCustomLayers(layers);
        } else {
            plan.setStrategy(align::Strategy::Full);
        }
        plan.setTargetModules(modules);
        plan.setLoraAll({r, alpha});
        plan.validate();
        info.plan = plan;
    } catch (const nlohmann::json::exception& e) {
        throw InputError(src + ": malformed adapter config (" + e.what() + ")");
    }
    return info;
}

std::unique_ptr<LoraModel> loadPeftAdapter(const fs::path& dir, model::CausalLM model)
{
    const PeftAdapterInfo info = readPeftAdapterConfig(dir, model->numLayers());
    auto lora = std::make_unique<LoraModel>(model, info.plan, info.options);
    const fs::path weights = dir / "adapter_model.safetensors";
    if (!fs::exists(weights))
        throw InputError("adapter folder " + dir.string() + " has no adapter_model.safetensors");
    io::SafetensorsFile file(weights);
    std::map<std::string, at::Tensor> tensors;
    for (const auto& e : file.header().tensors)
        tensors[e.name] = file.tensor(e.name);
    lora->loadPeftTensors(tensors, weights.string());
    lora->train(false);
    return lora;
}

} // namespace hialign::train

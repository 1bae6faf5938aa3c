#include "train/PeftAdapter.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "config/HubCache.h"
#include "io/Safetensors.h"
#include "tokenize/PcreRegex.h"
#include "settings/RunFolder.h"
#include "util/Error.h"
#include "util/Json.h"

namespace hialign::train {

namespace fs = std::filesystem;
using nlohmann::json;

void savePeftAdapter(const fs::path& dir, const LoraModel& lora, const std::string& baseModelPath)
{
    const auto& plan = lora.plan();
    // A plan's adapters are written as PEFT writes them: modules and
    // layers_to_transform. An irregular set of slots (an adapter read from
    // elsewhere) is written as the list of its module paths.
    const bool regular = lora.slotsMatchPlan();
    align::BlockLora def = plan.blockLora(plan.targetedLayers().empty()
                                              ? align::Block::Local
                                              : plan.blockOf(plan.targetedLayers().front()));
    if (!regular && !lora.adapters().empty())
        def = {lora.adapters().front().slot.rank, lora.adapters().front().slot.alpha};
    json rankPattern = json::object(), alphaPattern = json::object();
    for (const auto& a : lora.adapters()) {
        if (a.slot.rank != def.rank)
            rankPattern[LoraModel::modulePath(a.slot.layer, a.slot.module)] = a.slot.rank;
        if (a.slot.alpha != def.alpha)
            alphaPattern[LoraModel::modulePath(a.slot.layer, a.slot.module)] = a.slot.alpha;
    }
    json targetModules = plan.targetModules(), layersToTransform = plan.peftLayersToTransform(),
         layersPattern = "layers";
    if (!regular) {
        targetModules = json::array();
        for (const auto& a : lora.adapters())
            targetModules.push_back(LoraModel::modulePath(a.slot.layer, a.slot.module));
        layersToTransform = nullptr;
        layersPattern = nullptr;
    }
    json config = {{"peft_type", "LORA"},
                   {"task_type", "CAUSAL_LM"},
                   {"base_model_name_or_path", baseModelPath},
                   {"r", def.rank},
                   {"lora_alpha", def.alpha},
                   {"lora_dropout", lora.options().dropout},
                   {"use_rslora", lora.options().rslora},
                   {"target_modules", targetModules},
                   {"layers_to_transform", layersToTransform},
                   {"layers_pattern", layersPattern},
                   {"rank_pattern", rankPattern},
                   {"alpha_pattern", alphaPattern},
                   {"bias", "none"},
                   {"fan_in_fan_out", false},
                   {"inference_mode", true},
                   {"init_lora_weights", true},
                   {"modules_to_save", nullptr},
                   {"use_dora", false},
                   {"revision", nullptr}};
    // A base model from the Hugging Face cache is recorded as PEFT records
    // it: the hub id, at the snapshot's commit (config/HubCache.h).
    if (const auto hub = io::cachedModelOfSnapshot(baseModelPath)) {
        config["base_model_name_or_path"] = hub->id;
        config["revision"] = hub->commit;
    }

    const fs::path tmp = dir.string() + ".tmp";
    std::error_code ec;
    fs::remove_all(tmp, ec);
    fs::create_directories(tmp);
    util::writeJsonAtomic(peftConfigFile(tmp), config);
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (auto& [name, t] : lora.peftTensors())
        tensors.emplace_back(name, t.to(at::kCPU).contiguous());
    io::writeSafetensors(peftWeightsFile(tmp), tensors, {{"format", "pt"}});
    const fs::path old = dir.string() + ".old";
    fs::remove_all(old, ec);
    if (fs::exists(dir))
        fs::rename(dir, old);
    fs::rename(tmp, dir);
    fs::remove_all(old, ec);
}

namespace {

// A Python regular expression from an adapter config, compiled with PCRE2
// (the syntax adapter configs use is common to both).
tok::PcreRegex compilePattern(const std::string& pattern, const std::string& src, const char* field)
{
    try {
        return tok::PcreRegex(pattern);
    } catch (const std::invalid_argument& e) {
        throw InputError(src + ": " + field + " pattern \"" + pattern + "\" is not a valid regular expression ("
                         + e.what() + ")");
    }
}

// re.fullmatch through an anchored pattern.
bool fullMatch(const std::string& pattern, const std::string& key, const std::string& src, const char* field)
{
    const auto matches = compilePattern("\\A(?:" + pattern + ")\\z", src, field).findAll(key);
    return !matches.empty();
}

bool endsWithModule(const std::string& key, const std::string& target)
{
    return key == target
           || (key.size() > target.size() && key.compare(key.size() - target.size(), target.size(), target) == 0
               && key[key.size() - target.size() - 1] == '.');
}

// Fields that describe something other than plain LoRA on linear layers.
void refuseUnsupported(const json& j, const std::string& src)
{
    if (j.value("use_dora", false))
        throw InputError(src + ": use_dora is true; DoRA adapters are not supported (plain LoRA only)");
    if (j.contains("bias") && j["bias"].is_string() && j["bias"] != "none")
        throw InputError(src + ": bias is " + j["bias"].dump()
                         + "; adapters that train biases are not supported (only \"none\")");
    if (j.value("lora_bias", false))
        throw InputError(src + ": lora_bias is true; adapters with a bias on lora_B are not supported");
    for (const char* key : {"modules_to_save", "target_parameters", "trainable_token_indices", "layer_replication"})
        if (j.contains(key) && !j[key].is_null() && !j[key].empty())
            throw InputError(src + ": " + key + " is " + j[key].dump() + "; adapters that carry "
                             + (std::string(key) == "modules_to_save" ? "whole trained modules"
                                                                       : "more than LoRA on linear layers")
                             + " are not supported");
    if (j.value("fan_in_fan_out", false))
        throw InputError(src + ": fan_in_fan_out is true; only (out, in) weights (Llama layout) are supported");
}

// The layer index PEFT reads from a module key for layers_to_transform.
bool layerIndexMatches(const json& j, int layer)
{
    const json& l = j["layers_to_transform"];
    if (l.is_number())
        return layer == l.get<int>();
    const auto layers = l.get<std::vector<int>>();
    return std::find(layers.begin(), layers.end(), layer) != layers.end();
}

bool usesLayerIndexes(const json& j)
{
    if (!j.contains("layers_to_transform") || j["layers_to_transform"].is_null())
        return false;
    const json& l = j["layers_to_transform"];
    return l.is_number() || !l.empty();
}

// PEFT's check_target_module_exists for one module key of a Llama-layout model.
bool targeted(const json& j, const std::string& key, int layer, const std::string& src)
{
    if (j.contains("exclude_modules") && !j["exclude_modules"].is_null()) {
        const json& ex = j["exclude_modules"];
        if (ex.is_string() ? fullMatch(ex.get<std::string>(), key, src, "exclude_modules")
                           : std::any_of(ex.begin(), ex.end(),
                                         [&](const json& e) { return endsWithModule(key, e.get<std::string>()); }))
            return false;
    }
    const json& tm = j.at("target_modules");
    if (tm.is_string()) {
        const std::string pattern = tm.get<std::string>();
        if (pattern == "all-linear")
            return layer >= 0;
        return fullMatch(pattern, key, src, "target_modules");
    }
    const auto targets = tm.get<std::vector<std::string>>();
    if (std::find(targets.begin(), targets.end(), key) != targets.end())
        return true;
    if (!std::any_of(targets.begin(), targets.end(), [&](const std::string& t) { return endsWithModule(key, t); }))
        return false;
    if (!usesLayerIndexes(j))
        return true;
    if (layer < 0)
        return false;
    // layers_pattern must name the "layers" container of model.layers.{i}.
    if (j.contains("layers_pattern") && !j["layers_pattern"].is_null() && !j["layers_pattern"].empty()) {
        const json& lp = j["layers_pattern"];
        const auto patterns = lp.is_string() ? std::vector<std::string>{lp.get<std::string>()}
                                             : lp.get<std::vector<std::string>>();
        if (std::find(patterns.begin(), patterns.end(), "layers") == patterns.end())
            return false;
    }
    return layerIndexMatches(j, layer);
}

// PEFT's rank_pattern / alpha_pattern lookup: the first key (in file order)
// that matches the end of the module key at a dot.
template <class T>
T patternValue(const nlohmann::ordered_json& patterns, const std::string& key, T fallback, const std::string& src,
               const char* field)
{
    for (const auto& [pattern, value] : patterns.items())
        if (!compilePattern("\\A(?:.*\\.)?(?:" + pattern + ")\\z", src, field).findAll(key).empty())
            return value.template get<T>();
    return fallback;
}

} // namespace

PeftAdapterInfo readPeftAdapterConfig(const fs::path& dir, int numLayers)
{
    const fs::path path = peftConfigFile(dir);
    if (!isPeftAdapterFolder(dir))
        throw InputError("adapter folder " + dir.string() + " has no adapter_config.json");
    // Parsed twice from one read: j (sorted keys) and `ordered`, which keeps
    // the file's key order for rank_pattern and alpha_pattern, as PEFT's dicts do.
    const nlohmann::ordered_json ordered = util::readOrderedJsonFile(path);
    const json j = json::parse(ordered.dump());
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
        refuseUnsupported(j, src);
        const int r = field("r").get<int>();
        const double alpha = field("lora_alpha").get<double>();
        info.options.dropout = j.value("lora_dropout", 0.0);
        info.options.rslora = j.value("use_rslora", false);
        info.baseModel = j.value("base_model_name_or_path", std::string());
        field("target_modules");
        if (usesLayerIndexes(j) && j.at("target_modules").is_array()) {
            const json& l = j["layers_to_transform"];
            const auto layers = l.is_number() ? std::vector<int>{l.get<int>()} : l.get<std::vector<int>>();
            for (int layer : layers)
                if (layer < 0 || layer >= numLayers)
                    throw InputError(src + ": layers_to_transform names layer " + std::to_string(layer)
                                     + ", but the model has " + std::to_string(numLayers) + " layers (0 to "
                                     + std::to_string(numLayers - 1) + ")");
        }
        const auto patterns = [&](const char* key) {
            return ordered.contains(key) && ordered[key].is_object() ? ordered[key] : nlohmann::ordered_json::object();
        };
        const auto rankPattern = patterns("rank_pattern"), alphaPattern = patterns("alpha_pattern");

        // Modules outside the decoder's projections cannot carry adapters here.
        for (const char* other : {"model.embed_tokens", "lm_head"})
            if (targeted(j, other, -1, src))
                throw InputError(src + ": target_modules selects " + other
                                 + ", which is not a decoder projection; adapters can only sit on "
                                   "q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj and down_proj");
        std::set<int> layers;
        std::set<std::string> modules;
        for (int layer = 0; layer < numLayers; ++layer)
            for (const auto& module : align::allTargetModules()) {
                const std::string key = LoraModel::modulePath(layer, module);
                if (!targeted(j, key, layer, src))
                    continue;
                info.slots.push_back({layer, module, patternValue<int>(rankPattern, key, r, src, "rank_pattern"),
                                      patternValue<double>(alphaPattern, key, alpha, src, "alpha_pattern")});
                layers.insert(layer);
                modules.insert(module);
            }
        if (info.slots.empty())
            throw InputError(src + ": target_modules " + j["target_modules"].dump()
                             + " selects none of this model's projections");
        align::LayerPlan plan(numLayers);
        if (static_cast<int>(layers.size()) == numLayers)
            plan.setStrategy(align::Strategy::Full);
        else
            plan.setCustomLayers(std::vector<int>(layers.begin(), layers.end()));
        std::vector<std::string> ordered_modules;
        for (const auto& m : align::allTargetModules())
            if (modules.count(m))
                ordered_modules.push_back(m);
        plan.setTargetModules(ordered_modules);
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
    auto lora = std::make_unique<LoraModel>(model, info.plan, info.options, info.slots);
    const fs::path weights = peftWeightsFile(dir);
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

#include "align/LayerPlan.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "util/Error.h"

namespace hialign::align {

namespace {

constexpr std::array<Block, 3> kBlocks{Block::Local, Block::Intermediate, Block::Global};

std::string lowercase(std::string s)
{
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool isKnownModule(const std::string& name)
{
    const auto& all = allTargetModules();
    return std::find(all.begin(), all.end(), name) != all.end();
}

std::string knownModulesList()
{
    std::string out;
    for (const auto& m : allTargetModules())
        out += (out.empty() ? "" : ", ") + m;
    return out;
}

std::string unknownModuleMessage(const std::string& name)
{
    return "unknown target module \"" + name + "\" (known: " + knownModulesList() + ").";
}

std::string layerListText(const std::vector<int>& layers)
{
    std::ostringstream s;
    s << '[';
    for (std::size_t i = 0; i < layers.size(); ++i)
        s << (i ? "," : "") << layers[i];
    s << ']';
    return s.str();
}

std::string cutsText(int cut1, int cut2)
{
    return std::to_string(cut1) + "," + std::to_string(cut2);
}

// The one-sentence complaint about a pair of cuts, or "" when they are usable
// for a stack of n layers (0 < cut1 < cut2 < n).
std::string strictCutProblem(int cut1, int cut2, int n)
{
    const std::string need = "need 0 < cut1 < cut2 < " + std::to_string(n);
    if (n < 3)
        return "cuts " + cutsText(cut1, cut2) + " cannot split a stack of " + std::to_string(n) +
               " layers into three non-empty blocks (" + need + ").";
    if (cut1 >= cut2)
        return "cuts " + cutsText(cut1, cut2) + " are out of order: " + need + ".";
    if (cut1 <= 0 || cut2 >= n)
        return "cuts " + cutsText(cut1, cut2) + " are out of range: " + need +
               " so that every block keeps at least one layer.";
    return {};
}

// JSON readers for fromJson: each names the dotted field on failure.
[[noreturn]] void fieldError(const std::string& source, const std::string& field,
                             const std::string& problem)
{
    throw InputError(source + ": field \"" + field + "\" " + problem + ".");
}

int readInt(const nlohmann::json& v, const std::string& source, const std::string& field)
{
    if (!v.is_number_integer())
        fieldError(source, field, "must be an integer");
    const std::int64_t x = v.get<std::int64_t>();
    if (x < INT32_MIN || x > INT32_MAX)
        fieldError(source, field, "is out of range");
    return static_cast<int>(x);
}

std::vector<int> readIntList(const nlohmann::json& v, const std::string& source,
                             const std::string& field)
{
    if (!v.is_array())
        fieldError(source, field, "must be a list of integers");
    std::vector<int> out;
    for (std::size_t i = 0; i < v.size(); ++i)
        out.push_back(readInt(v[i], source, field + "[" + std::to_string(i) + "]"));
    return out;
}

} // namespace

std::string strategyTitle(const std::string& name)
{
    if (name == "base") return "Base";
    if (name == "full") return "Full-DPO";
    if (name == "local") return "Local-Align";
    if (name == "mid") return "Mid-Align";
    if (name == "global") return "Global-Align";
    if (name == "custom") return "Custom";
    if (name.rfind("probe-ranked:", 0) == 0) return "Probe-" + name.substr(13);   // the sweep's probe-ranked:DIM
    return name;
}

const char* strategyName(Strategy s)
{
    switch (s) {
    case Strategy::Base: return "base";
    case Strategy::Full: return "full";
    case Strategy::Local: return "local";
    case Strategy::Mid: return "mid";
    case Strategy::Global: return "global";
    case Strategy::Custom: return "custom";
    }
    return "?";
}

Strategy parseStrategy(const std::string& name)
{
    const std::string n = lowercase(name);
    // The paper's names (Full-DPO, Local-Align, ...) are accepted as aliases.
    if (n == "base") return Strategy::Base;
    if (n == "full" || n == "full-dpo") return Strategy::Full;
    if (n == "local" || n == "local-align") return Strategy::Local;
    if (n == "mid" || n == "mid-align" || n == "intermediate") return Strategy::Mid;
    if (n == "global" || n == "global-align") return Strategy::Global;
    if (n == "custom") return Strategy::Custom;
    throw InputError("unknown strategy \"" + name +
                     "\" (expected base, full, local, mid, global or custom).");
}

Strategy blockStrategy(Block b)
{
    switch (b) {
    case Block::Local: return Strategy::Local;
    case Block::Intermediate: return Strategy::Mid;
    case Block::Global: return Strategy::Global;
    }
    return Strategy::Full;
}

const char* blockName(Block b)
{
    switch (b) {
    case Block::Local: return "local";
    case Block::Intermediate: return "intermediate";
    case Block::Global: return "global";
    }
    return "?";
}

const std::vector<std::string>& allTargetModules()
{
    static const std::vector<std::string> modules{"q_proj",    "k_proj", "v_proj",   "o_proj",
                                                  "gate_proj", "up_proj", "down_proj"};
    return modules;
}

LayerPlan::LayerPlan(int numLayers) : numLayers_(numLayers)
{
    // docs/ARCHITECTURE.md, "Layer plans". For N < 3 a block comes out empty; validate() only
    // objects when the chosen strategy needs that block.
    const int n = std::max(numLayers, 0);
    cut1_ = static_cast<int>(std::lround(n / 3.0));
    cut2_ = static_cast<int>(std::lround(2.0 * n / 3.0));
}

void LayerPlan::setCuts(int cut1, int cut2)
{
    if (const std::string problem = strictCutProblem(cut1, cut2, numLayers_); !problem.empty())
        throw InputError(problem);
    cut1_ = cut1;
    cut2_ = cut2;
}

void LayerPlan::setCustomLayers(std::vector<int> layers)
{
    std::sort(layers.begin(), layers.end());
    layers.erase(std::unique(layers.begin(), layers.end()), layers.end());
    customLayers_ = std::move(layers);
    strategy_ = Strategy::Custom;
}

void LayerPlan::setTargetModules(std::vector<std::string> modules)
{
    for (const auto& m : modules)
        if (!isKnownModule(m))
            throw InputError(unknownModuleMessage(m));
    // Canonical order (allTargetModules), no duplicates: equal sets compare
    // and serialise equal.
    std::vector<std::string> ordered;
    for (const auto& m : allTargetModules())
        if (std::find(modules.begin(), modules.end(), m) != modules.end())
            ordered.push_back(m);
    targetModules_ = std::move(ordered);
}

Block LayerPlan::blockOf(int layer) const
{
    if (layer < 0 || layer >= numLayers_)
        throw InputError("layer " + std::to_string(layer) + " is outside the " +
                         std::to_string(numLayers_) + "-layer stack.");
    if (layer < cut1_)
        return Block::Local;
    if (layer < cut2_)
        return Block::Intermediate;
    return Block::Global;
}

std::pair<int, int> LayerPlan::blockRange(Block b) const
{
    switch (b) {
    case Block::Local: return {0, cut1_};
    case Block::Intermediate: return {cut1_, cut2_};
    case Block::Global: return {cut2_, numLayers_};
    }
    return {0, 0};
}

std::vector<int> LayerPlan::targetedLayers() const
{
    std::vector<int> layers;
    auto addRange = [&](std::pair<int, int> r) {
        for (int i = std::max(r.first, 0); i < std::min(r.second, numLayers_); ++i)
            layers.push_back(i);
    };
    switch (strategy_) {
    case Strategy::Base: break;
    case Strategy::Full: addRange({0, numLayers_}); break;
    case Strategy::Local: addRange(blockRange(Block::Local)); break;
    case Strategy::Mid: addRange(blockRange(Block::Intermediate)); break;
    case Strategy::Global: addRange(blockRange(Block::Global)); break;
    case Strategy::Custom:
        // Out-of-range entries never become slots; validate() reports them.
        for (int l : customLayers_)
            if (l >= 0 && l < numLayers_)
                layers.push_back(l);
        break;
    }
    return layers;
}

bool LayerPlan::targets(int layer) const
{
    const std::vector<int> layers = targetedLayers();
    return std::binary_search(layers.begin(), layers.end(), layer);
}

bool LayerPlan::targets(int layer, const std::string& module) const
{
    return targets(layer) &&
           std::find(targetModules_.begin(), targetModules_.end(), module) != targetModules_.end();
}

BlockLora LayerPlan::layerLora(int layer) const
{
    const BlockLora block = blockLora(blockOf(layer));
    const auto it = layerRanks_.find(layer);
    if (it == layerRanks_.end() || it->second == block.rank)
        return block;
    // alpha / r stays the block's alpha / rank.
    return BlockLora{it->second, block.alpha * it->second / block.rank};
}

std::vector<AdapterSlot> LayerPlan::slots() const
{
    std::vector<AdapterSlot> out;
    for (int layer : targetedLayers()) {
        const BlockLora lora = layerLora(layer);
        for (const auto& module : allTargetModules()) {
            if (std::find(targetModules_.begin(), targetModules_.end(), module) ==
                targetModules_.end())
                continue;
            out.push_back(AdapterSlot{layer, module, lora.rank, lora.alpha});
        }
    }
    return out;
}

int LayerPlan::lowestTargetedLayer() const
{
    const std::vector<int> layers = targetedLayers();
    return layers.empty() ? numLayers_ : layers.front();
}

std::pair<std::int64_t, std::int64_t> LayerPlan::moduleShape(const io::ModelConfig& config,
                                                             const std::string& module)
{
    const std::int64_t h = config.hiddenSize;
    const std::int64_t q = static_cast<std::int64_t>(config.numHeads) * config.headDim;
    const std::int64_t kv = static_cast<std::int64_t>(config.numKvHeads) * config.headDim;
    const std::int64_t inter = config.intermediateSize;
    if (module == "q_proj") return {h, q};
    if (module == "k_proj" || module == "v_proj") return {h, kv};
    if (module == "o_proj") return {q, h};
    if (module == "gate_proj" || module == "up_proj") return {h, inter};
    if (module == "down_proj") return {inter, h};
    throw InputError(unknownModuleMessage(module));
}

namespace {

void checkModelMatches(const LayerPlan& plan, const io::ModelConfig& config)
{
    if (config.numLayers != plan.numLayers())
        throw InputError("the layer plan is for " + std::to_string(plan.numLayers()) +
                         " layers but the model has " + std::to_string(config.numLayers) + ".");
}

std::int64_t slotParameters(const io::ModelConfig& config, const AdapterSlot& slot)
{
    // A is [r, in], B is [out, r].
    const auto [in, out] = LayerPlan::moduleShape(config, slot.module);
    return static_cast<std::int64_t>(slot.rank) * (in + out);
}

} // namespace

std::int64_t LayerPlan::trainableParameters(const io::ModelConfig& config) const
{
    checkModelMatches(*this, config);
    std::int64_t n = 0;
    for (const auto& slot : slots())
        n += slotParameters(config, slot);
    return n;
}

std::int64_t LayerPlan::trainableParametersOfLayer(const io::ModelConfig& config, int layer) const
{
    checkModelMatches(*this, config);
    std::int64_t n = 0;
    for (const auto& slot : slots())
        if (slot.layer == layer)
            n += slotParameters(config, slot);
    return n;
}

double LayerPlan::trainableShare(const io::ModelConfig& config) const
{
    const std::int64_t total = config.totalParameters();
    if (total <= 0)
        return 0.0;
    return static_cast<double>(trainableParameters(config)) / static_cast<double>(total);
}

void LayerPlan::validate() const
{
    if (numLayers_ < 1)
        throw InputError("the layer plan has " + std::to_string(numLayers_) +
                         " layers; a model needs at least one.");
    const std::string need = "need 0 < cut1 < cut2 < " + std::to_string(numLayers_);
    if (cut1_ < 0 || cut2_ > numLayers_ || cut1_ > cut2_)
        throw InputError("cuts " + cutsText(cut1_, cut2_) + " are out of order: " + need + ".");

    // A one-block strategy needs its block to hold at least one layer.
    Block chosen = Block::Local;
    bool oneBlock = true;
    switch (strategy_) {
    case Strategy::Local: chosen = Block::Local; break;
    case Strategy::Mid: chosen = Block::Intermediate; break;
    case Strategy::Global: chosen = Block::Global; break;
    default: oneBlock = false; break;
    }
    if (oneBlock) {
        const auto [begin, end] = blockRange(chosen);
        if (begin >= end)
            throw InputError(std::string("the ") + blockName(chosen) + " block is empty (cuts " +
                             cutsText(cut1_, cut2_) + " of " + std::to_string(numLayers_) +
                             " layers): " + need + ".");
    }

    if (strategy_ == Strategy::Custom) {
        if (customLayers_.empty())
            throw InputError("the custom layer set is empty; choose at least one layer.");
        for (int l : customLayers_)
            if (l < 0 || l >= numLayers_)
                throw InputError("custom layer " + std::to_string(l) + " is outside the " +
                                 std::to_string(numLayers_) + "-layer stack (layers 0 to " +
                                 std::to_string(numLayers_ - 1) + ").");
    }

    if (targetModules_.empty())
        throw InputError("no target modules are chosen; choose at least one of " +
                         knownModulesList() + ".");
    for (const auto& m : targetModules_)
        if (!isKnownModule(m))
            throw InputError(unknownModuleMessage(m));

    for (Block b : kBlocks) {
        const BlockLora l = blockLora(b);
        if (l.rank < 1)
            throw InputError(std::string("the ") + blockName(b) + " block's LoRA rank is " +
                             std::to_string(l.rank) + "; it must be at least 1.");
        if (!(l.alpha > 0.0) || !std::isfinite(l.alpha)) {
            std::ostringstream a;
            a << l.alpha;
            throw InputError(std::string("the ") + blockName(b) + " block's LoRA alpha is " +
                             a.str() + "; it must be a positive number.");
        }
    }

    for (const auto& [layer, rank] : layerRanks_) {
        if (layer < 0 || layer >= numLayers_)
            throw InputError("a per-layer rank names layer " + std::to_string(layer) + ", outside the " +
                             std::to_string(numLayers_) + "-layer stack (layers 0 to " +
                             std::to_string(numLayers_ - 1) + ").");
        if (rank < 1)
            throw InputError("layer " + std::to_string(layer) + "'s LoRA rank is " + std::to_string(rank) +
                             "; it must be at least 1.");
        if (!targets(layer))
            throw InputError("layer " + std::to_string(layer) + " has a rank of its own but strategy \"" +
                             strategyName(strategy_) + "\" with cuts " + cutsText(cut1_, cut2_) +
                             " does not train it (it trains " + layerListText(targetedLayers()) + ").");
    }
}

nlohmann::json LayerPlan::toJson() const
{
    nlohmann::json j;
    j["num_layers"] = numLayers_;
    j["cuts"] = {cut1_, cut2_};
    j["strategy"] = strategyName(strategy_);
    j["layers"] = targetedLayers();
    if (strategy_ == Strategy::Custom)
        j["custom_layers"] = customLayers_;
    j["target_modules"] = targetModules_;
    nlohmann::json lora = nlohmann::json::object();
    for (Block b : kBlocks)
        lora[blockName(b)] = {{"r", blockLora(b).rank}, {"alpha", blockLora(b).alpha}};
    j["lora"] = std::move(lora);
    // Written only when set, so plans without overrides keep their JSON.
    if (!layerRanks_.empty()) {
        j["layer_ranks"] = layerRanksJson(layerRanks_);
    }
    return j;
}

namespace {

// "cuts": two integers; strict (three non-empty blocks) from 3 layers on.
std::optional<std::pair<int, int>> readCuts(const nlohmann::json& j, const std::string& source, int numLayers)
{
    if (!j.contains("cuts"))
        return std::nullopt;
    const auto& c = j["cuts"];
    if (!c.is_array() || c.size() != 2)
        fieldError(source, "cuts", "must be a list of two integers");
    const int c1 = readInt(c[0], source, "cuts[0]");
    const int c2 = readInt(c[1], source, "cuts[1]");
    if (numLayers >= 3) {
        if (const std::string p = strictCutProblem(c1, c2, numLayers); !p.empty())
            throw InputError(source + ": field \"cuts\": " + p);
    } else if (c1 < 0 || c1 > c2 || c2 > numLayers) {
        fieldError(source, "cuts", "must satisfy 0 <= cut1 <= cut2 <= num_layers");
    }
    return std::make_pair(c1, c2);
}

void readStrategy(const nlohmann::json& j, const std::string& source, LayerPlan& plan)
{
    if (!j.contains("strategy"))
        return;
    if (!j["strategy"].is_string())
        fieldError(source, "strategy", "must be a string");
    try {
        plan.setStrategy(parseStrategy(j["strategy"].get<std::string>()));
    } catch (const InputError& e) {
        throw InputError(source + ": field \"strategy\": " + e.what());
    }
}

// "layers", sorted and without repeats, when given.
std::optional<std::vector<int>> readListedLayers(const nlohmann::json& j, const std::string& source)
{
    if (!j.contains("layers"))
        return std::nullopt;
    std::vector<int> listed = readIntList(j["layers"], source, "layers");
    std::sort(listed.begin(), listed.end());
    listed.erase(std::unique(listed.begin(), listed.end()), listed.end());
    return listed;
}

// A custom plan's layers; "layers" stands in for "custom_layers" in hand-written plans.
void readCustomLayers(const nlohmann::json& j, const std::string& source,
                      const std::optional<std::vector<int>>& listed, LayerPlan& plan)
{
    if (plan.strategy() != Strategy::Custom)
        return;
    if (j.contains("custom_layers"))
        plan.setCustomLayers(readIntList(j["custom_layers"], source, "custom_layers"));
    else if (listed)
        plan.setCustomLayers(*listed);
    else
        fieldError(source, "custom_layers", "is missing (strategy \"custom\" needs it)");
}

void readTargetModules(const nlohmann::json& j, const std::string& source, LayerPlan& plan)
{
    if (!j.contains("target_modules"))
        return;
    const auto& m = j["target_modules"];
    if (!m.is_array())
        fieldError(source, "target_modules", "must be a list of module names");
    std::vector<std::string> modules;
    for (std::size_t i = 0; i < m.size(); ++i) {
        if (!m[i].is_string())
            fieldError(source, "target_modules[" + std::to_string(i) + "]", "must be a string");
        modules.push_back(m[i].get<std::string>());
    }
    try {
        plan.setTargetModules(std::move(modules));
    } catch (const InputError& e) {
        throw InputError(source + ": field \"target_modules\": " + e.what());
    }
}

// "lora": per block, an object with optional "r" and "alpha".
void readBlockLora(const nlohmann::json& j, const std::string& source, LayerPlan& plan)
{
    if (!j.contains("lora"))
        return;
    const auto& lora = j["lora"];
    if (!lora.is_object())
        fieldError(source, "lora", "must be an object with local, intermediate and global");
    for (auto it = lora.begin(); it != lora.end(); ++it)
        if (it.key() != "local" && it.key() != "intermediate" && it.key() != "global")
            fieldError(source, "lora." + it.key(), "is not a block (expected local, intermediate or global)");
    for (Block b : kBlocks) {
        const std::string name = blockName(b);
        if (!lora.contains(name))
            continue;
        const auto& e = lora[name];
        const std::string field = "lora." + name;
        if (!e.is_object())
            fieldError(source, field, "must be an object with \"r\" and \"alpha\"");
        BlockLora l = plan.blockLora(b);
        if (e.contains("r"))
            l.rank = readInt(e["r"], source, field + ".r");
        if (e.contains("alpha")) {
            if (!e["alpha"].is_number())
                fieldError(source, field + ".alpha", "must be a number");
            l.alpha = e["alpha"].get<double>();
        }
        plan.setBlockLora(b, l);
    }
}

} // namespace

nlohmann::json layerRanksJson(const std::map<int, int>& ranks)
{
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [layer, rank] : ranks)
        j[std::to_string(layer)] = rank;
    return j;
}

std::map<int, int> readLayerRanks(const nlohmann::json& v, const std::string& source, const std::string& field)
{
    if (!v.is_object())
        fieldError(source, field, "must be an object of layer index to rank, e.g. {\"4\": 12}");
    std::map<int, int> out;
    for (auto it = v.begin(); it != v.end(); ++it) {
        const std::string& key = it.key();
        std::size_t used = 0;
        int layer = -1;
        try {
            layer = std::stoi(key, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != key.size())
            fieldError(source, field + "." + key, "is not a layer index");
        out[layer] = readInt(it.value(), source, field + "." + key);
    }
    return out;
}

LayerPlan LayerPlan::fromJson(const nlohmann::json& j, const std::string& source)
{
    if (!j.is_object())
        throw InputError(source + ": the layer plan must be a JSON object.");
    const auto* n = j.contains("num_layers") ? &j["num_layers"] : nullptr;
    if (!n)
        fieldError(source, "num_layers", "is missing");
    LayerPlan plan(readInt(*n, source, "num_layers"));
    if (plan.numLayers_ < 1)
        fieldError(source, "num_layers", "must be at least 1");

    if (const auto cuts = readCuts(j, source, plan.numLayers_)) {
        plan.cut1_ = cuts->first;
        plan.cut2_ = cuts->second;
    }
    readStrategy(j, source, plan);
    const std::optional<std::vector<int>> listed = readListedLayers(j, source);
    readCustomLayers(j, source, listed, plan);
    readTargetModules(j, source, plan);
    readBlockLora(j, source, plan);
    if (j.contains("layer_ranks"))
        plan.setLayerRanks(readLayerRanks(j["layer_ranks"], source, "layer_ranks"));

    try {
        plan.validate();
    } catch (const InputError& e) {
        throw InputError(source + ": " + e.what());
    }

    // "layers" is informational; a hand edit that contradicts the plan is
    // an error rather than silently ignored.
    if (listed && *listed != plan.targetedLayers())
        fieldError(source, "layers",
                   "is " + layerListText(*listed) + " but strategy \"" +
                       strategyName(plan.strategy_) + "\" with cuts " +
                       cutsText(plan.cut1_, plan.cut2_) + " targets " +
                       layerListText(plan.targetedLayers()));
    return plan;
}

} // namespace hialign::align

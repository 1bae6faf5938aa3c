// Which (layer, module) pairs of a decoder carry LoRA adapters.
//
// The layer stack is cut into three contiguous functional blocks by two cuts:
// local = [0, cut1), intermediate = [cut1, cut2), global = [cut2, N).
// A strategy picks the adapted layers: none (base), all (full), one block
// (local, mid, global) or an explicit list (custom, e.g. brushed in the GUI).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "config/ModelConfig.h"

namespace hialign::align {

enum class Strategy { Base, Full, Local, Mid, Global, Custom };
enum class Block { Local = 0, Intermediate = 1, Global = 2 };

const char* strategyName(Strategy s);           // "base", "full", "local", "mid", "global", "custom"
Strategy parseStrategy(const std::string& name);   // throws InputError
// The paper's name of a strategy for tables: "Base", "Full-DPO", "Local-Align",
// "Mid-Align", "Global-Align", "Custom", and "Probe-DIM" for the sweep's
// "probe-ranked:DIM"; any other name is returned as is.
std::string strategyTitle(const std::string& name);
const char* blockName(Block b);                 // "local", "intermediate", "global"
Strategy blockStrategy(Block b);                // the one-block strategy that trains b: Local, Mid, Global

// The seven projections a LoRA adapter may target, in PEFT's names.
const std::vector<std::string>& allTargetModules();   // q_proj k_proj v_proj o_proj gate_proj up_proj down_proj

// The LoRA rank and alpha of a run that names none: the one home of these
// defaults (TrainConfig, BlockLora and train::LoraHyper start from them).
inline constexpr int kDefaultLoraRank = 16;
inline constexpr double kDefaultLoraAlpha = 32.0;

struct BlockLora {
    int rank = kDefaultLoraRank;
    double alpha = kDefaultLoraAlpha;
};

// A slot: one adapted projection.
struct AdapterSlot {
    int layer = 0;
    std::string module;   // e.g. "q_proj"
    int rank = 0;
    double alpha = 0.0;
};

class LayerPlan {
public:
    LayerPlan() = default;
    // Default cuts round(N/3), round(2N/3); strategy full; all seven modules.
    explicit LayerPlan(int numLayers);

    int numLayers() const { return numLayers_; }
    int cut1() const { return cut1_; }
    int cut2() const { return cut2_; }
    // Requires 0 < cut1 < cut2 < N (each block keeps at least one layer).
    void setCuts(int cut1, int cut2);

    Strategy strategy() const { return strategy_; }
    void setStrategy(Strategy s) { strategy_ = s; }
    // Sets strategy Custom with these layers (stored sorted and deduplicated;
    // validate() checks their range).
    void setCustomLayers(std::vector<int> layers);
    const std::vector<int>& customLayers() const { return customLayers_; }

    const std::vector<std::string>& targetModules() const { return targetModules_; }
    void setTargetModules(std::vector<std::string> modules);   // validated names

    BlockLora blockLora(Block b) const { return lora_[static_cast<int>(b)]; }
    void setBlockLora(Block b, BlockLora l) { lora_[static_cast<int>(b)] = l; }
    void setLoraAll(BlockLora l) { lora_.fill(l); }

    // Per-layer rank overrides (e.g. the probe's ranks, docs/PROBE.md,
    // "Ranks from the probe"): layer -> rank. A layer listed here takes this
    // rank instead of its block's, and an alpha that keeps the block's
    // scale: alpha_l = r_l * (block alpha / block rank), so alpha/r is the
    // block's alpha/rank on every slot. validate() checks that each listed
    // layer is in the stack, trained by the strategy, and has rank >= 1.
    const std::map<int, int>& layerRanks() const { return layerRanks_; }
    void setLayerRanks(std::map<int, int> ranks) { layerRanks_ = std::move(ranks); }
    // The rank and alpha of a layer's slots: its override, else its block's.
    BlockLora layerLora(int layer) const;

    Block blockOf(int layer) const;
    std::pair<int, int> blockRange(Block b) const;   // [begin, end)

    // Sorted layers carrying adapters (empty for base).
    std::vector<int> targetedLayers() const;
    bool targets(int layer) const;
    bool targets(int layer, const std::string& module) const;
    std::vector<AdapterSlot> slots() const;
    int lowestTargetedLayer() const;   // N when none

    // Adapter parameters (elements) for a model, and their share of the whole model.
    std::int64_t trainableParameters(const io::ModelConfig& config) const;
    std::int64_t trainableParametersOfLayer(const io::ModelConfig& config, int layer) const;
    double trainableShare(const io::ModelConfig& config) const;

    // Throws InputError with one sentence: cuts out of order, custom layers
    // empty or out of range, no target modules, rank < 1, alpha <= 0, a
    // per-layer rank out of range, below 1 or on a layer not trained.
    void validate() const;

    nlohmann::json toJson() const;
    static LayerPlan fromJson(const nlohmann::json& j, const std::string& source = "layer plan");
    // PEFT's layers_to_transform (sorted targeted layers).
    std::vector<int> peftLayersToTransform() const { return targetedLayers(); }

    // (in, out) features of a target module for a model.
    static std::pair<std::int64_t, std::int64_t> moduleShape(const io::ModelConfig& config,
                                                             const std::string& module);

private:
    int numLayers_ = 0;
    int cut1_ = 0;
    int cut2_ = 0;
    Strategy strategy_ = Strategy::Full;
    std::vector<int> customLayers_;
    std::vector<std::string> targetModules_ = allTargetModules();
    std::array<BlockLora, 3> lora_{};
    std::map<int, int> layerRanks_;
};

// Per-layer ranks as JSON ("layer_ranks" in a plan, "layer_rank" in a
// TrainConfig): an object of layer index (as a string) to rank, e.g.
// {"4": 12, "5": 20}. The reader throws InputError naming source and field.
nlohmann::json layerRanksJson(const std::map<int, int>& ranks);
std::map<int, int> readLayerRanks(const nlohmann::json& v, const std::string& source, const std::string& field);

} // namespace hialign::align

// Per-layer LoRA ranks from a probe (docs/PROBE.md, "Ranks from the
// probe"): for one dimension, the layers of the block the probe's suggested
// cuts assign to it, each with a rank proportional to its share of the
// dimension's effect in that block, within a budget of adapter parameters.
// Torch-free.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "align/LayerPlan.h"
#include "config/ModelConfig.h"
#include "probe/ProbeResult.h"
#include "settings/TrainConfig.h"

namespace hialign::probe {

struct ProbeRanks {
    std::string dimension;
    int cut1 = 0, cut2 = 0;                 // the probe's suggested cuts
    align::Block block = align::Block::Local;   // the dimension's block under them
    std::vector<int> layers;                // the block's layers, ascending
    std::vector<double> shares;             // per layer: profile / sum over the block
    std::vector<std::int64_t> costs;        // per layer: parameters per unit of rank, c_l
    std::vector<int> ranks;                 // per layer, >= 1
    std::int64_t budget = 0;                // B
    std::int64_t used() const;              // sum r_l c_l <= B
    std::map<int, int> perLayer() const;    // layer -> rank, as LayerPlan::setLayerRanks takes them
};

// The ranks for `dimension` (the rule in docs/PROBE.md): r_l = max(1,
// floor(B share_l / c_l)), taken back one rank at a time from the layer
// furthest above its ideal while over B, then the remainder handed out one
// rank at a time to the layer with the largest shortfall share_l B / c_l - r_l
// whose c_l still fits. c_l = sum over `targetModules` (empty: all seven) of
// in + out features. Without `budget`, B = uniformRank * sum c_l, what the
// block trains at the uniform rank. Throws InputError (one sentence) for a
// probe of another model (layer count or model type), a probe without
// suggested cuts, a dimension the probe does not have, and B < sum c_l.
ProbeRanks probeRanks(const ProbeResult& probe, const io::ModelConfig& model, const std::string& dimension,
                      const std::vector<std::string>& targetModules, int uniformRank,
                      std::optional<std::int64_t> budget = std::nullopt);

// Sets the cuts, the strategy (the block's) and the per-layer ranks.
void applyProbeRanks(train::TrainConfig& config, const ProbeRanks& ranks);

// probeRanks for a training configuration (its model, target modules and the
// block's rank) then applyProbeRanks. `probeFileOrDir` is probe.json or its folder.
ProbeRanks applyProbeRanksFrom(train::TrainConfig& config, const std::string& probeFileOrDir,
                               const std::string& dimension, std::optional<std::int64_t> budget = std::nullopt);

// One line, LAYER:RANK for each trained layer: "probe ranks for facts (global
// block, cuts 2,6, 82944 of a budget of 82944 adapter parameters): 6:33 7:1
// 8:1 9:7 10:1 11:5".
std::string probeRanksLine(const ProbeRanks& ranks);

} // namespace hialign::probe

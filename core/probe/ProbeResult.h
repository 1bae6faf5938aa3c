// What the layer-specialization probe measured (docs/PROBE.md): per decoder
// layer and dimension, the ablation changes with their bootstrap intervals,
// the DPO gradient norms, the importance profiles and the suggested cuts,
// with the model's identity and the settings. `probe.json` is its file
// (format "hialign-probe", version 1). Torch-free.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "probe/CutSearch.h"

namespace hialign::probe {

// What an ablation removes from a layer: its attention output, its MLP
// output, or both (the residual passes through).
enum class Component { Attention = 0, Mlp = 1, Both = 2 };
inline constexpr std::array<Component, 3> kComponents{Component::Attention, Component::Mlp, Component::Both};
const char* componentName(Component c);   // "attention", "mlp", "both"

// A change (ablated - unablated, mean over pairs) and its 95% paired
// percentile-bootstrap interval.
struct Estimate {
    double change = 0.0;
    double low = 0.0;
    double high = 0.0;
};
using EstimateMatrix = std::vector<std::vector<Estimate>>;   // [layer][dimension]

struct DimensionResult {
    std::string name;
    std::string file;
    std::size_t recordsInFile = 0;   // usable records read
    std::size_t pairs = 0;           // probed (at most ProbeSettings::maxPairs)
    double baseAccuracy = 0.0;       // share of pairs with logp(chosen) > logp(rejected), unablated
    double baseMargin = 0.0;         // mean logp(chosen) - logp(rejected), unablated
};

struct CutSummary {
    bool available = false;          // false for fewer than 3 layers
    std::string source;              // "ablation" or "gradient": where the profiles come from
    Profiles profiles;               // [dimension][layer], normalised
    CutChoice suggested;
    CutChoice thirds;                // LayerPlan's default cuts, best assignment there
    double gain() const { return suggested.objective - thirds.objective; }
};

struct ProbeResult {
    // Model identity.
    std::string modelDir;            // absolute
    std::string modelType;           // config.json model_type
    int numLayers = 0;
    // Settings the numbers depend on.
    bool ablate = false;
    bool gradient = false;
    int maxPairs = 0;
    int batchSize = 0;
    int bootstrapResamples = 0;
    std::uint64_t seed = 0;
    double beta = 0.0;
    int loraRank = 0;
    double loraAlpha = 0.0;
    std::string device;              // where it ran, e.g. "cpu"

    std::vector<DimensionResult> dimensions;
    // Ablation (when ablate): [component][layer][dimension].
    std::array<EstimateMatrix, 3> accuracy;
    std::array<EstimateMatrix, 3> margin;
    // Gradient (when gradient): mean over batches of the L2 norm of the
    // gradient on each layer's LoRA parameters, [layer][dimension].
    std::vector<std::vector<double>> gradientNorm;
    CutSummary cuts;

    // Raw importance profiles, [dimension][layer]: the "both" ablation's
    // drop in margin clipped at 0 when ablation ran, else the gradient norm.
    Profiles importance() const;

    nlohmann::json toJson() const;
    // Throws InputError with one sentence naming `source` and what is wrong:
    // not a probe file, an unknown version, a missing or mis-shaped field.
    static ProbeResult fromJson(const nlohmann::json& j, const std::string& source);
};

// Fills result.cuts from result.importance() (nothing for N < 3).
void summarizeCuts(ProbeResult& result);

} // namespace hialign::probe

#include "probe/ProbeRanks.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "probe/ProbeFiles.h"
#include "util/Error.h"

namespace hialign::probe {

namespace {

// Excesses and shortfalls closer than this count as a tie, so that rounding in
// the shares (0.3 / 0.4 is not exactly 0.75) does not decide between layers.
constexpr double kTie = 1e-9;

std::string dimensionNames(const ProbeResult& probe)
{
    std::string out;
    for (const auto& d : probe.dimensions)
        out += (out.empty() ? "" : ", ") + d.name;
    return out;
}

void checkModel(const ProbeResult& probe, const io::ModelConfig& model)
{
    if (probe.numLayers != model.numLayers || probe.modelType != model.modelType)
        throw InputError("the probe is of another model (" + probe.modelType + ", " +
                         std::to_string(probe.numLayers) + " layers) than this one (" + model.modelType + ", " +
                         std::to_string(model.numLayers) + " layers); probe this model first.");
}

// The dimension's index; refuses a probe without suggested cuts or without the dimension.
std::size_t dimensionIndex(const ProbeResult& probe, const std::string& dimension)
{
    if (!probe.cuts.available)
        throw InputError("the probe suggests no cuts (its model has fewer than 3 layers), so it gives no ranks.");
    for (std::size_t d = 0; d < probe.dimensions.size(); ++d)
        if (probe.dimensions[d].name == dimension) {
            if (d >= probe.cuts.profiles.size() || d >= probe.cuts.suggested.blockOf.size())
                throw InputError("the probe holds no importance profile for dimension \"" + dimension + "\".");
            return d;
        }
    throw InputError("the probe has no dimension \"" + dimension + "\" (it has " + dimensionNames(probe) + ").");
}

align::Block blockOfDimension(const ProbeResult& probe, std::size_t d)
{
    const int b = probe.cuts.suggested.blockOf[d];
    if (b < 0 || b > 2)
        throw InputError("the probe assigns dimension \"" + probe.dimensions[d].name + "\" to block " +
                         std::to_string(b) + ", which is not 0, 1 or 2.");
    return static_cast<align::Block>(b);
}

} // namespace

std::int64_t ProbeRanks::used() const
{
    std::int64_t n = 0;
    for (std::size_t i = 0; i < ranks.size(); ++i)
        n += static_cast<std::int64_t>(ranks[i]) * costs[i];
    return n;
}

ProbeRanks probeRanks(const ProbeResult& probe, const io::ModelConfig& model, const std::string& dimension,
                      const std::vector<std::string>& targetModules, int uniformRank,
                      std::optional<std::int64_t> budget)
{
    checkModel(probe, model);
    const std::size_t d = dimensionIndex(probe, dimension);
    ProbeRanks out;
    out.dimension = dimension;
    out.cut1 = probe.cuts.suggested.cut1;
    out.cut2 = probe.cuts.suggested.cut2;
    out.block = blockOfDimension(probe, d);

    align::LayerPlan plan(model.numLayers);
    plan.setCuts(out.cut1, out.cut2);   // InputError for cuts that do not fit
    const auto [begin, end] = plan.blockRange(out.block);
    const std::vector<double>& profile = probe.cuts.profiles[d];
    if (static_cast<int>(profile.size()) != model.numLayers)
        throw InputError("the probe's profile of \"" + dimension + "\" has " + std::to_string(profile.size()) +
                         " layers, not " + std::to_string(model.numLayers) + ".");

    // c_l: a layer's adapter parameters per unit of rank (A is [r, in], B is [out, r]).
    const std::vector<std::string>& modules = targetModules.empty() ? align::allTargetModules() : targetModules;
    std::int64_t perLayer = 0;
    for (const auto& m : modules) {
        const auto [in, outFeatures] = align::LayerPlan::moduleShape(model, m);
        perLayer += in + outFeatures;
    }
    double mass = 0.0;
    for (int l = begin; l < end; ++l)
        mass += std::max(0.0, profile[static_cast<std::size_t>(l)]);
    std::int64_t minimum = 0;
    for (int l = begin; l < end; ++l) {
        out.layers.push_back(l);
        out.costs.push_back(perLayer);
        // A block without any of the dimension's mass shares evenly.
        out.shares.push_back(mass > 0.0 ? std::max(0.0, profile[static_cast<std::size_t>(l)]) / mass
                                        : 1.0 / static_cast<double>(end - begin));
        minimum += perLayer;
    }

    if (uniformRank < 1)
        throw InputError("the uniform rank must be at least 1, got " + std::to_string(uniformRank) + ".");
    out.budget = budget ? *budget : static_cast<std::int64_t>(uniformRank) * minimum;
    if (out.budget < minimum)
        throw InputError("a budget of " + std::to_string(out.budget) + " adapter parameters is smaller than the " +
                         std::to_string(out.layers.size()) + " layers of the " + align::blockName(out.block) +
                         " block at rank 1 (" + std::to_string(minimum) + ").");

    const std::size_t n = out.layers.size();
    std::vector<double> ideal(n);   // share_l * B / c_l
    for (std::size_t i = 0; i < n; ++i) {
        ideal[i] = out.shares[i] * static_cast<double>(out.budget) / static_cast<double>(out.costs[i]);
        if (ideal[i] > static_cast<double>(std::numeric_limits<int>::max() / 2))
            throw InputError("a budget of " + std::to_string(out.budget) +
                             " adapter parameters asks for a rank beyond what a LoRA adapter can hold.");
        out.ranks.push_back(std::max(1, static_cast<int>(std::floor(ideal[i]))));
    }
    // The minimum of 1 can overshoot B: take ranks back from the layer
    // furthest above its ideal (ties: the higher layer).
    while (out.used() > out.budget) {
        std::size_t pick = n;
        for (std::size_t i = 0; i < n; ++i)
            if (out.ranks[i] > 1 && (pick == n || out.ranks[i] - ideal[i] > out.ranks[pick] - ideal[pick] - kTie))
                pick = i;
        if (pick == n)
            break;   // unreachable: B >= sum c_l holds all ranks at 1
        --out.ranks[pick];
    }
    // The remainder, one rank at a time, to the largest shortfall that fits
    // (ties: the lower layer).
    for (;;) {
        const std::int64_t left = out.budget - out.used();
        std::size_t pick = n;
        for (std::size_t i = 0; i < n; ++i)
            if (out.costs[i] <= left && (pick == n || ideal[i] - out.ranks[i] > ideal[pick] - out.ranks[pick] + kTie))
                pick = i;
        if (pick == n)
            break;
        ++out.ranks[pick];
    }
    return out;
}

std::map<int, int> ProbeRanks::perLayer() const
{
    std::map<int, int> out;
    for (std::size_t i = 0; i < layers.size(); ++i)
        out[layers[i]] = ranks[i];
    return out;
}

void applyProbeRanks(train::TrainConfig& config, const ProbeRanks& ranks)
{
    config.cut1 = ranks.cut1;
    config.cut2 = ranks.cut2;
    config.strategy = align::strategyName(align::blockStrategy(ranks.block));
    config.layers.clear();
    config.layerRank = ranks.perLayer();
}

ProbeRanks applyProbeRanksFrom(train::TrainConfig& config, const std::string& probeFileOrDir,
                               const std::string& dimension, std::optional<std::int64_t> budget)
{
    const ProbeResult probe = readProbeJson(probeFileOrDir);
    const io::ModelConfig model = io::ModelConfig::loadFolder(config.modelDir);
    checkModel(probe, model);
    const align::Block block = blockOfDimension(probe, dimensionIndex(probe, dimension));
    const int b = static_cast<int>(block);
    const int uniformRank = config.blockRank[static_cast<std::size_t>(b)] > 0
                                ? config.blockRank[static_cast<std::size_t>(b)]
                                : config.rank;
    const ProbeRanks ranks = probeRanks(probe, model, dimension, config.targetModules, uniformRank, budget);
    applyProbeRanks(config, ranks);
    return ranks;
}

std::string probeRanksLine(const ProbeRanks& r)
{
    std::ostringstream s;
    s << "probe ranks for " << r.dimension << " (" << align::blockName(r.block) << " block, cuts " << r.cut1 << ","
      << r.cut2 << ", " << r.used() << " of a budget of " << r.budget << " adapter parameters):";
    for (std::size_t i = 0; i < r.layers.size(); ++i)
        s << ' ' << r.layers[i] << ':' << r.ranks[i];
    return s.str();
}

} // namespace hialign::probe

// Step-time benchmark of the strategies on one batch (hialign-cli bench dpo).
#pragma once

#include <string>
#include <vector>

#include "model/CausalLM.h"

namespace hialign::train {

struct BenchOptions {
    int pairs = 2;
    int promptTokens = 64;
    int completionTokens = 64;
    int warmup = 2;
    int repeats = 5;
    int rank = 16;
    std::uint64_t seed = 0;
    std::vector<std::string> strategies{"full", "local", "mid", "global"};
    bool prefixSharing = true;
};

struct BenchRow {
    std::string strategy;
    bool prefixSharing = true;
    int sharedLayers = 0;
    std::int64_t trainableParameters = 0;
    double meanMs = 0, minMs = 0;
    double tokensPerSecond = 0;
    double ratioToFull = 0;
};

// Runs forward + backward + optimizer step per strategy on the same random batch.
std::vector<BenchRow> benchDpo(model::CausalLM& model, const BenchOptions& options);

// Parses "layers=12,hidden=256,heads=8,kv_heads=4,intermediate=688,vocab=4096".
io::ModelConfig parseShape(const std::string& spec);

} // namespace hialign::train

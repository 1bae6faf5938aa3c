// Step-time benchmark of the strategies on one batch (hialign-cli bench dpo).
#pragma once

#include <optional>
#include <string>
#include <utility>
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
    bool promptSharing = true;
    bool profile = false;   // also time the phases of the first strategy's step (BenchProfile)
};

// Where one step's time goes, in ms (medians over the timed steps).
struct BenchProfile {
    std::string strategy;
    std::vector<std::pair<std::string, double>> phases;   // in step order; they add up to the step
    double attentionForwardMs = 0;   // inside the forward phases: the attention kernels
};

struct BenchRow {
    std::string strategy;
    bool prefixSharing = true;
    int sharedLayers = 0;
    std::int64_t trainableParameters = 0;
    double meanMs = 0, minMs = 0;
    double tokensPerSecond = 0;
    double ratioToFull = 0;
    double peakMemoryMiB = 0;   // CUDA: allocator peak during this strategy's steps; CPU: process peak RSS
    double modelFlops = 0;      // matmul FLOPs one step needs (dpoStepFlops)
    double achievedTflops = 0;  // modelFlops / mean step time, in TFLOP/s
    std::vector<double> timesMs;  // every timed step
};

struct BenchResult {
    std::vector<BenchRow> rows;
    std::optional<BenchProfile> profile;
};

// Matmul FLOPs of one DPO step with frozen base weights (docs/GPU.md,
// "Model FLOPs"): the reference forward, the policy forward of the layers
// above the shared prefix, and the activation gradient of the layers from the
// lowest adapted one up; the head only at completion positions. LoRA's own
// matmuls (rank r) are left out. `sequences` counts chosen and rejected rows.
double dpoStepFlops(const io::ModelConfig& config, std::int64_t sequences, std::int64_t promptTokens,
                    std::int64_t completionTokens, int sharedLayers, int lowestAdaptedLayer);

// Runs forward + backward + optimizer step per strategy on the same random batch.
BenchResult benchDpo(model::CausalLM& model, const BenchOptions& options);

struct HeadBenchRow {
    std::string head;        // "plain" (log_softmax over full logits) or "fused" (labelLogProbs)
    double peakMiB = 0;      // forward + backward peak above the memory in use before it
    double ms = 0;           // forward + backward time
    double maxLogpDiff = 0;  // against the plain head's log-probs
    double maxGradDiff = 0;  // against the plain head's gradient of the hidden states
};

// The head alone on random inputs: `tokens` completion positions of `hidden`
// width against a (vocab, hidden) weight, log-probs and their backward, the
// plain head first, then the fused one (hialign-cli bench head).
std::vector<HeadBenchRow> benchHead(std::int64_t vocab, std::int64_t hidden, std::int64_t tokens,
                                    at::ScalarType dtype, at::Device device, std::uint64_t seed = 0);

// Parses "layers=12,hidden=256,heads=8,kv_heads=4,intermediate=688,vocab=4096".
io::ModelConfig parseShape(const std::string& spec);

} // namespace hialign::train

// Next-token pretraining of all of a CausalLM's weights (the demo lab's
// base model is made this way). Not LoRA: every base weight trains.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "model/CausalLM.h"
#include "settings/StepMetrics.h"

namespace hialign::train {

struct PretrainOptions {
    int steps = 1000;
    int batchSize = 16;          // windows per step
    int sequenceLength = 128;    // tokens per window
    double learningRate = 3e-3;
    double minLearningRate = 3e-4;
    double warmupFraction = 0.05;
    double weightDecay = 0.1;
    double maxGradNorm = 1.0;
    std::uint64_t seed = 1;
    // Called after each step with (step, training loss); return false to stop.
    std::function<bool(int step, double loss)> onStep;
};

struct PretrainResult {
    int steps = 0;
    double finalLoss = 0.0;      // mean of the last 10% of steps
    double tokensPerSecond = 0.0;
};

// tokens: the corpus as one stream (documents separated by EOS).
// Windows are drawn at seeded random offsets. Deterministic on CPU.
PretrainResult pretrainCausalLM(model::CausalLM& model, const std::vector<std::int32_t>& tokens,
                                const PretrainOptions& options);

// Mean next-token loss over consecutive windows of `tokens` (no grad).
double evaluateLoss(model::CausalLM& model, const std::vector<std::int32_t>& tokens, int sequenceLength,
                    int maxWindows = 64);

} // namespace hialign::train

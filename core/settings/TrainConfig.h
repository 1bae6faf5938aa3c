// Everything that defines a DPO + LoRA run; saved whole in run.json.
// Torch-free: the GUI edits one directly.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "align/LayerPlan.h"
#include "settings/Samples.h"
#include "settings/LossType.h"

namespace hialign::train {

enum class Schedule { Cosine, Linear, Constant };
const char* scheduleName(Schedule s);
Schedule parseSchedule(const std::string& name);

// The learning-rate schedules of transformers (get_constant_schedule_with_warmup,
// get_linear_schedule_with_warmup, get_cosine_schedule_with_warmup with
// num_cycles 0.5), step for step: the factor on the base learning rate
// applied at optimizer step `step` (0-based) of `total`, with `warmup` warmup
// steps. Warmup gives step s the factor s / warmup, so the first step's is 0
// (docs/ARCHITECTURE.md, "Learning-rate schedule").
double scheduleFactor(Schedule s, std::int64_t step, std::int64_t warmup, std::int64_t total);
// Warmup steps of a run of `total` optimizer steps: `warmupSteps` when it is
// >= 0, else 10% of the steps rounded up (transformers' warmup ratio 0.1).
std::int64_t warmupStepsFor(int warmupSteps, std::int64_t total);

struct TrainConfig {
    std::string modelDir;
    std::string dataFile;

    // Layer plan: strategy, cuts (-1 = default thirds), custom layers, modules.
    std::string strategy = "global";
    std::vector<int> layers;                 // custom only
    int cut1 = -1, cut2 = -1;
    std::vector<std::string> targetModules;  // empty = all seven
    int rank = align::kDefaultLoraRank;
    double alpha = align::kDefaultLoraAlpha;
    // Per block (local, intermediate, global): 0 means `rank` / `alpha`.
    // Written to the adapter as PEFT's rank_pattern / alpha_pattern.
    std::array<int, 3> blockRank{};
    std::array<double, 3> blockAlpha{};
    // Per trained layer: layer -> rank, instead of its block's (e.g. the
    // probe's ranks, docs/PROBE.md); the layer's alpha keeps its block's
    // alpha/rank (align::LayerPlan::layerLora). Empty: none. Saved as
    // "layer_rank" only when set.
    std::map<int, int> layerRank;
    double dropout = 0.0;
    bool rslora = false;

    // DPO
    LossType loss = LossType::Sigmoid;
    double beta = 0.1;
    double labelSmoothing = 0.0;
    double sftWeight = 0.0;                  // NLL on chosen, added to the loss

    // Optimisation
    double learningRate = 1e-4;
    double weightDecay = 0.0;
    Schedule schedule = Schedule::Cosine;
    int warmupSteps = -1;                    // -1: 10% of the steps
    double maxGradNorm = 1.0;                // <= 0: no clipping
    int batchSize = 2;                       // pairs per micro-step
    int gradAccum = 1;
    int steps = 0;                           // optimizer steps; 0 = from epochs
    double epochs = 1.0;

    // Data
    int maxLength = 512;
    int maxPromptLength = 256;
    double evalFraction = 0.1;
    bool skipBadRecords = false;
    // true: seeded batches of similar length in shuffled order; false: the
    // training pairs in file order, batchSize at a time (TRL with a
    // sequential sampler)
    bool shuffle = true;
    // Conversational completions as the chat template renders them after the
    // prompt (TRL's processing; align::TokenizeOptions::templateCompletions)
    // instead of the reply and its end-of-turn token.
    bool templateCompletions = false;

    // Schedule of side work
    int evalEvery = 0;                       // 0 = only at the end
    int saveEvery = 50;                      // 0 = only at the end
    int logEvery = 1;
    bool saveInitial = false;                // also checkpoint step 0: the adapters before any update

    // Speed and memory
    std::string device = "auto";
    std::string dtype;                       // empty: fp32 on CPU, bf16 on CUDA
    bool prefixSharing = true;
    bool promptSharing = true;               // one prompt pass for chosen and rejected (PairLayout)
    bool precomputeReference = false;
    bool gradientCheckpointing = false;

    std::uint64_t seed = 42;

    // Answers over training: prompts answered and judged at step 0 and every
    // samples.every steps into samples.jsonl (settings/Samples.h); off by default.
    SampleSettings samples;

    // The workbench's defaults for an interactive run, where TrainConfig{}
    // holds the CLI's: a smaller adapter (rank 8, alpha 16), a faster
    // learning rate (1e-3), 100 steps of 4 pairs, 256 tokens (128 of prompt),
    // evaluation every 20 steps and a checkpoint every 25.
    static TrainConfig interactiveDefaults();
    // The strategy sweep's recipe (sweep::SweepSettings::recipe), which the
    // demo lab's table also trains with: 60 steps of 8 pairs at 2e-3, rank 8,
    // alpha 16.
    static TrainConfig sweepDefaults();
    // The checkpoint interval the GUI and the sweep give a run of `steps`
    // optimizer steps: a quarter of the run, at least 10.
    static int saveEveryFor(int steps);
    // The window's interval for answers over training in a run of `steps`:
    // half the run, so the prompts are answered before training, half-way
    // and at the end (the cost bench, `hialign-cli bench samples`, in
    // docs/ARCHITECTURE.md, "Answers over training").
    static int sampleEveryFor(int steps);

    // Takes strategy, custom layers, per-layer ranks and (for three or more
    // layers) the cuts from a plan, as drawn in the layer stack; the block
    // LoRA settings stay.
    void setPlan(const align::LayerPlan& plan);
    align::LayerPlan makePlan(const io::ModelConfig& model) const;   // validated
    void validate() const;                   // throws InputError naming the setting
    nlohmann::json toJson() const;
    static TrainConfig fromJson(const nlohmann::json& j, const std::string& source);
};

} // namespace hialign::train

// What one training (or evaluation) step reports, under TRL's metric names.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "settings/Samples.h"

namespace hialign::train {

struct TrainConfig;
using SampleJudge = std::function<std::vector<std::vector<SampleScore>>(const std::vector<SampleRecord>&)>;

struct StepMetrics {
    std::int64_t step = 0;
    std::int64_t totalSteps = 0;
    double epoch = 0.0;
    bool eval = false;   // names carry the "eval_" prefix in JSON
    // loss, rewards/chosen, rewards/rejected, rewards/margins, rewards/accuracies,
    // logps/chosen, logps/rejected, logits/chosen, logits/rejected, grad_norm,
    // learning_rate, nll_loss, tokens_per_second, step_time_ms, peak_memory_mb, ...
    std::map<std::string, double> values;
    // Per layer (num_layers entries; zero where no adapter): ||Delta W|| and ||grad||.
    std::vector<double> deltaNorm;
    std::vector<double> gradNorm;
    std::map<std::string, std::vector<double>> deltaNormByModule;
    std::map<std::string, std::vector<double>> gradNormByModule;

    double value(const std::string& name, double fallback = 0.0) const;
    nlohmann::json toJson() const;
    // A metrics.jsonl line: toJson's inverse (a line is an evaluation when its
    // names carry "eval_"; keys that are neither numbers nor the lora/ norms
    // are left out).
    static StepMetrics fromJson(const nlohmann::json& j);
};

// RUN/metrics.jsonl, the one reader of the file (settings/RunFolder appends
// to it): every line in order. The trainer appends a line at a time, so a
// kill can cut the last one short; that line and anything after it are not
// read (util::readJsonlPrefix). No file: no lines.
std::vector<StepMetrics> readMetricsFile(const std::filesystem::path& file);

// Checked between micro-steps: cancel stops the run cleanly (with a
// checkpoint), pause waits until resumed or cancelled.
struct CancelToken {
    std::atomic<bool> cancel{false};
    std::atomic<bool> pause{false};
};

struct TrainCallbacks {
    std::function<void(const StepMetrics&)> onMetrics;     // every logged step and every eval
    std::function<void(const std::string&)> onMessage;     // progress notes, warnings
    // Called before each optimizer step with its 0-based index. An exception
    // thrown here is handled like one thrown by the step itself, which lets
    // tests inject failures (out of memory) at a known step.
    std::function<void(std::int64_t step)> beforeStep;
    // Answers over training (settings/Samples.h): makes the judge of a run's
    // answers from its settings (sweep::sampleJudgeFor), called once before
    // anything is written when the run samples with a judge; the judge gives
    // one list of scores per answer and runs on the trainer's thread. Unset:
    // the answers stay unjudged.
    std::function<SampleJudge(const TrainConfig& config, const std::filesystem::path& runDir)> makeSampleJudge;
    // One step's answers, judged, after they are written to samples.jsonl.
    std::function<void(const std::vector<SampleRecord>&)> onSamples;
};

} // namespace hialign::train

// The strategy sweep: train each strategy on the same model, data, seed and
// LoRA settings, generate on eval prompts, judge every response, aggregate
// (docs/SWEEP.md gives the folder layout and the file formats). Resumable:
// a finished task is never redone. Links LibTorch.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "judge/SweepReportModel.h"
#include "train/StepMetrics.h"

namespace hialign::train {
struct TrainConfig;
}

namespace hialign::sweep {

// The sweep's settings; its training values (steps, pairs, learning rate,
// LoRA r and alpha, beta) are the defaults of every strategy comparison,
// the demo lab's table included (sweep/LabTable.h).
struct SweepSettings {
    std::filesystem::path modelDir;
    std::filesystem::path dataFile;
    std::vector<std::filesystem::path> evalPromptFiles;
    std::size_t evalLimit = 0;                  // first N prompts of each file; 0 = all
    std::string judgeSpec = "exact";            // docs/SWEEP.md; never holds a secret
    std::vector<std::string> dimensions;        // empty: all of the judge's dimensions
    std::vector<std::string> strategies{"base", "full", "local", "mid", "global"};
    std::vector<std::uint64_t> seeds{1};
    bool pairwise = true;                       // rubric judges: pairwise against base

    // Training (the same for every strategy).
    int steps = 60;
    int batchSize = 8;
    double learningRate = 2e-3;
    int rank = 8;
    double alpha = 16.0;
    double beta = 0.1;
    int maxLength = 512;
    std::string device = "auto";
    // Block cuts of the layer stack (local [0, cut1), intermediate
    // [cut1, cut2), global [cut2, N)); -1, -1: the default thirds. E.g. the
    // cuts a layer probe suggests (docs/PROBE.md).
    int cut1 = -1;
    int cut2 = -1;

    // Generation.
    int maxNewTokens = 64;
    double temperature = 0.0;                   // 0 = greedy
    double topP = 1.0;
    bool rawPrompts = false;                    // true: never wrap prompts in the chat template

    // How the report is computed (docs/SWEEP.md, "Statistics"). Not part of
    // what makes two sweeps the same: collecting again with other values
    // rewrites the report and records them in sweep.json.
    struct ReportSettings {
        std::size_t bootstrapResamples = 10000;
        double alpha = 0.05;                    // significance; intervals at 1 − alpha
    } report;

    nlohmann::json toJson() const;
    static SweepSettings fromJson(const nlohmann::json& j, const std::string& source);
    void validate() const;                      // throws InputError naming the setting
};

struct SweepProgress {
    std::string task;        // "global-seed1", or "" for sweep-wide notes
    std::string phase;       // "train", "generate", "judge", "pairwise", "report", "done"
    int tasksDone = 0;
    int tasksTotal = 0;
    std::string message;     // one line for a log
};

struct SweepCallbacks {
    std::function<void(const SweepProgress&)> onProgress;
    std::function<void(const train::StepMetrics&)> onMetrics;   // the training task's steps
};

// The tasks of a sweep in run order: for each seed, base first, then the
// other strategies. Name: STRATEGY-seedSEED.
struct SweepTask {
    std::string name;
    std::string strategy;
    std::uint64_t seed = 0;
};
std::vector<SweepTask> sweepTasks(const SweepSettings& settings);

// The training configuration of one strategy (and seed) under these settings:
// model, data, strategy, steps, batch, learning rate, LoRA r and alpha, beta,
// max length, device, seed; checkpoints every max(10, steps / 4) steps.
train::TrainConfig trainConfigFor(const SweepSettings& settings, const std::string& strategy,
                                  std::uint64_t seed);

// Creates or re-opens SWEEP_DIR: writes sweep.json, or checks that an
// existing one holds the same settings (InputError naming the first
// difference otherwise).
void prepareSweep(const SweepSettings& settings, const std::filesystem::path& sweepDir);

// The settings saved in SWEEP_DIR/sweep.json; InputError when there is none.
SweepSettings readSweepSettings(const std::filesystem::path& sweepDir);

// Runs one task (train, generate, judge, pairwise against base when the base
// task of its seed has finished). Returns false when cancelled.
bool runTask(const std::filesystem::path& sweepDir, const std::string& taskName,
             const SweepCallbacks& callbacks = {}, train::CancelToken* cancel = nullptr);

// prepareSweep + every unfinished task + collect. Returns false when cancelled.
bool runSweep(const SweepSettings& settings, const std::filesystem::path& sweepDir,
              const SweepCallbacks& callbacks = {}, train::CancelToken* cancel = nullptr);

// Aggregates whatever tasks have finished into report.json, report.csv and
// report.html (judge/SweepReportModel.h writes report.json, judge/ReportText
// the other two); returns the report. Pairwise outcomes missing for a task whose
// base finished later are judged now.
// With `report`, the report is computed with those statistics settings,
// which sweep.json then records.
judge::SweepReportModel collect(const std::filesystem::path& sweepDir, const SweepCallbacks& callbacks = {},
                                const SweepSettings::ReportSettings* report = nullptr);

// Keys of sweep.json that may change between runs of one sweep (the report's
// statistics settings); every other key must stay the same.
bool isReportSettingKey(const std::string& key);

// The Slurm job-array script: one array task per strategy × seed, each runs
// `hialign-cli sweep --task INDEX SWEEP_DIR`; a final dependent job collects.
struct SlurmOptions {
    std::string cliPath = "hialign-cli";
    int gpusPerTask = 1;
    int cpusPerTask = 8;
    std::string partition;
    std::string timeLimit = "04:00:00";
    std::string memory;                        // e.g. "64G"; empty: the cluster default
};
std::filesystem::path emitSlurm(const std::filesystem::path& sweepDir, const SlurmOptions& options);

} // namespace hialign::sweep

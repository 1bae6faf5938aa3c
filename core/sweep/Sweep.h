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
#include "settings/StepMetrics.h"
#include "settings/SweepSettings.h"

namespace hialign::sweep {

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

// The training configuration of a strategy and seed: sweep::trainConfigFor,
// and for probe-ranked:DIMENSION the probe's cuts, DIMENSION's block and its
// per-layer ranks from settings.rankFrom at the recipe's budget (the block at
// the recipe's rank; docs/PROBE.md). With `ranksLine`, the ranks as one line.
// Throws InputError when the probe cannot give them.
train::TrainConfig taskTrainConfig(const SweepSettings& settings, const std::string& strategy, std::uint64_t seed,
                                   std::string* ranksLine = nullptr);

// Creates or re-opens SWEEP_DIR: writes sweep.json, or checks that an
// existing one holds the same settings (InputError naming the first
// difference otherwise).
void prepareSweep(const SweepSettings& settings, const std::filesystem::path& sweepDir);

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

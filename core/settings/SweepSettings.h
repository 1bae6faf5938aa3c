// A strategy sweep's settings (sweep.json) and the layout of its folder:
// which tasks it runs and where each task's files lie (docs/SWEEP.md). Plain
// C++: the GUI's sweep dialog edits these directly; sweep/Sweep.h runs them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "settings/EvalDecoding.h"
#include "settings/Generation.h"
#include "settings/TrainConfig.h"

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
    // base, full, local, mid, global, and probe-ranked:DIMENSION: the
    // probe's cuts, DIMENSION's block and per-layer ranks from rankFrom
    // (docs/PROBE.md, "Ranks from the probe"; sweep::taskTrainConfig).
    std::vector<std::string> strategies{"base", "full", "local", "mid", "global"};
    std::vector<std::uint64_t> seeds{1};
    // The probe (probe.json or its folder) the probe-ranked strategies take
    // their ranks from; sweep.json records it as "rank_from" only when set.
    std::filesystem::path rankFrom;
    bool pairwise = true;                       // rubric judges: pairwise against base

    // Training, the same for every strategy: TrainConfig::sweepDefaults().
    // sweep.json records steps, batch size, learning rate, LoRA r and alpha,
    // beta, max length, device and the block cuts (-1, -1: the default
    // thirds; e.g. the cuts a layer probe suggests, docs/PROBE.md); the
    // recipe's other fields keep their defaults.
    train::TrainConfig recipe = train::TrainConfig::sweepDefaults();

    // Generation; the defaults are the core's (model::GenerationOptions):
    // 64 new tokens, greedy.
    int maxNewTokens = model::GenerationOptions{}.maxNewTokens;
    double temperature = model::GenerationOptions{}.sampling.temperature;   // 0 = greedy
    double topP = model::GenerationOptions{}.sampling.topP;
    bool rawPrompts = false;                    // true: never wrap prompts in the chat template

    // How the report is computed (docs/SWEEP.md, "Statistics"). Not part of
    // what makes two sweeps the same: collecting again with other values
    // rewrites the report and records them in sweep.json.
    struct ReportSettings {
        std::size_t bootstrapResamples = 10000;
        double alpha = 0.05;                    // significance; intervals at 1 − alpha
    } report;

    // The generation settings as the generator takes them (the caller sets the seed).
    model::GenerationOptions generation() const;
    // The generation settings as an evaluation decoding, and back.
    lab::EvalDecoding decoding() const;
    void setDecoding(const lab::EvalDecoding& d);

    // A sweep's defaults on MODEL_DIR. On a demo lab's model: the lab's mixed
    // preference set, its three eval prompt files (the first
    // lab::kLabEvalLimit prompts of each), the exact judge, and the decoding
    // its card names (*labDecoding says whether it named one).
    static SweepSettings forModel(const std::filesystem::path& modelDir, bool* labDecoding = nullptr);

    nlohmann::json toJson() const;
    static SweepSettings fromJson(const nlohmann::json& j, const std::string& source);

    // The first setting that validate() refuses, or nothing. `message` is the
    // sentence validate() throws; `kind` sorts out the problems a form words
    // in its own language (the GUI's sweep dialog translates them), `file`
    // is the missing eval prompts file. A model folder whose config.json
    // cannot be read throws, as in validate().
    struct Problem {
        enum class Kind { ModelFolder, DataFile, NoEvalPrompts, EvalPromptsFile, NoStrategy, NoSeed, NoJudge, Other };
        Kind kind = Kind::Other;
        std::string message;
        std::filesystem::path file;
    };
    std::optional<Problem> problem() const;
    void validate() const;                      // throws InputError naming the setting (problem()'s message)
};

// The tasks of a sweep in run order: for each seed, base first, then the
// other strategies. Name: STRATEGY-seedSEED.
struct SweepTask {
    std::string name;
    std::string strategy;
    std::uint64_t seed = 0;
};
std::vector<SweepTask> sweepTasks(const SweepSettings& settings);

// The prefix of a probe-ranked strategy ("probe-ranked:DIMENSION"), and the
// dimension such a strategy names (empty for any other strategy).
inline constexpr const char* kProbeRankedPrefix = "probe-ranked:";
std::string probeRankedDimension(const std::string& strategy);

// The training configuration of one strategy (and seed) under these settings:
// the recipe with the sweep's model and data, the strategy and the seed, and
// checkpoints every TrainConfig::saveEveryFor(steps) steps. A probe-ranked
// strategy's ranks come from the probe: sweep::taskTrainConfig (sweep/Sweep.h)
// gives its whole configuration.
train::TrainConfig trainConfigFor(const SweepSettings& settings, const std::string& strategy,
                                  std::uint64_t seed);

// The settings saved in SWEEP_DIR/sweep.json; InputError when there is none.
SweepSettings readSweepSettings(const std::filesystem::path& sweepDir);
// SWEEP_DIR/sweep.json, the one place that names it.
std::filesystem::path sweepSettingsFile(const std::filesystem::path& sweepDir);
// Writes the settings to SWEEP_DIR/sweep.json (a temporary file renamed over it).
void writeSweepSettings(const std::filesystem::path& sweepDir, const SweepSettings& settings);

// Keys of sweep.json that may change between runs of one sweep (the report's
// statistics settings); every other key must stay the same.
bool isReportSettingKey(const std::string& key);

// A task's name: STRATEGY-seedSEED (e.g. global-seed1), with a ':' in the
// strategy written '-' (probe-ranked-facts-seed1).
std::string taskName(const std::string& strategy, std::uint64_t seed);
// SWEEP_DIR/tasks: one folder per task.
std::filesystem::path tasksDir(const std::filesystem::path& sweepDir);
// SWEEP_DIR/tasks/TASK: the task's run, generations, judgments and task.json.
std::filesystem::path taskDir(const std::filesystem::path& sweepDir, const std::string& task);
// SWEEP_DIR/tasks/TASK/task.json: the task's status and time.
std::filesystem::path taskRecordFile(const std::filesystem::path& sweepDir, const std::string& task);
// Marks TASK finished in its task.json, with its time and whether its pairwise file is complete.
void writeTaskFinished(const std::filesystem::path& sweepDir, const std::string& task, double seconds,
                       bool pairwiseDone);
// Whether TASK's task.json says "finished" (an unreadable one does not).
bool taskFinished(const std::filesystem::path& sweepDir, const std::string& task);

} // namespace hialign::sweep

// What a run folder (settings/RunFolder.h; docs/ARCHITECTURE.md, "Run folder") says about its run,
// read without LibTorch: for the GUI's runs browser and the command line.
// The layers are those the run trained, resolved from the layer plan that
// run.json records (strategy, cuts or custom layers, number of layers).
// Part of hialign_settings (torch-free).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hialign::train {

struct RunInfo {
    std::filesystem::path dir;
    std::string status = "running";   // running, finished, stopped, failed (as run.json says)
    std::string message;

    // Settings summary (run.json's "config").
    std::string strategy;             // base, full, local, mid, global, custom
    std::string modelDir;
    std::string dataFile;
    std::int64_t totalSteps = 0;      // run.json's total_steps, else the configured steps
    int rank = 0;
    double alpha = 0.0;
    double beta = 0.0;
    double learningRate = 0.0;
    std::uint64_t seed = 0;
    nlohmann::json config;            // the whole "config" object

    // The plan: layers that carry adapters, ascending; numLayers of the model.
    int numLayers = 0;
    std::vector<int> trainedLayers;

    // Metrics (metrics.jsonl; a line cut short by a kill ends it).
    std::int64_t lastStep = 0;        // highest logged step
    std::optional<double> loss;       // of the last line that has a loss
    std::optional<double> margin;     // rewards/margins of that line
    std::optional<double> accuracy;   // rewards/accuracies of that line
    nlohmann::json lastMetrics;       // that line (null when none)

    bool hasAdapter = false;          // adapter/adapter_config.json exists
    bool hasCheckpoint = false;       // a complete checkpoint (RunFolder::checkpoints)

    bool resumable() const { return hasCheckpoint && status != "finished"; }
};

// Reads DIR/run.json and DIR/metrics.jsonl. Throws InputError with one
// sentence naming the file: no run.json, run.json not valid JSON, or a layer
// plan that does not resolve.
RunInfo readRunInfo(const std::filesystem::path& dir);

// The run folders directly under `workspace` (folders holding run.json), sorted by name.
std::vector<std::filesystem::path> runFoldersIn(const std::filesystem::path& workspace);

} // namespace hialign::train

// A training run on disk (docs/ARCHITECTURE.md, "Run folder"):
//   run.json            full config, fingerprints, layer plan, versions, status
//   metrics.jsonl       one line per logged step (TRL's metric names)
//   checkpoints/step-N/ adapter, optimizer, RNG, data cursor (written under a
//                       temporary name, renamed when complete)
//   adapter/            the final adapter in PEFT's layout
// Every file is written atomically (temporary name, then rename).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/Json.h"

namespace hialign::train {

class RunFolder {
public:
    explicit RunFolder(std::filesystem::path dir) : dir_(std::move(dir)) {}

    const std::filesystem::path& dir() const { return dir_; }
    std::filesystem::path runJsonPath() const { return dir_ / "run.json"; }
    std::filesystem::path metricsPath() const { return dir_ / "metrics.jsonl"; }
    std::filesystem::path checkpointsDir() const { return dir_ / "checkpoints"; }
    std::filesystem::path checkpointDir(std::int64_t step) const;
    std::filesystem::path adapterDir() const { return dir_ / "adapter"; }

    // Creates the folder for a new run; refuses a folder that already holds a run.
    void create() const;
    bool exists() const;

    nlohmann::json readRunJson() const;   // throws InputError
    void writeRunJson(const nlohmann::json& j) const;
    // run.json's "status" (running, finished, stopped, failed); "" when the
    // folder holds no run.json or the file does not say.
    std::string status() const;
    bool finished() const { return status() == "finished"; }
    // Sets "status" (running, finished, stopped, failed) and "message" in run.json.
    void setStatus(const std::string& status, const std::string& message = {}) const;

    void appendMetrics(const nlohmann::json& line) const;
    std::vector<nlohmann::json> readMetrics() const;
    // Drops metric lines of steps after `step` (a killed run may have logged past its checkpoint).
    void truncateMetricsAfter(std::int64_t step) const;

    // A checkpoint's trainer_state.json, written last: a checkpoint is
    // complete when it is there.
    static std::filesystem::path trainerStateFile(const std::filesystem::path& checkpointDir)
    {
        return checkpointDir / "trainer_state.json";
    }
    // A checkpoint's adapter, in PEFT's layout.
    static std::filesystem::path checkpointAdapterDir(const std::filesystem::path& checkpointDir)
    {
        return checkpointDir / "adapter";
    }
    // Complete checkpoints, ascending.
    std::vector<std::int64_t> checkpoints() const;
    std::optional<std::int64_t> newestCheckpoint() const;

private:
    std::filesystem::path dir_;
};

// 64-bit FNV-1a of a file's bytes, as 16 hex digits (a fingerprint, not
// security). Files over 64 MiB are sampled: their size, first MiB and 32
// slices of 64 KiB spread over the file.
std::string fileFingerprint(const std::filesystem::path& path);

} // namespace hialign::train

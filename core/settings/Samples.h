// Answers over training (docs/ARCHITECTURE.md, "Answers over training"): a
// fixed set of prompts answered by the model being trained at step 0 and
// every `every` steps with a fixed seed, judged, and kept in the run folder's
// samples.jsonl, one line per prompt and step. This file is the settings of
// that sampling (held by TrainConfig as `samples`) and the one reader and
// writer of samples.jsonl.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "settings/Generation.h"

namespace hialign::train {

struct SampleSettings {
    std::vector<std::string> promptFiles;   // eval prompt files (settings/EvalPromptFile.h)
    int every = 0;                          // 0: no sampling
    std::size_t limit = 4;                  // prompts taken from each file (0: all)
    std::string judge;                      // a judge spec (docs/SWEEP.md); empty: answers unjudged
    model::GenerationOptions decoding = defaultDecoding();
    // false: the training waits for each round (what `bench samples` compares
    // with); not part of run.json: it changes when lines are written, not what.
    bool background = true;

    bool enabled() const { return every > 0; }
    // Greedy, 24 new tokens, seed 1.
    static model::GenerationOptions defaultDecoding();
    // For a model in a demo lab, sampling every `every` steps on the lab's
    // held-out prompts (the first `limit` of each dimension) with its card's
    // evaluation decoding and the exact judge; elsewhere only `every` is set
    // (the prompts are the caller's to give).
    static SampleSettings forModel(const std::filesystem::path& modelDir, int every);
    void validate() const;   // InputError, one sentence
    nlohmann::json toJson() const;
    static SampleSettings fromJson(const nlohmann::json& j, const std::string& source);
};

struct SampleScore {
    std::string dimension;
    std::optional<double> score;   // empty: the judge's reply could not be read (verdict says why)
    std::string verdict;
};

struct SampleRecord {
    std::int64_t step = 0;
    std::string promptId;
    std::string dimension;        // empty: none given
    std::string prompt;
    std::string response;
    std::string finishReason;
    std::vector<SampleScore> scores;   // empty: not judged

    nlohmann::json toJson() const;
    static SampleRecord fromJson(const nlohmann::json& j, const std::string& where);
};

// RUN/samples.jsonl.
std::filesystem::path samplesFile(const std::filesystem::path& runDir);
// Appends records (one line each) and flushes.
void appendSamples(const std::filesystem::path& file, const std::vector<SampleRecord>& records);
// Every record, in file order; a cut last line (a crash while writing) ends
// the reading; a missing file gives none. InputError for a malformed line.
std::vector<SampleRecord> readSamples(const std::filesystem::path& file);
// Keeps the records of steps <= step (a resume from that checkpoint); true
// when records of `step` itself are among them.
bool truncateSamplesAfter(const std::filesystem::path& file, std::int64_t step);

} // namespace hialign::train

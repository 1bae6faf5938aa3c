// The files of one sweep task, SWEEP_DIR/tasks/TASK/ (settings/SweepSettings.h
// names the folder): generations.jsonl, judgments.jsonl and pairwise.jsonl,
// one record per line (docs/SWEEP.md, "The sweep folder", gives each line's
// fields). The one reader and writer of these files: the sweep
// (sweep/Sweep.h) writes and collects them, the GUI's report drills down into
// them. Plain C++, no LibTorch.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace hialign::sweep {

// The files' names inside a task's folder.
inline constexpr const char* kGenerationsFile = "generations.jsonl";
inline constexpr const char* kJudgmentsFile = "judgments.jsonl";
inline constexpr const char* kPairwiseFile = "pairwise.jsonl";

// A generations.jsonl line: one response to one eval prompt.
struct GenerationRecord {
    std::string task;            // "global-seed1"
    std::string strategy;        // "global"
    std::uint64_t seed = 0;
    std::string promptId;        // "prompt_id"; a number in the file is read as its JSON text
    std::string prompt;
    std::string dimension;       // the prompt's own dimension, or ""
    std::string response;
    std::size_t tokens = 0;      // the response's length in tokens (0 when the line has none)
    std::string finishReason;    // "eos", "length", ...

    nlohmann::json toJson() const;
    // WHERE names the line in messages ("FILE line N"); InputError for a
    // missing or mistyped field.
    static GenerationRecord fromJson(const nlohmann::json& j, const std::string& where);
};

// A judgments.jsonl line: one response rated on one dimension.
struct JudgmentRecord {
    std::string task;
    std::string strategy;
    std::uint64_t seed = 0;
    std::string promptId;
    std::string dimension;
    std::optional<double> score;  // null in the file: the judge's reply was not parsed
    std::string verdict;          // "correct", "rated", "unparsed", ... ("" for null)
    std::string explanation;
    std::string judge;            // the judge's name
    std::string reply;            // rubric judges: the whole reply; written only when not empty
    std::optional<double> mass;   // probability mass on the score tokens; with low_mass, only when weighted
    bool lowMass = false;

    nlohmann::json toJson() const;
    static JudgmentRecord fromJson(const nlohmann::json& j, const std::string& where);
};

// A pairwise.jsonl line: a strategy's response against the base's of the same
// seed on one dimension, judged in both orders.
struct PairwiseRecord {
    std::string task;
    std::string strategy;
    std::uint64_t seed = 0;
    std::string promptId;
    std::string dimension;
    std::string outcome = "unparsed";        // "win", "loss", "tie" or "unparsed", for the strategy
    std::optional<std::string> first;        // raw verdicts "A", "B", "tie"; null when not parsed
    std::optional<std::string> swapped;
    // The judge's explanations, first order then swapped. Read from a list,
    // an object of texts (nulls skipped) or one text; written as a list.
    std::vector<std::string> explanations;

    nlohmann::json toJson() const;
    static PairwiseRecord fromJson(const nlohmann::json& j, const std::string& where);
};

// Each file's records in order (blank lines skipped). InputError "Cannot read
// FILE." when it cannot be opened, "FILE line N ..." for a line that is not a
// JSON object or whose fields are missing or of the wrong type.
std::vector<GenerationRecord> readGenerations(const std::filesystem::path& file);
std::vector<JudgmentRecord> readJudgments(const std::filesystem::path& file);
std::vector<PairwiseRecord> readPairwise(const std::filesystem::path& file);

// Writes one compact line per record, atomically (util::writeJsonl).
void writeGenerations(const std::filesystem::path& file, const std::vector<GenerationRecord>& records);
void writeJudgments(const std::filesystem::path& file, const std::vector<JudgmentRecord>& records);
void writePairwise(const std::filesystem::path& file, const std::vector<PairwiseRecord>& records);

} // namespace hialign::sweep

// Generic JSON and JSON Lines file I/O for every part of the core (runs,
// sweeps, the lab, the CLI). Plain C++ (no LibTorch). Writes are atomic
// (util/AtomicFile.h): a reader never sees a half-written file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

namespace hialign::util {

// Parses a whole JSON file. Throws InputError "cannot open FILE" when it
// cannot be read, "FILE is not valid JSON (parser message)" when malformed.
nlohmann::json readJsonFile(const std::filesystem::path& path);
// The same, keeping the file's key order (for maps whose order means
// something, e.g. PEFT's rank_pattern).
nlohmann::ordered_json readOrderedJsonFile(const std::filesystem::path& path);

// Writes j indented by two spaces plus a final newline, atomically. Throws
// Error naming the file when it cannot be written.
void writeJsonAtomic(const std::filesystem::path& path, const nlohmann::json& j);

// A JSON Lines file of objects (blank lines are skipped). Throws InputError
// "Cannot read FILE." when it cannot be opened and "FILE line N is not a
// JSON object." for a line that is not one.
std::vector<nlohmann::json> readJsonl(const std::filesystem::path& path);

// The lines of a JSON Lines file that is appended to while it grows (e.g. a
// run's metrics.jsonl): every line up to the first that does not parse (a
// line cut short by a kill). Blank lines are skipped; a missing file gives
// none. Never throws for the file's contents.
std::vector<nlohmann::json> readJsonlPrefix(const std::filesystem::path& path);

// Writes one compact line per value, atomically (invalid UTF-8 in strings
// is replaced by U+FFFD rather than refused).
void writeJsonl(const std::filesystem::path& path, const std::vector<nlohmann::json>& lines);

// Appends one compact line per value to a growing JSON Lines file (a run's
// metrics.jsonl, samples.jsonl) and flushes. Error "cannot append to FILE".
void appendJsonl(const std::filesystem::path& path, const std::vector<nlohmann::json>& lines);

// Rewrites such a file (atomically) with the lines readJsonlPrefix reads
// whose "step" is at most STEP (a line without one counts as step 0): what a
// resume from that step's checkpoint keeps. True when a kept line is of
// STEP itself.
bool keepJsonlThroughStep(const std::filesystem::path& path, std::int64_t step);

} // namespace hialign::util

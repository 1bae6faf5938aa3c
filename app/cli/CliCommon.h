// What more than one verb of hialign-cli needs: list parsing, the --device
// and --dtype options, the demo lab's model, number formatting.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hialign::cli {

// The --device default of the verbs whose core settings have none.
inline const std::string kAutoDevice = "auto";

// "a,,b" -> {"a", "b"}
std::vector<std::string> splitList(const std::string& text);
// {"a", "b"} -> "a,b"
std::string joinList(const std::vector<std::string>& items);
std::string joinList(const std::vector<std::uint64_t>& items);
// "1,2,3" -> {1, 2, 3}; InputError naming the item that is not a whole number.
std::vector<std::uint64_t> parseSeeds(const std::string& text);

// --ids: "1,403,407" or rows "1,2,3;4,5" -> one id list per row. InputError
// naming an item that is not a token id (below vocabSize when it is not 0)
// or a row without ids.
std::vector<std::vector<std::int64_t>> parseIdRows(const std::string& text, std::int64_t vocabSize = 0);

// --cuts "A,B" -> {A, B}; InputError unless it is two whole numbers.
std::pair<int, int> parseCuts(const std::string& text);
// --cuts-from PROBE: the cuts a layer probe suggested (probe.json, or a
// folder holding one; docs/PROBE.md). InputError when it has none.
std::pair<int, int> cutsFromProbe(const std::string& fileOrDir);

// Adds --device (default: its current value) and --dtype to a verb.
void addDeviceOptions(CLI::App& cmd, std::string& device, std::string& dtype);

// MODEL_DIR when given, else the shipped demo lab's model (InputError when none is installed).
std::string modelOrDemo(const std::string& modelDir);
// A model as the user named it: a folder, or ORG/NAME[@REVISION] from the
// Hugging Face cache (config/HubCache.h); InputError for a hub id not there.
std::string modelArg(const std::string& spec);

// 1, 0.9, 0.05: a number as a person writes it.
std::string shortNumber(double v);

// One line on stderr (core progress messages).
void printToStderr(const std::string& line);

} // namespace hialign::cli

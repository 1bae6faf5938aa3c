// The demo lab's table: accuracy per dimension for Base and each strategy
// trained on the mixed set and on each dimension's set. Part of the sweep
// library: every row trains with the sweep's settings (sweep::SweepSettings,
// sweep::trainConfigFor), then is evaluated exactly by the lab.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "lab/DemoLab.h"
#include "sweep/Sweep.h"

namespace hialign::lab {

struct TableOptions {
    std::filesystem::path labDir;
    std::filesystem::path runsDir;     // run folders go here (finished ones are reused)
    std::vector<std::string> strategies{"full", "local", "mid", "global"};
    std::vector<std::string> sets{"mixed", "grammar", "logic", "facts"};
    // Training, the same for every row: the sweep's settings and defaults
    // (steps, batchSize, learningRate, rank, alpha, beta are read; model,
    // data and device come from the fields here).
    sweep::SweepSettings training;
    std::uint64_t seed = 1;
    std::size_t samples = 0;           // eval prompts per dimension (0 = all)
    double temperature = EvalDecoding{}.temperature;   // eval decoding (0 = greedy)
    std::string device = "cpu";        // training and evaluation
    std::function<void(const std::string&)> onMessage;
};

struct TableRow {
    std::string strategy;   // "base" or a training strategy
    std::string set;        // preference set ("-" for base)
    std::vector<DimensionResult> results;
};

std::vector<TableRow> runLabTable(const TableOptions& options);

// Writes card.json (adds "table") and MODEL_CARD.md in the lab folder.
void writeModelCard(const std::filesystem::path& labDir, const std::vector<TableRow>& table,
                    const TableOptions& options);

} // namespace hialign::lab

// What the sweep's own files share (SweepRun.cpp runs the tasks,
// SweepCollect.cpp gathers their files into the report); not part of
// sweep/Sweep.h's interface.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "judge/Judge.h"
#include "judge/SweepReportModel.h"
#include "settings/SweepSettings.h"
#include "settings/SweepTaskFiles.h"
#include "sweep/Sweep.h"

namespace hialign::sweep::detail {

// One eval prompt (docs/SWEEP.md, "Eval prompts").
struct EvalItem {
    std::string id, prompt, dimension;
};

// The first LIMIT prompts of each file (0: all); InputError naming the file
// and line of a bad one, or when there are none.
std::vector<EvalItem> readEvalPrompts(const std::vector<std::filesystem::path>& files, std::size_t limit);

// An open sweep: its folder and settings, the eval prompts and the judge,
// each made when first needed.
struct Context {
    std::filesystem::path sweepDir;
    SweepSettings settings;
    std::optional<std::vector<EvalItem>> items;   // read when a task first generates
    std::unique_ptr<judge::Judge> judge;

    const std::vector<EvalItem>& evalItems();
    judge::Judge& getJudge();
};

// SWEEP_DIR with the settings of its sweep.json.
Context openContext(const std::filesystem::path& sweepDir);

void progress(const SweepCallbacks& cb, const std::string& task, const std::string& phase, int done, int total,
              const std::string& message);

// Whether the sweep compares each strategy with base (rubric judges only).
bool wantsPairwise(const Context& c);

// Pairwise judgments of a task's generations against the base's of the same seed.
std::vector<PairwiseRecord> compareAll(judge::Judge& judge, const SweepSettings& s,
                                       const std::vector<GenerationRecord>& mine,
                                       const std::vector<GenerationRecord>& base);

// collect() on an open sweep.
judge::SweepReportModel collectIn(Context& c, const SweepCallbacks& cb);

} // namespace hialign::sweep::detail

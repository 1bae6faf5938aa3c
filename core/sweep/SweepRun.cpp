// The sweep's task runner (sweep/Sweep.h): prepareSweep, runTask, runSweep;
// a task trains, generates on the eval prompts, judges every response and
// compares it with base's (docs/SWEEP.md gives the folder and its files).
#include "sweep/Sweep.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "align/ChatTemplate.h"
#include "align/TokenizedPair.h"
#include "judge/JudgeSpec.h"
#include "model/Generator.h"
#include "model/ModelBundle.h"
#include "config/ModelConfig.h"
#include "probe/ProbeRanks.h"
#include "judge/JudgeCache.h"
#include "settings/EvalPromptFile.h"
#include "settings/RunFolder.h"
#include "settings/SweepTaskFiles.h"
#include "sweep/JudgeFactory.h"
#include "sweep/SweepInternal.h"
#include "train/DpoTrainer.h"
#include "train/LoraModel.h"
#include "train/PeftAdapter.h"
#include "util/Error.h"
#include "util/Json.h"

namespace hialign::sweep {

namespace fs = std::filesystem;
using nlohmann::json;

namespace detail {

std::vector<EvalItem> readEvalPrompts(const std::vector<fs::path>& files, std::size_t limit)
{
    std::vector<EvalItem> items;
    std::set<std::string> ids;
    for (const fs::path& f : files)
        for (eval::EvalPromptRecord& r : eval::readEvalPromptFile(f, limit)) {
            if (!ids.insert(r.id).second)
                throw InputError(eval::whereIs(f, r) + ": the prompt id \"" + r.id + "\" is used twice.");
            items.push_back({std::move(r.id), std::move(r.prompt), r.dimension.value_or(std::string())});
        }
    if (items.empty()) throw InputError("The eval prompt files hold no prompts.");
    return items;
}

void progress(const SweepCallbacks& cb, const std::string& task, const std::string& phase, int done, int total,
              const std::string& message)
{
    if (cb.onProgress) cb.onProgress({task, phase, done, total, message});
}

const std::vector<EvalItem>& Context::evalItems()
{
    if (!items) items = readEvalPrompts(settings.evalPromptFiles, settings.evalLimit);
    return *items;
}

judge::Judge& Context::getJudge()
{
    if (!judge)
        judge = makeJudge(settings.judgeSpec, settings.modelDir, judge::JudgeCache::fileIn(sweepDir), settings.dimensions);
    return *judge;
}

Context openContext(const fs::path& sweepDir)
{
    Context c;
    c.sweepDir = sweepDir;
    c.settings = readSweepSettings(sweepDir);
    return c;
}

// Pairwise comparisons are asked of rubric judges; decided from the spec, so
// that no judge model is loaded just to learn it.
bool wantsPairwise(const Context& c)
{
    return c.settings.pairwise && judge::parseJudgeSpec(c.settings.judgeSpec).isRubric();
}

namespace {

std::string verdictName(std::optional<char> v)
{
    if (!v) return "";
    return *v == 'A' ? "A" : *v == 'B' ? "B" : "tie";
}

} // namespace

// Pairwise judgments of a task's generations against the base's of the same seed.
std::vector<PairwiseRecord> compareAll(judge::Judge& judge, const SweepSettings& s,
                                       const std::vector<GenerationRecord>& mine,
                                       const std::vector<GenerationRecord>& base)
{
    std::map<std::string, const GenerationRecord*> baseById;
    for (const GenerationRecord& b : base) baseById[b.promptId] = &b;
    const std::vector<std::string> dims = s.dimensions.empty() ? judge.dimensions() : s.dimensions;
    std::vector<judge::PairItem> items;
    std::vector<std::pair<const GenerationRecord*, std::string>> keys;
    for (const GenerationRecord& g : mine) {
        const auto it = baseById.find(g.promptId);
        if (it == baseById.end()) continue;
        for (const std::string& d : dims) {
            items.push_back({g.prompt, g.response, it->second->response, d});
            keys.emplace_back(&g, d);
        }
    }
    const auto outcomes = judge.compareMany(items);
    std::vector<PairwiseRecord> out;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const GenerationRecord& g = *keys[i].first;
        const judge::PairOutcome& o = outcomes[i];
        PairwiseRecord p;
        p.task = g.task;
        p.strategy = g.strategy;
        p.seed = g.seed;
        p.promptId = g.promptId;
        p.dimension = keys[i].second;
        p.outcome = o.outcome == 'W' ? "win" : o.outcome == 'L' ? "loss" : o.outcome == 'T' ? "tie" : "unparsed";
        if (o.first) p.first = verdictName(o.first);
        if (o.swapped) p.swapped = verdictName(o.swapped);
        p.explanations = {o.explanationFirst, o.explanationSwapped};
        out.push_back(std::move(p));
    }
    return out;
}

} // namespace detail

using namespace detail;

namespace {

// Generation on the eval prompts with the model (+ adapter).
std::vector<GenerationRecord> generateAll(const SweepSettings& s, const SweepTask& task, const fs::path& adapterDir,
                                          const std::vector<EvalItem>& items, train::CancelToken* cancel, bool& cancelled)
{
    model::LoadOptions lo;
    lo.device = model::parseDevice(s.recipe.device);
    auto bundle = model::loadModelBundle(s.modelDir, lo);
    std::unique_ptr<train::LoraModel> adapter;
    if (!adapterDir.empty()) adapter = train::loadPeftAdapter(adapterDir, bundle.model);
    const align::ChatTemplate chat = s.rawPrompts ? align::ChatTemplate{} : align::detectChatTemplate(s.modelDir);
    std::vector<GenerationRecord> out;
    const std::size_t chunk = 16;
    for (std::size_t start = 0; start < items.size(); start += chunk) {
        if (cancel && cancel->cancel.load()) {
            cancelled = true;
            return out;
        }
        std::vector<std::vector<std::int32_t>> ids;
        for (std::size_t i = start; i < std::min(items.size(), start + chunk); ++i)
            ids.push_back(align::encodeUserPrompt(items[i].prompt, *bundle.tokenizer, chat));
        model::GenerationOptions go = s.generation();
        go.sampling.seed = task.seed * 1000003ULL + start;
        const auto r = model::generate(bundle.model, *bundle.tokenizer, ids, go);
        for (std::size_t k = 0; k < ids.size(); ++k) {
            const EvalItem& item = items[start + k];
            GenerationRecord g;
            g.task = task.name;
            g.strategy = task.strategy;
            g.seed = task.seed;
            g.promptId = item.id;
            g.prompt = item.prompt;
            g.dimension = item.dimension;
            g.response = r.texts[k];
            g.tokens = r.tokens[k].size();
            g.finishReason = r.finishReasons[k];
            out.push_back(std::move(g));
        }
    }
    return out;
}

std::vector<JudgmentRecord> judgeAll(judge::Judge& judge, const SweepSettings& s,
                                     const std::vector<GenerationRecord>& generations)
{
    std::vector<judge::JudgeItem> items;
    for (const GenerationRecord& g : generations) items.push_back({g.prompt, g.response, g.dimension});
    const auto scores = judge.judgeMany(items, s.dimensions);
    std::vector<JudgmentRecord> out;
    for (std::size_t i = 0; i < generations.size(); ++i)
        for (const judge::JudgeScore& sc : scores[i]) {
            JudgmentRecord j;
            j.task = generations[i].task;
            j.strategy = generations[i].strategy;
            j.seed = generations[i].seed;
            j.promptId = generations[i].promptId;
            j.dimension = sc.dimension;
            j.score = sc.score;
            j.verdict = sc.verdict;
            j.explanation = sc.explanation;
            j.judge = judge.name();
            j.reply = sc.reply;
            j.mass = sc.mass;
            j.lowMass = sc.lowMass;
            out.push_back(std::move(j));
        }
    return out;
}

// Trains TASK's adapter in DIR/run, or resumes it, or finds it finished.
// Returns the adapter's folder (empty for base), or nothing when cancelled.
std::optional<fs::path> trainTask(const SweepSettings& s, const SweepTask& task, const fs::path& dir, int index,
                                  int total, const SweepCallbacks& cb, train::CancelToken* cancel)
{
    if (task.strategy == "base") return fs::path();
    const fs::path run = dir / "run";
    train::RunFolder folder(run);
    const std::string status = folder.status();
    train::TrainCallbacks tc;
    tc.onMetrics = cb.onMetrics;
    tc.onMessage = [&](const std::string& m) { progress(cb, task.name, "train", index, total, m); };
    train::TrainOutcome outcome;
    if (status == "finished") {
        outcome.status = "finished";
    } else if (folder.exists() && folder.newestCheckpoint()) {
        progress(cb, task.name, "train", index, total, "resuming " + task.name);
        outcome = train::DpoTrainer::resume(run, tc, cancel);
    } else {
        fs::remove_all(run);
        const train::TrainConfig tcfg = taskTrainConfig(s, task.strategy, task.seed);
        progress(cb, task.name, "train", index, total, "training " + task.name);
        outcome = train::DpoTrainer::train(tcfg, run, tc, cancel);
    }
    if (outcome.status == "stopped") return std::nullopt;
    if (outcome.status != "finished")
        throw Error("Training " + task.name + " failed: " + outcome.message);
    return folder.adapterDir();
}

bool runTaskIn(Context& c, const SweepTask& task, int index, int total, const SweepCallbacks& cb,
               train::CancelToken* cancel)
{
    const fs::path dir = taskDir(c.sweepDir, task.name);
    if (taskFinished(c.sweepDir, task.name)) {
        progress(cb, task.name, "done", index + 1, total, task.name + " finished earlier");
        return true;
    }
    fs::create_directories(dir);
    const auto t0 = std::chrono::steady_clock::now();
    const SweepSettings& s = c.settings;

    const std::optional<fs::path> adapterDir = trainTask(s, task, dir, index, total, cb, cancel);
    if (!adapterDir) return false;

    const fs::path genFile = dir / kGenerationsFile;
    std::vector<GenerationRecord> generations;
    if (fs::is_regular_file(genFile)) {
        generations = readGenerations(genFile);
    } else {
        progress(cb, task.name, "generate", index, total, "generating for " + task.name);
        bool cancelled = false;
        generations = generateAll(s, task, *adapterDir, c.evalItems(), cancel, cancelled);
        if (cancelled) return false;
        writeGenerations(genFile, generations);
    }

    const fs::path judgFile = dir / kJudgmentsFile;
    if (!fs::is_regular_file(judgFile)) {
        progress(cb, task.name, "judge", index, total, "judging " + task.name);
        writeJudgments(judgFile, judgeAll(c.getJudge(), s, generations));
    }

    bool pairwiseDone = true;
    if (task.strategy != "base" && wantsPairwise(c)) {
        const fs::path pairFile = dir / kPairwiseFile;
        const std::string baseTask = taskName("base", task.seed);
        if (!fs::is_regular_file(pairFile)) {
            if (taskFinished(c.sweepDir, baseTask)) {
                progress(cb, task.name, "pairwise", index, total, "comparing " + task.name + " with base");
                writePairwise(pairFile, compareAll(c.getJudge(), s, generations,
                                                   readGenerations(taskDir(c.sweepDir, baseTask) / kGenerationsFile)));
            } else {
                pairwiseDone = false;   // collect() compares once the base has finished
            }
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    writeTaskFinished(c.sweepDir, task.name, seconds, pairwiseDone);
    progress(cb, task.name, "done", index + 1, total, task.name + " done in " + std::to_string(static_cast<int>(seconds)) + " s");
    return true;
}

} // namespace

train::TrainConfig taskTrainConfig(const SweepSettings& settings, const std::string& strategy, std::uint64_t seed,
                                   std::string* ranksLine)
{
    const std::string dimension = probeRankedDimension(strategy);
    if (dimension.empty())
        return trainConfigFor(settings, strategy, seed);
    train::TrainConfig c = trainConfigFor(settings, "global", seed);   // strategy and cuts: the probe's
    const probe::ProbeRanks ranks = probe::applyProbeRanksFrom(c, settings.rankFrom.string(), dimension);
    if (ranksLine) *ranksLine = probe::probeRanksLine(ranks);
    return c;
}

void prepareSweep(const SweepSettings& settings, const fs::path& sweepDir)
{
    settings.validate();
    // Probe-ranked rows must get their ranks before anything is written.
    for (const std::string& st : settings.strategies)
        if (!probeRankedDimension(st).empty())
            taskTrainConfig(settings, st, settings.seeds.front()).makePlan(io::ModelConfig::loadFolder(settings.modelDir));
    SweepSettings abs = settings;
    if (!abs.rankFrom.empty()) abs.rankFrom = fs::absolute(settings.rankFrom).lexically_normal();
    abs.modelDir = fs::absolute(settings.modelDir).lexically_normal();
    abs.dataFile = fs::absolute(settings.dataFile).lexically_normal();
    for (fs::path& f : abs.evalPromptFiles) f = fs::absolute(f).lexically_normal();
    readEvalPrompts(abs.evalPromptFiles, abs.evalLimit);   // bad prompts fail before anything is written
    const fs::path f = sweepSettingsFile(sweepDir);
    if (fs::exists(f)) {
        const json old = util::readJsonFile(f);
        const json now = abs.toJson();
        for (const auto& [key, value] : now.items())
            if (!isReportSettingKey(key) && (!old.contains(key) || old[key] != value))
                throw InputError(sweepDir.string() + " holds a sweep with other settings (" + key + " was " +
                                 (old.contains(key) ? old[key].dump() : std::string("unset")) + ", now " + value.dump() +
                                 "); use another --out folder.");
        if (old != now) util::writeJsonAtomic(f, now);   // new statistics settings
        return;
    }
    fs::create_directories(tasksDir(sweepDir));
    writeSweepSettings(sweepDir, abs);
}

bool runTask(const fs::path& sweepDir, const std::string& taskName, const SweepCallbacks& callbacks,
             train::CancelToken* cancel)
{
    Context c = openContext(sweepDir);
    const std::vector<SweepTask> tasks = sweepTasks(c.settings);
    for (std::size_t i = 0; i < tasks.size(); ++i)
        if (tasks[i].name == taskName)
            return runTaskIn(c, tasks[i], static_cast<int>(i), static_cast<int>(tasks.size()), callbacks, cancel);
    throw InputError("The sweep in " + sweepDir.string() + " has no task \"" + taskName + "\".");
}

bool runSweep(const SweepSettings& settings, const fs::path& sweepDir, const SweepCallbacks& callbacks,
              train::CancelToken* cancel)
{
    prepareSweep(settings, sweepDir);
    Context c = openContext(sweepDir);
    const std::vector<SweepTask> tasks = sweepTasks(c.settings);
    for (std::size_t i = 0; i < tasks.size(); ++i)
        if (!runTaskIn(c, tasks[i], static_cast<int>(i), static_cast<int>(tasks.size()), callbacks, cancel)) return false;
    collectIn(c, callbacks);
    return true;
}

} // namespace hialign::sweep

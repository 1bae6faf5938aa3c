#include "sweep/Sweep.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "align/ChatTemplate.h"
#include "align/TokenizedPair.h"
#include "io/ModelConfig.h"
#include "judge/JudgeSpec.h"
#include "judge/JudgeStats.h"
#include "judge/ReportText.h"
#include "model/Generator.h"
#include "model/ModelBundle.h"
#include "sweep/JudgeFactory.h"
#include "train/DpoTrainer.h"
#include "train/LoraModel.h"
#include "train/PeftAdapter.h"
#include "train/RunFolder.h"
#include "util/AtomicFile.h"
#include "util/Error.h"
#include "util/Json.h"

namespace hialign::sweep {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::set<std::string> kStrategies = {"base", "full", "local", "mid", "global"};

struct EvalItem {
    std::string id, prompt, dimension;
};

std::vector<EvalItem> readEvalPrompts(const std::vector<fs::path>& files, std::size_t limit)
{
    std::vector<EvalItem> items;
    std::set<std::string> ids;
    for (const fs::path& f : files) {
        std::ifstream in(f);
        if (!in) throw InputError("Cannot read the eval prompts " + f.string() + ".");
        std::string line;
        std::size_t lineNo = 0, taken = 0;
        while (std::getline(in, line)) {
            ++lineNo;
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            if (limit && taken >= limit) break;
            const json j = json::parse(line, nullptr, false);
            const std::string where = f.string() + " line " + std::to_string(lineNo);
            if (j.is_discarded() || !j.is_object()) throw InputError(where + " is not a JSON object.");
            if (!j.contains("prompt") || !j["prompt"].is_string() || j["prompt"].get<std::string>().empty())
                throw InputError(where + ": field \"prompt\" is missing or not a non-empty string.");
            EvalItem item;
            item.prompt = j["prompt"].get<std::string>();
            if (j.contains("id")) {
                if (!j["id"].is_string() && !j["id"].is_number())
                    throw InputError(where + ": field \"id\" must be a string or a number.");
                item.id = j["id"].is_string() ? j["id"].get<std::string>() : j["id"].dump();
            } else {
                item.id = f.stem().string() + ":" + std::to_string(lineNo);
            }
            if (j.contains("dimension")) {
                if (!j["dimension"].is_string()) throw InputError(where + ": field \"dimension\" must be a string.");
                item.dimension = j["dimension"].get<std::string>();
            }
            if (!ids.insert(item.id).second) throw InputError(where + ": the prompt id \"" + item.id + "\" is used twice.");
            items.push_back(std::move(item));
            ++taken;
        }
    }
    if (items.empty()) throw InputError("The eval prompt files hold no prompts.");
    return items;
}

fs::path taskDir(const fs::path& sweepDir, const std::string& task)
{
    return sweepDir / "tasks" / task;
}

bool taskFinished(const fs::path& sweepDir, const std::string& task)
{
    const fs::path f = taskDir(sweepDir, task) / "task.json";
    if (!fs::is_regular_file(f)) return false;
    const json j = json::parse(std::ifstream(f), nullptr, false);
    return !j.is_discarded() && j.value("status", "") == "finished";
}

} // namespace

train::TrainConfig trainConfigFor(const SweepSettings& s, const std::string& strategy, std::uint64_t seed)
{
    train::TrainConfig c;
    c.modelDir = s.modelDir.string();
    c.dataFile = s.dataFile.string();
    c.strategy = strategy;
    c.steps = s.steps;
    c.batchSize = s.batchSize;
    c.learningRate = s.learningRate;
    c.rank = s.rank;
    c.alpha = s.alpha;
    c.beta = s.beta;
    c.maxLength = s.maxLength;
    c.cut1 = s.cut1;
    c.cut2 = s.cut2;
    c.seed = seed;
    c.device = s.device;
    c.saveEvery = std::max(10, s.steps / 4);
    return c;
}

SweepSettings readSweepSettings(const fs::path& sweepDir)
{
    const fs::path f = sweepDir / "sweep.json";
    if (!fs::is_regular_file(f)) throw InputError(sweepDir.string() + " is not a sweep folder: it has no sweep.json.");
    return SweepSettings::fromJson(util::readJsonFile(f), f.string());
}

namespace {

void progress(const SweepCallbacks& cb, const std::string& task, const std::string& phase, int done, int total,
              const std::string& message)
{
    if (cb.onProgress) cb.onProgress({task, phase, done, total, message});
}

// Generation on the eval prompts with the model (+ adapter).
std::vector<json> generateAll(const SweepSettings& s, const SweepTask& task, const fs::path& adapterDir,
                              const std::vector<EvalItem>& items, train::CancelToken* cancel, bool& cancelled)
{
    model::LoadOptions lo;
    lo.device = model::parseDevice(s.device);
    auto bundle = model::loadModelBundle(s.modelDir, lo);
    std::unique_ptr<train::LoraModel> adapter;
    if (!adapterDir.empty()) adapter = train::loadPeftAdapter(adapterDir, bundle.model);
    const align::ChatTemplate chat = s.rawPrompts ? align::ChatTemplate{} : align::detectChatTemplate(s.modelDir);
    std::vector<json> out;
    const std::size_t chunk = 16;
    for (std::size_t start = 0; start < items.size(); start += chunk) {
        if (cancel && cancel->cancel.load()) {
            cancelled = true;
            return out;
        }
        std::vector<std::vector<std::int32_t>> ids;
        for (std::size_t i = start; i < std::min(items.size(), start + chunk); ++i) {
            align::PreferenceRecord r;
            if (chat.format == align::ChatFormat::Plain) {
                r.prompt = items[i].prompt;
            } else {
                r.conversational = true;
                r.promptMessages.push_back({"user", items[i].prompt});
            }
            ids.push_back(align::encodePrompt(r, *bundle.tokenizer, chat));
        }
        model::GenerationOptions go;
        go.maxNewTokens = s.maxNewTokens;
        go.sampling.temperature = s.temperature;
        go.sampling.topP = s.topP;
        go.sampling.seed = task.seed * 1000003ULL + start;
        const auto r = model::generate(bundle.model, *bundle.tokenizer, ids, go);
        for (std::size_t k = 0; k < ids.size(); ++k) {
            const EvalItem& item = items[start + k];
            out.push_back({{"task", task.name},
                           {"strategy", task.strategy},
                           {"seed", task.seed},
                           {"prompt_id", item.id},
                           {"prompt", item.prompt},
                           {"dimension", item.dimension},
                           {"response", r.texts[k]},
                           {"tokens", r.tokens[k].size()},
                           {"finish_reason", r.finishReasons[k]}});
        }
    }
    return out;
}

std::vector<json> judgeAll(judge::Judge& judge, const SweepSettings& s, const std::vector<json>& generations)
{
    std::vector<judge::JudgeItem> items;
    for (const json& g : generations)
        items.push_back({g["prompt"].get<std::string>(), g["response"].get<std::string>(),
                         g.value("dimension", std::string())});
    const auto scores = judge.judgeMany(items, s.dimensions);
    std::vector<json> out;
    for (std::size_t i = 0; i < generations.size(); ++i)
        for (const judge::JudgeScore& sc : scores[i]) {
            json j = {{"task", generations[i]["task"]},
                      {"strategy", generations[i]["strategy"]},
                      {"seed", generations[i]["seed"]},
                      {"prompt_id", generations[i]["prompt_id"]},
                      {"dimension", sc.dimension},
                      {"score", sc.score ? json(*sc.score) : json(nullptr)},
                      {"verdict", sc.verdict},
                      {"explanation", sc.explanation},
                      {"judge", judge.name()}};
            if (!sc.reply.empty()) j["reply"] = sc.reply;
            if (sc.mass) {
                j["mass"] = *sc.mass;
                j["low_mass"] = sc.lowMass;
            }
            out.push_back(std::move(j));
        }
    return out;
}

std::string verdictName(std::optional<char> v)
{
    if (!v) return "";
    return *v == 'A' ? "A" : *v == 'B' ? "B" : "tie";
}

// Pairwise judgments of a task's generations against the base's of the same seed.
std::vector<json> compareAll(judge::Judge& judge, const SweepSettings& s, const std::vector<json>& mine,
                             const std::vector<json>& base)
{
    std::map<std::string, const json*> baseById;
    for (const json& b : base) baseById[b["prompt_id"].get<std::string>()] = &b;
    const std::vector<std::string> dims = s.dimensions.empty() ? judge.dimensions() : s.dimensions;
    std::vector<judge::PairItem> items;
    std::vector<std::pair<const json*, std::string>> keys;
    for (const json& g : mine) {
        const auto it = baseById.find(g["prompt_id"].get<std::string>());
        if (it == baseById.end()) continue;
        for (const std::string& d : dims) {
            items.push_back({g["prompt"].get<std::string>(), g["response"].get<std::string>(),
                             (*it->second)["response"].get<std::string>(), d});
            keys.emplace_back(&g, d);
        }
    }
    const auto outcomes = judge.compareMany(items);
    std::vector<json> out;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const json& g = *keys[i].first;
        const judge::PairOutcome& o = outcomes[i];
        const char* outcome = o.outcome == 'W' ? "win" : o.outcome == 'L' ? "loss" : o.outcome == 'T' ? "tie" : "unparsed";
        out.push_back({{"task", g["task"]},
                       {"strategy", g["strategy"]},
                       {"seed", g["seed"]},
                       {"prompt_id", g["prompt_id"]},
                       {"dimension", keys[i].second},
                       {"outcome", outcome},
                       {"first", o.first ? json(verdictName(o.first)) : json(nullptr)},
                       {"swapped", o.swapped ? json(verdictName(o.swapped)) : json(nullptr)},
                       {"explanations", {o.explanationFirst, o.explanationSwapped}}});
    }
    return out;
}

struct Context {
    fs::path sweepDir;
    SweepSettings settings;
    std::optional<std::vector<EvalItem>> items;   // read when a task first generates
    std::unique_ptr<judge::Judge> judge;

    const std::vector<EvalItem>& evalItems()
    {
        if (!items) items = readEvalPrompts(settings.evalPromptFiles, settings.evalLimit);
        return *items;
    }

    judge::Judge& getJudge()
    {
        if (!judge)
            judge = makeJudge(settings.judgeSpec, settings.modelDir, sweepDir / "judge-cache.jsonl", settings.dimensions);
        return *judge;
    }
};

// Pairwise comparisons are asked of rubric judges; decided from the spec, so
// that no judge model is loaded just to learn it.
bool wantsPairwise(const Context& c)
{
    return c.settings.pairwise && judge::parseJudgeSpec(c.settings.judgeSpec).isRubric();
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

    fs::path adapterDir;
    if (task.strategy != "base") {
        const fs::path run = dir / "run";
        train::RunFolder folder(run);
        const std::string status = folder.exists() ? folder.readRunJson().value("status", "") : "";
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
            const train::TrainConfig tcfg = trainConfigFor(s, task.strategy, task.seed);
            progress(cb, task.name, "train", index, total, "training " + task.name);
            outcome = train::DpoTrainer::train(tcfg, run, tc, cancel);
        }
        if (outcome.status == "stopped") return false;
        if (outcome.status != "finished")
            throw Error("Training " + task.name + " failed: " + outcome.message);
        adapterDir = folder.adapterDir();
    }

    const fs::path genFile = dir / "generations.jsonl";
    std::vector<json> generations;
    if (fs::is_regular_file(genFile)) {
        generations = util::readJsonl(genFile);
    } else {
        progress(cb, task.name, "generate", index, total, "generating for " + task.name);
        bool cancelled = false;
        generations = generateAll(s, task, adapterDir, c.evalItems(), cancel, cancelled);
        if (cancelled) return false;
        util::writeJsonl(genFile, generations);
    }

    const fs::path judgFile = dir / "judgments.jsonl";
    if (!fs::is_regular_file(judgFile)) {
        progress(cb, task.name, "judge", index, total, "judging " + task.name);
        util::writeJsonl(judgFile, judgeAll(c.getJudge(), s, generations));
    }

    bool pairwiseDone = true;
    if (task.strategy != "base" && wantsPairwise(c)) {
        const fs::path pairFile = dir / "pairwise.jsonl";
        const std::string baseTask = "base-seed" + std::to_string(task.seed);
        if (!fs::is_regular_file(pairFile)) {
            if (taskFinished(c.sweepDir, baseTask)) {
                progress(cb, task.name, "pairwise", index, total, "comparing " + task.name + " with base");
                util::writeJsonl(pairFile, compareAll(c.getJudge(), s, generations,
                                                util::readJsonl(taskDir(c.sweepDir, baseTask) / "generations.jsonl")));
            } else {
                pairwiseDone = false;   // collect() compares once the base has finished
            }
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    util::writeJsonAtomic(dir / "task.json",
                                      {{"status", "finished"}, {"seconds", seconds}, {"pairwise_done", pairwiseDone}});
    progress(cb, task.name, "done", index + 1, total, task.name + " done in " + std::to_string(static_cast<int>(seconds)) + " s");
    return true;
}

Context openContext(const fs::path& sweepDir)
{
    Context c;
    c.sweepDir = sweepDir;
    c.settings = readSweepSettings(sweepDir);
    return c;
}

// Not computable (NaN, or infinite) is NaN in the report: null in report.json.
double reportNumber(double v)
{
    return std::isfinite(v) ? v : judge::ReportRow::kNone;
}

judge::SweepReportModel collectIn(Context& c, const SweepCallbacks& cb)
{
    const SweepSettings& s = c.settings;
    const std::vector<SweepTask> tasks = sweepTasks(s);
    std::vector<judge::Judgment> judgments;
    std::vector<judge::PairwiseJudgment> pairwise;
    std::vector<std::string> missing;
    for (const SweepTask& t : tasks) {
        if (!taskFinished(c.sweepDir, t.name)) {
            missing.push_back(t.name);
            continue;
        }
        const fs::path dir = taskDir(c.sweepDir, t.name);
        std::map<std::string, std::size_t> lengths;
        const std::vector<json> gens = util::readJsonl(dir / "generations.jsonl");
        for (const json& g : gens) lengths[g["prompt_id"].get<std::string>()] = g.value("tokens", std::size_t(0));
        for (const json& j : util::readJsonl(dir / "judgments.jsonl")) {
            judge::Judgment jd;
            jd.strategy = t.strategy;
            jd.dimension = j["dimension"].get<std::string>();
            jd.promptId = j["prompt_id"].get<std::string>();
            jd.seed = t.seed;
            if (j["score"].is_number()) jd.score = j["score"].get<double>();
            jd.responseLength = lengths[jd.promptId];
            judgments.push_back(std::move(jd));
        }
        if (t.strategy == "base" || !s.pairwise) continue;
        fs::path pairFile = dir / "pairwise.jsonl";
        const std::string baseTask = "base-seed" + std::to_string(t.seed);
        if (!fs::is_regular_file(pairFile) && wantsPairwise(c) && taskFinished(c.sweepDir, baseTask)) {
            progress(cb, t.name, "pairwise", 0, 0, "comparing " + t.name + " with base");
            util::writeJsonl(pairFile, compareAll(c.getJudge(), s, gens, util::readJsonl(taskDir(c.sweepDir, baseTask) / "generations.jsonl")));
        }
        if (fs::is_regular_file(pairFile))
            for (const json& p : util::readJsonl(pairFile))
                pairwise.push_back({t.strategy, p["dimension"].get<std::string>(), p.value("outcome", "unparsed")});
    }
    const bool haveBase = std::any_of(judgments.begin(), judgments.end(), [](const judge::Judgment& j) { return j.strategy == "base"; });
    const judge::JudgeSpec spec = judge::parseJudgeSpec(s.judgeSpec);
    judge::SweepReportModel report;   // docs/SWEEP.md, "report.json"
    report.judge = s.judgeSpec;
    if (haveBase) report.base = "base";
    report.seeds = s.seeds;
    report.missingTasks = missing;
    report.scoreMin = spec.scoreMin();
    report.scoreMax = spec.scoreMax();
    report.settings = s.toJson();
    for (const std::string& st : s.strategies)
        if (std::any_of(judgments.begin(), judgments.end(), [&](const judge::Judgment& j) { return j.strategy == st; }))
            report.strategies.push_back(st);
    judge::ReportStatistics& statistics = report.statistics.emplace();
    statistics.bootstrapResamples = s.report.bootstrapResamples;
    statistics.alpha = s.report.alpha;
    statistics.level = 1.0 - s.report.alpha;
    statistics.correction = "holm";
    statistics.comparisons = 0;
    if (!judgments.empty()) {
        judge::SummaryOptions o;
        o.baseStrategy = haveBase ? "base" : judgments.front().strategy;
        o.seeds = s.seeds;
        o.resamples = s.report.bootstrapResamples;
        o.alpha = s.report.alpha;
        o.scoreMin = spec.scoreMin();
        o.scoreMax = spec.scoreMax();
        const judge::SweepSummary summary = judge::summarizeSweep(judgments, pairwise, o);
        statistics.interval = summary.intervalMethod;
        statistics.pairedTest = summary.pairedTest;
        statistics.comparisons = summary.comparisons;
        report.notes = summary.notes;
        report.warnings = summary.warnings;
        for (const judge::StrategySummary& r : summary.rows) {
            if (std::find(report.dimensions.begin(), report.dimensions.end(), r.dimension) == report.dimensions.end())
                report.dimensions.push_back(r.dimension);
            const bool other = haveBase && r.strategy != o.baseStrategy;
            judge::ReportRow row;
            row.strategy = r.strategy;
            row.dimension = r.dimension;
            row.n = r.n;
            row.unparsed = r.unparsed;
            row.mean = reportNumber(r.score.mean);
            row.low = reportNumber(r.score.low);
            row.high = reportNumber(r.score.high);
            if (other && r.vsBase) {
                row.diff = reportNumber(r.vsBase->difference.mean);
                row.diffLow = reportNumber(r.vsBase->difference.low);
                row.diffHigh = reportNumber(r.vsBase->difference.high);
                row.pairedN = r.vsBase->pairs;
                row.pValue = reportNumber(r.vsBase->pValue);
                row.pHolm = reportNumber(r.vsBase->pHolm);
                row.significant = r.vsBase->significant;
            }
            if (haveBase) row.winRate = reportNumber(r.winRate);
            row.winSource = r.winSource;
            if (other) {
                row.wins = r.wins;
                row.ties = r.ties;
                row.losses = r.losses;
            }
            if (r.pairwiseN > 0) {
                row.pairwiseN = r.pairwiseN;
                row.pairwiseUnparsed = r.pairwiseUnparsed;
            }
            row.meanLength = reportNumber(r.meanLength);
            row.lengthCorrelation = reportNumber(r.lengthScoreCorrelation);
            row.alignmentTax = other && r.alignmentTax;
            for (double m : r.seedMeans) row.seedMeans.push_back(reportNumber(m));
            row.seedSd = reportNumber(r.seedSd);
            report.rows.push_back(std::move(row));
        }
    }
    util::writeJsonAtomic(c.sweepDir / "report.json", report.toJson());
    writeFileAtomic(c.sweepDir / "report.csv", judge::reportCsv(report));
    writeFileAtomic(c.sweepDir / "report.html", judge::reportHtml(report));
    for (const std::string& w : report.warnings) progress(cb, "", "report", 0, 0, "warning: " + w);
    progress(cb, "", "report", 0, 0, "report written to " + (c.sweepDir / "report.html").string());
    return report;
}

} // namespace

json SweepSettings::toJson() const
{
    std::vector<std::string> files;
    for (const fs::path& f : evalPromptFiles) files.push_back(f.string());
    json j = {{"model_dir", modelDir.string()},
            {"data", dataFile.string()},
            {"eval_prompts", files},
            {"eval_limit", evalLimit},
            {"judge", judgeSpec},
            {"dimensions", dimensions},
            {"strategies", strategies},
            {"seeds", seeds},
            {"pairwise", pairwise},
            {"steps", steps},
            {"batch_size", batchSize},
            {"learning_rate", learningRate},
            {"rank", rank},
            {"alpha", alpha},
            {"beta", beta},
            {"max_length", maxLength},
            {"device", device},
            {"max_new_tokens", maxNewTokens},
            {"temperature", temperature},
            {"top_p", topP},
            {"raw_prompts", rawPrompts},
            {"bootstrap_resamples", report.bootstrapResamples},
            {"significance_alpha", report.alpha}};
    if (cut1 >= 0)   // written only when set, so sweeps with the default thirds keep their sweep.json
        j["cuts"] = {cut1, cut2};
    return j;
}

SweepSettings SweepSettings::fromJson(const json& j, const std::string& source)
{
    SweepSettings s;
    try {
        s.modelDir = j.at("model_dir").get<std::string>();
        s.dataFile = j.at("data").get<std::string>();
        s.evalPromptFiles.clear();
        for (const std::string& f : j.at("eval_prompts").get<std::vector<std::string>>()) s.evalPromptFiles.push_back(f);
        s.evalLimit = j.value("eval_limit", std::size_t(0));
        s.judgeSpec = j.at("judge").get<std::string>();
        s.dimensions = j.value("dimensions", std::vector<std::string>{});
        s.strategies = j.at("strategies").get<std::vector<std::string>>();
        s.seeds = j.at("seeds").get<std::vector<std::uint64_t>>();
        s.pairwise = j.value("pairwise", true);
        s.steps = j.at("steps").get<int>();
        s.batchSize = j.at("batch_size").get<int>();
        s.learningRate = j.at("learning_rate").get<double>();
        s.rank = j.at("rank").get<int>();
        s.alpha = j.at("alpha").get<double>();
        s.beta = j.at("beta").get<double>();
        s.maxLength = j.value("max_length", 512);
        s.device = j.value("device", std::string("auto"));
        s.maxNewTokens = j.at("max_new_tokens").get<int>();
        s.temperature = j.at("temperature").get<double>();
        s.topP = j.value("top_p", 1.0);
        s.rawPrompts = j.value("raw_prompts", false);
        if (j.contains("cuts")) {
            const auto cuts = j.at("cuts").get<std::vector<int>>();
            if (cuts.size() != 2)
                throw InputError(source + ": \"cuts\" must hold two layer indexes.");
            s.cut1 = cuts[0];
            s.cut2 = cuts[1];
        }
        s.report.bootstrapResamples = j.value("bootstrap_resamples", SweepSettings::ReportSettings{}.bootstrapResamples);
        s.report.alpha = j.value("significance_alpha", SweepSettings::ReportSettings{}.alpha);
    } catch (const json::exception& e) {
        throw InputError(source + " is not a valid sweep description: " + std::string(e.what()) + ".");
    }
    s.validate();
    return s;
}

void SweepSettings::validate() const
{
    if (modelDir.empty()) throw InputError("The sweep needs a model folder.");
    if (!fs::is_regular_file(modelDir / "config.json"))
        throw InputError(modelDir.string() + " is not a model folder: it has no config.json.");
    if (!fs::is_regular_file(dataFile)) throw InputError("The preference data " + dataFile.string() + " does not exist.");
    if (evalPromptFiles.empty()) throw InputError("The sweep needs eval prompts (--eval-prompts FILE).");
    for (const fs::path& f : evalPromptFiles)
        if (!fs::is_regular_file(f)) throw InputError("The eval prompts " + f.string() + " do not exist.");
    if (strategies.empty()) throw InputError("The sweep needs at least one strategy.");
    std::set<std::string> seen;
    for (const std::string& st : strategies) {
        if (!kStrategies.count(st))
            throw InputError("Unknown strategy \"" + st + "\" in the sweep; use base, full, local, mid or global.");
        if (!seen.insert(st).second) throw InputError("The strategy " + st + " is listed twice.");
    }
    if (seeds.empty()) throw InputError("The sweep needs at least one seed.");
    if (std::set<std::uint64_t>(seeds.begin(), seeds.end()).size() != seeds.size())
        throw InputError("A seed is listed twice in the sweep.");
    if (steps < 1) throw InputError("The sweep's steps must be at least 1.");
    if (batchSize < 1) throw InputError("The sweep's batch size must be at least 1.");
    if (!(learningRate > 0)) throw InputError("The sweep's learning rate must be more than 0.");
    if (rank < 1) throw InputError("The sweep's LoRA rank must be at least 1.");
    if (!(cut1 == -1 && cut2 == -1) && !(cut1 > 0 && cut2 > cut1))
        throw InputError("The sweep's cuts must be two layer indexes 0 < A < B (or none for the default thirds), got "
                         + std::to_string(cut1) + "," + std::to_string(cut2) + ".");
    if (cut2 >= 0) {
        const int layers = io::ModelConfig::load(modelDir / "config.json").numLayers;
        if (cut2 >= layers)
            throw InputError("The sweep's cuts " + std::to_string(cut1) + "," + std::to_string(cut2)
                             + " do not fit the model's " + std::to_string(layers) + " layers (need A < B < "
                             + std::to_string(layers) + ").");
    }
    if (maxNewTokens < 1) throw InputError("The sweep's max-new-tokens must be at least 1.");
    if (temperature < 0) throw InputError("The sweep's temperature must not be negative.");
    if (!(topP > 0 && topP <= 1)) throw InputError("The sweep's top-p must be in (0, 1].");
    if (report.bootstrapResamples < 100) throw InputError("The sweep needs at least 100 bootstrap resamples.");
    if (!(report.alpha > 0 && report.alpha < 0.5)) throw InputError("The sweep's significance level (alpha) must lie between 0 and 0.5.");
    judge::parseJudgeSpec(judgeSpec);
}

std::vector<SweepTask> sweepTasks(const SweepSettings& s)
{
    std::vector<SweepTask> tasks;
    for (std::uint64_t seed : s.seeds) {
        std::vector<std::string> order;
        if (std::find(s.strategies.begin(), s.strategies.end(), "base") != s.strategies.end()) order.push_back("base");
        for (const std::string& st : s.strategies)
            if (st != "base") order.push_back(st);
        for (const std::string& st : order) tasks.push_back({st + "-seed" + std::to_string(seed), st, seed});
    }
    return tasks;
}

void prepareSweep(const SweepSettings& settings, const fs::path& sweepDir)
{
    settings.validate();
    SweepSettings abs = settings;
    abs.modelDir = fs::absolute(settings.modelDir).lexically_normal();
    abs.dataFile = fs::absolute(settings.dataFile).lexically_normal();
    for (fs::path& f : abs.evalPromptFiles) f = fs::absolute(f).lexically_normal();
    readEvalPrompts(abs.evalPromptFiles, abs.evalLimit);   // bad prompts fail before anything is written
    const fs::path f = sweepDir / "sweep.json";
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
    fs::create_directories(sweepDir / "tasks");
    util::writeJsonAtomic(f, abs.toJson());
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

bool isReportSettingKey(const std::string& key)
{
    return key == "bootstrap_resamples" || key == "significance_alpha";
}

judge::SweepReportModel collect(const fs::path& sweepDir, const SweepCallbacks& callbacks,
                                const SweepSettings::ReportSettings* report)
{
    Context c = openContext(sweepDir);
    if (report) {
        c.settings.report = *report;
        c.settings.validate();
        util::writeJsonAtomic(sweepDir / "sweep.json", c.settings.toJson());
    }
    return collectIn(c, callbacks);
}

fs::path emitSlurm(const fs::path& sweepDir, const SlurmOptions& o)
{
    const SweepSettings s = readSweepSettings(sweepDir);
    const std::vector<SweepTask> tasks = sweepTasks(s);
    const fs::path dir = fs::absolute(sweepDir).lexically_normal();
    auto quote = [](const std::string& v) {
        std::string out = "'";
        for (char ch : v) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
        return out + "'";
    };
    std::ostringstream sh;
    sh << "#!/bin/bash\n"
       << "# One array task per strategy x seed of the sweep in " << dir.string() << ":\n";
    for (std::size_t i = 0; i < tasks.size(); ++i) sh << "#   " << i << "  " << tasks[i].name << "\n";
    sh << "# Submit with:\n"
       << "#   jid=$(sbatch --parsable " << (dir / "sweep.slurm").string() << ")\n"
       << "#   sbatch --dependency=afterany:$jid " << (dir / "sweep-collect.slurm").string() << "\n"
       << "#SBATCH --job-name=hialign-sweep\n"
       << "#SBATCH --array=0-" << tasks.size() - 1 << "\n"
       << "#SBATCH --output=" << (dir / "slurm" / "task-%a.out").string() << "\n"
       << "#SBATCH --cpus-per-task=" << o.cpusPerTask << "\n";
    if (o.gpusPerTask > 0) sh << "#SBATCH --gres=gpu:" << o.gpusPerTask << "\n";
    if (!o.partition.empty()) sh << "#SBATCH --partition=" << o.partition << "\n";
    if (!o.timeLimit.empty()) sh << "#SBATCH --time=" << o.timeLimit << "\n";
    if (!o.memory.empty()) sh << "#SBATCH --mem=" << o.memory << "\n";
    sh << "set -euo pipefail\n"
       << "exec " << quote(o.cliPath) << " sweep --task \"$SLURM_ARRAY_TASK_ID\" " << quote(dir.string()) << "\n";
    std::ostringstream col;
    col << "#!/bin/bash\n"
        << "# Aggregates whatever tasks of the sweep finished into report.json, report.csv and report.html.\n"
        << "#SBATCH --job-name=hialign-sweep-collect\n"
        << "#SBATCH --output=" << (dir / "slurm" / "collect.out").string() << "\n"
        << "#SBATCH --cpus-per-task=" << std::min(o.cpusPerTask, 2) << "\n";
    if (o.gpusPerTask > 0 && judge::parseJudgeSpec(s.judgeSpec).kind == "local")
        col << "#SBATCH --gres=gpu:1\n";
    if (!o.partition.empty()) col << "#SBATCH --partition=" << o.partition << "\n";
    if (!o.timeLimit.empty()) col << "#SBATCH --time=" << o.timeLimit << "\n";
    col << "set -euo pipefail\n"
        << "exec " << quote(o.cliPath) << " sweep --collect " << quote(dir.string()) << "\n";
    fs::create_directories(dir / "slurm");
    writeFileAtomic(dir / "sweep.slurm", sh.str());
    writeFileAtomic(dir / "sweep-collect.slurm", col.str());
    fs::permissions(dir / "sweep.slurm", fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add);
    fs::permissions(dir / "sweep-collect.slurm", fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add);
    return dir / "sweep.slurm";
}

} // namespace hialign::sweep

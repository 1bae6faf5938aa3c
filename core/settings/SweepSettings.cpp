#include "settings/SweepSettings.h"

#include <algorithm>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "config/ModelConfig.h"
#include "judge/JudgeSpec.h"
#include "settings/LabFolder.h"
#include "util/Error.h"
#include "util/Json.h"

namespace hialign::sweep {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::set<std::string> kStrategies = {"base", "full", "local", "mid", "global"};

} // namespace

model::GenerationOptions SweepSettings::generation() const
{
    model::GenerationOptions go;
    go.maxNewTokens = maxNewTokens;
    go.sampling.temperature = temperature;
    go.sampling.topP = topP;
    return go;
}

lab::EvalDecoding SweepSettings::decoding() const
{
    return {temperature, topP, maxNewTokens};
}

void SweepSettings::setDecoding(const lab::EvalDecoding& d)
{
    temperature = d.temperature;
    topP = d.topP;
    maxNewTokens = d.maxNewTokens;
}

SweepSettings SweepSettings::forModel(const fs::path& modelDir, bool* labDecoding)
{
    SweepSettings s;
    s.modelDir = modelDir;
    if (const std::optional<lab::LabFolder> lab = lab::LabFolder::ofModel(modelDir)) {
        s.dataFile = lab->preferences();
        s.evalPromptFiles = lab->evalPromptFiles();
        s.judgeSpec = "exact";
        s.evalLimit = lab::kLabEvalLimit;
    }
    const std::optional<lab::EvalDecoding> decoding = lab::readEvalDecoding(modelDir);
    if (decoding)
        s.setDecoding(*decoding);
    if (labDecoding)
        *labDecoding = decoding.has_value();
    return s;
}

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
            {"steps", recipe.steps},
            {"batch_size", recipe.batchSize},
            {"learning_rate", recipe.learningRate},
            {"rank", recipe.rank},
            {"alpha", recipe.alpha},
            {"beta", recipe.beta},
            {"max_length", recipe.maxLength},
            {"device", recipe.device},
            {"max_new_tokens", maxNewTokens},
            {"temperature", temperature},
            {"top_p", topP},
            {"raw_prompts", rawPrompts},
            {"bootstrap_resamples", report.bootstrapResamples},
            {"significance_alpha", report.alpha}};
    if (recipe.cut1 >= 0)   // written only when set, so sweeps with the default thirds keep their sweep.json
        j["cuts"] = {recipe.cut1, recipe.cut2};
    if (!rankFrom.empty())   // likewise: only sweeps with probe-ranked rows name a probe
        j["rank_from"] = rankFrom.string();
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
        s.recipe.steps = j.at("steps").get<int>();
        s.recipe.batchSize = j.at("batch_size").get<int>();
        s.recipe.learningRate = j.at("learning_rate").get<double>();
        s.recipe.rank = j.at("rank").get<int>();
        s.recipe.alpha = j.at("alpha").get<double>();
        s.recipe.beta = j.at("beta").get<double>();
        s.recipe.maxLength = j.value("max_length", s.recipe.maxLength);
        s.recipe.device = j.value("device", s.recipe.device);
        s.maxNewTokens = j.at("max_new_tokens").get<int>();
        s.temperature = j.at("temperature").get<double>();
        s.topP = j.value("top_p", 1.0);
        s.rawPrompts = j.value("raw_prompts", false);
        if (j.contains("cuts")) {
            const auto cuts = j.at("cuts").get<std::vector<int>>();
            if (cuts.size() != 2)
                throw InputError(source + ": \"cuts\" must hold two layer indexes.");
            s.recipe.cut1 = cuts[0];
            s.recipe.cut2 = cuts[1];
        }
        s.rankFrom = j.value("rank_from", std::string());
        s.report.bootstrapResamples = j.value("bootstrap_resamples", SweepSettings::ReportSettings{}.bootstrapResamples);
        s.report.alpha = j.value("significance_alpha", SweepSettings::ReportSettings{}.alpha);
    } catch (const json::exception& e) {
        throw InputError(source + " is not a valid sweep description: " + std::string(e.what()) + ".");
    }
    s.validate();
    return s;
}

namespace {

// What validate() refuses in the training recipe (the cuts must fit the
// model's layers), or nothing.
std::optional<std::string> recipeProblem(const train::TrainConfig& recipe, const fs::path& modelDir)
{
    if (recipe.steps < 1) return "The sweep's recipe.steps must be at least 1.";
    if (recipe.batchSize < 1) return "The sweep's batch size must be at least 1.";
    if (!(recipe.learningRate > 0)) return "The sweep's learning rate must be more than 0.";
    if (recipe.rank < 1) return "The sweep's LoRA recipe.rank must be at least 1.";
    if (!(recipe.cut1 == -1 && recipe.cut2 == -1) && !(recipe.cut1 > 0 && recipe.cut2 > recipe.cut1))
        return "The sweep's cuts must be two layer indexes 0 < A < B (or none for the default thirds), got " +
               std::to_string(recipe.cut1) + "," + std::to_string(recipe.cut2) + ".";
    if (recipe.cut2 >= 0) {
        const int layers = io::ModelConfig::loadFolder(modelDir).numLayers;
        if (recipe.cut2 >= layers)
            return "The sweep's cuts " + std::to_string(recipe.cut1) + "," + std::to_string(recipe.cut2) +
                   " do not fit the model's " + std::to_string(layers) + " layers (need A < B < " +
                   std::to_string(layers) + ").";
    }
    return std::nullopt;
}

} // namespace

std::optional<SweepSettings::Problem> SweepSettings::problem() const
{
    using Kind = Problem::Kind;
    const auto refuse = [](Kind kind, std::string message, fs::path file = {}) {
        return std::optional<Problem>(Problem{kind, std::move(message), std::move(file)});
    };
    if (modelDir.empty()) return refuse(Kind::ModelFolder, "The sweep needs a model folder.");
    if (!io::isModelFolder(modelDir))
        return refuse(Kind::ModelFolder, modelDir.string() + " is not a model folder: it has no config.json.");
    if (!fs::is_regular_file(dataFile))
        return refuse(Kind::DataFile, "The preference data " + dataFile.string() + " does not exist.");
    if (evalPromptFiles.empty()) return refuse(Kind::NoEvalPrompts, "The sweep needs eval prompts (--eval-prompts FILE).");
    for (const fs::path& f : evalPromptFiles)
        if (!fs::is_regular_file(f))
            return refuse(Kind::EvalPromptsFile, "The eval prompts " + f.string() + " do not exist.", f);
    if (strategies.empty()) return refuse(Kind::NoStrategy, "The sweep needs at least one strategy.");
    std::set<std::string> seen;
    bool probeRanked = false;
    for (const std::string& st : strategies) {
        const bool ranked = st.rfind(kProbeRankedPrefix, 0) == 0;
        if (ranked && probeRankedDimension(st).empty())
            return refuse(Kind::Other, "The strategy \"" + st + "\" names no dimension; write probe-ranked:DIMENSION.");
        if (!ranked && !kStrategies.count(st))
            return refuse(Kind::Other, "Unknown strategy \"" + st +
                                           "\" in the sweep; use base, full, local, mid, global or probe-ranked:DIMENSION.");
        if (!seen.insert(st).second) return refuse(Kind::Other, "The strategy " + st + " is listed twice.");
        probeRanked = probeRanked || ranked;
    }
    if (probeRanked && rankFrom.empty())
        return refuse(Kind::Other, "A probe-ranked strategy needs the probe its ranks come from (--rank-from PROBE_DIR).");
    if (!probeRanked && !rankFrom.empty())
        return refuse(Kind::Other, "The sweep names a probe (--rank-from) but no probe-ranked:DIMENSION strategy.");
    if (!rankFrom.empty() && !fs::exists(rankFrom))
        return refuse(Kind::Other, "The probe " + rankFrom.string() + " (--rank-from) does not exist.");
    if (seeds.empty()) return refuse(Kind::NoSeed, "The sweep needs at least one seed.");
    if (std::set<std::uint64_t>(seeds.begin(), seeds.end()).size() != seeds.size())
        return refuse(Kind::Other, "A seed is listed twice in the sweep.");
    if (auto p = recipeProblem(recipe, modelDir)) return refuse(Kind::Other, *p);
    if (maxNewTokens < 1) return refuse(Kind::Other, "The sweep's max-new-tokens must be at least 1.");
    if (temperature < 0) return refuse(Kind::Other, "The sweep's temperature must not be negative.");
    if (!(topP > 0 && topP <= 1)) return refuse(Kind::Other, "The sweep's top-p must be in (0, 1].");
    if (report.bootstrapResamples < 100) return refuse(Kind::Other, "The sweep needs at least 100 bootstrap resamples.");
    if (!(report.alpha > 0 && report.alpha < 0.5))
        return refuse(Kind::Other, "The sweep's significance level (alpha) must lie between 0 and 0.5.");
    try {
        judge::parseJudgeSpec(judgeSpec);
    } catch (const InputError& e) {
        return refuse(judgeSpec.empty() ? Kind::NoJudge : Kind::Other, e.what());
    }
    return std::nullopt;
}

void SweepSettings::validate() const
{
    if (const std::optional<Problem> p = problem()) throw InputError(p->message);
}

std::vector<SweepTask> sweepTasks(const SweepSettings& s)
{
    std::vector<SweepTask> tasks;
    for (std::uint64_t seed : s.seeds) {
        std::vector<std::string> order;
        if (std::find(s.strategies.begin(), s.strategies.end(), "base") != s.strategies.end()) order.push_back("base");
        for (const std::string& st : s.strategies)
            if (st != "base") order.push_back(st);
        for (const std::string& st : order) tasks.push_back({taskName(st, seed), st, seed});
    }
    return tasks;
}

train::TrainConfig trainConfigFor(const SweepSettings& s, const std::string& strategy, std::uint64_t seed)
{
    train::TrainConfig c = s.recipe;
    c.modelDir = s.modelDir.string();
    c.dataFile = s.dataFile.string();
    c.strategy = strategy;
    c.seed = seed;
    c.saveEvery = train::TrainConfig::saveEveryFor(c.steps);
    return c;
}

fs::path sweepSettingsFile(const fs::path& sweepDir)
{
    return sweepDir / "sweep.json";
}

void writeSweepSettings(const fs::path& sweepDir, const SweepSettings& settings)
{
    util::writeJsonAtomic(sweepSettingsFile(sweepDir), settings.toJson());
}

SweepSettings readSweepSettings(const fs::path& sweepDir)
{
    const fs::path f = sweepSettingsFile(sweepDir);
    if (!fs::is_regular_file(f)) throw InputError(sweepDir.string() + " is not a sweep folder: it has no sweep.json.");
    return SweepSettings::fromJson(util::readJsonFile(f), f.string());
}

bool isReportSettingKey(const std::string& key)
{
    return key == "bootstrap_resamples" || key == "significance_alpha";
}

std::string taskName(const std::string& strategy, std::uint64_t seed)
{
    std::string name = strategy;
    std::replace(name.begin(), name.end(), ':', '-');
    return name + "-seed" + std::to_string(seed);
}

std::string probeRankedDimension(const std::string& strategy)
{
    const std::string prefix = kProbeRankedPrefix;
    return strategy.rfind(prefix, 0) == 0 ? strategy.substr(prefix.size()) : std::string();
}

fs::path tasksDir(const fs::path& sweepDir)
{
    return sweepDir / "tasks";
}

fs::path taskDir(const fs::path& sweepDir, const std::string& task)
{
    return tasksDir(sweepDir) / task;
}

fs::path taskRecordFile(const fs::path& sweepDir, const std::string& task)
{
    return taskDir(sweepDir, task) / "task.json";
}

void writeTaskFinished(const fs::path& sweepDir, const std::string& task, double seconds, bool pairwiseDone)
{
    util::writeJsonAtomic(taskRecordFile(sweepDir, task),
                          {{"status", "finished"}, {"seconds", seconds}, {"pairwise_done", pairwiseDone}});
}

bool taskFinished(const fs::path& sweepDir, const std::string& task)
{
    const fs::path f = taskRecordFile(sweepDir, task);
    if (!fs::is_regular_file(f)) return false;
    const json j = json::parse(std::ifstream(f), nullptr, false);
    return !j.is_discarded() && j.value("status", "") == "finished";
}

} // namespace hialign::sweep

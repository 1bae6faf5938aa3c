#include "settings/RunInfo.h"

#include <algorithm>

#include "align/LayerPlan.h"
#include "config/ModelConfig.h"
#include "util/Error.h"
#include "util/Json.h"

namespace hialign::train {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

template <typename T>
T valueOr(const json& obj, const char* key, T fallback)
{
    if (!obj.is_object() || !obj.contains(key) || obj[key].is_null())
        return fallback;
    try {
        return obj[key].get<T>();
    } catch (const json::exception&) {
        return fallback;
    }
}

std::optional<double> numberOf(const json& obj, const char* key)
{
    if (obj.contains(key) && obj[key].is_number())
        return obj[key].get<double>();
    return std::nullopt;
}

// The number of decoder layers: the plan's, else run.json's model record,
// else the model folder's config.json. 0 when none says.
int numLayersOf(const json& run, const json& config)
{
    if (const int n = valueOr(run.value("layer_plan", json::object()), "num_layers", 0); n > 0)
        return n;
    if (const int n = valueOr(run.value("model", json::object()), "num_layers", 0); n > 0)
        return n;
    const std::string modelDir = valueOr(config, "model_dir", std::string());
    if (modelDir.empty() || !fs::is_regular_file(fs::path(modelDir) / "config.json"))
        return 0;
    return io::ModelConfig::load(fs::path(modelDir) / "config.json").numLayers;
}

// The run's layer plan: run.json's "layer_plan" as the trainer wrote it, else
// one made from the config's strategy, cuts and custom layers (as
// TrainConfig::makePlan does).
align::LayerPlan planOf(const json& run, const json& config, int numLayers, const std::string& source)
{
    if (run.contains("layer_plan") && run["layer_plan"].is_object())
        return align::LayerPlan::fromJson(run["layer_plan"], source + " layer_plan");
    json plan = {{"num_layers", numLayers}, {"strategy", valueOr(config, "strategy", std::string("full"))}};
    const auto cuts = valueOr(config, "cuts", std::vector<int>{-1, -1});
    if (cuts.size() == 2 && (cuts[0] >= 0 || cuts[1] >= 0)) {
        const align::LayerPlan defaults(numLayers);
        plan["cuts"] = {cuts[0] >= 0 ? cuts[0] : defaults.cut1(), cuts[1] >= 0 ? cuts[1] : defaults.cut2()};
    }
    if (plan["strategy"] == "custom")
        plan["custom_layers"] = valueOr(config, "layers", std::vector<int>{});
    return align::LayerPlan::fromJson(plan, source + " config");
}

void readMetrics(const fs::path& file, RunInfo& info)
{
    for (const json& m : util::readJsonlPrefix(file)) {
        if (!m.is_object())
            continue;
        info.lastStep = std::max(info.lastStep, valueOr(m, "step", std::int64_t(0)));
        if (m.contains("loss")) {
            info.loss = numberOf(m, "loss");
            info.margin = numberOf(m, "rewards/margins");
            info.accuracy = numberOf(m, "rewards/accuracies");
            info.lastMetrics = m;
        }
    }
}

bool hasCheckpoint(const fs::path& dir)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return false;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_directory(ec) && e.path().filename().string().rfind("step-", 0) == 0)
            return true;
    return false;
}

} // namespace

RunInfo readRunInfo(const fs::path& dir)
{
    const fs::path runJson = dir / "run.json";
    if (!fs::is_regular_file(runJson))
        throw InputError(dir.string() + " is not a run folder (no run.json)");
    const json run = util::readJsonFile(runJson);
    if (!run.is_object())
        throw InputError(runJson.string() + " is not a JSON object");

    RunInfo info;
    info.dir = dir;
    info.status = valueOr(run, "status", std::string("running"));
    info.message = valueOr(run, "message", std::string());
    info.config = run.value("config", json::object());
    const json& c = info.config;
    info.strategy = valueOr(c, "strategy", std::string());
    info.modelDir = valueOr(c, "model_dir", std::string());
    info.dataFile = valueOr(c, "data_file", std::string());
    info.totalSteps = valueOr(run, "total_steps", valueOr(c, "steps", std::int64_t(0)));
    info.rank = valueOr(c, "rank", 0);
    info.alpha = valueOr(c, "alpha", 0.0);
    info.beta = valueOr(c, "beta", 0.0);
    info.learningRate = valueOr(c, "learning_rate", 0.0);
    info.seed = valueOr(c, "seed", std::uint64_t(0));

    info.numLayers = numLayersOf(run, c);
    if (info.numLayers > 0 || run.contains("layer_plan")) {
        const align::LayerPlan plan = planOf(run, c, info.numLayers, runJson.string());
        info.numLayers = plan.numLayers();
        info.strategy = align::strategyName(plan.strategy());
        info.trainedLayers = plan.targetedLayers();
    }

    readMetrics(dir / "metrics.jsonl", info);
    std::error_code ec;
    info.hasAdapter = fs::exists(dir / "adapter" / "adapter_config.json", ec);
    info.hasCheckpoint = hasCheckpoint(dir / "checkpoints");
    return info;
}

std::vector<fs::path> runFoldersIn(const fs::path& workspace)
{
    std::vector<fs::path> runs;
    std::error_code ec;
    if (!fs::is_directory(workspace, ec))
        return runs;
    for (const auto& e : fs::directory_iterator(workspace, ec))
        if (e.is_directory(ec) && fs::is_regular_file(e.path() / "run.json", ec))
            runs.push_back(e.path());
    std::sort(runs.begin(), runs.end());
    return runs;
}

} // namespace hialign::train

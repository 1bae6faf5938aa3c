#include "settings/RunInfo.h"

#include <algorithm>

#include "align/LayerPlan.h"
#include "config/ModelConfig.h"
#include "settings/PeftAdapterFiles.h"
#include "settings/RunFolder.h"
#include "settings/StepMetrics.h"
#include "settings/TrainConfig.h"
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

// The number of decoder layers: the plan's, else run.json's model record,
// else the model folder's config.json. 0 when none says.
int numLayersOf(const json& run, const json& config)
{
    if (const int n = valueOr(run.value("layer_plan", json::object()), "num_layers", 0); n > 0)
        return n;
    if (const int n = valueOr(run.value("model", json::object()), "num_layers", 0); n > 0)
        return n;
    const std::string modelDir = valueOr(config, "model_dir", std::string());
    if (modelDir.empty() || !io::isModelFolder(modelDir))
        return 0;
    return io::ModelConfig::loadFolder(modelDir).numLayers;
}

// The run's layer plan: run.json's "layer_plan" as the trainer wrote it, else
// the one the config makes on the model's layers.
align::LayerPlan planOf(const json& run, const TrainConfig& config, int numLayers, const std::string& source)
{
    if (run.contains("layer_plan") && run["layer_plan"].is_object())
        return align::LayerPlan::fromJson(run["layer_plan"], source + " layer_plan");
    io::ModelConfig model;
    model.numLayers = numLayers;
    return config.makePlan(model);
}

void readMetrics(const fs::path& file, RunInfo& info)
{
    for (const StepMetrics& m : readMetricsFile(file)) {
        info.lastStep = std::max(info.lastStep, m.step);
        if (m.eval || !m.values.count("loss"))
            continue;
        auto number = [&m](const char* name) -> std::optional<double> {
            const auto it = m.values.find(name);
            return it == m.values.end() ? std::nullopt : std::optional<double>(it->second);
        };
        info.loss = number("loss");
        info.margin = number("rewards/margins");
        info.accuracy = number("rewards/accuracies");
        info.lastMetrics = m.toJson();
    }
}

} // namespace

RunInfo readRunInfo(const fs::path& dir)
{
    const RunFolder folder(dir);
    const json run = folder.readRunJson();
    const std::string source = folder.runJsonPath().string();
    if (!run.is_object())
        throw InputError(source + " is not a JSON object");

    RunInfo info;
    info.dir = dir;
    info.status = valueOr(run, "status", std::string("running"));
    info.message = valueOr(run, "message", std::string());
    info.config = run.value("config", json::object());
    const TrainConfig config = TrainConfig::fromJson(info.config, source + " config");
    info.strategy = config.strategy;
    info.modelDir = config.modelDir;
    info.dataFile = config.dataFile;
    info.totalSteps = valueOr(run, "total_steps", std::int64_t(config.steps));
    info.rank = config.rank;
    info.alpha = config.alpha;
    info.beta = config.beta;
    info.learningRate = config.learningRate;
    info.seed = config.seed;

    info.numLayers = numLayersOf(run, info.config);
    if (info.numLayers > 0 || run.contains("layer_plan")) {
        const align::LayerPlan plan = planOf(run, config, info.numLayers, source);
        info.numLayers = plan.numLayers();
        info.strategy = align::strategyName(plan.strategy());
        info.trainedLayers = plan.targetedLayers();
    }

    readMetrics(folder.metricsPath(), info);
    info.hasAdapter = isPeftAdapterFolder(folder.adapterDir());
    info.hasCheckpoint = folder.newestCheckpoint().has_value();
    return info;
}

std::vector<fs::path> runFoldersIn(const fs::path& workspace)
{
    std::vector<fs::path> runs;
    std::error_code ec;
    if (!fs::is_directory(workspace, ec))
        return runs;
    for (const auto& e : fs::directory_iterator(workspace, ec))
        if (e.is_directory(ec) && RunFolder(e.path()).exists())
            runs.push_back(e.path());
    std::sort(runs.begin(), runs.end());
    return runs;
}

} // namespace hialign::train

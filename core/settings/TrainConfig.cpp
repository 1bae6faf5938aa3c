#include "settings/TrainConfig.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "util/Error.h"

namespace hialign::train {

using nlohmann::json;

const char* scheduleName(Schedule s)
{
    switch (s) {
    case Schedule::Cosine: return "cosine";
    case Schedule::Linear: return "linear";
    case Schedule::Constant: return "constant";
    }
    return "cosine";
}

Schedule parseSchedule(const std::string& name)
{
    for (Schedule s : {Schedule::Cosine, Schedule::Linear, Schedule::Constant})
        if (name == scheduleName(s))
            return s;
    throw InputError("schedule \"" + name + "\" is not one of cosine, linear, constant");
}

double scheduleFactor(Schedule s, std::int64_t step, std::int64_t warmup, std::int64_t total)
{
    // The same operations in the same order as transformers' lambdas, so the
    // factors are equal to the last bit.
    if (step < warmup)
        return static_cast<double>(step) / static_cast<double>(std::max<std::int64_t>(1, warmup));
    const double span = static_cast<double>(std::max<std::int64_t>(1, total - warmup));
    switch (s) {
    case Schedule::Constant:
        return 1.0;
    case Schedule::Linear:
        return std::max(0.0, static_cast<double>(total - step) / span);
    case Schedule::Cosine: {
        const double progress = static_cast<double>(step - warmup) / span;
        constexpr double numCycles = 0.5;
        return std::max(0.0, 0.5 * (1.0 + std::cos(M_PI * numCycles * 2.0 * progress)));
    }
    }
    return 1.0;
}

std::int64_t warmupStepsFor(int warmupSteps, std::int64_t total)
{
    if (warmupSteps >= 0)
        return warmupSteps;
    return static_cast<std::int64_t>(std::ceil(0.1 * static_cast<double>(total)));
}

TrainConfig TrainConfig::interactiveDefaults()
{
    TrainConfig c;
    c.rank = 8;
    c.alpha = 16.0;
    c.learningRate = 1e-3;
    c.steps = 100;
    c.batchSize = 4;
    c.maxLength = 256;
    c.maxPromptLength = 128;
    c.evalEvery = 20;
    c.saveEvery = 25;
    return c;
}

TrainConfig TrainConfig::sweepDefaults()
{
    TrainConfig c;
    c.rank = 8;
    c.alpha = 16.0;
    c.learningRate = 2e-3;
    c.steps = 60;
    c.batchSize = 8;
    return c;
}

int TrainConfig::saveEveryFor(int steps)
{
    return std::max(10, steps / 4);
}

int TrainConfig::sampleEveryFor(int steps)
{
    return std::max(1, steps / 2);
}

void TrainConfig::setPlan(const align::LayerPlan& plan)
{
    strategy = align::strategyName(plan.strategy());
    layers.clear();
    if (plan.strategy() == align::Strategy::Custom)
        layers = plan.customLayers();
    layerRank = plan.layerRanks();
    if (plan.numLayers() >= 3) {
        cut1 = plan.cut1();
        cut2 = plan.cut2();
    }
}

align::LayerPlan TrainConfig::makePlan(const io::ModelConfig& model) const
{
    align::LayerPlan plan(model.numLayers);
    if (cut1 >= 0 || cut2 >= 0)
        plan.setCuts(cut1 >= 0 ? cut1 : plan.cut1(), cut2 >= 0 ? cut2 : plan.cut2());
    const align::Strategy s = align::parseStrategy(strategy);
    if (s == align::Strategy::Custom)
        plan.setCustomLayers(layers);
    else if (!layers.empty())
        throw InputError("a layer list was given, but the strategy is \"" + strategy + "\", not custom");
    plan.setStrategy(s);
    if (!targetModules.empty())
        plan.setTargetModules(targetModules);
    plan.setLoraAll({rank, alpha});
    for (int b = 0; b < 3; ++b)
        plan.setBlockLora(static_cast<align::Block>(b),
                          {blockRank[b] > 0 ? blockRank[b] : rank, blockAlpha[b] > 0 ? blockAlpha[b] : alpha});
    plan.setLayerRanks(layerRank);
    plan.validate();
    if (s == align::Strategy::Base)
        throw InputError("strategy \"base\" trains nothing; choose full, local, mid, global or custom");
    return plan;
}

void TrainConfig::validate() const
{
    auto need = [](bool ok, const std::string& what) {
        if (!ok)
            throw InputError(what);
    };
    need(rank >= 1, "rank must be at least 1, got " + std::to_string(rank));
    need(alpha > 0, "alpha must be positive");
    for (int b = 0; b < 3; ++b) {
        const std::string block = align::blockName(static_cast<align::Block>(b));
        need(blockRank[b] >= 0, "the " + block + " block's rank must not be negative");
        need(blockAlpha[b] >= 0, "the " + block + " block's alpha must not be negative");
    }
    for (const auto& [layer, r] : layerRank) {
        need(layer >= 0, "a per-layer rank names layer " + std::to_string(layer) + "; layers start at 0");
        need(r >= 1, "layer " + std::to_string(layer) + "'s rank must be at least 1, got " + std::to_string(r));
    }
    need(dropout >= 0 && dropout < 1, "dropout must lie in [0, 1)");
    need(beta > 0 && std::isfinite(beta), "beta must be positive");
    need(labelSmoothing >= 0 && labelSmoothing < 0.5, "label smoothing must lie in [0, 0.5)");
    need(sftWeight >= 0, "the SFT weight must not be negative");
    need(learningRate > 0 && std::isfinite(learningRate), "the learning rate must be positive");
    need(weightDecay >= 0, "weight decay must not be negative");
    need(batchSize >= 1, "batch size must be at least 1, got " + std::to_string(batchSize));
    need(gradAccum >= 1, "gradient accumulation must be at least 1, got " + std::to_string(gradAccum));
    need(warmupSteps >= -1, "warmup steps must not be negative, got " + std::to_string(warmupSteps)
                                + " (leave them out for 10% of the steps)");
    need(steps >= 0, "steps must not be negative");
    need(steps > 0 || epochs > 0, "give a positive number of steps or epochs");
    need(maxLength >= 2, "max length must be at least 2 tokens");
    need(maxPromptLength >= 1 && maxPromptLength < maxLength,
         "max prompt length must be at least 1 and below max length");
    need(evalFraction >= 0 && evalFraction < 1, "the eval fraction must lie in [0, 1)");
    need(evalEvery >= 0 && saveEvery >= 0 && logEvery >= 1, "eval, save and log intervals must not be negative");
    samples.validate();
}

json TrainConfig::toJson() const
{
    json j{{"model_dir", modelDir},
                {"data_file", dataFile},
                {"strategy", strategy},
                {"layers", layers},
                {"cuts", {cut1, cut2}},
                {"target_modules", targetModules},
                {"rank", rank},
                {"alpha", alpha},
                {"block_rank", blockRank},
                {"block_alpha", blockAlpha},
                {"dropout", dropout},
                {"rslora", rslora},
                {"loss", lossName(loss)},
                {"beta", beta},
                {"label_smoothing", labelSmoothing},
                {"sft_weight", sftWeight},
                {"learning_rate", learningRate},
                {"weight_decay", weightDecay},
                {"schedule", scheduleName(schedule)},
                {"warmup_steps", warmupSteps},
                {"max_grad_norm", maxGradNorm},
                {"batch_size", batchSize},
                {"grad_accum", gradAccum},
                {"steps", steps},
                {"epochs", epochs},
                {"max_length", maxLength},
                {"max_prompt_length", maxPromptLength},
                {"eval_fraction", evalFraction},
                {"skip_bad_records", skipBadRecords},
                {"shuffle", shuffle},
                {"template_completions", templateCompletions},
                {"eval_every", evalEvery},
                {"save_every", saveEvery},
                {"log_every", logEvery},
                {"save_initial", saveInitial},
                {"device", device},
                {"dtype", dtype},
                {"prefix_sharing", prefixSharing},
                {"prompt_sharing", promptSharing},
                {"precompute_reference", precomputeReference},
                {"gradient_checkpointing", gradientCheckpointing},
                {"seed", seed}};
    // Only a run that samples says so: run.json of every other run stays as it was.
    if (samples.enabled())
        j["samples"] = samples.toJson();
    if (!layerRank.empty())   // only when set: configurations without per-layer ranks keep their JSON
        j["layer_rank"] = align::layerRanksJson(layerRank);
    return j;
}

TrainConfig TrainConfig::fromJson(const json& j, const std::string& source)
{
    TrainConfig c;
    try {
        c.modelDir = j.at("model_dir").get<std::string>();
        c.dataFile = j.at("data_file").get<std::string>();
        c.strategy = j.at("strategy").get<std::string>();
        c.layers = j.value("layers", std::vector<int>{});
        const auto cuts = j.value("cuts", std::vector<int>{-1, -1});
        if (cuts.size() == 2) {
            c.cut1 = cuts[0];
            c.cut2 = cuts[1];
        }
        c.targetModules = j.value("target_modules", std::vector<std::string>{});
        c.rank = j.value("rank", c.rank);
        c.alpha = j.value("alpha", c.alpha);
        c.blockRank = j.value("block_rank", c.blockRank);
        c.blockAlpha = j.value("block_alpha", c.blockAlpha);
        if (j.contains("layer_rank"))
            c.layerRank = align::readLayerRanks(j["layer_rank"], source, "layer_rank");
        c.dropout = j.value("dropout", c.dropout);
        c.rslora = j.value("rslora", c.rslora);
        c.loss = parseLoss(j.value("loss", std::string("sigmoid")));
        c.beta = j.value("beta", c.beta);
        c.labelSmoothing = j.value("label_smoothing", c.labelSmoothing);
        c.sftWeight = j.value("sft_weight", c.sftWeight);
        c.learningRate = j.value("learning_rate", c.learningRate);
        c.weightDecay = j.value("weight_decay", c.weightDecay);
        c.schedule = parseSchedule(j.value("schedule", std::string("cosine")));
        c.warmupSteps = j.value("warmup_steps", c.warmupSteps);
        c.maxGradNorm = j.value("max_grad_norm", c.maxGradNorm);
        c.batchSize = j.value("batch_size", c.batchSize);
        c.gradAccum = j.value("grad_accum", c.gradAccum);
        c.steps = j.value("steps", c.steps);
        c.epochs = j.value("epochs", c.epochs);
        c.maxLength = j.value("max_length", c.maxLength);
        c.maxPromptLength = j.value("max_prompt_length", c.maxPromptLength);
        c.evalFraction = j.value("eval_fraction", c.evalFraction);
        c.skipBadRecords = j.value("skip_bad_records", c.skipBadRecords);
        c.shuffle = j.value("shuffle", c.shuffle);
        c.templateCompletions = j.value("template_completions", c.templateCompletions);
        c.evalEvery = j.value("eval_every", c.evalEvery);
        c.saveEvery = j.value("save_every", c.saveEvery);
        c.logEvery = j.value("log_every", c.logEvery);
        c.saveInitial = j.value("save_initial", c.saveInitial);
        c.device = j.value("device", c.device);
        c.dtype = j.value("dtype", c.dtype);
        c.prefixSharing = j.value("prefix_sharing", c.prefixSharing);
        c.promptSharing = j.value("prompt_sharing", c.promptSharing);
        c.precomputeReference = j.value("precompute_reference", c.precomputeReference);
        c.gradientCheckpointing = j.value("gradient_checkpointing", c.gradientCheckpointing);
        c.seed = j.value("seed", c.seed);
        if (j.contains("samples"))
            c.samples = SampleSettings::fromJson(j.at("samples"), source);
    } catch (const json::exception& e) {
        throw InputError(source + ": the training configuration is malformed (" + e.what() + ")");
    }
    c.validate();
    return c;
}

} // namespace hialign::train

#include "train/DpoTrainer.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <thread>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/cuda.h>
#include <torch/optim/adamw.h>
#include <torch/serialize.h>
#include <torch/version.h>

#include "align/ChatTemplate.h"
#include "align/PreferenceData.h"
#include "align/PreferenceBatcher.h"
#include "align/TokenizedPair.h"
#include "config/HubCache.h"
#include "model/Device.h"
#include "model/ModelBundle.h"
#include "tokenize/Tokenizer.h"
#include "train/DpoStep.h"
#include "train/LoraModel.h"
#include "train/PeftAdapter.h"
#include "train/TrainSession.h"
#include "settings/RunFolder.h"
#include "util/Error.h"
#include "util/Json.h"

namespace hialign::train {

namespace fs = std::filesystem;
using nlohmann::json;

// The tokenizing settings of a run.
align::TokenizeOptions tokenizeOptions(const TrainConfig& c, const align::ChatTemplate& chat)
{
    align::TokenizeOptions to;
    to.chat = chat;
    to.templateCompletions = c.templateCompletions;
    to.maxLength = c.maxLength;
    to.maxPromptLength = c.maxPromptLength;
    return to;
}

namespace detail {

void Session::prepare()
{
    cfg_.validate();
    model::LoadOptions lo;
    lo.device = model::parseDevice(cfg_.device);
    device_ = *lo.device;
    model::useDevice(device_);
    if (!cfg_.dtype.empty())
        lo.dtype = model::parseDtype(cfg_.dtype);   // default (LoadOptions): bf16 on CUDA, fp32 on the CPU
    plan_ = cfg_.makePlan(io::ModelConfig::loadFolder(cfg_.modelDir));

    // Data first: a bad file fails before the (slow) model load.
    const std::vector<align::PreferenceRecord> records = loadRecords();
    bundle_ = model::loadModelBundle(cfg_.modelDir, lo);
    tokenizePairs(records);
    scheduleSteps();
    createAdapters();
    loadSamplePrompts();

    settings_.loss = {cfg_.loss, cfg_.beta, cfg_.labelSmoothing};
    settings_.sftWeight = cfg_.sftWeight;
    settings_.sharedPrefixLayers = cfg_.prefixSharing ? plan_.lowestTargetedLayer() : 0;
    settings_.gradientCheckpointing = cfg_.gradientCheckpointing;
    layout_ = cfg_.promptSharing ? PairLayout::SharedPrompt : PairLayout::Separate;

    if (cfg_.precomputeReference)
        precomputeReference();
}

std::vector<align::PreferenceRecord> Session::loadRecords()
{
    align::LoadReport report;
    auto records = align::loadPreferences(cfg_.dataFile, cfg_.skipBadRecords, &report);
    loadedRecords_ = report.loaded;
    skippedRecords_ = report.skipped;
    if (report.skipped > 0)
        message("skipped " + std::to_string(report.skipped) + " bad record(s) of " + cfg_.dataFile
                + "; first: " + (report.problems.empty() ? std::string() : report.problems.front()));
    return records;
}

void Session::tokenizePairs(const std::vector<align::PreferenceRecord>& records)
{
    const align::ChatTemplate chat = align::detectChatTemplate(cfg_.modelDir);
    chatFormat_ = chat.format;
    pairs_ = align::tokenizeAll(records, *bundle_.tokenizer, tokenizeOptions(cfg_, chat));
    padId_ = align::paddingId(*bundle_.tokenizer);
    // Rotary positions past the model's own would run without a word and train on garbage.
    const std::int64_t positions = bundle_.model->config().maxPositions;   // 0: none known
    for (const auto& p : pairs_)
        if (positions > 0 && static_cast<std::int64_t>(p.length()) > positions)
            throw InputError("pair " + std::to_string(p.index + 1) + " of " + cfg_.dataFile + " is "
                             + std::to_string(p.length()) + " tokens long, more than the model's "
                             + std::to_string(positions) + " positions (max_position_embeddings); lower --max-length");
}

void Session::scheduleSteps()
{
    const auto split = align::splitTrainEval(pairs_.size(), cfg_.evalFraction, cfg_.seed);
    trainIdx_ = split.train;
    evalIdx_ = split.eval;
    if (trainIdx_.empty())
        throw InputError(cfg_.dataFile + " leaves no training pairs after the eval split");
    for (auto i : trainIdx_)
        trainLengths_.push_back(pairs_[i].length());
    const std::int64_t batchesPerEpoch
        = (static_cast<std::int64_t>(trainIdx_.size()) + cfg_.batchSize - 1) / cfg_.batchSize;
    stepsPerEpoch_ = std::max<std::int64_t>(1, batchesPerEpoch / cfg_.gradAccum);
    totalSteps_ = cfg_.steps > 0 ? cfg_.steps
                                 : std::max<std::int64_t>(1, std::llround(cfg_.epochs * stepsPerEpoch_));
    warmup_ = warmupStepsFor(cfg_.warmupSteps, totalSteps_);
}

void Session::createAdapters()
{
    // The global generator drives dropout.
    at::manual_seed(cfg_.seed);   // seeds the CPU and every GPU generator
    LoraOptions lopts;
    lopts.dropout = cfg_.dropout;
    lopts.rslora = cfg_.rslora;
    lopts.seed = cfg_.seed;
    lora_ = std::make_unique<LoraModel>(bundle_.model, plan_, lopts);
    for (const auto& a : lora_->adapters())
        baseNorms_.push_back(a.projection->weight().to(at::kFloat).norm().item<double>());
    torch::optim::AdamWOptions ao(cfg_.learningRate);
    ao.weight_decay(cfg_.weightDecay);
    optimizer_ = std::make_unique<torch::optim::AdamW>(lora_->parameters(), ao);
}

void Session::precomputeReference()
{
    message("precomputing reference log-probs for " + std::to_string(pairs_.size()) + " pairs");
    // In file order, batchSize pairs at a time, as TRL's precompute pass
    // does: with --no-shuffle these are the training batches themselves,
    // so the reference log-probs are those the step would compute.
    precomputed_.resize(pairs_.size());
    for (const auto& batch : align::sequentialBatches(pairs_.size(), static_cast<std::size_t>(cfg_.batchSize))) {
        std::vector<const align::TokenizedPair*> chunk;
        for (auto i : batch)
            chunk.push_back(&pairs_[i]);
        const PairBatch b = assemblePairs(chunk, padId_, bundle_.model->device(), layout_);
        const ReferenceScores scores = referenceScores(bundle_.model, b);   // chosen (n), rejected (n)
        for (std::size_t k = 0; k < batch.size(); ++k) {
            const auto row = static_cast<std::int64_t>(k);
            precomputed_[batch[k]] = {scores.chosen.narrow(0, row, 1).clone(),     // (1)
                                      scores.rejected.narrow(0, row, 1).clone()};  // (1)
        }
    }
}

json Session::runJson() const
{
    const fs::path modelDir(cfg_.modelDir);
    std::string weights = fs::exists(modelDir / "model.safetensors") ? "model.safetensors"
                                                                        : "model.safetensors.index.json";
    json run{{"format", "hialign-run/1"},
                {"status", "running"},
                {"message", ""},
                {"config", cfg_.toJson()},
                {"layer_plan", plan_.toJson()},
                {"model", {{"dir", fs::absolute(modelDir).string()},
                           {"config_fingerprint", fileFingerprint(io::configFileOf(modelDir))},
                           {"weights_fingerprint", fileFingerprint(modelDir / weights)},
                           {"num_layers", bundle_.config.numLayers},
                           {"parameters", bundle_.config.totalParameters()}}},
                {"data", {{"file", fs::absolute(cfg_.dataFile).string()},
                          {"fingerprint", fileFingerprint(cfg_.dataFile)},
                          {"records", loadedRecords_},
                          {"skipped", skippedRecords_},
                          {"train_pairs", trainIdx_.size()},
                          {"eval_pairs", evalIdx_.size()},
                          {"chat_format", align::chatFormatName(chatFormat_)}}},
                {"trainable_parameters", lora_->parameterCount()},
                {"trainable_share", plan_.trainableShare(bundle_.config)},
                {"total_steps", totalSteps_},
                {"device", bundle_.model->device().str()},
                {"dtype", model::dtypeLabel(bundle_.model->dtype())},
                {"versions", {{"hialign", HIALIGN_VERSION},
                              {"libtorch", std::to_string(TORCH_VERSION_MAJOR) + "."
                                               + std::to_string(TORCH_VERSION_MINOR) + "."
                                               + std::to_string(TORCH_VERSION_PATCH)}}}};
    // A model from the Hugging Face cache: its hub id and the snapshot's commit (config/HubCache.h).
    if (const auto hub = io::cachedModelOfSnapshot(modelDir)) {
        run["model"]["hub_id"] = hub->id;
        run["model"]["hub_commit"] = hub->commit;
    }
    return run;
}

double Session::learningRate(std::int64_t s) const
{
    // torch's LambdaLR sets base_lr * factor.
    return cfg_.learningRate * scheduleFactor(cfg_.schedule, s, warmup_, totalSteps_);
}

const std::vector<std::vector<std::size_t>>& Session::epochBatches(std::int64_t epoch)
{
    auto it = batchesByEpoch_.find(epoch);
    if (it == batchesByEpoch_.end()) {
        batchesByEpoch_.clear();   // only the current epoch is kept
        const auto batchSize = static_cast<std::size_t>(cfg_.batchSize);
        it = batchesByEpoch_
                 .emplace(epoch, cfg_.shuffle ? align::lengthGroupedBatches(trainLengths_, batchSize,
                                                                            cfg_.seed + static_cast<std::uint64_t>(epoch))
                                              : align::sequentialBatches(trainLengths_.size(), batchSize))
                 .first;
    }
    return it->second;
}

std::vector<const align::TokenizedPair*> Session::nextBatch(DataCursor& c)
{
    if (c.batch >= static_cast<std::int64_t>(epochBatches(c.epoch).size())) {
        ++c.epoch;
        c.batch = 0;
    }
    const auto& batch = epochBatches(c.epoch)[static_cast<size_t>(c.batch)];
    ++c.batch;
    std::vector<const align::TokenizedPair*> out;
    for (auto i : batch)
        out.push_back(&pairs_[trainIdx_[i]]);
    return out;
}

bool Session::waitWhilePaused() const
{
    if (!cancel_)
        return true;
    while (cancel_->pause.load() && !cancel_->cancel.load())
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return !cancel_->cancel.load();
}

void Session::emit(const StepMetrics& m)
{
    folder_.appendMetrics(m.toJson());
    if (cb_.onMetrics)
        cb_.onMetrics(m);
}

} // namespace detail

using detail::Session;

TrainOutcome DpoTrainer::train(const TrainConfig& config, const fs::path& runDir, const TrainCallbacks& callbacks,
                               CancelToken* cancel)
{
    RunFolder folder(runDir);
    if (folder.exists())
        throw InputError("run folder " + runDir.string() + " already holds a run; resume it or choose another folder");
    Session s(config, folder, callbacks, cancel);
    s.prepare();
    folder.create();
    folder.writeRunJson(s.runJson());
    try {
        return s.run();
    } catch (const std::exception& e) {
        folder.setStatus("failed", e.what());
        throw;
    }
}

TrainOutcome DpoTrainer::resume(const fs::path& runDir, const TrainCallbacks& callbacks, CancelToken* cancel,
                                const ResumeOverrides& overrides)
{
    RunFolder folder(runDir);
    const json run = folder.readRunJson();
    if (run.value("status", std::string()) == "finished")
        throw InputError("the run in " + runDir.string() + " has already finished");
    TrainConfig config = TrainConfig::fromJson(run.at("config"), folder.runJsonPath().string());
    if (overrides.device)
        config.device = *overrides.device;
    if (overrides.gradientCheckpointing)
        config.gradientCheckpointing = *overrides.gradientCheckpointing;
    Session s(config, folder, callbacks, cancel);
    s.prepare();
    if (auto step = folder.newestCheckpoint()) {
        s.restore(*step);
    } else {
        folder.truncateMetricsAfter(0);   // nothing to keep: start over
        truncateSamplesAfter(samplesFile(folder.dir()), -1);
    }
    folder.setStatus("running");
    try {
        return s.run();
    } catch (const std::exception& e) {
        folder.setStatus("failed", e.what());
        throw;
    }
}

std::size_t DpoTrainer::writeTokenizedPairs(const TrainConfig& config, const fs::path& out)
{
    config.validate();
    const auto records = align::loadPreferences(config.dataFile, config.skipBadRecords);
    const auto tokenizer = tok::loadTokenizer(config.modelDir);
    const auto pairs = align::tokenizeAll(records, *tokenizer,
                                          tokenizeOptions(config, align::detectChatTemplate(config.modelDir)));
    std::vector<json> lines;
    for (const auto& p : pairs)
        lines.push_back(json{{"index", p.index},
                             {"line", records[p.index].line},
                             {"prompt_ids", p.prompt},
                             {"chosen_ids", p.chosen},
                             {"rejected_ids", p.rejected}});
    util::writeJsonl(out, lines);
    return pairs.size();
}

} // namespace hialign::train

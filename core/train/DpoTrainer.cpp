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
#include "model/Device.h"
#include "model/ModelBundle.h"
#include "tokenize/Tokenizer.h"
#include "train/DpoStep.h"
#include "train/LoraModel.h"
#include "train/PeftAdapter.h"
#include "settings/RunFolder.h"
#include "util/Error.h"
#include "util/Json.h"

namespace hialign::train {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

// Divergence bounds (README, "Training"). A step whose numbers leave what a
// working model produces stops the run, and nothing of it is kept.
//
// A language model's mean logit stays within a few tens; 1e4 is past any
// working model and still far below where fp32 and bf16 overflow.
constexpr double kMaxMeanLogit = 1e4;
// An adapter's update ||s B A||_F against the Frobenius norm of the base
// weight it adds to (taken as at least 1). An MLP chains three adapted
// projections (down of gate * up), so a ratio rho scales activations by up to
// rho^3, and the final RMSNorm squares them: near rho = 2e6 the mean of
// squares overflows fp32 and bf16, the norm's output and with it every logit
// is exactly 0, and no gradient flows. 1e4 keeps two orders of magnitude from
// that; stories260k runs stay near 0.1 at lr 2e-3 and below 30 at lr 0.1.
constexpr double kMaxUpdateRatio = 1e4;

// clip_grad_norm_ (torch.nn.utils) without reading the norm back: scales the
// gradients to a total 2-norm of at most maxNorm (no clipping when maxNorm <= 0)
// and returns the norm before clipping, () on the device.
at::Tensor clipGradNorm(const std::vector<at::Tensor>& params, double maxNorm)
{
    at::NoGradGuard noGrad;
    std::vector<at::Tensor> grads, norms;
    for (const auto& p : params)
        if (p.grad().defined()) {
            grads.push_back(p.grad());
            norms.push_back(p.grad().norm(2));
        }
    if (norms.empty())
        return at::zeros({}, params.empty() ? at::TensorOptions() : params.front().options());
    const at::Tensor total = at::stack(norms).norm(2);   // ()
    if (maxNorm > 0) {
        const at::Tensor coef = (maxNorm / (total + 1e-6)).clamp_max(1.0);   // as LibTorch's and PyTorch's
        for (auto& g : grads)
            g.mul_(coef);
    }
    return total;
}

std::string sci(double v)   // 2.1e+16
{
    if (std::isnan(v))
        return "nan";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2g", v);
    return buf;
}

} // namespace

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

namespace {

// Where the trainer is in the data: epoch and batch within the epoch.
struct DataCursor {
    std::int64_t epoch = 0;
    std::int64_t batch = 0;
};

struct Accumulator;

// How a run ends before its last step: the status and message for finish().
struct Stop {
    std::string status;
    std::string message;
};

// Everything a run needs in memory.
class Session {
public:
    Session(TrainConfig config, RunFolder folder, const TrainCallbacks& cb, CancelToken* cancel)
        : cfg_(std::move(config)), folder_(std::move(folder)), cb_(cb), cancel_(cancel)
    {
    }

    void prepare();                          // load model, data, adapters, optimizer
    void restore(std::int64_t step);         // from checkpoints/step-N
    TrainOutcome run();
    json runJson() const;
    void setGradientCheckpointing(bool on) { cfg_.gradientCheckpointing = on; }

private:
    // The parts of prepare(), in order.
    std::vector<align::PreferenceRecord> loadRecords();   // the data file, its skipped records reported
    void tokenizePairs(const std::vector<align::PreferenceRecord>& records);   // pairs_, checked against positions
    void scheduleSteps();                                 // train/eval split, steps per epoch, total, warmup
    void createAdapters();                                // LoRA adapters and the optimizer
    void precomputeReference();                           // reference log-probs of every pair
    void message(const std::string& m) const
    {
        if (cb_.onMessage)
            cb_.onMessage(m);
    }
    double learningRate(std::int64_t step) const;   // step: 0-based index of the optimizer step
    const std::vector<std::vector<std::size_t>>& epochBatches(std::int64_t epoch);
    std::vector<const align::TokenizedPair*> nextBatch(DataCursor& cursor);
    StepMetrics evaluate(std::int64_t step);
    void saveCheckpoint(std::int64_t step);
    void emit(const StepMetrics& m);
    bool waitWhilePaused() const;   // false when cancelled
    // What diverged in a forward pass, from its read-back health (forwardHealth), or nothing.
    static std::optional<std::string> forwardDivergence(double meanLogit, double logpSum);
    // What diverged in the adapters after an optimizer step, from their update norms, or nothing.
    std::optional<std::string> adapterDivergence(const double* updateNorms) const;
    at::Tensor adapterUpdateNorms() const;   // (adapters) double, on the device: ||B A||_F
    // The one sentence for a diverged step; `fromUpdate`: the optimizer step made it;
    // `stepIndex`: the 0-based index of the step that diverged.
    std::string divergence(const std::string& what, std::int64_t lastSaved, bool fromUpdate,
                           std::int64_t stepIndex) const;
    // Reads back every pending step's health in one sync and stops at the
    // first that diverged; the last step's gradient norm into gradNorm.
    std::optional<Stop> checkPending(std::int64_t lastSaved, double& gradNorm);
    template <typename Finish>
    TrainOutcome steps(std::int64_t& lastSaved, Finish& finish);   // the step loop of run()
    // One optimizer step of steps(); a Stop when the run ends there.
    std::optional<Stop> trainStep(const std::vector<at::Tensor>& params, std::int64_t& lastSaved);
    double startStep();   // the learning rate set for this step, gradients zeroed
    // The micro-batches of one step: forward, divergence checks, backward.
    std::optional<Stop> accumulate(DataCursor& cursor, Accumulator& acc, std::int64_t lastSaved);
    std::optional<Stop> microBatch(DataCursor& cursor, Accumulator& acc, std::int64_t lastSaved);
    const ReferenceScores* referenceFor(const std::vector<const align::TokenizedPair*>& batch,
                                        ReferenceScores& ref) const;
    Stop stopCancelled(std::int64_t& lastSaved);
    // Clip, step the optimizer; the step's health joins the pending checks.
    void update(const std::vector<at::Tensor>& params, bool logged, StepMetrics& m);
    void recordStep(StepMetrics& m, const Accumulator& acc, Clock::time_point t0, double lr, double gradNorm,
                    bool logged);
    void evalAndSave(std::int64_t& lastSaved);   // after a step, when due
    void completeRun();                          // final eval, checkpoint and adapter

    TrainConfig cfg_;
    RunFolder folder_;
    TrainCallbacks cb_;
    CancelToken* cancel_;

    model::ModelBundle bundle_;
    align::LayerPlan plan_;
    std::unique_ptr<LoraModel> lora_;
    std::unique_ptr<torch::optim::AdamW> optimizer_;
    std::vector<align::TokenizedPair> pairs_;
    std::vector<std::size_t> trainIdx_, evalIdx_;
    std::vector<std::size_t> trainLengths_;
    std::vector<ReferenceScores> precomputed_;   // per pair, when asked
    std::vector<double> baseNorms_;              // per adapter: ||W||_F of the weight it adds to
    std::map<std::int64_t, std::vector<std::vector<std::size_t>>> batchesByEpoch_;
    DpoStepSettings settings_;
    PairLayout layout_ = PairLayout::SharedPrompt;
    align::ChatFormat chatFormat_ = align::ChatFormat::Plain;
    std::int32_t padId_ = 0;
    std::int64_t totalSteps_ = 0;
    std::int64_t stepsPerEpoch_ = 0;
    std::int64_t warmup_ = 0;
    std::int64_t step_ = 0;
    DataCursor cursor_;
    // Divergence checks not read back yet (docs/ARCHITECTURE.md, "Host syncs"):
    // the step path stays on the device until a step is logged, checkpointed,
    // evaluated, cancelled or the last.
    struct PendingCheck {
        std::int64_t step;        // 0-based step index
        at::Tensor forward;       // (micro-batches, 3) double: |mean logit| max, summed log-probs, loss
        at::Tensor gradNorm;      // () before clipping
        at::Tensor adapterNorms;  // (adapters) double
    };
    std::vector<at::Tensor> pendingForward_;   // this step's micro-batches so far: (3) each
    std::vector<PendingCheck> pending_;
    std::size_t loadedRecords_ = 0, skippedRecords_ = 0;
    at::Device device_{at::kCPU};
};

void Session::prepare()
{
    cfg_.validate();
    model::LoadOptions lo;
    lo.device = model::parseDevice(cfg_.device);
    device_ = *lo.device;
    model::useDevice(device_);
    if (!cfg_.dtype.empty())
        lo.dtype = model::parseDtype(cfg_.dtype);   // default (LoadOptions): bf16 on CUDA, fp32 on the CPU
    plan_ = cfg_.makePlan(io::ModelConfig::load(fs::path(cfg_.modelDir) / "config.json"));

    // Data first: a bad file fails before the (slow) model load.
    const std::vector<align::PreferenceRecord> records = loadRecords();
    bundle_ = model::loadModelBundle(cfg_.modelDir, lo);
    tokenizePairs(records);
    scheduleSteps();
    createAdapters();

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
    return json{{"format", "hialign-run/1"},
                {"status", "running"},
                {"message", ""},
                {"config", cfg_.toJson()},
                {"layer_plan", plan_.toJson()},
                {"model", {{"dir", fs::absolute(modelDir).string()},
                           {"config_fingerprint", fileFingerprint(modelDir / "config.json")},
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

// (3) double on the device: the largest |mean logit| over completion positions
// of any sequence, the summed log-probs and the loss; NaN survives max and sum.
at::Tensor forwardHealth(const DpoStepOutput& o)
{
    const at::Tensor meanLogit = at::cat({o.logitsChosen / o.chosenTokens.clamp_min(1),
                                          o.logitsRejected / o.rejectedTokens.clamp_min(1)});   // (2B)
    const at::Tensor logps = at::cat({o.policyChosen, o.policyRejected});                        // (2B)
    return at::stack({meanLogit.abs().max(), logps.sum(), o.loss.detach().to(at::kFloat)}).to(at::kDouble);
}

std::optional<std::string> Session::forwardDivergence(double logit, double logp)
{
    if (!std::isfinite(logit))
        return "the policy logits are not finite";
    if (logit > kMaxMeanLogit)
        return "the policy's mean logit reached " + sci(logit) + " (bound " + sci(kMaxMeanLogit) + ")";
    if (!std::isfinite(logp))
        return "the policy log-probs are not finite";
    return std::nullopt;
}

at::Tensor Session::adapterUpdateNorms() const
{
    at::NoGradGuard noGrad;
    // ||B A||_F^2 = sum((B^T B) * (A A^T)) per adapter, in double so that a
    // runaway norm reads as a number rather than inf.
    const auto& adapters = lora_->adapters();
    std::vector<at::Tensor> sq;
    for (const auto& a : adapters) {
        const at::Tensor A = a.lora->lora_A.to(at::kDouble);   // (r, in)
        const at::Tensor B = a.lora->lora_B.to(at::kDouble);   // (out, r)
        sq.push_back((at::matmul(B.t(), B) * at::matmul(A, A.t())).sum());
    }
    if (sq.empty())
        return at::zeros({0}, at::TensorOptions().dtype(at::kDouble).device(device_));
    return at::stack(sq).abs().sqrt();   // (adapters), NaN and inf kept
}

std::optional<std::string> Session::adapterDivergence(const double* n) const
{
    const auto& adapters = lora_->adapters();
    std::size_t worst = 0;
    double worstRatio = -1.0;
    for (std::size_t i = 0; i < adapters.size(); ++i) {
        const double update = adapters[i].lora->hyper().scaling() * n[i];
        const double ratio = update / std::max(baseNorms_[i], 1.0);
        if (!std::isfinite(ratio)) {
            worst = i;
            worstRatio = ratio;
            break;
        }
        if (ratio > worstRatio) {
            worst = i;
            worstRatio = ratio;
        }
    }
    if (adapters.empty() || (std::isfinite(worstRatio) && worstRatio <= kMaxUpdateRatio))
        return std::nullopt;
    const auto& a = adapters[worst];
    const std::string where = LoraModel::modulePath(a.slot.layer, a.slot.module);
    const double update = a.lora->hyper().scaling() * n[worst];
    if (!std::isfinite(update))
        return "LoRA update norm " + sci(update) + " on " + where;
    return "LoRA update norm " + sci(update) + " on " + where + ", " + sci(worstRatio)
           + " times its base weight's norm (bound " + sci(kMaxUpdateRatio) + ")";
}

std::string Session::divergence(const std::string& what, std::int64_t lastSaved, bool fromUpdate,
                                std::int64_t stepIndex) const
{
    // Before the first update the adapters add nothing: the base model gave these numbers.
    const std::string hint = fromUpdate || stepIndex > 0 ? "lower the learning rate (--lr)"
                                                      : "the adapters are still zero, so check the model's weights "
                                                        "and dtype (--dtype)";
    const std::string last = lastSaved >= 0 ? "step " + std::to_string(lastSaved) : "none yet";
    return "step " + std::to_string(stepIndex + 1) + " diverged: " + what + "; " + hint + "; last checkpoint kept: " + last;
}

// Running means over the pairs of one optimizer step (or an eval pass). The
// sums stay on the device and are read back once, when the step is logged.
struct Accumulator {
    // loss, nll, rewards chosen, rewards rejected, accuracies, margins, logps chosen,
    // logps rejected, logits chosen, logits rejected, chosen tokens, rejected tokens
    at::Tensor sums;   // (12) double, on the device
    double pairs = 0, batches = 0, tokens = 0;

    void add(const DpoStepOutput& o, std::int64_t batchTokens)
    {
        const at::Tensor c = o.chosenRewards.to(at::kDouble), r = o.rejectedRewards.to(at::kDouble);   // (B)
        const auto d = [](const at::Tensor& t) { return t.to(at::kDouble); };
        const at::Tensor v = at::stack({d(o.loss.detach()), d(o.nll), c.sum(), r.sum(), (c > r).to(at::kDouble).sum(),
                                        (c - r).sum(), d(o.policyChosen.sum()), d(o.policyRejected.sum()),
                                        d(o.logitsChosen.sum()), d(o.logitsRejected.sum()),
                                        d(o.chosenTokens.sum()), d(o.rejectedTokens.sum())});   // (12)
        sums = sums.defined() ? sums + v : v;
        pairs += static_cast<double>(c.size(0));
        batches += 1;
        tokens += static_cast<double>(batchTokens);
    }

    void into(StepMetrics& m) const
    {
        if (!sums.defined())
            return;
        const at::Tensor host = sums.to(at::kCPU);   // the one sync
        const double* v = host.data_ptr<double>();
        m.values["loss"] = v[0] / std::max(1.0, batches);
        m.values["nll_loss"] = v[1] / std::max(1.0, batches);
        m.values["rewards/chosen"] = v[2] / pairs;
        m.values["rewards/rejected"] = v[3] / pairs;
        m.values["rewards/accuracies"] = v[4] / pairs;
        m.values["rewards/margins"] = v[5] / pairs;
        m.values["logps/chosen"] = v[6] / pairs;
        m.values["logps/rejected"] = v[7] / pairs;
        m.values["logits/chosen"] = v[8] / std::max(1.0, v[10]);
        m.values["logits/rejected"] = v[9] / std::max(1.0, v[11]);
    }
};

StepMetrics Session::evaluate(std::int64_t step)
{
    StepMetrics m;
    m.step = step;
    m.totalSteps = totalSteps_;
    m.eval = true;
    m.epoch = static_cast<double>(step) / static_cast<double>(stepsPerEpoch_);
    at::NoGradGuard noGrad;
    lora_->train(false);
    Accumulator acc;
    for (std::size_t s = 0; s < evalIdx_.size(); s += static_cast<size_t>(cfg_.batchSize)) {
        std::vector<const align::TokenizedPair*> batch;
        for (std::size_t i = s; i < std::min(evalIdx_.size(), s + static_cast<size_t>(cfg_.batchSize)); ++i)
            batch.push_back(&pairs_[evalIdx_[i]]);
        const PairBatch pb = assemblePairs(batch, padId_, bundle_.model->device(), layout_);
        const DpoStepOutput o = dpoForward(bundle_.model, pb, settings_);
        acc.add(o, pb.tokens);
    }
    lora_->train(true);
    acc.into(m);
    return m;
}

void Session::saveCheckpoint(std::int64_t step)
{
    const fs::path final = folder_.checkpointDir(step);
    if (fs::exists(final / "trainer_state.json"))
        return;
    const fs::path tmp = folder_.checkpointsDir() / (".tmp-step-" + std::to_string(step));
    std::error_code ec;
    fs::remove_all(tmp, ec);
    fs::create_directories(tmp);
    savePeftAdapter(tmp / "adapter", *lora_, fs::absolute(cfg_.modelDir).string());
    {
        torch::serialize::OutputArchive archive;
        optimizer_->save(archive);
        archive.save_to((tmp / "optimizer.pt").string());
    }
    {
        torch::serialize::OutputArchive archive;
        archive.write("cpu_rng", model::generatorState(at::Device(at::kCPU)));
        // On a GPU, dropout draws from that GPU's generator: its state makes a
        // resume on the same GPU repeat the uninterrupted run.
        if (device_.is_cuda())
            archive.write("cuda_rng", model::generatorState(device_));
        archive.save_to((tmp / "rng.pt").string());
    }
    // Written last: its presence marks the checkpoint complete.
    util::writeJsonAtomic(tmp / "trainer_state.json",
                               json{{"step", step},
                                    {"epoch", cursor_.epoch},
                                    {"batch", cursor_.batch},
                                    {"total_steps", totalSteps_}});
    fs::remove_all(final, ec);
    fs::rename(tmp, final);
}

void Session::restore(std::int64_t step)
{
    const fs::path dir = folder_.checkpointDir(step);
    const json state = util::readJsonFile(dir / "trainer_state.json");
    io::SafetensorsFile file(dir / "adapter" / "adapter_model.safetensors");
    std::map<std::string, at::Tensor> tensors;
    for (const auto& e : file.header().tensors)
        tensors[e.name] = file.tensor(e.name);
    lora_->loadPeftTensors(tensors, (dir / "adapter").string());
    {
        torch::serialize::InputArchive archive;
        // The optimizer state goes to this run's device (a resume may move it).
        archive.load_from((dir / "optimizer.pt").string(), device_);
        optimizer_->load(archive);
    }
    {
        torch::serialize::InputArchive archive;
        archive.load_from((dir / "rng.pt").string(), at::Device(at::kCPU));
        at::Tensor rng;
        archive.read("cpu_rng", rng);
        model::setGeneratorState(at::Device(at::kCPU), rng);
        at::Tensor cudaRng;
        if (device_.is_cuda() && archive.try_read("cuda_rng", cudaRng))
            model::setGeneratorState(device_, cudaRng);
    }
    step_ = state.at("step").get<std::int64_t>();
    cursor_.epoch = state.at("epoch").get<std::int64_t>();
    cursor_.batch = state.at("batch").get<std::int64_t>();
    folder_.truncateMetricsAfter(step_);
    message("resumed from checkpoint step " + std::to_string(step_));
}

TrainOutcome Session::run()
{
    TrainOutcome out;
    out.totalSteps = totalSteps_;
    lora_->train(true);
    std::int64_t lastSaved = folder_.newestCheckpoint().value_or(-1);
    if (cfg_.saveInitial && step_ == 0 && lastSaved < 0) {
        saveCheckpoint(0);   // the adapters as initialised, before any update
        lastSaved = 0;
    }
    auto finish = [&](const std::string& status, const std::string& msg) {
        out.status = status;
        out.message = msg;
        out.steps = step_;
        folder_.setStatus(status, msg);
        return out;   // the caller reports the outcome (the GUI in its own words)
    };

    try {
        return steps(lastSaved, finish);
    } catch (const std::exception& e) {
        if (!model::isOutOfMemory(e))
            throw;
        // Nothing of the failed step was applied: the adapters and optimizer
        // are those of step_, and the newest checkpoint is untouched.
        optimizer_->zero_grad();
        model::releaseCachedMemory(device_);
        const std::string last = lastSaved >= 0 ? "step " + std::to_string(lastSaved) : "none yet";
        return finish("failed", "step " + std::to_string(step_ + 1) + " ran out of memory on "
                                    + device_.str() + ": lower the pairs per step (--batch) or the maximum "
                                    "length (--max-length), or turn on gradient checkpointing "
                                    "(resume --gradient-checkpointing); last checkpoint kept: " + last);
    }
}

template <typename Finish>
TrainOutcome Session::steps(std::int64_t& lastSaved, Finish& finish)
{
    const auto params = lora_->parameters();
    while (step_ < totalSteps_)
        if (const auto stop = trainStep(params, lastSaved))
            return finish(stop->status, stop->message);
    completeRun();
    return finish("finished", "finished " + std::to_string(step_) + " steps");
}

std::optional<Stop> Session::trainStep(const std::vector<at::Tensor>& params, std::int64_t& lastSaved)
{
    if (cb_.beforeStep)
        cb_.beforeStep(step_);
    const auto t0 = Clock::now();
    const double lr = startStep();

    DataCursor cursor = cursor_;
    Accumulator acc;
    if (auto stop = accumulate(cursor, acc, lastSaved))
        return stop;

    StepMetrics m;
    // Per-layer norms cost a device sync per adapter: only for steps that are logged.
    const std::int64_t next = step_ + 1;
    const bool logged = next % cfg_.logEvery == 0 || next == totalSteps_;
    update(params, logged, m);
    // The pending checks are read back before anything of this step counts:
    // before it is logged, evaluated or checkpointed, and at the end.
    const bool due = logged || next == totalSteps_ || (cfg_.saveEvery > 0 && next % cfg_.saveEvery == 0)
                     || (!evalIdx_.empty() && cfg_.evalEvery > 0 && next % cfg_.evalEvery == 0);
    double gradNorm = std::numeric_limits<double>::quiet_NaN();
    if (due)
        if (auto stop = checkPending(lastSaved, gradNorm))
            return stop;
    ++step_;
    cursor_ = cursor;
    recordStep(m, acc, t0, lr, gradNorm, logged);
    evalAndSave(lastSaved);
    return std::nullopt;
}

double Session::startStep()
{
    const double lr = learningRate(step_);
    for (auto& group : optimizer_->param_groups())
        static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
    optimizer_->zero_grad();
    return lr;
}

std::optional<Stop> Session::accumulate(DataCursor& cursor, Accumulator& acc, std::int64_t lastSaved)
{
    for (int micro = 0; micro < cfg_.gradAccum; ++micro) {
        if (!waitWhilePaused())
            return stopCancelled(lastSaved);
        if (auto stop = microBatch(cursor, acc, lastSaved))
            return stop;
    }
    return std::nullopt;
}

std::optional<Stop> Session::microBatch(DataCursor& cursor, Accumulator& acc, std::int64_t lastSaved)
{
    const auto batch = nextBatch(cursor);
    const PairBatch pb = assemblePairs(batch, padId_, bundle_.model->device(), layout_);
    ReferenceScores ref;
    DpoStepOutput o = dpoForward(bundle_.model, pb, settings_, referenceFor(batch, ref));
    // Read back with the step's other checks (checkPending), not here.
    pendingForward_.push_back(forwardHealth(o));   // (3)
    (o.loss / static_cast<double>(cfg_.gradAccum)).backward();
    acc.add(o, pb.tokens);
    (void)lastSaved;
    return std::nullopt;
}

// The precomputed reference log-probs of the batch's pairs (chosen [B], rejected [B]), or nullptr.
const ReferenceScores* Session::referenceFor(const std::vector<const align::TokenizedPair*>& batch,
                                             ReferenceScores& ref) const
{
    if (precomputed_.empty())
        return nullptr;
    std::vector<at::Tensor> c, r;
    for (const auto* p : batch) {
        c.push_back(precomputed_[p->index].chosen);     // [1]
        r.push_back(precomputed_[p->index].rejected);   // [1]
    }
    ref = {at::cat(c), at::cat(r)};                     // [B], [B]
    return &ref;
}

Stop Session::stopCancelled(std::int64_t& lastSaved)
{
    pendingForward_.clear();   // the cancelled step's micro-batches: never applied
    double gradNorm = 0;
    if (auto stop = checkPending(lastSaved, gradNorm))
        return *stop;          // a diverged earlier step is the news, not the cancel
    optimizer_->zero_grad();
    if (step_ > lastSaved && step_ > 0) {
        saveCheckpoint(step_);
        lastSaved = step_;
    }
    return Stop{"stopped", "stopped at step " + std::to_string(step_) + " of " + std::to_string(totalSteps_)
                               + "; resume continues from there"};
}

void Session::update(const std::vector<at::Tensor>& params, bool logged, StepMetrics& m)
{
    if (logged) {
        const LayerNorms gn = lora_->gradNorms();   // before clipping
        m.gradNorm = gn.perLayer;
        m.gradNormByModule = gn.perModule;
    }
    const at::Tensor gradNorm = clipGradNorm(params, cfg_.maxGradNorm);   // () on the device
    optimizer_->step();
    // A diverged step is found before it is logged, checkpointed or saved as
    // the adapter (checkPending); the session ends with it.
    pending_.push_back({step_, at::stack(pendingForward_), gradNorm, adapterUpdateNorms()});
    pendingForward_.clear();
}

std::optional<Stop> Session::checkPending(std::int64_t lastSaved, double& gradNorm)
{
    if (pending_.empty())
        return std::nullopt;
    std::vector<at::Tensor> flat;
    for (const auto& p : pending_) {
        flat.push_back(p.forward.reshape({-1}));
        flat.push_back(p.gradNorm.to(at::kDouble).reshape({1}));
        flat.push_back(p.adapterNorms.reshape({-1}));
    }
    const at::Tensor host = at::cat(flat).to(at::kCPU);   // the one sync
    const double* v = host.data_ptr<double>();
    const std::vector<PendingCheck> checks = std::move(pending_);
    pending_.clear();
    const auto fail = [&](const std::string& what, bool fromUpdate, std::int64_t step) {
        optimizer_->zero_grad();
        return Stop{"failed", divergence(what, lastSaved, fromUpdate, step)};
    };
    for (const auto& p : checks) {
        for (std::int64_t micro = 0; micro < p.forward.size(0); ++micro, v += 3) {
            if (const auto what = forwardDivergence(v[0], v[1]))
                return fail(*what, false, p.step);
            if (!std::isfinite(v[2]))
                return fail("the loss is " + sci(v[2]), false, p.step);
        }
        const double norm = *v++;
        if (!std::isfinite(norm))
            return fail("the gradient norm is " + sci(norm), false, p.step);
        if (const auto what = adapterDivergence(v))
            return fail(*what, true, p.step);
        v += p.adapterNorms.numel();
        gradNorm = norm;
    }
    return std::nullopt;
}

void Session::recordStep(StepMetrics& m, const Accumulator& acc, Clock::time_point t0, double lr, double gradNorm,
                         bool logged)
{
    if (!logged)
        return;   // nothing read back from the device on this step
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    m.step = step_;
    m.totalSteps = totalSteps_;
    m.epoch = static_cast<double>(step_) / static_cast<double>(stepsPerEpoch_);
    acc.into(m);
    m.values["grad_norm"] = gradNorm;
    m.values["learning_rate"] = lr;
    m.values["step_time_ms"] = seconds * 1000.0;
    m.values["tokens_per_second"] = acc.tokens / std::max(seconds, 1e-9);
    const model::MemoryUse mem = model::memoryUse(device_);
    m.values["peak_memory_mb"] = mem.peakMiB;
    if (device_.is_cuda())
        m.values["gpu_memory_mb"] = mem.inUseMiB;   // held by tensors now; the GUI shows it
    const LayerNorms dn = lora_->deltaNorms();
    m.deltaNorm = dn.perLayer;
    m.deltaNormByModule = dn.perModule;
    emit(m);
}

void Session::evalAndSave(std::int64_t& lastSaved)
{
    if (!evalIdx_.empty() && cfg_.evalEvery > 0 && step_ % cfg_.evalEvery == 0 && step_ < totalSteps_)
        emit(evaluate(step_));
    if (cfg_.saveEvery > 0 && step_ % cfg_.saveEvery == 0) {
        saveCheckpoint(step_);
        lastSaved = step_;
    }
}

void Session::completeRun()
{
    if (!evalIdx_.empty())
        emit(evaluate(step_));
    saveCheckpoint(step_);
    savePeftAdapter(folder_.adapterDir(), *lora_, fs::absolute(cfg_.modelDir).string());
}

} // namespace

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
    if (auto step = folder.newestCheckpoint())
        s.restore(*step);
    else
        folder.truncateMetricsAfter(0);   // nothing to keep: start over
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

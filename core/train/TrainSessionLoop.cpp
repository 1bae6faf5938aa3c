// A training run's step loop, evaluation, checkpoints and resume
// (docs/ARCHITECTURE.md, "Run folders").
#include "train/TrainSession.h"

#include <cmath>
#include <thread>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/autograd/grad_mode.h>
#include <torch/cuda.h>
#include <torch/serialize.h>

#include "model/Device.h"
#include "train/PeftAdapter.h"
#include "util/Error.h"
#include "util/Json.h"

namespace hialign::train::detail {

namespace fs = std::filesystem;

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
    if (fs::exists(RunFolder::trainerStateFile(final)))
        return;
    const fs::path tmp = folder_.checkpointsDir() / (".tmp-step-" + std::to_string(step));
    std::error_code ec;
    fs::remove_all(tmp, ec);
    fs::create_directories(tmp);
    savePeftAdapter(RunFolder::checkpointAdapterDir(tmp), *lora_, fs::absolute(cfg_.modelDir).string());
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
    util::writeJsonAtomic(RunFolder::trainerStateFile(tmp),
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
    const json state = util::readJsonFile(RunFolder::trainerStateFile(dir));
    io::SafetensorsFile file(peftWeightsFile(RunFolder::checkpointAdapterDir(dir)));
    std::map<std::string, at::Tensor> tensors;
    for (const auto& e : file.header().tensors)
        tensors[e.name] = file.tensor(e.name);
    lora_->loadPeftTensors(tensors, RunFolder::checkpointAdapterDir(dir).string());
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
    // A round runs beside the training, so the checkpoint's own step may have
    // no lines yet (the run ended before the round was written): run() then
    // answers it again, with the checkpoint's adapters and the same seed.
    lastSampled_ = truncateSamplesAfter(samplesFile(folder_.dir()), step_) ? step_ : -1;
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
    if (step_ == 0 || (cfg_.samples.enabled() && step_ % cfg_.samples.every == 0))
        sample(step_);   // the answers before any update; a resumed run's when its checkpoint lacks them
    auto finish = [&](const std::string& status, const std::string& msg) {
        collectSamples(/*wait=*/true);   // the round still running is part of the run
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
    collectSamples(/*wait=*/false);   // a finished round, if any
    if (!evalIdx_.empty() && cfg_.evalEvery > 0 && step_ % cfg_.evalEvery == 0 && step_ < totalSteps_)
        emit(evaluate(step_));
    if (cfg_.samples.enabled() && step_ % cfg_.samples.every == 0 && step_ < totalSteps_)
        sample(step_);
    if (cfg_.saveEvery > 0 && step_ % cfg_.saveEvery == 0) {
        saveCheckpoint(step_);
        lastSaved = step_;
    }
}

void Session::completeRun()
{
    sample(step_);   // the last step's answers, whatever the interval, beside the final eval and saves
    if (!evalIdx_.empty())
        emit(evaluate(step_));
    saveCheckpoint(step_);
    savePeftAdapter(folder_.adapterDir(), *lora_, fs::absolute(cfg_.modelDir).string());
    collectSamples(/*wait=*/true);
}

} // namespace hialign::train::detail

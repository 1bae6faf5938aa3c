// The DPO trainer's run in memory (DpoTrainer.cpp: setting up; TrainSessionLoop.cpp:
// the step loop, evaluation and checkpoints; TrainSessionChecks.cpp: gradient
// clipping and the divergence checks). Internal to hialign_train: callers use
// train/DpoTrainer.h. docs/ARCHITECTURE.md, "Run folders" and "Host syncs".
#pragma once

#include <chrono>
#include <future>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ATen/ATen.h>
#include <torch/optim/adamw.h>

#include "align/ChatTemplate.h"
#include "align/LayerPlan.h"
#include "align/PreferenceData.h"
#include "align/TokenizedPair.h"
#include "model/ModelBundle.h"
#include "settings/RunFolder.h"
#include "train/DpoStep.h"
#include "train/DpoTrainer.h"
#include "train/LoraModel.h"

namespace hialign::train::detail {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

// clip_grad_norm_ (torch.nn.utils) without reading the norm back: scales the
// gradients to a total 2-norm of at most maxNorm (no clipping when maxNorm <= 0)
// and returns the norm before clipping, () on the device.
at::Tensor clipGradNorm(const std::vector<at::Tensor>& params, double maxNorm);
// (3) double on the device: the largest |mean logit| over completion positions
// of any sequence, the summed log-probs and the loss; NaN survives max and sum.
at::Tensor forwardHealth(const DpoStepOutput& o);
std::string sci(double v);   // 2.1e+16

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


// Where the trainer is in the data: epoch and batch within the epoch.
struct DataCursor {
    std::int64_t epoch = 0;
    std::int64_t batch = 0;
};

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
    // Answers over training (TrainSessionSamples.cpp, settings/Samples.h).
    void loadSamplePrompts();                    // the prompt files, tokenized; refused before training
    // Starts answering at `step` on the sampling thread (after the previous round is written).
    void sample(std::int64_t step);
    // Writes a finished round to samples.jsonl and reports it; `wait`: waits for a running one.
    void collectSamples(bool wait);
    void makeSampleModel();
    std::vector<SampleRecord> answer(std::int64_t step);   // the round itself (sampling thread)

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
    struct SamplePrompt {
        std::string id, dimension, text;
        std::vector<std::int32_t> ids;   // as a sweep encodes an eval prompt (align::encodeUserPrompt)
    };
    std::vector<SamplePrompt> samplePrompts_;
    SampleJudge sampleJudge_;
    std::int64_t lastSampled_ = -1;
    at::Device device_{at::kCPU};
    model::CausalLM sampleModel_{nullptr};      // shares bundle_.model's base weights
    std::unique_ptr<LoraModel> sampleLora_;     // a copy of lora_'s adapters at the sampled step
    int trainingThreads_ = 0;                   // the training's CPU threads while a round runs beside it (0: none)
    // The running round; last, so it is waited for before what it reads is destroyed.
    std::future<std::vector<SampleRecord>> pendingSamples_;
};

} // namespace hialign::train::detail

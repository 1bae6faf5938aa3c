// Answers over training (settings/Samples.h): the run's sample prompts,
// answered by the model as it is at a step (adapters on, dropout off, no
// gradients) with the samples' own seed, so that the training's random
// state and the answers of a resumed run are the same as without sampling.
//
// A round runs on its own thread beside the training (docs/ARCHITECTURE.md,
// "Answers over training"): sample(step) copies the adapters into a second
// model that shares the base weights and starts the round; the training
// thread writes the round's lines and reports them when it is done (checked
// after every step), before the next round starts, and before the run ends.
#include "train/TrainSession.h"

#include <ATen/Parallel.h>
#include <c10/core/DeviceGuard.h>

#include "align/ChatTemplate.h"
#include "align/TokenizedPair.h"
#include "model/Generator.h"
#include "model/Threads.h"
#include "model/WeightLoader.h"
#include "settings/EvalPromptFile.h"
#include "settings/Samples.h"
#include "util/Error.h"

namespace hialign::train::detail {

namespace {
// Prompts answered in one generate() call.
constexpr std::size_t kSampleChunk = 32;
// Below this hidden size a CPU model answers on one thread (model::SerialScope).
constexpr std::int64_t kSerialSampleHidden = 512;
} // namespace

void Session::loadSamplePrompts()
{
    samplePrompts_.clear();
    if (!cfg_.samples.enabled())
        return;
    const align::ChatTemplate chat = align::detectChatTemplate(cfg_.modelDir);
    const std::int64_t positions = bundle_.config.maxPositions;
    for (const std::string& file : cfg_.samples.promptFiles)
        for (const eval::EvalPromptRecord& r : eval::readEvalPromptFile(file, cfg_.samples.limit)) {
            SamplePrompt p{r.id, r.dimension.value_or(""), r.prompt,
                           align::encodeUserPrompt(r.prompt, *bundle_.tokenizer, chat)};
            if (positions > 0 && static_cast<std::int64_t>(p.ids.size()) >= positions)
                throw InputError(eval::whereIs(file, r) + ": the sample prompt fills the model's "
                                 + std::to_string(positions) + " positions; no room to answer");
            samplePrompts_.push_back(std::move(p));
        }
    if (samplePrompts_.empty())
        throw InputError("the sample prompt files hold no prompts");
    if (!cfg_.samples.judge.empty() && cb_.makeSampleJudge)
        sampleJudge_ = cb_.makeSampleJudge(cfg_, folder_.dir());
}

// A second CausalLM on the same base weight tensors (no copy) with adapters
// on the same slots: the model a sampling round answers with while the
// training model goes on.
void Session::makeSampleModel()
{
    std::map<std::string, at::Tensor> tensors;
    for (const auto& item : bundle_.model->named_parameters(/*recurse=*/true))
        tensors.emplace(item.key(), item.value());
    for (const auto& item : bundle_.model->named_buffers(/*recurse=*/true))
        tensors.emplace(item.key(), item.value());
    model::WeightLoader loader(
        [&tensors](const std::string& name, at::IntArrayRef) {
            const auto it = tensors.find(name);
            return it == tensors.end() ? at::Tensor() : it->second;
        },
        "the training model", device_, bundle_.model->dtype());
    sampleModel_ = model::CausalLM(bundle_.config, loader);
    std::vector<align::AdapterSlot> slots;
    for (const AttachedAdapter& a : lora_->adapters())
        slots.push_back(a.slot);
    sampleLora_ = std::make_unique<LoraModel>(sampleModel_, lora_->plan(), lora_->options(), std::move(slots));
    sampleLora_->train(false);
}

void Session::sample(std::int64_t step)
{
    if (samplePrompts_.empty() || step == lastSampled_)
        return;
    lastSampled_ = step;
    collectSamples(/*wait=*/true);   // rounds are written in step order
    if (!sampleModel_)
        makeSampleModel();
    {
        // The adapters as they are after this step. Stream-ordered before the
        // next step's update on a GPU; a plain copy on the CPU.
        at::NoGradGuard noGrad;
        const std::vector<at::Tensor> from = lora_->parameters();
        const std::vector<at::Tensor> to = sampleLora_->parameters();
        for (std::size_t i = 0; i < from.size(); ++i)
            to[i].copy_(from[i]);
    }
    pendingSamples_ = std::async(std::launch::async, [this, step] { return answer(step); });
    // On the CPU the round takes a core: the training leaves it one while the round runs.
    if (!device_.is_cuda() && at::get_num_threads() > 1) {
        trainingThreads_ = at::get_num_threads();
        at::set_num_threads(trainingThreads_ - 1);
    }
    if (!cfg_.samples.background)
        collectSamples(/*wait=*/true);
}

// On the sampling thread: the prompts answered by the sample model and judged.
std::vector<SampleRecord> Session::answer(std::int64_t step)
{
    const c10::DeviceGuard deviceGuard(device_);
    std::vector<SampleRecord> records;
    {
        at::NoGradGuard noGrad;
        const model::SerialScope serial(!device_.is_cuda() && bundle_.config.hiddenSize < kSerialSampleHidden);
        for (std::size_t start = 0; start < samplePrompts_.size(); start += kSampleChunk) {
            const std::size_t end = std::min(samplePrompts_.size(), start + kSampleChunk);
            std::vector<std::vector<std::int32_t>> ids;   // one row per prompt
            for (std::size_t i = start; i < end; ++i)
                ids.push_back(samplePrompts_[i].ids);
            model::GenerationOptions go = cfg_.samples.decoding;
            go.sampling.seed = cfg_.samples.decoding.sampling.seed * 1000003ULL + start;   // the same at every step
            const model::GenerationResult r = model::generate(sampleModel_, *bundle_.tokenizer, ids, go);
            for (std::size_t i = start; i < end; ++i) {
                const SamplePrompt& p = samplePrompts_[i];
                records.push_back({step, p.id, p.dimension, p.text, r.texts[i - start], r.finishReasons[i - start], {}});
            }
        }
    }
    if (sampleJudge_) {
        std::vector<std::vector<SampleScore>> scores = sampleJudge_(records);
        if (scores.size() != records.size())
            throw Error("the sample judge returned " + std::to_string(scores.size()) + " verdicts for "
                        + std::to_string(records.size()) + " answers");
        for (std::size_t i = 0; i < records.size(); ++i)
            records[i].scores = std::move(scores[i]);
    }
    return records;
}

void Session::collectSamples(bool wait)
{
    if (!pendingSamples_.valid())
        return;
    if (!wait && pendingSamples_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
        return;
    if (trainingThreads_ > 0) {
        at::set_num_threads(trainingThreads_);
        trainingThreads_ = 0;
    }
    const std::vector<SampleRecord> records = pendingSamples_.get();   // rethrows the round's error
    appendSamples(samplesFile(folder_.dir()), records);
    if (cb_.onSamples)
        cb_.onSamples(records);
}

} // namespace hialign::train::detail

// Answers over training (settings/Samples.h): the run's sample prompts,
// answered by the model as it is at a step (adapters on, dropout off, no
// gradients) with the samples' own seed, so that the training's random
// state and the answers of a resumed run are the same as without sampling.
#include "train/TrainSession.h"

#include "align/ChatTemplate.h"
#include "align/TokenizedPair.h"
#include "model/Generator.h"
#include "model/Threads.h"
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

void Session::sample(std::int64_t step)
{
    if (samplePrompts_.empty() || step == lastSampled_)
        return;
    lastSampled_ = step;
    std::vector<SampleRecord> records;
    {
        at::NoGradGuard noGrad;
        const model::SerialScope serial(!bundle_.model->device().is_cuda()
                                        && bundle_.config.hiddenSize < kSerialSampleHidden);
        lora_->train(false);
        for (std::size_t start = 0; start < samplePrompts_.size(); start += kSampleChunk) {
            const std::size_t end = std::min(samplePrompts_.size(), start + kSampleChunk);
            std::vector<std::vector<std::int32_t>> ids;   // one row per prompt
            for (std::size_t i = start; i < end; ++i)
                ids.push_back(samplePrompts_[i].ids);
            model::GenerationOptions go = cfg_.samples.decoding;
            go.sampling.seed = cfg_.samples.decoding.sampling.seed * 1000003ULL + start;   // the same at every step
            const model::GenerationResult r = model::generate(bundle_.model, *bundle_.tokenizer, ids, go);
            for (std::size_t i = start; i < end; ++i) {
                const SamplePrompt& p = samplePrompts_[i];
                records.push_back({step, p.id, p.dimension, p.text, r.texts[i - start], r.finishReasons[i - start], {}});
            }
        }
        lora_->train(true);
    }
    if (sampleJudge_) {
        std::vector<std::vector<SampleScore>> scores = sampleJudge_(records);
        if (scores.size() != records.size())
            throw Error("the sample judge returned " + std::to_string(scores.size()) + " verdicts for "
                        + std::to_string(records.size()) + " answers");
        for (std::size_t i = 0; i < records.size(); ++i)
            records[i].scores = std::move(scores[i]);
    }
    appendSamples(samplesFile(folder_.dir()), records);
    if (cb_.onSamples)
        cb_.onSamples(records);
}

} // namespace hialign::train::detail

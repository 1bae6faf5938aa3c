#include "lens/LogitLens.h"

#include <algorithm>
#include <limits>
#include <memory>

#include <ATen/ATen.h>
#include <torch/csrc/autograd/grad_mode.h>

#include "align/ChatTemplate.h"
#include "align/PreferenceData.h"
#include "model/Device.h"
#include "model/ModelBundle.h"
#include "tokenize/Tokenizer.h"
#include "train/DpoTrainer.h"
#include "train/LoraModel.h"
#include "train/PeftAdapter.h"
#include "train/SequenceLogProbs.h"
#include "util/Error.h"

namespace hialign::lens {

namespace fs = std::filesystem;

at::Tensor readOut(model::CausalLM& m, const at::Tensor& h)
{
    return m->head(m->finalNorm(h));
}

void forEachLayer(model::CausalLM& m, const at::Tensor& ids, const model::AttentionContext& ctx,
                  const std::function<void(int, const at::Tensor&)>& visit)
{
    // The steps of CausalLM::hiddenStates (no cache), one layer at a time.
    at::Tensor h = m->embed(ids);   // (B, T, hidden)
    for (int layer = 0; layer < m->numLayers(); ++layer) {
        h = m->runLayers(h, layer, layer + 1, ctx);   // (B, T, hidden): the residual stream after `layer`
        visit(layer, h);
    }
}

at::Tensor layerLogits(model::CausalLM& m, const at::Tensor& ids)
{
    at::NoGradGuard noGrad;
    std::vector<at::Tensor> out;
    forEachLayer(m, ids, m->prepare(ids, {}),
                 [&](int, const at::Tensor& h) { out.push_back(readOut(m, h)); });   // each (B, T, V)
    return at::stack(out);                                                            // (n, B, T, V)
}

Readout readInput(model::CausalLM& m, const LensInput& in, int topK, std::int32_t padId)
{
    at::NoGradGuard noGrad;
    const at::Device dev = m->device();
    Readout r;

    // The prompt alone: every layer's next-token distribution at its last position.
    const auto P = static_cast<std::int64_t>(in.prompt.size());
    const at::Tensor ids = at::tensor(std::vector<std::int64_t>(in.prompt.begin(), in.prompt.end()), at::kLong)
                               .view({1, P})
                               .to(dev);   // (1, P)
    const std::int64_t vocab = m->config().vocabSize;
    const std::int64_t k = std::min<std::int64_t>(topK, vocab);
    forEachLayer(m, ids, m->prepare(ids, {}), [&](int, const at::Tensor& h) {
        // All positions through readOut, as forward() computes them, then the last one.
        const at::Tensor last = readOut(m, h)[0][P - 1].to(at::kCPU, at::kFloat);   // (V)
        const at::Tensor probs = at::softmax(last, -1);                                // (V)
        const auto [values, indices] = probs.topk(k);                                  // (k), (k)
        std::vector<TokenProb> top;
        for (std::int64_t i = 0; i < k; ++i)
            top.push_back({static_cast<std::int32_t>(indices[i].item<std::int64_t>()), values[i].item<double>()});
        r.top.push_back(std::move(top));
        if (in.expected >= 0)
            r.expectedLogp.push_back(at::log_softmax(last, -1)[in.expected].item<double>());
    });

    // A pair: chosen and rejected rows as the trainer lays them out; each
    // completion token's log-prob read at every layer from the position that
    // predicts it.
    if (in.pair) {
        const train::PairBatch b = train::assemblePairs({&*in.pair}, padId, dev);   // ids (2, L): chosen, rejected
        forEachLayer(m, b.ids, train::pairContext(m, b), [&](int, const at::Tensor& h) {      // h: (2, L, hidden)
            const at::Tensor scored = h.flatten(0, 1).index_select(0, b.scoredFrom);            // (M, hidden)
            const at::Tensor logp = at::log_softmax(readOut(m, scored).to(at::kFloat), -1)      // (M, V)
                                        .gather(1, b.scoredTarget.unsqueeze(1))
                                        .squeeze(1);                                            // (M)
            const at::Tensor sums = at::zeros({2}, logp.options()).index_add_(0, b.scoredSeq, logp);   // (2)
            r.margin.push_back((sums[0] - sums[1]).item<double>());
        });
    }
    return r;
}

namespace {

std::vector<double> meanOver(const std::vector<LensCase>& cases, bool adapted,
                             std::vector<double> Readout::*field)
{
    std::vector<double> sum;
    std::size_t count = 0;
    for (const auto& c : cases) {
        const Readout* r = adapted ? (c.adapted ? &*c.adapted : nullptr) : &c.base;
        if (!r || (r->*field).empty())
            continue;
        const auto& v = r->*field;
        if (sum.empty())
            sum.assign(v.size(), 0.0);
        for (std::size_t i = 0; i < v.size() && i < sum.size(); ++i)
            sum[i] += v[i];
        ++count;
    }
    for (auto& s : sum)
        s /= static_cast<double>(count);
    return sum;
}

// The length an input needs: the prompt, or the prompt and the longer completion.
std::size_t lengthOf(const LensInput& in)
{
    return in.pair ? in.pair->length() : in.prompt.size();
}

void checkPositions(const LensInput& in, std::int64_t positions, const std::string& what)
{
    const std::size_t n = lengthOf(in);
    if (positions > 0 && static_cast<std::int64_t>(n) > positions)
        throw InputError(what + " is " + std::to_string(n) + " tokens long, more than the model's "
                         + std::to_string(positions) + " positions (max_position_embeddings)");
}

} // namespace

std::vector<double> LensResult::meanExpectedLogp(bool adapted) const
{
    return meanOver(cases, adapted, &Readout::expectedLogp);
}

std::vector<double> LensResult::meanMargin(bool adapted) const
{
    return meanOver(cases, adapted, &Readout::margin);
}

LensResult runLens(const LensRequest& q)
{
    const bool fromData = !q.dataFile.empty();
    if (fromData && (!q.prompt.empty() || q.chosen || q.rejected || q.expected))
        throw InputError("give either a prompt (with its completions) or a preference file, not both");
    if (!fromData && q.prompt.empty())
        throw InputError("give a prompt or a preference file to read through the lens");
    if (q.chosen.has_value() != q.rejected.has_value())
        throw InputError(std::string("a preference pair needs both completions; the ")
                         + (q.chosen ? "rejected" : "chosen") + " one is missing");
    if (q.topK < 1)
        throw InputError("the number of top tokens must be at least 1, not " + std::to_string(q.topK));
    if (q.pairs < 0)
        throw InputError("the number of pairs must be at least 1 (0: all), not " + std::to_string(q.pairs));

    // Data first: a bad file fails before the (slow) model load.
    std::vector<align::PreferenceRecord> records;
    if (fromData) {
        records = align::loadPreferences(q.dataFile, /*skipBad=*/false);
        if (records.empty())
            throw InputError(q.dataFile.string() + " holds no preference pairs");
        if (q.firstPair >= records.size())
            throw InputError(q.dataFile.string() + " holds " + std::to_string(records.size())
                             + " preference pairs; there is no pair " + std::to_string(q.firstPair + 1));
        records.erase(records.begin(), records.begin() + static_cast<std::ptrdiff_t>(q.firstPair));
        if (q.pairs > 0 && records.size() > static_cast<std::size_t>(q.pairs))
            records.resize(static_cast<std::size_t>(q.pairs));
    } else {
        align::PreferenceRecord r;
        r.prompt = q.prompt;
        r.chosen = q.chosen.value_or("");
        r.rejected = q.rejected.value_or("");
        records.push_back(std::move(r));
    }

    model::LoadOptions lo;
    lo.device = model::parseDevice(q.device);
    model::useDevice(*lo.device);
    if (!q.dtype.empty())
        lo.dtype = model::parseDtype(q.dtype);
    model::ModelBundle bundle = model::loadModelBundle(q.modelDir, lo);
    // An adapter of another model is refused here, by its layers, modules and shapes.
    std::unique_ptr<train::LoraModel> lora;
    if (!q.adapterDir.empty()) {
        try {
            lora = train::loadPeftAdapter(q.adapterDir, bundle.model);
        } catch (const InputError& e) {
            if (!train::isPeftAdapterFolder(q.adapterDir))
                throw;   // names the missing folder or file itself
            throw InputError("the adapter in " + q.adapterDir.string() + " cannot be applied to "
                             + q.modelDir.string() + ": " + e.what());
        }
    }

    // Tokenized as a training run tokenizes its preference records, but
    // never truncated: an input past the model's positions is refused.
    const tok::Tokenizer& tokenizer = *bundle.tokenizer;
    align::TokenizeOptions to = train::tokenizeOptions(train::TrainConfig{}, align::detectChatTemplate(q.modelDir));
    to.maxLength = to.maxPromptLength = std::numeric_limits<int>::max() / 2;
    const std::int64_t positions = bundle.config.maxPositions;   // 0: none known

    LensResult result;
    result.modelDir = q.modelDir.string();
    result.adapterDir = q.adapterDir.string();
    result.numLayers = bundle.model->numLayers();
    result.topK = static_cast<int>(std::min<std::int64_t>(q.topK, bundle.config.vocabSize));
    result.device = bundle.model->device().str();
    result.dtype = model::dtypeLabel(bundle.model->dtype());
    result.fromData = fromData;

    std::vector<LensInput> inputs;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const align::PreferenceRecord& rec = records[i];
        LensInput in;
        in.line = fromData ? rec.line : 0;
        in.promptText = rec.conversational && !rec.promptMessages.empty() ? rec.promptMessages.back().content
                                                                           : rec.prompt;
        if (fromData || q.chosen) {
            in.pair = align::tokenizePair(rec, tokenizer, to);
            in.pair->index = i;
            in.prompt = in.pair->prompt;
        } else {
            in.prompt = align::encodePrompt(rec, tokenizer, to.chat);
            if (in.prompt.empty())
                throw InputError("the prompt has no tokens (it is empty and the tokenizer adds no BOS token)");
        }
        if (q.expected) {
            const std::int32_t end = align::completionEndId(to.chat.format, rec.conversational, tokenizer);
            in.expected = align::encodeCompletion(*q.expected, tokenizer, end).front();
        } else if (in.pair) {
            in.expected = in.pair->chosen.front();   // tokenizePair never leaves a completion empty
        }
        checkPositions(in, positions,
                       fromData ? "pair " + std::to_string(q.firstPair + i + 1) + " of " + q.dataFile.string() + " (line "
                                      + std::to_string(rec.line) + ")"
                       : in.pair ? std::string("the prompt with the longer completion")
                                 : std::string("the prompt"));
        inputs.push_back(std::move(in));
    }

    const std::int32_t padId = align::paddingId(tokenizer);
    for (auto& in : inputs) {
        LensCase c;
        if (lora) {
            bundle.model->setAdaptersEnabled(false);
            c.base = readInput(bundle.model, in, result.topK, padId);
            bundle.model->setAdaptersEnabled(true);
            c.adapted = readInput(bundle.model, in, result.topK, padId);
        } else {
            c.base = readInput(bundle.model, in, result.topK, padId);
        }
        // The text each shown id writes after this prompt.
        const auto name = [&](std::int32_t id) {
            if (id < 0 || result.tokens.count(id))
                return;
            std::string text = tok::decodeContinuation(tokenizer, in.prompt, {id}, /*skipSpecial=*/false);
            result.tokens[id] = text.empty() ? tokenizer.piece(id) : text;
        };
        name(in.expected);
        for (const Readout* r : {&c.base, c.adapted ? &*c.adapted : nullptr})
            if (r)
                for (const auto& layer : r->top)
                    for (const auto& t : layer)
                        name(t.id);
        c.input = std::move(in);
        result.cases.push_back(std::move(c));
    }
    return result;
}

} // namespace hialign::lens

#include "model/Generator.h"

#include <algorithm>
#include <chrono>
#include <limits>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/autograd/grad_mode.h>

#include "model/KvCache.h"
#include "tokenize/Tokenizer.h"
#include "util/Error.h"

namespace hialign::model {

namespace {

using Clock = std::chrono::steady_clock;
using Prompts = std::vector<std::vector<std::int32_t>>;

double secondsSince(Clock::time_point t0)
{
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Refuses a request generate() cannot serve: bad options, no prompts, an empty
// prompt, one that fills the positions, or an id outside the vocabulary.
void validateRequest(const Prompts& prompts, const GenerationOptions& o, const io::ModelConfig& cfg)
{
    o.sampling.validate();
    if (o.maxNewTokens < 0)
        throw InputError("max new tokens must not be negative, got " + std::to_string(o.maxNewTokens));
    if (prompts.empty())
        throw InputError("no prompt was given");
    // Rotary positions past max_position_embeddings are ones the model never
    // saw: a row stops there (0: no limit known).
    const std::int64_t limit = cfg.maxPositions;
    for (const auto& p : prompts) {
        if (p.empty())
            throw InputError("a prompt encodes to no tokens; give some text or let the tokenizer add BOS");
        if (limit > 0 && static_cast<std::int64_t>(p.size()) >= limit)
            throw InputError("a prompt of " + std::to_string(p.size()) + " tokens leaves no room for new tokens in the "
                             "model's " + std::to_string(limit) + " positions (max_position_embeddings); shorten it");
        for (std::int32_t id : p)
            if (id < 0 || id >= cfg.vocabSize)
                throw InputError("token id " + std::to_string(id) + " is outside the model's vocabulary of "
                                 + std::to_string(cfg.vocabSize));
    }
}

// The left-padded prompt batch and the sizes the decode loop runs within.
struct PromptBatch {
    std::int64_t B = 0;           // rows
    std::int64_t maxPrompt = 0;   // P: the longest prompt
    std::int64_t maxSteps = 0;    // decode steps at most
    std::int64_t capacity = 0;    // P + maxSteps
    at::Tensor ids;               // [B, P] long, left-padded with 0
    at::Tensor mask;              // [B, capacity] long, 1 on real tokens; grows as we go
};

PromptBatch leftPadPrompts(const Prompts& prompts, std::int64_t maxNewTokens, std::int64_t limit)
{
    PromptBatch pb;
    pb.B = static_cast<std::int64_t>(prompts.size());
    std::int64_t minPrompt = std::numeric_limits<std::int64_t>::max();
    for (const auto& p : prompts) {
        pb.maxPrompt = std::max<std::int64_t>(pb.maxPrompt, static_cast<std::int64_t>(p.size()));
        minPrompt = std::min<std::int64_t>(minPrompt, static_cast<std::int64_t>(p.size()));
    }
    // Decode steps: the shortest prompt reaches the limit last.
    pb.maxSteps = limit > 0 ? std::min<std::int64_t>(maxNewTokens, limit - minPrompt) : maxNewTokens;
    pb.capacity = pb.maxPrompt + pb.maxSteps;

    pb.ids = at::zeros({pb.B, pb.maxPrompt}, at::kLong);     // [B, P]
    pb.mask = at::zeros({pb.B, pb.capacity}, at::kLong);     // [B, capacity]
    for (std::int64_t b = 0; b < pb.B; ++b) {
        const auto& p = prompts[static_cast<size_t>(b)];
        const std::int64_t off = pb.maxPrompt - static_cast<std::int64_t>(p.size());
        for (size_t t = 0; t < p.size(); ++t)
            pb.ids[b][off + static_cast<std::int64_t>(t)] = p[t];
        pb.mask.narrow(1, 0, pb.maxPrompt)[b].narrow(0, off, static_cast<std::int64_t>(p.size())).fill_(1);
    }
    return pb;
}

// Position of each token = number of real tokens before it.
at::Tensor positionsFor(const at::Tensor& m)   // m: [B, S] -> [B, S]
{
    return (m.cumsum(1) - 1).clamp_min(0);
}

// Everything the decode loop carries from one step to the next.
struct DecodeState {
    Prompts history;                      // per row: prompt + new ids
    std::vector<std::string> promptText;  // per row, only when there are stop strings
    std::vector<bool> done;
    at::Tensor all;                       // [B, S]: everything so far, for the no-cache path
    at::Tensor step;                      // [B, T]: tokens fed in this step
    std::int64_t S = 0;                   // sequence length so far (padding included)
    bool cancelled = false;
};

// Every row "length" until something ends it sooner; no tokens yet.
GenerationResult emptyResult(const Prompts& prompts)
{
    GenerationResult result;
    result.tokens.resize(prompts.size());
    result.texts.resize(prompts.size());
    result.finishReasons.assign(prompts.size(), "length");
    for (const auto& p : prompts)
        result.stats.promptTokens += static_cast<std::int64_t>(p.size());
    return result;
}

DecodeState startDecoding(const Prompts& prompts, const tok::Tokenizer* tokenizer, const GenerationOptions& o,
                          const PromptBatch& pb)
{
    DecodeState st;
    st.history = prompts;
    // Stop strings are looked for in the text the new ids add; the prompt's own text is decoded once.
    st.promptText.resize(o.stopStrings.empty() ? 0 : prompts.size());
    for (std::size_t r = 0; r < st.promptText.size(); ++r)
        st.promptText[r] = tokenizer->decode(prompts[r]);
    st.done.assign(prompts.size(), false);
    st.all = pb.ids;    // [B, P]
    st.step = pb.ids;   // [B, P]: the prefill feeds the whole prompt
    st.S = pb.maxPrompt;
    return st;
}

// One forward pass (the prefill at S = P, then one token a step): the logits
// of the last position, [B, vocab] float on the CPU.
at::Tensor lastLogits(CausalLM& model, const GenerationOptions& o, const at::Tensor& mask, DecodeState& st,
                      KvCache& cache)
{
    const at::Device dev = model->device();
    ForwardOptions fo;
    at::Tensor logits;
    const at::Tensor m = mask.narrow(1, 0, st.S);                       // [B, S]
    fo.attentionMask = m.to(dev);
    if (o.useCache) {
        const std::int64_t T = st.step.size(1);
        fo.positionIds = positionsFor(m).narrow(1, st.S - T, T).to(dev);   // [B, T]
        fo.cache = &cache;
        at::Tensor h = model->hiddenStates(st.step.to(dev), fo);        // [B, T, hidden]
        logits = model->head(h.select(1, T - 1));                       // [B, vocab]
    } else {
        fo.positionIds = positionsFor(m).to(dev);                       // [B, S]
        at::Tensor h = model->hiddenStates(st.all.to(dev), fo);         // [B, S, hidden]
        logits = model->head(h.select(1, st.S - 1));                    // [B, vocab]
    }
    return logits.to(at::kCPU, at::kFloat);
}

bool containsStopString(const std::string& text, const std::vector<std::string>& stopStrings)
{
    for (const auto& s : stopStrings)
        if (!s.empty() && text.find(s) != std::string::npos)
            return true;
    return false;
}

// Samples row r's next id (into next[r, 0]) and decides whether the row is
// done: eos (the tokenizer's, or eosIds without one), a stop string, or the
// position limit. n: the decode step.
void decodeRow(std::size_t r, std::int64_t n, const at::Tensor& rowLogits, at::Tensor& next,
               const tok::Tokenizer* tokenizer, const std::vector<std::int32_t>& eosIds, const Prompts& prompts,
               const GenerationOptions& o, std::int64_t limit, const TokenCallback& onToken, at::Generator& gen,
               DecodeState& st, GenerationResult& result)
{
    const std::int32_t id = sampleToken(rowLogits, st.history[r], o.sampling, gen);   // rowLogits: [vocab]
    next[static_cast<std::int64_t>(r)][0] = id;                                   // next: [B, 1]
    st.history[r].push_back(id);
    ++result.stats.generatedTokens;
    if (n > 0)
        ++result.stats.decodeTokens;
    const bool eos = tokenizer ? tokenizer->isEos(id)
                               : std::find(eosIds.begin(), eosIds.end(), id) != eosIds.end();
    if (o.stopAtEos && eos) {
        st.done[r] = true;
        result.finishReasons[r] = "eos";
        return;
    }
    result.tokens[r].push_back(id);
    if (onToken && !onToken(r, id))
        st.cancelled = true;
    if (!o.stopStrings.empty()) {
        const std::string text =
            tok::decodeContinuation(*tokenizer, st.history[r], prompts[r].size(), st.promptText[r]);
        if (containsStopString(text, o.stopStrings)) {
            st.done[r] = true;
            result.finishReasons[r] = "stop";
        }
    }
    // Prompt + new tokens fill the positions before maxNewTokens is reached.
    if (!st.done[r] && limit > 0 && static_cast<std::int64_t>(st.history[r].size()) >= limit
        && n + 1 < o.maxNewTokens) {
        st.done[r] = true;
        result.finishReasons[r] = "position_limit";
    }
}

// Samples a token for every live row from logits [B, vocab] and appends it
// (mask, S, the next input); false when no row is left live.
bool advance(std::int64_t n, const at::Tensor& logits, PromptBatch& pb, const tok::Tokenizer* tokenizer,
             const std::vector<std::int32_t>& eosIds, const Prompts& prompts, const GenerationOptions& o, std::int64_t limit, const TokenCallback& onToken,
             at::Generator& gen, DecodeState& st, GenerationResult& result)
{
    at::Tensor next = at::zeros({pb.B, 1}, at::kLong);                    // [B, 1]
    bool anyLive = false;
    for (std::int64_t b = 0; b < pb.B; ++b) {
        const size_t r = static_cast<size_t>(b);
        if (st.done[r])
            continue;
        decodeRow(r, n, logits[b], next, tokenizer, eosIds, prompts, o, limit, onToken, gen, st, result);
        anyLive = anyLive || !st.done[r];
    }
    pb.mask.narrow(1, st.S, 1).fill_(1);                                  // [B, 1] of [B, capacity]
    ++st.S;
    st.step = next;
    if (!o.useCache)
        st.all = at::cat({st.all, next}, 1);                              // [B, S]
    return anyLive;
}

// The text row r's new tokens add, cut at the first stop string when one ended it.
std::string rowText(const tok::Tokenizer& tokenizer, const std::vector<std::int32_t>& prompt,
                    const std::vector<std::int32_t>& tokens, const std::string& finishReason,
                    const std::vector<std::string>& stopStrings)
{
    std::string text = tok::decodeContinuation(tokenizer, prompt, tokens);
    if (finishReason == "stop") {
        size_t cut = std::string::npos;
        for (const auto& s : stopStrings)
            if (!s.empty())
                cut = std::min(cut, text.find(s));
        if (cut != std::string::npos)
            text.resize(cut);
    }
    return text;
}

// tokenizer: null for ids alone (eos ids from config.json, no texts).
GenerationResult generateWith(CausalLM& model, const tok::Tokenizer* tokenizer, const Prompts& prompts,
                              const GenerationOptions& o, const TokenCallback& onToken)
{
    const auto& cfg = model->config();
    validateRequest(prompts, o, cfg);
    if (!tokenizer && !o.stopStrings.empty())
        throw InputError("stop strings need the model's tokenizer, and generation from token ids has none");
    const std::int64_t limit = cfg.maxPositions;   // 0: no limit known

    torch::NoGradGuard noGrad;
    PromptBatch pb = leftPadPrompts(prompts, o.maxNewTokens, limit);

    GenerationResult result = emptyResult(prompts);
    DecodeState st = startDecoding(prompts, tokenizer, o, pb);

    at::Generator gen = at::detail::createCPUGenerator(o.sampling.seed);
    KvCache cache;
    if (o.useCache)
        cache = KvCache::create(cfg, pb.B, pb.capacity, model->dtype(), model->device());
    auto t0 = Clock::now();

    for (std::int64_t n = 0; n < pb.maxSteps && !st.cancelled; ++n) {
        const at::Tensor logits = lastLogits(model, o, pb.mask, st, cache);   // [B, vocab]
        if (n == 0) {
            result.stats.prefillSeconds = secondsSince(t0);
            t0 = Clock::now();
        }
        if (!advance(n, logits, pb, tokenizer, cfg.eosTokenIds, prompts, o, limit, onToken, gen, st, result))
            break;
    }
    if (st.cancelled)
        for (size_t r = 0; r < st.done.size(); ++r)
            if (!st.done[r])
                result.finishReasons[r] = "cancelled";
    result.stats.decodeSeconds = o.maxNewTokens > 0 ? secondsSince(t0) : 0.0;

    if (tokenizer)
        for (size_t r = 0; r < prompts.size(); ++r)
            result.texts[r] = rowText(*tokenizer, prompts[r], result.tokens[r], result.finishReasons[r], o.stopStrings);
    return result;
}

} // namespace

GenerationResult generate(CausalLM& model, const tok::Tokenizer& tokenizer, const Prompts& prompts,
                          const GenerationOptions& o, const TokenCallback& onToken)
{
    return generateWith(model, &tokenizer, prompts, o, onToken);
}

GenerationResult generate(CausalLM& model, const Prompts& prompts, const GenerationOptions& o,
                          const TokenCallback& onToken)
{
    return generateWith(model, nullptr, prompts, o, onToken);
}

std::string positionLimitNotice(std::int64_t maxPositions)
{
    return "generation stopped at the model's " + std::to_string(maxPositions)
           + " positions (max_position_embeddings)";
}

} // namespace hialign::model

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

double secondsSince(Clock::time_point t0)
{
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

} // namespace

GenerationResult generate(CausalLM& model, const tok::Tokenizer& tokenizer,
                          const std::vector<std::vector<std::int32_t>>& prompts,
                          const GenerationOptions& o, const TokenCallback& onToken)
{
    o.sampling.validate();
    if (o.maxNewTokens < 0)
        throw InputError("max new tokens must not be negative, got " + std::to_string(o.maxNewTokens));
    if (prompts.empty())
        throw InputError("no prompt was given");
    const auto& cfg = model->config();
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

    torch::NoGradGuard noGrad;
    const std::int64_t B = static_cast<std::int64_t>(prompts.size());
    std::int64_t maxPrompt = 0, minPrompt = std::numeric_limits<std::int64_t>::max();
    for (const auto& p : prompts) {
        maxPrompt = std::max<std::int64_t>(maxPrompt, static_cast<std::int64_t>(p.size()));
        minPrompt = std::min<std::int64_t>(minPrompt, static_cast<std::int64_t>(p.size()));
    }
    // Decode steps: the shortest prompt reaches the limit last.
    const std::int64_t maxSteps
        = limit > 0 ? std::min<std::int64_t>(o.maxNewTokens, limit - minPrompt) : o.maxNewTokens;
    const std::int64_t capacity = maxPrompt + maxSteps;
    const at::Device dev = model->device();

    // Left-padded prompt batch: ids (B, P), mask (B, capacity) grows as we go.
    at::Tensor ids = at::zeros({B, maxPrompt}, at::kLong);
    at::Tensor mask = at::zeros({B, capacity}, at::kLong);
    for (std::int64_t b = 0; b < B; ++b) {
        const auto& p = prompts[static_cast<size_t>(b)];
        const std::int64_t off = maxPrompt - static_cast<std::int64_t>(p.size());
        for (size_t t = 0; t < p.size(); ++t)
            ids[b][off + static_cast<std::int64_t>(t)] = p[t];
        mask.narrow(1, 0, maxPrompt)[b].narrow(0, off, static_cast<std::int64_t>(p.size())).fill_(1);
    }
    // Position of each token = number of real tokens before it.
    auto positionsFor = [](const at::Tensor& m) {                       // m: (B, S)
        return (m.cumsum(1) - 1).clamp_min(0);
    };

    GenerationResult result;
    result.tokens.resize(prompts.size());
    result.texts.resize(prompts.size());
    result.finishReasons.assign(prompts.size(), "length");
    std::vector<std::vector<std::int32_t>> history = prompts;   // per row: prompt + new ids
    // Stop strings are looked for in the text the new ids add; the prompt's own text is decoded once.
    std::vector<std::string> promptText(o.stopStrings.empty() ? 0 : prompts.size());
    for (std::size_t r = 0; r < promptText.size(); ++r)
        promptText[r] = tokenizer.decode(prompts[r]);
    std::vector<bool> done(prompts.size(), false);
    for (const auto& p : prompts)
        result.stats.promptTokens += static_cast<std::int64_t>(p.size());

    at::Generator gen = at::detail::createCPUGenerator(o.sampling.seed);
    KvCache cache;
    if (o.useCache)
        cache = KvCache::create(cfg, B, capacity, model->dtype(), dev);

    at::Tensor all = ids;                   // (B, S): everything so far, for the no-cache path
    at::Tensor step = ids;                  // tokens fed in this step
    std::int64_t S = maxPrompt;
    bool cancelled = false;
    auto t0 = Clock::now();

    for (std::int64_t n = 0; n < maxSteps && !cancelled; ++n) {
        ForwardOptions fo;
        at::Tensor logits;
        if (o.useCache) {
            const std::int64_t T = step.size(1);
            const at::Tensor m = mask.narrow(1, 0, S);
            fo.attentionMask = m.to(dev);
            fo.positionIds = positionsFor(m).narrow(1, S - T, T).to(dev);
            fo.cache = &cache;
            at::Tensor h = model->hiddenStates(step.to(dev), fo);      // (B, T, hidden)
            logits = model->head(h.select(1, T - 1));                   // (B, vocab)
        } else {
            const at::Tensor m = mask.narrow(1, 0, S);
            fo.attentionMask = m.to(dev);
            fo.positionIds = positionsFor(m).to(dev);
            at::Tensor h = model->hiddenStates(all.to(dev), fo);
            logits = model->head(h.select(1, S - 1));
        }
        logits = logits.to(at::kCPU, at::kFloat);
        if (n == 0) {
            result.stats.prefillSeconds = secondsSince(t0);
            t0 = Clock::now();
        }

        at::Tensor next = at::zeros({B, 1}, at::kLong);
        bool anyLive = false;
        for (std::int64_t b = 0; b < B; ++b) {
            const size_t r = static_cast<size_t>(b);
            if (done[r])
                continue;
            const std::int32_t id = sampleToken(logits[b], history[r], o.sampling, gen);
            next[b][0] = id;
            history[r].push_back(id);
            ++result.stats.generatedTokens;
            if (n > 0)
                ++result.stats.decodeTokens;
            if (o.stopAtEos && tokenizer.isEos(id)) {
                done[r] = true;
                result.finishReasons[r] = "eos";
                continue;
            }
            result.tokens[r].push_back(id);
            if (onToken && !onToken(r, id)) {
                cancelled = true;
            }
            if (!o.stopStrings.empty()) {
                const std::string text =
                    tok::decodeContinuation(tokenizer, history[r], prompts[r].size(), promptText[r]);
                for (const auto& s : o.stopStrings) {
                    if (!s.empty() && text.find(s) != std::string::npos) {
                        done[r] = true;
                        result.finishReasons[r] = "stop";
                        break;
                    }
                }
            }
            // Prompt + new tokens fill the positions before maxNewTokens is reached.
            if (!done[r] && limit > 0 && static_cast<std::int64_t>(history[r].size()) >= limit
                && n + 1 < o.maxNewTokens) {
                done[r] = true;
                result.finishReasons[r] = "position_limit";
            }
            anyLive = anyLive || !done[r];
        }
        mask.narrow(1, S, 1).fill_(1);
        ++S;
        step = next;
        if (!o.useCache)
            all = at::cat({all, next}, 1);
        if (!anyLive)
            break;
    }
    if (cancelled)
        for (size_t r = 0; r < done.size(); ++r)
            if (!done[r])
                result.finishReasons[r] = "cancelled";
    result.stats.decodeSeconds = o.maxNewTokens > 0 ? secondsSince(t0) : 0.0;

    for (size_t r = 0; r < prompts.size(); ++r) {
        std::string text = tok::decodeContinuation(tokenizer, prompts[r], result.tokens[r]);
        if (result.finishReasons[r] == "stop") {
            size_t cut = std::string::npos;
            for (const auto& s : o.stopStrings)
                if (!s.empty())
                    cut = std::min(cut, text.find(s));
            if (cut != std::string::npos)
                text.resize(cut);
        }
        result.texts[r] = std::move(text);
    }
    return result;
}

std::string positionLimitNotice(std::int64_t maxPositions)
{
    return "generation stopped at the model's " + std::to_string(maxPositions)
           + " positions (max_position_embeddings)";
}

} // namespace hialign::model

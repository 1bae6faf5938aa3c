#include "sweep/LocalChatBackend.h"

#include <torch/torch.h>

#include <cmath>

#include "align/ChatTemplate.h"
#include "align/TokenizedPair.h"
#include "model/Generator.h"
#include "model/ModelBundle.h"
#include "tokenize/Tokenizer.h"
#include "train/LoraModel.h"
#include "train/PeftAdapter.h"
#include "util/Error.h"

namespace hialign::sweep {

namespace {

// Adds a probability to a token text that may already be there (two ids can
// decode to the same text, e.g. "7" and " 7"): log(exp(a) + exp(b)).
void addLogprob(std::map<std::string, double>& out, const std::string& text, double lp)
{
    const auto it = out.find(text);
    if (it == out.end()) {
        out.emplace(text, lp);
        return;
    }
    const double hi = std::max(it->second, lp), lo = std::min(it->second, lp);
    it->second = std::min(0.0, hi + std::log1p(std::exp(lo - hi)));
}

} // namespace

struct LocalChatBackend::State {
    model::ModelBundle bundle;
    std::unique_ptr<train::LoraModel> adapter;
    align::ChatTemplate chat;
    std::vector<std::int32_t> scoreTokenIds;   // ids whose text is "1".."10" (spaces aside)
    std::vector<std::string> pieceText;        // decoded text of each id

    const std::string& text(std::int32_t id) const { return pieceText[static_cast<std::size_t>(id)]; }

    std::vector<std::int32_t> promptIds(const judge::ChatRequest& r) const
    {
        align::PreferenceRecord record;
        record.conversational = true;
        if (!r.system.empty()) record.promptMessages.push_back({"system", r.system});
        record.promptMessages.push_back({"user", r.user});
        return align::encodePrompt(record, *bundle.tokenizer, chat);
    }

    // Log-softmax over the vocabulary at the positions from `from` on of one
    // sequence: (T - from, vocab) float32 on CPU. Only those rows are
    // normalised and copied (a prompt's rows would cost T × vocab floats).
    at::Tensor logprobs(const std::vector<std::int32_t>& ids, std::int64_t from)
    {
        torch::NoGradGuard noGrad;
        const at::Tensor input = torch::tensor(std::vector<std::int64_t>(ids.begin(), ids.end()), torch::kLong)
                                     .unsqueeze(0)
                                     .to(bundle.model->parameters().front().device());   // (1, T)
        const at::Tensor logits = bundle.model->forward(input);                           // (1, T, V)
        const at::Tensor rows = logits[0].slice(0, from);                                 // (T - from, V)
        return torch::log_softmax(rows.to(torch::kFloat), -1).cpu();                      // (T - from, V)
    }
};

void LocalBackendOptions::validate() const
{
    if (modelDir.empty()) throw InputError("The local judge needs a model folder.");
    if (batch < 1 || batch > 256) throw InputError("The local judge's batch must be between 1 and 256.");
    if (maxNewTokens < 1) throw InputError("The local judge's max-new-tokens must be at least 1.");
    if (topLogprobs < 1) throw InputError("The local judge's top-logprobs must be at least 1.");
}

LocalChatBackend::LocalChatBackend(LocalBackendOptions options)
    : options_(std::move(options))
    , state_(std::make_unique<State>())
{
    options_.validate();
    model::LoadOptions lo;
    lo.device = model::parseDevice(options_.device);
    state_->bundle = model::loadModelBundle(options_.modelDir, lo);
    if (!options_.adapterDir.empty())
        state_->adapter = train::loadPeftAdapter(options_.adapterDir, state_->bundle.model);
    state_->chat = align::detectChatTemplate(options_.modelDir);
    const std::int32_t vocab = state_->bundle.tokenizer->vocabSize();
    state_->pieceText.resize(static_cast<std::size_t>(vocab));
    for (std::int32_t id = 0; id < vocab; ++id) {
        state_->pieceText[static_cast<std::size_t>(id)] = state_->bundle.tokenizer->decode({id});
        std::string t = state_->text(id);
        t.erase(0, t.find_first_not_of(" \t\n"));
        if (!t.empty()) t.erase(t.find_last_not_of(" \t\n") + 1);
        for (int n = 1; n <= 10; ++n)
            if (t == std::to_string(n)) state_->scoreTokenIds.push_back(id);
    }
}

LocalChatBackend::~LocalChatBackend() = default;

std::string LocalChatBackend::id() const
{
    std::string s = "local:" + std::filesystem::absolute(options_.modelDir).lexically_normal().filename().string();
    if (s == "local:") s += options_.modelDir.string();
    if (!options_.adapterDir.empty()) s += "+" + options_.adapterDir.filename().string();
    return s;
}

std::vector<judge::ChatReply> LocalChatBackend::complete(const std::vector<judge::ChatRequest>& requests)
{
    std::vector<judge::ChatReply> replies(requests.size());
    State& st = *state_;
    const std::int64_t limit = st.bundle.config.maxPositions;   // max_position_embeddings (0: none known)
    for (std::size_t start = 0; start < requests.size(); start += static_cast<std::size_t>(options_.batch)) {
        const std::size_t end = std::min(requests.size(), start + static_cast<std::size_t>(options_.batch));
        // A prompt that fills the model's positions fails alone, as a server
        // refuses a request longer than its context; the others go on.
        std::vector<std::vector<std::int32_t>> prompts;
        std::vector<std::size_t> slots;   // request index of each prompt
        for (std::size_t i = start; i < end; ++i) {
            std::vector<std::int32_t> ids = st.promptIds(requests[i]);
            if (limit > 0 && static_cast<std::int64_t>(ids.size()) >= limit) {
                replies[i].error = "A judge prompt of " + std::to_string(ids.size()) + " tokens leaves no room for a "
                                   "reply in the model's " + std::to_string(limit) + " positions "
                                   "(max_position_embeddings); use a judge model with a longer context.";
                continue;
            }
            prompts.push_back(std::move(ids));
            slots.push_back(i);
        }
        if (prompts.empty()) continue;
        model::GenerationOptions go;
        go.maxNewTokens = options_.maxNewTokens;
        go.sampling.temperature = 0.0;
        const model::GenerationResult result = model::generate(st.bundle.model, *st.bundle.tokenizer, prompts, go);
        for (std::size_t r = 0; r < prompts.size(); ++r) {
            judge::ChatReply& reply = replies[slots[r]];
            reply.ok = true;
            reply.text = result.texts[r];
            const std::vector<std::int32_t>& gen = result.tokens[r];
            if (!gen.empty()) {
                // Token texts as they extend the prompt; alternatives from one teacher-forced pass.
                std::vector<std::int32_t> all = prompts[r];
                all.insert(all.end(), gen.begin(), gen.end());
                const std::int64_t p = static_cast<std::int64_t>(prompts[r].size());
                const at::Tensor lp = st.logprobs(all, p - 1);   // (G + 1, V): row g predicts token g
                const std::int64_t k = std::min<std::int64_t>(options_.topLogprobs, lp.size(1));
                tok::StreamDecoder decoder(*st.bundle.tokenizer);
                decoder.prime(prompts[r]);
                for (std::size_t g = 0; g < gen.size(); ++g) {
                    judge::ReplyToken t;
                    t.text = decoder.push(gen[g]);
                    if (g + 1 == gen.size()) t.text += decoder.finish();
                    const at::Tensor row = lp[static_cast<std::int64_t>(g)];   // (V)
                    const auto [values, indices] = row.topk(k);
                    const float* v = values.data_ptr<float>();
                    const std::int64_t* ix = indices.data_ptr<std::int64_t>();
                    for (std::int64_t j = 0; j < k; ++j)
                        addLogprob(t.top, st.text(static_cast<std::int32_t>(ix[j])), static_cast<double>(v[j]));
                    reply.tokens.push_back(std::move(t));
                }
            }
        }
    }
    return replies;
}

std::optional<std::map<std::string, double>> LocalChatBackend::nextTokenLogprobs(const judge::ChatRequest& request,
                                                                                 const std::string& replyPrefix)
{
    State& st = *state_;
    std::vector<std::int32_t> ids = st.promptIds(request);
    const std::vector<std::int32_t> prefix = st.bundle.tokenizer->encodeRaw(replyPrefix);
    ids.insert(ids.end(), prefix.begin(), prefix.end());
    const at::Tensor lp = st.logprobs(ids, static_cast<std::int64_t>(ids.size()) - 1);   // (1, V)
    const at::Tensor last = lp[0];
    const float* v = last.data_ptr<float>();
    std::map<std::string, double> out;
    // The score tokens always, so that their total mass is exact; then the likeliest others.
    for (std::int32_t id : st.scoreTokenIds) addLogprob(out, st.text(id), static_cast<double>(v[id]));
    const std::int64_t k = std::min<std::int64_t>(options_.topLogprobs, last.size(0));
    const auto [values, indices] = last.topk(k);
    const std::int64_t* ix = indices.data_ptr<std::int64_t>();
    for (std::int64_t j = 0; j < k; ++j) {
        const std::int32_t id = static_cast<std::int32_t>(ix[j]);
        if (std::find(st.scoreTokenIds.begin(), st.scoreTokenIds.end(), id) == st.scoreTokenIds.end())
            addLogprob(out, st.text(id), static_cast<double>(values[j].item<float>()));
    }
    return out;
}

} // namespace hialign::sweep

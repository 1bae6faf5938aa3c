#include "judge/ModelJudge.h"

#include <algorithm>

#include "judge/RubricJudge.h"
#include "util/Error.h"

namespace hialign::judge {

namespace {

// The reply token covering byte `offset`, or null; also null when the tokens
// do not spell the reply's text exactly.
const ReplyToken* tokenAt(const ChatReply& reply, std::size_t offset)
{
    std::string joined;
    for (const ReplyToken& t : reply.tokens) joined += t.text;
    if (joined != reply.text) return nullptr;
    std::size_t start = 0;
    for (const ReplyToken& t : reply.tokens) {
        if (offset < start + t.text.size()) return &t;
        start += t.text.size();
    }
    return nullptr;
}

std::string trimmed(const std::string& s)
{
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

const char* kForcedMarker = "\nRating: [[";

} // namespace

ModelJudge::ModelJudge(std::shared_ptr<ChatBackend> backend, ModelJudgeOptions options,
                       std::shared_ptr<JudgeCache> cache)
    : backend_(std::move(backend))
    , options_(std::move(options))
    , cache_(std::move(cache))
{
    if (!backend_) throw InputError("A rubric judge needs a chat model to ask.");
    for (const std::string& d : options_.dimensions) rubric(d);   // throws for an unknown one
    if (!(options_.minMass >= 0.0 && options_.minMass <= 1.0))
        throw InputError("The minimum probability mass must be between 0 and 1.");
}

const char* ModelJudge::systemPrompt()
{
    return "You are a careful, impartial evaluator of text. You follow the rating instructions "
           "exactly and end your answer with the requested marker.";
}

std::string ModelJudge::name() const
{
    return "rubric:" + backend_->id();
}

std::vector<std::string> ModelJudge::dimensions() const
{
    return options_.dimensions.empty() ? rubricDimensions() : options_.dimensions;
}

std::vector<CachedReply> ModelJudge::ask(const std::vector<ChatRequest>& requests, bool wantRatingLogprobs,
                                         std::vector<std::string>& errors)
{
    std::vector<CachedReply> out(requests.size());
    errors.assign(requests.size(), std::string());
    std::vector<std::string> keys(requests.size());
    std::vector<std::size_t> missing;
    std::vector<ChatRequest> toSend;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        keys[i] = JudgeCache::key(name(), requests[i].system, requests[i].user);
        if (cache_)
            if (auto hit = cache_->find(keys[i])) {
                out[i] = std::move(*hit);
                continue;
            }
        missing.push_back(i);
        toSend.push_back(requests[i]);
    }
    if (toSend.empty()) return out;
    const std::vector<ChatReply> replies = backend_->complete(toSend);
    if (replies.size() != toSend.size())
        throw Error("The judge backend " + backend_->id() + " returned " + std::to_string(replies.size()) +
                    " replies for " + std::to_string(toSend.size()) + " requests.");
    for (std::size_t m = 0; m < missing.size(); ++m) {
        const std::size_t i = missing[m];
        const ChatReply& reply = replies[m];
        if (!reply.ok) {
            errors[i] = reply.error.empty() ? std::string("The judge request failed.") : reply.error;
            continue;
        }
        CachedReply r;
        r.text = reply.text;
        if (wantRatingLogprobs) {
            const ParsedRating parsed = parseRating(reply.text);
            if (parsed.score) {
                const ReplyToken* t = tokenAt(reply, parsed.valueOffset);
                // A 10 written as the tokens "1", "0" cannot be weighted at one position.
                if (t && !(*parsed.score == 10 && trimmed(t->text) != "10")) r.ratingLogprobs = t->top;
            } else if (options_.forceRating) {
                if (auto next = backend_->nextTokenLogprobs(requests[i], reply.text + kForcedMarker))
                    r.ratingLogprobs = std::move(*next);
            }
        }
        if (cache_) cache_->store(keys[i], r);
        out[i] = std::move(r);
    }
    return out;
}

std::vector<JudgeScore> ModelJudge::judge(const std::string& prompt, const std::string& response)
{
    return judgeMany({JudgeItem{prompt, response, {}}}, {}).front();
}

std::vector<std::vector<JudgeScore>> ModelJudge::judgeMany(const std::vector<JudgeItem>& items,
                                                           const std::vector<std::string>& requested)
{
    std::vector<std::string> dims;
    for (const std::string& d : dimensions())
        if (requested.empty() || std::find(requested.begin(), requested.end(), d) != requested.end())
            dims.push_back(d);
    for (const std::string& d : requested) rubric(d);   // an unknown dimension is an error, not a skip

    std::vector<ChatRequest> requests;
    for (const JudgeItem& item : items)
        for (const std::string& d : dims)
            requests.push_back({systemPrompt(), buildJudgePrompt(d, item.prompt, item.response)});
    std::vector<std::string> errors;
    const std::vector<CachedReply> replies = ask(requests, true, errors);

    std::vector<std::vector<JudgeScore>> out(items.size());
    std::size_t k = 0;
    for (std::size_t i = 0; i < items.size(); ++i)
        for (const std::string& d : dims) {
            JudgeScore s;
            s.dimension = d;
            const CachedReply& r = replies[k];
            if (!errors[k].empty()) {
                s.verdict = "error";
                s.explanation = errors[k];
                out[i].push_back(std::move(s));
                ++k;
                continue;
            }
            s.reply = r.text;
            const ParsedRating parsed = parseRating(r.text);
            const WeightedScore w = r.ratingLogprobs.empty() ? WeightedScore{}
                                                             : weightedScore(r.ratingLogprobs, options_.minMass);
            if (parsed.score) {
                s.explanation = parsed.explanation;
                if (w.mass > 0.0) {
                    s.score = w.score;
                    s.verdict = "weighted";
                    s.mass = w.mass;
                    s.lowMass = w.lowMass;
                } else {
                    s.score = *parsed.score;
                    s.verdict = "rated";
                }
            } else if (w.mass > 0.0) {
                s.explanation = trimmed(r.text);
                s.score = w.score;
                s.verdict = "forced";
                s.mass = w.mass;
                s.lowMass = w.lowMass;
            } else {
                s.verdict = "unparsed";
                s.explanation = "The judge's reply was not used: " + parsed.problem + ".";
            }
            out[i].push_back(std::move(s));
            ++k;
        }
    return out;
}

std::vector<PairOutcome> ModelJudge::compareMany(const std::vector<PairItem>& items)
{
    std::vector<ChatRequest> requests;
    for (const PairItem& p : items) {
        requests.push_back({systemPrompt(), buildPairwisePrompt(p.dimension, p.prompt, p.response1, p.response2)});
        requests.push_back({systemPrompt(), buildPairwisePrompt(p.dimension, p.prompt, p.response2, p.response1)});
    }
    std::vector<std::string> errors;
    const std::vector<CachedReply> replies = ask(requests, false, errors);
    std::vector<PairOutcome> out(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        PairOutcome& o = out[i];
        for (int order = 0; order < 2; ++order) {
            const std::size_t k = 2 * i + order;
            std::optional<char>& verdict = order == 0 ? o.first : o.swapped;
            std::string& explanation = order == 0 ? o.explanationFirst : o.explanationSwapped;
            if (!errors[k].empty()) {
                explanation = errors[k];
                continue;
            }
            const ParsedVerdict v = parseVerdict(replies[k].text);
            verdict = v.verdict;
            explanation = v.verdict ? v.explanation : "The judge's reply was not used: " + v.problem + ".";
        }
        o.outcome = combinePairwise(o.first, o.swapped);
    }
    return out;
}

} // namespace hialign::judge

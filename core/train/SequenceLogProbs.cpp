#include "train/SequenceLogProbs.h"

#include <algorithm>

#include <ATen/ATen.h>
#include <torch/csrc/autograd/custom_function.h>

#include "model/Device.h"

namespace hialign::train {

namespace {

constexpr std::int64_t kPad = -1;

// One row being laid out on the host.
struct RowWriter {
    std::int64_t* ids;
    std::int64_t* positions;
    std::int64_t* segments;
};

// The scored tokens of a batch as its rows are laid out, per side (chosen 0,
// rejected 1), each in row order.
struct ScoredTokens {
    std::vector<std::int64_t> from[2];     // flat index of the hidden state that predicts the token
    std::vector<std::int64_t> target[2];   // token id
    std::vector<std::int64_t> seq[2];      // sequence: side * B + pair
};

// The rows of a batch: which pair each holds and how many real tokens.
struct RowShape {
    const std::vector<const align::TokenizedPair*>& pairs;
    bool shared;         // SharedPrompt: one row per pair with prompt, chosen and rejected
    std::int64_t B;      // pairs

    std::int64_t rows() const { return shared ? B : 2 * B; }
    std::int64_t pairOf(std::int64_t r) const { return shared ? r : r % B; }
    const align::TokenizedPair& pair(std::int64_t r) const { return *pairs[static_cast<size_t>(pairOf(r))]; }
    // Separate rows hold prompt + one completion (chosen for r < B), shared rows all three.
    std::int64_t length(std::int64_t r) const
    {
        const auto& p = pair(r);
        if (shared)
            return static_cast<std::int64_t>(p.prompt.size() + p.chosen.size() + p.rejected.size());
        return static_cast<std::int64_t>(p.prompt.size() + (r < B ? p.chosen.size() : p.rejected.size()));
    }
};

// Writes row r (real tokens from `offset` in a row of L) through w and
// records its scored tokens; returns the tokens it adds to the batch's count.
std::int64_t layOutRow(const RowShape& shape, std::int64_t r, std::int64_t L, std::int64_t offset,
                       const RowWriter& w, ScoredTokens& scored)
{
    const auto& p = shape.pair(r);
    std::int64_t t = 0;   // slot within the row's real tokens
    const auto put = [&](std::int32_t id, std::int64_t position, std::int64_t segment) {
        w.ids[t] = id;
        w.positions[t] = position;
        w.segments[t] = segment;
        ++t;
    };
    const std::int64_t P = static_cast<std::int64_t>(p.prompt.size());
    for (std::int64_t i = 0; i < P; ++i)
        put(p.prompt[static_cast<size_t>(i)], i, 0);
    const std::int64_t promptEnd = r * L + offset + P;   // flat index one past the prompt
    for (int side = 0; side < 2; ++side) {
        if (!shape.shared && side != (r < shape.B ? 0 : 1))
            continue;
        const auto& completion = side == 0 ? p.chosen : p.rejected;
        const std::int64_t start = r * L + offset + t;   // flat index of this completion's first token
        for (std::size_t j = 0; j < completion.size(); ++j) {
            // Token j is predicted by the completion's token j-1, or the
            // prompt's last token for j = 0 (none when the prompt is empty).
            const std::int64_t position = P + static_cast<std::int64_t>(j);
            if (position > 0) {
                scored.from[side].push_back(j == 0 ? promptEnd - 1 : start + static_cast<std::int64_t>(j) - 1);
                scored.target[side].push_back(completion[j]);
                scored.seq[side].push_back(side * shape.B + shape.pairOf(r));
            }
            put(completion[j], position, shape.shared ? 1 + side : 1);
        }
    }
    return shape.shared ? t + P : t;   // the prompt counts once per sequence
}

// Chosen sequences' entries first, then rejected ones: (M) int64 on `device`.
at::Tensor bothSides(const std::vector<std::int64_t> (&sides)[2], at::Device device)
{
    std::vector<std::int64_t> v;
    for (int side = 0; side < 2; ++side)
        v.insert(v.end(), sides[side].begin(), sides[side].end());
    const at::Tensor host = at::from_blob(v.data(), {static_cast<std::int64_t>(v.size())}, at::kLong).clone();
    return model::toDevice(host, device);
}

} // namespace

PairBatch assemblePairs(const std::vector<const align::TokenizedPair*>& pairs, std::int32_t padId,
                        at::Device device, PairLayout layout, bool padLeft)
{
    const RowShape shape{pairs, layout == PairLayout::SharedPrompt, static_cast<std::int64_t>(pairs.size())};
    const std::int64_t rows = shape.rows();
    std::int64_t L = 1;
    for (std::int64_t r = 0; r < rows; ++r)
        L = std::max(L, shape.length(r));

    at::Tensor ids = at::full({rows, L}, static_cast<std::int64_t>(padId), at::kLong);   // (rows, L)
    at::Tensor positions = at::zeros({rows, L}, at::kLong);                              // (rows, L)
    at::Tensor segments = at::full({rows, L}, kPad, at::kLong);                          // (rows, L)
    ScoredTokens scored;
    std::int64_t tokens = 0;
    for (std::int64_t r = 0; r < rows; ++r) {
        const std::int64_t offset = padLeft ? L - shape.length(r) : 0;
        const RowWriter w{ids[r].data_ptr<std::int64_t>() + offset, positions[r].data_ptr<std::int64_t>() + offset,
                          segments[r].data_ptr<std::int64_t>() + offset};
        tokens += layOutRow(shape, r, L, offset, w, scored);
    }
    PairBatch batch;
    batch.layout = layout;
    batch.ids = model::toDevice(ids, device);   // pinned + asynchronous on a GPU
    if (shape.shared || padLeft) {
        batch.positions = model::toDevice(positions, device);
        batch.segments = model::toDevice(segments, device);
    }
    batch.scoredFrom = bothSides(scored.from, device);
    batch.scoredTarget = bothSides(scored.target, device);
    batch.scoredSeq = bothSides(scored.seq, device);
    batch.pairs = shape.B;
    batch.tokens = tokens;
    return batch;
}

model::AttentionContext pairContext(model::CausalLM& model, const PairBatch& batch)
{
    if (!batch.segments.defined())
        return model->prepare(batch.ids, {});   // right-padded separate rows: causal
    // Query q may see key k when k is not padding, comes no later in the row,
    // and is a prompt token or in q's own segment.
    const std::int64_t L = batch.ids.size(1);
    const at::Tensor segQ = batch.segments.unsqueeze(2);   // (rows, L, 1)
    const at::Tensor segK = batch.segments.unsqueeze(1);   // (rows, 1, L)
    const at::Tensor idx = at::arange(L, batch.ids.options());
    at::Tensor visible = (idx.view({1, 1, L}) <= idx.view({1, L, 1}))                    // (1, L, L)
                             .logical_and(segK.ne(kPad))
                             .logical_and(segK.eq(0).logical_or(segK.eq(segQ)));         // (rows, L, L)
    const std::int64_t window = model->config().slidingWindow;
    if (window > 0) {
        const at::Tensor posQ = batch.positions.unsqueeze(2), posK = batch.positions.unsqueeze(1);
        visible = visible.logical_and((posQ - posK) < window);
    }
    model::ForwardOptions o;
    o.positionIds = batch.positions;
    o.visibility = visible;
    return model->prepare(batch.ids, o);
}

namespace {

std::int64_t vocabChunk(std::int64_t rows, std::int64_t vocab, std::int64_t chunk)
{
    if (chunk <= 0)
        chunk = std::max<std::int64_t>(256, (std::int64_t(1) << 22) / std::max<std::int64_t>(rows, 1));
    return std::min(chunk, std::max<std::int64_t>(vocab, 1));
}

// The fused head as an autograd node: saves h, the labels and the
// log-sum-exp (M floats) instead of any logits.
struct FusedLabelLogProb : public torch::autograd::Function<FusedLabelLogProb> {
    static torch::autograd::variable_list forward(torch::autograd::AutogradContext* ctx, const at::Tensor& h,
                                                  const at::Tensor& weight, const at::Tensor& labels,
                                                  std::int64_t chunk)
    {
        const std::int64_t M = h.size(0), V = weight.size(0);
        const auto fopts = h.options().dtype(at::kFloat);
        at::Tensor label = at::zeros({M}, fopts);      // (M) the label's logit
        at::Tensor logitSum = at::zeros({M}, fopts);   // (M)
        std::vector<at::Tensor> lses;                  // per chunk: (M)
        for (std::int64_t v0 = 0; v0 < V; v0 += chunk) {
            const std::int64_t n = std::min(chunk, V - v0);
            const at::Tensor logits = at::linear(h, weight.narrow(0, v0, n)).to(at::kFloat);   // (M, n)
            lses.push_back(at::logsumexp(logits, -1));
            const at::Tensor inChunk = labels.ge(v0).logical_and(labels.lt(v0 + n));          // (M)
            const at::Tensor picked = logits.gather(1, (labels - v0).clamp(0, n - 1).unsqueeze(1)).squeeze(1);
            label = label + at::where(inChunk, picked, at::zeros_like(picked));
            logitSum = logitSum + logits.sum(-1);
        }
        const at::Tensor lse = lses.size() == 1 ? lses[0] : at::logsumexp(at::stack(lses, 1), 1);   // (M)
        ctx->save_for_backward({h, weight, labels, lse});
        ctx->saved_data["chunk"] = chunk;
        at::Tensor mean = logitSum / static_cast<double>(std::max<std::int64_t>(V, 1));
        ctx->mark_non_differentiable({mean});
        return {label - lse, mean};
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list gradOut)
    {
        const auto saved = ctx->get_saved_variables();
        const at::Tensor &h = saved[0], &weight = saved[1], &labels = saved[2], &lse = saved[3];
        const std::int64_t chunk = ctx->saved_data["chunk"].toInt();
        const std::int64_t M = h.size(0), V = weight.size(0);
        const bool wantH = ctx->needs_input_grad(0), wantW = ctx->needs_input_grad(1);
        at::Tensor g = gradOut[0];   // (M) or undefined
        if (!g.defined() || (!wantH && !wantW))
            return {at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor()};
        g = g.to(at::kFloat);
        at::Tensor gradH = wantH ? at::zeros({M, h.size(1)}, h.options().dtype(at::kFloat)) : at::Tensor();
        std::vector<at::Tensor> gradW;
        for (std::int64_t v0 = 0; v0 < V; v0 += chunk) {
            const std::int64_t n = std::min(chunk, V - v0);
            const at::Tensor w = weight.narrow(0, v0, n);                                    // (n, H)
            const at::Tensor logits = at::linear(h, w).to(at::kFloat);                      // (M, n)
            // d logp / d logits = onehot(label) - softmax, times the incoming gradient.
            at::Tensor d = (logits - lse.unsqueeze(1)).exp_().mul_(g.unsqueeze(1)).neg_();  // (M, n)
            const at::Tensor inChunk = labels.ge(v0).logical_and(labels.lt(v0 + n));      // (M)
            d.scatter_add_(1, (labels - v0).clamp(0, n - 1).unsqueeze(1),
                           at::where(inChunk, g, at::zeros_like(g)).unsqueeze(1));
            const at::Tensor dl = d.to(h.scalar_type());                                   // (M, n)
            if (wantH)
                gradH.add_(at::matmul(dl, w).to(at::kFloat));                              // (M, H)
            if (wantW)
                gradW.push_back(at::matmul(dl.t(), h));                                    // (n, H)
        }
        return {wantH ? gradH.to(h.scalar_type()) : at::Tensor(), wantW ? at::cat(gradW) : at::Tensor(),
                at::Tensor(), at::Tensor()};
    }
};

} // namespace

LabelLogProbs labelLogProbs(const at::Tensor& h, const at::Tensor& weight, const at::Tensor& labels,
                            std::int64_t chunk)
{
    const auto out = FusedLabelLogProb::apply(h, weight, labels, vocabChunk(h.size(0), weight.size(0), chunk));
    return {out[0], out[1]};
}

LabelLogProbs labelLogProbsPlain(const at::Tensor& h, const at::Tensor& weight, const at::Tensor& labels)
{
    const at::Tensor logits = at::linear(h, weight).to(at::kFloat);                             // (M, V)
    const at::Tensor logp = at::log_softmax(logits, -1).gather(1, labels.unsqueeze(1)).squeeze(1);  // (M)
    return {logp, logits.detach().mean(-1)};
}

SequenceScores completionLogProbs(model::CausalLM& model, const at::Tensor& hidden, const PairBatch& batch)
{
    const std::int64_t N = 2 * batch.pairs;
    const std::int64_t H = hidden.size(-1);
    const at::Tensor h = hidden.reshape({-1, H}).index_select(0, batch.scoredFrom);   // (M, H)
    const std::int64_t M = h.size(0);
    LabelLogProbs lp;
    if (model->lm_head && (model->lm_head->bias().defined() || model->lm_head->adapter())) {
        // A head with a bias or an adapter: through the module itself.
        const at::Tensor logits = model->head(h).to(at::kFloat);                                 // (M, V)
        lp.logp = logits.gather(1, batch.scoredTarget.unsqueeze(1)).squeeze(1) - at::logsumexp(logits, -1);
        lp.logitMean = logits.detach().mean(-1);
    } else {
        lp = labelLogProbs(h, model->headWeight(), batch.scoredTarget);
    }
    const auto fopts = hidden.options().dtype(at::kFloat);
    SequenceScores out;
    out.logpSum = at::zeros({N}, fopts).index_add(0, batch.scoredSeq, lp.logp);
    out.tokenCount = at::zeros({N}, fopts).index_add(0, batch.scoredSeq, at::ones({M}, fopts));
    out.logitSum = at::zeros({N}, fopts).index_add(0, batch.scoredSeq, lp.logitMean);
    return out;
}

} // namespace hialign::train

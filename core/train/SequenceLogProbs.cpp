#include "train/SequenceLogProbs.h"

#include <algorithm>

#include <ATen/ATen.h>

#include "model/Device.h"

namespace hialign::train {

PairBatch assemblePairs(const std::vector<const align::TokenizedPair*>& pairs, std::int32_t padId,
                        at::Device device)
{
    const std::int64_t B = static_cast<std::int64_t>(pairs.size());
    std::int64_t L = 1;
    for (const auto* p : pairs)
        L = std::max<std::int64_t>(L, static_cast<std::int64_t>(p->prompt.size() + std::max(p->chosen.size(),
                                                                                          p->rejected.size())));
    at::Tensor ids = at::full({2 * B, L}, static_cast<std::int64_t>(padId), at::kLong);
    at::Tensor mask = at::zeros({2 * B, L}, at::kBool);
    auto idsA = ids.accessor<std::int64_t, 2>();
    auto maskA = mask.accessor<bool, 2>();
    std::int64_t tokens = 0;
    for (std::int64_t b = 0; b < B; ++b) {
        const auto& p = *pairs[static_cast<size_t>(b)];
        for (int side = 0; side < 2; ++side) {
            const auto& completion = side == 0 ? p.chosen : p.rejected;
            const std::int64_t row = side * B + b;
            std::int64_t t = 0;
            for (auto id : p.prompt)
                idsA[row][t++] = id;
            for (auto id : completion) {
                maskA[row][t] = true;
                idsA[row][t++] = id;
            }
            tokens += t;
        }
    }
    PairBatch batch;
    batch.ids = model::toDevice(ids, device);         // pinned + asynchronous on a GPU
    batch.lossMask = model::toDevice(mask, device);
    batch.pairs = B;
    batch.tokens = tokens;
    return batch;
}

SequenceScores completionLogProbs(model::CausalLM& model, const at::Tensor& hidden, const at::Tensor& ids,
                                  const at::Tensor& lossMask, std::int64_t chunkRows)
{
    const std::int64_t N = hidden.size(0);
    const std::int64_t L = hidden.size(1);
    const std::int64_t V = model->config().vocabSize;
    // Position t-1 predicts token t: scored (row, t-1) pairs.
    const at::Tensor scored = lossMask.narrow(1, 1, L - 1);                       // (N, L-1)
    const at::Tensor h = hidden.narrow(1, 0, L - 1).index({scored});             // (M, H)
    const at::Tensor targets = ids.narrow(1, 1, L - 1).index({scored});          // (M)
    const at::Tensor rows = at::arange(N, ids.options()).unsqueeze(1).expand({N, L - 1}).index({scored});  // (M)
    const std::int64_t M = h.size(0);
    if (chunkRows <= 0)
        chunkRows = std::max<std::int64_t>(1, (std::int64_t(1) << 24) / std::max<std::int64_t>(V, 1));

    std::vector<at::Tensor> logps, logitMeans;
    for (std::int64_t s = 0; s < M; s += chunkRows) {
        const std::int64_t n = std::min(chunkRows, M - s);
        const at::Tensor logits = model->head(h.narrow(0, s, n)).to(at::kFloat);     // (n, V)
        const at::Tensor lse = at::logsumexp(logits, -1);                              // (n)
        const at::Tensor tgt = logits.gather(1, targets.narrow(0, s, n).unsqueeze(1)).squeeze(1);  // (n)
        logps.push_back(tgt - lse);
        logitMeans.push_back(logits.detach().mean(-1));
    }
    const auto fopts = hidden.options().dtype(at::kFloat);
    SequenceScores out;
    const at::Tensor lp = M > 0 ? at::cat(logps) : at::zeros({0}, fopts);            // (M)
    out.logpSum = at::zeros({N}, fopts).index_add(0, rows, lp);
    out.tokenCount = at::zeros({N}, fopts).index_add(0, rows, at::ones({M}, fopts));
    const at::Tensor lm = M > 0 ? at::cat(logitMeans) : at::zeros({0}, fopts);
    out.logitSum = at::zeros({N}, fopts).index_add(0, rows, lm);
    return out;
}

} // namespace hialign::train

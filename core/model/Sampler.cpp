#include "model/Sampler.h"

#include <cmath>
#include <string>

#include <ATen/ATen.h>

#include "util/Error.h"

namespace hialign::model {

std::int32_t sampleToken(at::Tensor logits, const std::vector<std::int32_t>& history,
                         const SamplingOptions& o, at::Generator& generator)
{
    logits = logits.to(at::kFloat).contiguous().clone();   // (V)
    const std::int64_t V = logits.size(0);

    if (o.repetitionPenalty != 1.0 && !history.empty()) {
        // Each distinct earlier token: divide a positive logit, multiply a negative one.
        float* l = logits.data_ptr<float>();
        std::vector<char> seen(static_cast<size_t>(V), 0);
        for (std::int32_t id : history) {
            if (id < 0 || id >= V || seen[static_cast<size_t>(id)])
                continue;
            seen[static_cast<size_t>(id)] = 1;
            const float p = static_cast<float>(o.repetitionPenalty);
            l[id] = l[id] < 0 ? l[id] * p : l[id] / p;
        }
    }

    if (o.temperature == 0.0)
        return static_cast<std::int32_t>(logits.argmax().item<std::int64_t>());

    logits = logits / o.temperature;
    const float minusInf = -std::numeric_limits<float>::infinity();
    if (o.topK > 0 && o.topK < V) {
        const at::Tensor kth = std::get<0>(logits.topk(o.topK)).min();   // smallest kept logit
        logits = logits.masked_fill(logits < kth, minusInf);
    }
    if (o.topP < 1.0) {
        auto [sorted, order] = logits.sort(/*dim=*/0, /*descending=*/true);   // (V), (V)
        const at::Tensor probs = at::softmax(sorted, 0);
        const at::Tensor before = probs.cumsum(0) - probs;   // mass strictly above each token
        // Keep the smallest prefix whose mass reaches top_p (always the best token).
        const at::Tensor removeSorted = before >= o.topP;
        const at::Tensor remove = at::zeros_like(removeSorted).scatter(0, order, removeSorted);
        logits = logits.masked_fill(remove, minusInf);
    }
    const at::Tensor probs = at::softmax(logits, 0);
    return static_cast<std::int32_t>(at::multinomial(probs, 1, false, generator).item<std::int64_t>());
}

} // namespace hialign::model

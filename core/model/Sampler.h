// Next-token choice: greedy, or sampling with temperature, top-k, top-p and
// a repetition penalty, in the order Hugging Face applies them.
#pragma once

#include <cstdint>
#include <vector>

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

namespace hialign::model {

struct SamplingOptions {
    double temperature = 0.0;         // 0 = greedy
    int topK = 0;                     // 0 = off
    double topP = 1.0;                // 1 = off
    double repetitionPenalty = 1.0;   // 1 = off; >1 discourages tokens already present
    std::uint64_t seed = 0;

    void validate() const;            // throws InputError for impossible values
};

// logits: (vocab) float32 on CPU; history: prompt + generated ids of this row.
std::int32_t sampleToken(at::Tensor logits, const std::vector<std::int32_t>& history,
                         const SamplingOptions& options, at::Generator& generator);

} // namespace hialign::model

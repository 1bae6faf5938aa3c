// Next-token choice: greedy, or sampling with temperature, top-k, top-p and
// a repetition penalty, in the order Hugging Face applies them.
#pragma once

#include <cstdint>
#include <vector>

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include "settings/Generation.h"

namespace hialign::model {

// logits: (vocab) float32 on CPU; history: prompt + generated ids of this row.
std::int32_t sampleToken(at::Tensor logits, const std::vector<std::int32_t>& history,
                         const SamplingOptions& options, at::Generator& generator);

} // namespace hialign::model

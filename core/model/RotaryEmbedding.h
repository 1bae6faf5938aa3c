// Rotary position embeddings in rotate_half layout (Hugging Face's Llama),
// with the linear and llama3 frequency scalings.
#pragma once

#include <utility>

#include <ATen/core/Tensor.h>

#include "config/ModelConfig.h"

namespace hialign::model {

class RotaryEmbedding {
public:
    RotaryEmbedding() = default;
    explicit RotaryEmbedding(const io::ModelConfig& config);

    // positions: (B, T) int64 -> cos, sin: (B, T, head_dim) in `dtype`.
    std::pair<at::Tensor, at::Tensor> cosSin(const at::Tensor& positions, at::ScalarType dtype) const;

    // x: (B, heads, T, head_dim); cos, sin: (B, T, head_dim).
    static at::Tensor apply(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin);

    const at::Tensor& inverseFrequencies() const { return invFreq_; }

private:
    at::Tensor invFreq_;   // (head_dim / 2) float32, CPU
};

} // namespace hialign::model

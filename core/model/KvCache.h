// Key/value cache for incremental decoding: one preallocated buffer per layer.
#pragma once

#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

namespace hialign::io { struct ModelConfig; }

namespace hialign::model {

struct KvCache {
    std::vector<at::Tensor> keys;     // per layer: (B, kv_heads, capacity, head_dim)
    std::vector<at::Tensor> values;   // per layer: (B, kv_heads, capacity, head_dim)
    std::int64_t length = 0;          // positions filled so far
    std::int64_t capacity = 0;

    static KvCache create(const io::ModelConfig& config, std::int64_t batch, std::int64_t capacity,
                          at::ScalarType dtype, at::Device device);
};

} // namespace hialign::model

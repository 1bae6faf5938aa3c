// Hands named checkpoint tensors to the model as it is built, checking each
// shape against what config.json implies and converting one tensor at a time
// to the target device and dtype (never a second full copy of the weights).
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

namespace hialign::io { class WeightStore; }

namespace hialign::model {

class WeightLoader {
public:
    // Returns the tensor stored under `name`, or an undefined tensor when the
    // source has none. `shape` is what the model expects (sources that make
    // weights up, such as random initialisation, use it).
    using Source = std::function<at::Tensor(const std::string& name, at::IntArrayRef shape)>;

    WeightLoader(Source source, std::string sourceName, at::Device device, at::ScalarType dtype);

    // Weights of a model folder (single or sharded safetensors).
    static WeightLoader fromStore(const io::WeightStore& store, std::string sourceName,
                                  at::Device device, at::ScalarType dtype);
    // Fresh weights: normal(0, std) for matrices, ones for norm weights, zeros for biases.
    static WeightLoader random(std::uint64_t seed, double std, at::Device device,
                               at::ScalarType dtype);

    // The tensor `name` with exactly `shape`, on the target device and dtype.
    // Throws InputError naming the tensor when it is missing or mis-shaped.
    at::Tensor require(const std::string& name, std::vector<std::int64_t> shape);
    // As require(), but an absent tensor gives an undefined tensor.
    at::Tensor optional(const std::string& name, std::vector<std::int64_t> shape);

    const std::set<std::string>& used() const { return used_; }
    at::Device device() const { return device_; }
    at::ScalarType dtype() const { return dtype_; }

private:
    at::Tensor convert(const std::string& name, at::Tensor t, const std::vector<std::int64_t>& shape);

    Source source_;
    std::string sourceName_;
    at::Device device_;
    at::ScalarType dtype_;
    std::set<std::string> used_;
};

} // namespace hialign::model

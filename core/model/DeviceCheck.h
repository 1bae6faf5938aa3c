// Does a device compute what the CPU computes? The same model folder runs on
// the CPU in fp32 (the reference) and on the device in fp32 and bf16; the
// logits and greedy continuations are compared (hialign-cli devices --check,
// packaging/gpu-check.sh).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

namespace hialign::model {

// Relative error of x against a reference: ||x - ref||_2 / ||ref||_2 over all
// elements, computed in float64. The measure of every "within 1e-2 relative"
// in the tests and the GPU check (docs/GPU.md).
double relativeError(const at::Tensor& reference, const at::Tensor& x);

struct DeviceCheckCase {
    std::string prompt;
    double fp32Relative = 0;      // relativeError(cpu fp32 logits, device fp32 logits) over the prompt
    double bf16Relative = 0;      // the same for device bf16
    double fp32MaxAbs = 0;        // largest single logit difference, fp32
    double bf16MaxAbs = 0;        // and bf16
    std::string cpuGreedy;        // greedy continuation, fp32
    std::string deviceGreedy;     // the same on the device, fp32
    std::string bf16Greedy;       // on the device in bf16 (may differ: a different model numerically)
    bool greedyEqual = false;     // cpuGreedy == deviceGreedy
};

struct DeviceCheckResult {
    std::string device;
    std::vector<DeviceCheckCase> cases;
    double worstFp32 = 0, worstBf16 = 0;
    bool allGreedyEqual = true;
};

// prompts: texts, encoded with the model's tokenizer (BOS as it adds it).
DeviceCheckResult checkDevice(const std::filesystem::path& modelDir, const at::Device& device,
                              const std::vector<std::string>& prompts, int greedyTokens);

} // namespace hialign::model

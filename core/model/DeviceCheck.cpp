#include "model/DeviceCheck.h"

#include <algorithm>

#include <ATen/ATen.h>

#include "model/Generator.h"
#include "model/ModelBundle.h"
#include "tokenize/Tokenizer.h"

namespace hialign::model {

namespace {

ModelBundle load(const std::filesystem::path& dir, const at::Device& device, at::ScalarType dtype)
{
    LoadOptions o;
    o.device = device;
    o.dtype = dtype;
    return loadModelBundle(dir, o);
}

// Logits of one prompt, on the CPU in fp32: (T, vocab).
at::Tensor logits(ModelBundle& b, const std::vector<std::int32_t>& ids)
{
    at::NoGradGuard noGrad;
    std::vector<std::int64_t> wide(ids.begin(), ids.end());
    const at::Tensor t = at::tensor(wide, at::kLong).unsqueeze(0).to(b.model->device());   // (1, T)
    return b.model->forward(t).squeeze(0).to(at::kCPU, at::kFloat);                         // (T, V)
}

std::string greedy(ModelBundle& b, const std::vector<std::int32_t>& ids, int tokens)
{
    GenerationOptions o;
    o.maxNewTokens = tokens;
    o.stopAtEos = false;
    o.sampling.temperature = 0.0;
    return generate(b.model, *b.tokenizer, {ids}, o).texts.at(0);
}

} // namespace

double relativeError(const at::Tensor& reference, const at::Tensor& x)
{
    const at::Tensor ref = reference.to(at::kCPU, at::kDouble);
    const double denominator = ref.norm().item<double>();
    const double numerator = (x.to(at::kCPU, at::kDouble) - ref).norm().item<double>();
    return denominator > 0 ? numerator / denominator : numerator;
}

DeviceCheckResult checkDevice(const std::filesystem::path& modelDir, const at::Device& device,
                              const std::vector<std::string>& prompts, int greedyTokens)
{
    ModelBundle cpu = load(modelDir, at::Device(at::kCPU), at::kFloat);
    ModelBundle dev32 = load(modelDir, device, at::kFloat);
    ModelBundle dev16 = load(modelDir, device, at::kBFloat16);
    DeviceCheckResult r;
    r.device = device.str();
    for (const auto& prompt : prompts) {
        const auto ids = cpu.tokenizer->encode(prompt, /*addSpecial=*/true);
        DeviceCheckCase c;
        c.prompt = prompt;
        const at::Tensor ref = logits(cpu, ids);   // (T, V)
        const at::Tensor l32 = logits(dev32, ids), l16 = logits(dev16, ids);
        c.fp32Relative = relativeError(ref, l32);
        c.bf16Relative = relativeError(ref, l16);
        c.fp32MaxAbs = (l32 - ref).abs().max().item<double>();
        c.bf16MaxAbs = (l16 - ref).abs().max().item<double>();
        c.cpuGreedy = greedy(cpu, ids, greedyTokens);
        c.deviceGreedy = greedy(dev32, ids, greedyTokens);
        c.bf16Greedy = greedy(dev16, ids, greedyTokens);
        c.greedyEqual = c.cpuGreedy == c.deviceGreedy;
        r.worstFp32 = std::max(r.worstFp32, c.fp32Relative);
        r.worstBf16 = std::max(r.worstBf16, c.bf16Relative);
        r.allGreedyEqual = r.allGreedyEqual && c.greedyEqual;
        r.cases.push_back(c);
    }
    return r;
}

} // namespace hialign::model

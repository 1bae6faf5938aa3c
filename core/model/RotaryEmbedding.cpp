#include "model/RotaryEmbedding.h"

#include <cmath>

#include <ATen/ATen.h>

namespace hialign::model {

RotaryEmbedding::RotaryEmbedding(const io::ModelConfig& config)
{
    const std::int64_t half = config.headDim / 2;
    // inv_freq[i] = theta^(-2i / head_dim), computed as Hugging Face does (fp32).
    at::Tensor exponent = at::arange(0, config.headDim, 2, at::kLong).to(at::kFloat)
                          / static_cast<double>(config.headDim);                  // (half)
    at::Tensor invFreq = 1.0 / at::pow(config.ropeTheta, exponent);                  // (half)

    const auto& rs = config.ropeScaling;
    if (rs.type == io::RopeScaling::Type::Linear) {
        invFreq = invFreq / rs.factor;
    } else if (rs.type == io::RopeScaling::Type::Llama3) {
        // Llama 3.1: long wavelengths are slowed by `factor`, short ones kept,
        // the band in between interpolated smoothly.
        const double oldContext = static_cast<double>(rs.originalMaxPositions);
        const double lowFreqWavelen = oldContext / rs.lowFreqFactor;
        const double highFreqWavelen = oldContext / rs.highFreqFactor;
        const at::Tensor wavelen = 2.0 * M_PI / invFreq;                              // (half)
        at::Tensor scaled = at::where(wavelen > lowFreqWavelen, invFreq / rs.factor, invFreq);
        const at::Tensor smooth = (oldContext / wavelen - rs.lowFreqFactor)
                                  / (rs.highFreqFactor - rs.lowFreqFactor);
        const at::Tensor smoothed = (1.0 - smooth) * scaled / rs.factor + smooth * scaled;
        const at::Tensor isMedium = (wavelen >= highFreqWavelen).logical_and(wavelen <= lowFreqWavelen);
        invFreq = at::where(isMedium, smoothed, scaled);
    }
    invFreq_ = invFreq.contiguous();
    (void)half;
}

std::pair<at::Tensor, at::Tensor> RotaryEmbedding::cosSin(const at::Tensor& positions,
                                                          at::ScalarType dtype) const
{
    const at::Tensor invFreq = invFreq_.to(positions.device());
    // freqs: (B, T, half) = positions (B, T, 1) * invFreq (1, 1, half)
    const at::Tensor freqs = positions.to(at::kFloat).unsqueeze(-1) * invFreq.view({1, 1, -1});
    const at::Tensor emb = at::cat({freqs, freqs}, -1);                                // (B, T, hd)
    return {emb.cos().to(dtype), emb.sin().to(dtype)};
}

at::Tensor RotaryEmbedding::apply(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin)
{
    const std::int64_t half = x.size(-1) / 2;
    const at::Tensor x1 = x.narrow(-1, 0, half);
    const at::Tensor x2 = x.narrow(-1, half, half);
    const at::Tensor rotated = at::cat({-x2, x1}, -1);                                 // rotate_half(x)
    const at::Tensor c = cos.unsqueeze(1);                                             // (B, 1, T, hd)
    const at::Tensor s = sin.unsqueeze(1);
    return x * c + rotated * s;
}

} // namespace hialign::model

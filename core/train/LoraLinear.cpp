#include "train/LoraLinear.h"

#include <cmath>

#include <ATen/ATen.h>

namespace hialign::train {

double LoraHyper::scaling() const
{
    return rslora ? alpha / std::sqrt(static_cast<double>(rank)) : alpha / rank;
}

LoraLinearImpl::LoraLinearImpl(std::int64_t in, std::int64_t out, const LoraHyper& hyper,
                               at::Generator& generator, at::Device device)
    : hyper_(hyper), scaling_(hyper.scaling())
{
    const auto opts = at::TensorOptions().dtype(at::kFloat);
    const double bound = 1.0 / std::sqrt(static_cast<double>(in));
    at::Tensor a = at::empty({hyper.rank, in}, opts).uniform_(-bound, bound, generator);   // (r, in)
    at::Tensor b = at::zeros({out, hyper.rank}, opts);                                        // (out, r)
    lora_A = register_parameter("lora_A", a.to(device), /*requires_grad=*/true);
    lora_B = register_parameter("lora_B", b.to(device), /*requires_grad=*/true);
}

at::Tensor LoraLinearImpl::delta(const at::Tensor& x)
{
    at::Tensor h = x.to(at::kFloat);                                    // (..., in)
    if (hyper_.dropout > 0.0 && is_training())
        h = at::dropout(h, hyper_.dropout, /*train=*/true);
    h = at::linear(at::linear(h, lora_A), lora_B) * scaling_;           // (..., r) -> (..., out)
    return h.to(x.scalar_type());
}

double LoraLinearImpl::deltaNorm() const
{
    at::NoGradGuard noGrad;
    const at::Tensor btb = at::matmul(lora_B.t(), lora_B);   // (r, r)
    const at::Tensor aat = at::matmul(lora_A, lora_A.t());   // (r, r)
    const double sq = (btb * aat).sum().item<double>();
    return scaling_ * std::sqrt(std::max(0.0, sq));
}

double LoraLinearImpl::gradNormSquared() const
{
    double sq = 0.0;
    if (lora_A.grad().defined())
        sq += lora_A.grad().pow(2).sum().item<double>();
    if (lora_B.grad().defined())
        sq += lora_B.grad().pow(2).sum().item<double>();
    return sq;
}

} // namespace hialign::train

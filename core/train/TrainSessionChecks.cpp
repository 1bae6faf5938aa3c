// Gradient clipping and the divergence checks of a training run
// (README, "Training"; docs/ARCHITECTURE.md, "Host syncs").
#include "train/TrainSession.h"

#include <cmath>
#include <cstdio>

namespace hialign::train::detail {

namespace {

// Divergence bounds (README, "Training"). A step whose numbers leave what a
// working model produces stops the run, and nothing of it is kept.
//
// A language model's mean logit stays within a few tens; 1e4 is past any
// working model and still far below where fp32 and bf16 overflow.
constexpr double kMaxMeanLogit = 1e4;
// An adapter's update ||s B A||_F against the Frobenius norm of the base
// weight it adds to (taken as at least 1). An MLP chains three adapted
// projections (down of gate * up), so a ratio rho scales activations by up to
// rho^3, and the final RMSNorm squares them: near rho = 2e6 the mean of
// squares overflows fp32 and bf16, the norm's output and with it every logit
// is exactly 0, and no gradient flows. 1e4 keeps two orders of magnitude from
// that; stories260k runs stay near 0.1 at lr 2e-3 and below 30 at lr 0.1.
constexpr double kMaxUpdateRatio = 1e4;

} // namespace

at::Tensor clipGradNorm(const std::vector<at::Tensor>& params, double maxNorm)
{
    at::NoGradGuard noGrad;
    std::vector<at::Tensor> grads, norms;
    for (const auto& p : params)
        if (p.grad().defined()) {
            grads.push_back(p.grad());
            norms.push_back(p.grad().norm(2));
        }
    if (norms.empty())
        return at::zeros({}, params.empty() ? at::TensorOptions() : params.front().options());
    const at::Tensor total = at::stack(norms).norm(2);   // ()
    if (maxNorm > 0) {
        const at::Tensor coef = (maxNorm / (total + 1e-6)).clamp_max(1.0);   // as LibTorch's and PyTorch's
        for (auto& g : grads)
            g.mul_(coef);
    }
    return total;
}

std::string sci(double v)
{
    if (std::isnan(v))
        return "nan";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2g", v);
    return buf;
}

at::Tensor forwardHealth(const DpoStepOutput& o)
{
    const at::Tensor meanLogit = at::cat({o.logitsChosen / o.chosenTokens.clamp_min(1),
                                          o.logitsRejected / o.rejectedTokens.clamp_min(1)});   // (2B)
    const at::Tensor logps = at::cat({o.policyChosen, o.policyRejected});                        // (2B)
    return at::stack({meanLogit.abs().max(), logps.sum(), o.loss.detach().to(at::kFloat)}).to(at::kDouble);
}

std::optional<std::string> Session::forwardDivergence(double logit, double logp)
{
    if (!std::isfinite(logit))
        return "the policy logits are not finite";
    if (logit > kMaxMeanLogit)
        return "the policy's mean logit reached " + sci(logit) + " (bound " + sci(kMaxMeanLogit) + ")";
    if (!std::isfinite(logp))
        return "the policy log-probs are not finite";
    return std::nullopt;
}

at::Tensor Session::adapterUpdateNorms() const
{
    at::NoGradGuard noGrad;
    // ||B A||_F^2 = sum((B^T B) * (A A^T)) per adapter, in double so that a
    // runaway norm reads as a number rather than inf.
    const auto& adapters = lora_->adapters();
    std::vector<at::Tensor> sq;
    for (const auto& a : adapters) {
        const at::Tensor A = a.lora->lora_A.to(at::kDouble);   // (r, in)
        const at::Tensor B = a.lora->lora_B.to(at::kDouble);   // (out, r)
        sq.push_back((at::matmul(B.t(), B) * at::matmul(A, A.t())).sum());
    }
    if (sq.empty())
        return at::zeros({0}, at::TensorOptions().dtype(at::kDouble).device(device_));
    return at::stack(sq).abs().sqrt();   // (adapters), NaN and inf kept
}

std::optional<std::string> Session::adapterDivergence(const double* n) const
{
    const auto& adapters = lora_->adapters();
    std::size_t worst = 0;
    double worstRatio = -1.0;
    for (std::size_t i = 0; i < adapters.size(); ++i) {
        const double update = adapters[i].lora->hyper().scaling() * n[i];
        const double ratio = update / std::max(baseNorms_[i], 1.0);
        if (!std::isfinite(ratio)) {
            worst = i;
            worstRatio = ratio;
            break;
        }
        if (ratio > worstRatio) {
            worst = i;
            worstRatio = ratio;
        }
    }
    if (adapters.empty() || (std::isfinite(worstRatio) && worstRatio <= kMaxUpdateRatio))
        return std::nullopt;
    const auto& a = adapters[worst];
    const std::string where = LoraModel::modulePath(a.slot.layer, a.slot.module);
    const double update = a.lora->hyper().scaling() * n[worst];
    if (!std::isfinite(update))
        return "LoRA update norm " + sci(update) + " on " + where;
    return "LoRA update norm " + sci(update) + " on " + where + ", " + sci(worstRatio)
           + " times its base weight's norm (bound " + sci(kMaxUpdateRatio) + ")";
}

std::string Session::divergence(const std::string& what, std::int64_t lastSaved, bool fromUpdate,
                                std::int64_t stepIndex) const
{
    // Before the first update the adapters add nothing: the base model gave these numbers.
    const std::string hint = fromUpdate || stepIndex > 0 ? "lower the learning rate (--lr)"
                                                      : "the adapters are still zero, so check the model's weights "
                                                        "and dtype (--dtype)";
    const std::string last = lastSaved >= 0 ? "step " + std::to_string(lastSaved) : "none yet";
    return "step " + std::to_string(stepIndex + 1) + " diverged: " + what + "; " + hint + "; last checkpoint kept: " + last;
}

std::optional<Stop> Session::checkPending(std::int64_t lastSaved, double& gradNorm)
{
    if (pending_.empty())
        return std::nullopt;
    std::vector<at::Tensor> flat;
    for (const auto& p : pending_) {
        flat.push_back(p.forward.reshape({-1}));
        flat.push_back(p.gradNorm.to(at::kDouble).reshape({1}));
        flat.push_back(p.adapterNorms.reshape({-1}));
    }
    const at::Tensor host = at::cat(flat).to(at::kCPU);   // the one sync
    const double* v = host.data_ptr<double>();
    const std::vector<PendingCheck> checks = std::move(pending_);
    pending_.clear();
    const auto fail = [&](const std::string& what, bool fromUpdate, std::int64_t step) {
        optimizer_->zero_grad();
        return Stop{"failed", divergence(what, lastSaved, fromUpdate, step)};
    };
    for (const auto& p : checks) {
        for (std::int64_t micro = 0; micro < p.forward.size(0); ++micro, v += 3) {
            if (const auto what = forwardDivergence(v[0], v[1]))
                return fail(*what, false, p.step);
            if (!std::isfinite(v[2]))
                return fail("the loss is " + sci(v[2]), false, p.step);
        }
        const double norm = *v++;
        if (!std::isfinite(norm))
            return fail("the gradient norm is " + sci(norm), false, p.step);
        if (const auto what = adapterDivergence(v))
            return fail(*what, true, p.step);
        v += p.adapterNorms.numel();
        gradNorm = norm;
    }
    return std::nullopt;
}

} // namespace hialign::train::detail

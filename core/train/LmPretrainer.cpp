#include "train/LmPretrainer.h"

#include <chrono>
#include <cmath>
#include <random>

#include <ATen/ATen.h>
#include <torch/nn/utils/clip_grad.h>
#include <torch/optim/adamw.h>

#include "util/Error.h"

namespace hialign::train {

namespace {

// Restores requires_grad = false on scope exit: base weights stay frozen
// everywhere else in the workbench.
class TrainableWeights {
public:
    explicit TrainableWeights(model::CausalLM& m) : params_(m->parameters())
    {
        for (auto& p : params_)
            p.requires_grad_(true);
    }
    ~TrainableWeights()
    {
        for (auto& p : params_) {
            p.requires_grad_(false);
            p.mutable_grad() = at::Tensor();
        }
    }
    std::vector<at::Tensor>& params() { return params_; }

private:
    std::vector<at::Tensor> params_;
};

} // namespace

PretrainResult pretrainCausalLM(model::CausalLM& model, const std::vector<std::int32_t>& tokens,
                                const PretrainOptions& o)
{
    const std::int64_t T = o.sequenceLength;
    if (static_cast<std::int64_t>(tokens.size()) < T + 2)
        throw InputError("the corpus has " + std::to_string(tokens.size()) + " tokens, fewer than one window of "
                         + std::to_string(T + 1));
    if (o.steps < 1 || o.batchSize < 1 || T < 2)
        throw InputError("pretraining needs positive steps, batch size and a sequence length of at least 2");

    TrainableWeights weights(model);
    // Weight decay on matrices only, not on norms.
    std::vector<at::Tensor> decay, noDecay;
    for (auto& p : weights.params())
        (p.dim() >= 2 ? decay : noDecay).push_back(p);
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(
                                   torch::optim::AdamWOptions(o.learningRate).weight_decay(o.weightDecay).betas({0.9, 0.95})));
    groups.emplace_back(noDecay, std::make_unique<torch::optim::AdamWOptions>(
                                     torch::optim::AdamWOptions(o.learningRate).weight_decay(0.0).betas({0.9, 0.95})));
    torch::optim::AdamW opt(groups);
    model->train();

    const at::Tensor stream = at::tensor(std::vector<std::int64_t>(tokens.begin(), tokens.end()), at::kLong);
    std::mt19937_64 rng(o.seed);
    const std::uint64_t span = tokens.size() - static_cast<std::uint64_t>(T) - 1;
    const int warmup = std::max(1, static_cast<int>(std::lround(o.warmupFraction * o.steps)));
    std::vector<double> losses;
    const auto t0 = std::chrono::steady_clock::now();

    PretrainResult r;
    for (int step = 0; step < o.steps; ++step) {
        const double lr = step < warmup
                              ? o.learningRate * (step + 1) / warmup
                              : o.minLearningRate + 0.5 * (o.learningRate - o.minLearningRate)
                                                        * (1 + std::cos(M_PI * (step - warmup) / std::max(1, o.steps - warmup)));
        for (auto& g : opt.param_groups())
            static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);

        std::vector<at::Tensor> rows;
        for (int b = 0; b < o.batchSize; ++b) {
            const auto start = static_cast<std::int64_t>(rng() % (span + 1));
            rows.push_back(stream.narrow(0, start, T + 1));
        }
        const at::Tensor batch = at::stack(rows).to(model->device());           // (B, T+1)
        const at::Tensor input = batch.narrow(1, 0, T);                          // (B, T)
        const at::Tensor target = batch.narrow(1, 1, T);                         // (B, T)
        opt.zero_grad();
        const at::Tensor logits = model->forward(input);                         // (B, T, V)
        const at::Tensor loss = at::cross_entropy_loss(logits.reshape({-1, logits.size(-1)}).to(at::kFloat),
                                                       target.reshape({-1}));
        loss.backward();
        torch::nn::utils::clip_grad_norm_(weights.params(), o.maxGradNorm);
        opt.step();
        const double l = loss.item<double>();
        if (!std::isfinite(l))
            throw Error("pretraining step " + std::to_string(step + 1) + ": the loss is not finite");
        losses.push_back(l);
        r.steps = step + 1;
        if (o.onStep && !o.onStep(step + 1, l))
            break;
    }
    model->eval();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const size_t tail = std::max<size_t>(1, losses.size() / 10);
    double sum = 0;
    for (size_t i = losses.size() - tail; i < losses.size(); ++i)
        sum += losses[i];
    r.finalLoss = sum / static_cast<double>(tail);
    r.tokensPerSecond = static_cast<double>(r.steps) * o.batchSize * T / std::max(seconds, 1e-9);
    return r;
}

double evaluateLoss(model::CausalLM& model, const std::vector<std::int32_t>& tokens, int sequenceLength,
                    int maxWindows)
{
    at::NoGradGuard noGrad;
    const std::int64_t T = sequenceLength;
    double sum = 0;
    int n = 0;
    for (std::int64_t start = 0; start + T + 1 <= static_cast<std::int64_t>(tokens.size()) && n < maxWindows;
         start += T, ++n) {
        std::vector<std::int64_t> w(tokens.begin() + start, tokens.begin() + start + T + 1);
        const at::Tensor t = at::tensor(w, at::kLong).unsqueeze(0).to(model->device());
        const at::Tensor logits = model->forward(t.narrow(1, 0, T));
        sum += at::cross_entropy_loss(logits[0].to(at::kFloat), t[0].narrow(0, 1, T)).item<double>();
    }
    return n ? sum / n : 0.0;
}

} // namespace hialign::train

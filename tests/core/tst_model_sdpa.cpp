// LibTorch 2.x only (registered when the LibTorch found is 2.x): the fused
// scaled_dot_product_attention path equals plain matmul + softmax attention
// within 1e-5 in fp32, on its own and inside the model, with grouped-query
// heads, left padding and a key/value cache.
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <QtTest/QtTest>

#include "config/ModelConfig.h"
#include "model/Attention.h"
#include "model/CausalLM.h"
#include "model/KvCache.h"
#include "model/WeightLoader.h"

using namespace hialign;

namespace {

io::ModelConfig gqaConfig()
{
    io::ModelConfig c;
    c.modelType = "llama";
    c.architecture = "LlamaForCausalLM";
    c.numLayers = 4;
    c.hiddenSize = 64;
    c.numHeads = 8;
    c.numKvHeads = 2;   // 4 query heads per kv head
    c.headDim = 8;
    c.intermediateSize = 96;
    c.vocabSize = 97;
    c.maxPositions = 64;
    c.rmsNormEps = 1e-5;
    return c;
}

// Runs `f` with the given kernel and restores the default afterwards.
template <typename F>
at::Tensor withKernel(model::AttentionKernel k, F&& f)
{
    const auto before = model::attentionKernel();
    model::setAttentionKernel(k);
    at::Tensor out = f();
    model::setAttentionKernel(before);
    return out;
}

double maxAbs(const at::Tensor& t)
{
    return t.abs().max().item<double>();
}

} // namespace

class TestModelSdpa : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanup()
    {
        model::setAttentionKernel(model::AttentionKernel::Fused);   // the default, for the next function
    }

    void fusedIsTheDefault()
    {
        QVERIFY(model::fusedAttentionAvailable());
        QVERIFY(model::attentionKernel() == model::AttentionKernel::Fused);
    }

    // The kernels themselves: q over T new positions, k/v over S = past + T
    // cached positions, an additive causal + padding mask as CausalLM builds it.
    void kernelsAgreeOnRandomInputs()
    {
        at::Generator gen = at::detail::createCPUGenerator(11);
        const std::int64_t B = 3, H = 8, T = 5, past = 6, S = past + T, hd = 16;
        const at::Tensor q = at::randn({B, H, T, hd}, gen);   // (B, H, T, hd)
        const at::Tensor k = at::randn({B, H, S, hd}, gen);   // (B, H, S, hd)
        const at::Tensor v = at::randn({B, H, S, hd}, gen);
        // Row b has b*2 padding keys at the front; query i sees keys <= past + i.
        at::Tensor allowed = at::ones({B, 1, T, S}, at::kBool);
        for (std::int64_t b = 0; b < B; ++b)
            for (std::int64_t i = 0; i < T; ++i)
                for (std::int64_t j = 0; j < S; ++j)
                    allowed[b][0][i][j] = j <= past + i && j >= b * 2;
        const at::Tensor mask = at::zeros({B, 1, T, S}).masked_fill(allowed.logical_not(),
                                                                    std::numeric_limits<float>::lowest());
        const at::Tensor plain = model::plainAttention(q, k, v, mask);                  // (B, H, T, hd)
        const at::Tensor fused = at::scaled_dot_product_attention(q, k, v, mask);       // (B, H, T, hd)
        QVERIFY(plain.isfinite().all().item<bool>());
        const double diff = maxAbs(plain - fused);
        QVERIFY2(diff <= 1e-5, qPrintable(QString("max |plain - fused| = %1").arg(diff)));
    }

    // Training's case: no padding, nothing cached. The fused path then masks
    // causally inside the kernel (no mask tensor, kv heads shared without
    // copies) and must equal the plain path with its explicit mask.
    void causalPathAgreesWithPlain()
    {
        const io::ModelConfig cfg = gqaConfig();
        auto loader = model::WeightLoader::random(8, 0.2, at::Device(at::kCPU), at::kFloat);
        model::CausalLM lm(cfg, loader);
        lm->eval();
        at::Generator gen = at::detail::createCPUGenerator(9);
        const at::Tensor ids = at::randint(1, cfg.vocabSize, {3, 12}, gen, at::kLong);   // (3, 12)

        model::setAttentionKernel(model::AttentionKernel::Fused);
        const model::AttentionContext fusedCtx = lm->prepare(ids, {});
        QVERIFY(fusedCtx.causal);
        QVERIFY(!fusedCtx.mask.defined());
        model::setAttentionKernel(model::AttentionKernel::Plain);
        const model::AttentionContext plainCtx = lm->prepare(ids, {});
        QVERIFY(!plainCtx.causal);
        QVERIFY(plainCtx.mask.defined());

        // With gradients too: the trainer runs this path with autograd.
        auto logitsAndGrad = [&](model::AttentionKernel k) {
            model::setAttentionKernel(k);
            at::Tensor h = lm->embed(ids).detach().requires_grad_(true);        // (3, 12, hidden)
            const at::Tensor logits = lm->head(lm->finalNorm(lm->runLayers(h, 0, cfg.numLayers, lm->prepare(ids, {}))));
            logits.pow(2).mean().backward();
            return std::make_pair(logits.detach(), h.grad());
        };
        const auto [plain, plainGrad] = logitsAndGrad(model::AttentionKernel::Plain);
        const auto [fused, fusedGrad] = logitsAndGrad(model::AttentionKernel::Fused);
        const double diff = maxAbs(plain - fused);
        QVERIFY2(diff <= 1e-5, qPrintable(QString("max |plain - fused| = %1").arg(diff)));
        const double gradDiff = maxAbs(plainGrad - fusedGrad) / maxAbs(plainGrad);
        QVERIFY2(gradDiff <= 1e-4, qPrintable(QString("input gradients differ by %1 relative").arg(gradDiff)));
    }

    // The whole model: left-padded batch, prefill into a KV cache, then three
    // single-token decode steps; logits at every real position agree.
    void modelAgreesWithPaddingAndCache()
    {
        const io::ModelConfig cfg = gqaConfig();
        auto loader = model::WeightLoader::random(5, 0.2, at::Device(at::kCPU), at::kFloat);
        model::CausalLM lm(cfg, loader);
        lm->eval();
        at::NoGradGuard noGrad;

        const std::int64_t B = 3, T = 7, steps = 3;
        at::Generator gen = at::detail::createCPUGenerator(3);
        const at::Tensor prompt = at::randint(1, cfg.vocabSize, {B, T}, gen, at::kLong);   // (B, T)
        at::Tensor mask = at::ones({B, T}, at::kLong);                                       // (B, T)
        mask.narrow(1, 0, 2).select(0, 1).zero_();   // row 1: 2 padding tokens on the left
        mask.narrow(1, 0, 4).select(0, 2).zero_();   // row 2: 4
        const at::Tensor next = at::randint(1, cfg.vocabSize, {B, steps}, gen, at::kLong);   // (B, steps)

        auto run = [&]() {
            model::KvCache cache = model::KvCache::create(cfg, B, T + steps, at::kFloat, at::Device(at::kCPU));
            model::ForwardOptions o;
            o.cache = &cache;
            o.attentionMask = mask;
            o.positionIds = (mask.cumsum(1) - 1).clamp_min(0);                               // (B, T)
            std::vector<at::Tensor> logits{lm->forward(prompt, o)};                           // (B, T, V)
            at::Tensor fullMask = mask;
            at::Tensor pos = o.positionIds.select(1, T - 1).unsqueeze(1);                     // (B, 1)
            for (std::int64_t s = 0; s < steps; ++s) {
                fullMask = at::cat({fullMask, at::ones({B, 1}, at::kLong)}, 1);               // (B, S)
                pos = pos + 1;
                model::ForwardOptions d;
                d.cache = &cache;
                d.attentionMask = fullMask;
                d.positionIds = pos;
                logits.push_back(lm->forward(next.narrow(1, s, 1), d));                       // (B, 1, V)
            }
            return at::cat(logits, 1);                                                        // (B, T + steps, V)
        };
        const at::Tensor plain = withKernel(model::AttentionKernel::Plain, run);
        const at::Tensor fused = withKernel(model::AttentionKernel::Fused, run);
        QCOMPARE(plain.sizes(), fused.sizes());
        const at::Tensor real = at::cat({mask, at::ones({B, steps}, at::kLong)}, 1).to(at::kBool);   // (B, T + steps)
        const at::Tensor diff = (plain - fused).abs().amax(-1).masked_select(real);
        QVERIFY(maxAbs(plain) > 0.1);   // logits of a real size, not all ~0
        QVERIFY2(diff.max().item<double>() <= 1e-5,
                 qPrintable(QString("max |plain - fused| = %1").arg(diff.max().item<double>())));
        QVERIFY(fused.isfinite().all().item<bool>());
    }
};

QTEST_GUILESS_MAIN(TestModelSdpa)
#include "tst_model_sdpa.moc"

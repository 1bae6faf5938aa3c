// The shared-prompt layout against separate chosen/rejected rows (log-probs,
// losses and every adapter gradient, in every strategy, with padding on
// either side, GQA, a sliding window, prefix sharing and gradient
// checkpointing), and the fused vocabulary-chunked head against log_softmax.
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <QtTest/QtTest>

#include <cmath>
#include <string>
#include <vector>

#include "align/LayerPlan.h"
#include "model/WeightLoader.h"
#include "train/DpoBench.h"
#include "train/DpoStep.h"
#include "train/LoraModel.h"
#include "train/SequenceLogProbs.h"

using namespace hialign;

namespace {

double maxAbs(const at::Tensor& a, const at::Tensor& b)
{
    const double d = (a.to(at::kDouble) - b.to(at::kDouble)).abs().max().item<double>();
    if (qEnvironmentVariableIsSet("HIALIGN_TEST_VERBOSE"))
        qInfo("max |a - b| = %.3g (|a| up to %.3g)", d, a.to(at::kDouble).abs().max().item<double>());
    return d;
}

align::TokenizedPair pair(std::vector<std::int32_t> prompt, std::vector<std::int32_t> chosen,
                          std::vector<std::int32_t> rejected)
{
    align::TokenizedPair p;
    p.prompt = std::move(prompt);
    p.chosen = std::move(chosen);
    p.rejected = std::move(rejected);
    return p;
}

struct StepResult {
    train::DpoStepOutput out;
    std::vector<at::Tensor> grads;   // one per adapter parameter, in parameter order
};

} // namespace

Q_DECLARE_METATYPE(align::Strategy)

class TestTrainSharedPrompt : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sharedPromptEqualsSeparateRows_data()
    {
        QTest::addColumn<align::Strategy>("strategy");
        QTest::addColumn<bool>("padLeft");
        QTest::addColumn<int>("window");
        QTest::addColumn<bool>("checkpointing");
        const std::vector<std::pair<const char*, align::Strategy>> strategies{
            {"full", align::Strategy::Full}, {"local", align::Strategy::Local},
            {"mid", align::Strategy::Mid}, {"global", align::Strategy::Global}};
        for (const auto& [name, s] : strategies) {
            QTest::newRow((std::string(name) + " right-padded").c_str()) << s << false << 0 << false;
            QTest::newRow((std::string(name) + " left-padded").c_str()) << s << true << 0 << false;
            QTest::newRow((std::string(name) + " sliding window 3").c_str()) << s << false << 3 << false;
            QTest::newRow((std::string(name) + " checkpointing").c_str()) << s << false << 0 << true;
        }
        QTest::newRow("global left-padded, window 4, checkpointing") << align::Strategy::Global << true << 4 << true;
    }

    void sharedPromptEqualsSeparateRows()
    {
        QFETCH(align::Strategy, strategy);
        QFETCH(bool, padLeft);
        QFETCH(int, window);
        QFETCH(bool, checkpointing);
        // GQA: 4 query heads share 2 kv heads.
        io::ModelConfig cfg = train::parseShape("layers=6,hidden=32,heads=4,kv_heads=2,intermediate=40,vocab=61");
        cfg.slidingWindow = window;
        auto loader = model::WeightLoader::random(5, 0.1, at::Device(at::kCPU), at::kFloat);
        model::CausalLM model(cfg, loader);
        align::LayerPlan plan(cfg.numLayers);
        plan.setStrategy(strategy);
        train::LoraModel lora(model, plan, {});
        {
            at::Generator g = at::detail::createCPUGenerator(17);
            at::NoGradGuard noGrad;
            for (const auto& a : lora.adapters())   // B nonzero so that A gets gradients too
                a.lora->lora_B.copy_(at::normal(0.0, 0.1, a.lora->lora_B.sizes(), g));
        }
        // Three pairs of different prompt and completion lengths: every row is padded somewhere.
        const auto p1 = pair({1, 5, 6, 7, 9, 3}, {8, 9, 2}, {10, 11, 12, 13, 2});
        const auto p2 = pair({1, 3}, {4, 2}, {20, 21, 22, 23, 24, 25, 2});
        const auto p3 = pair({1, 30, 31, 32}, {40, 41, 42, 43, 44, 2}, {50, 2});
        const std::vector<const align::TokenizedPair*> pairs{&p1, &p2, &p3};

        const auto run = [&](train::PairLayout layout, bool left, int prefix, bool recompute) {
            for (auto& p : lora.parameters())
                p.mutable_grad() = at::Tensor();
            const auto batch = train::assemblePairs(pairs, 0, at::Device(at::kCPU), layout, left);
            train::DpoStepSettings st;
            st.sharedPrefixLayers = prefix;
            st.gradientCheckpointing = recompute;
            st.sftWeight = 0.5;   // the NLL term reaches the chosen tokens' gradients too
            StepResult r{train::dpoForward(model, batch, st), {}};
            r.out.loss.backward();
            for (auto& p : lora.parameters())
                r.grads.push_back(p.grad().defined() ? p.grad().clone() : at::zeros_like(p));
            return r;
        };
        // The old path: separate rows, right-padded, no prefix sharing, no recomputation.
        const StepResult a = run(train::PairLayout::Separate, false, 0, false);
        const StepResult b = run(train::PairLayout::SharedPrompt, padLeft, plan.lowestTargetedLayer(), checkpointing);
        QVERIFY(a.out.loss.defined() && std::isfinite(a.out.loss.item<double>()));
        QCOMPARE(b.out.policyChosen.size(0), 3);
        QVERIFY2(maxAbs(a.out.policyChosen, b.out.policyChosen) < 1e-5, "policy chosen");
        QVERIFY2(maxAbs(a.out.policyRejected, b.out.policyRejected) < 1e-5, "policy rejected");
        QVERIFY2(maxAbs(a.out.refChosen, b.out.refChosen) < 1e-5, "reference chosen");
        QVERIFY2(maxAbs(a.out.refRejected, b.out.refRejected) < 1e-5, "reference rejected");
        QVERIFY2(maxAbs(a.out.logitsChosen, b.out.logitsChosen) < 1e-5, "logits chosen");
        QVERIFY2(maxAbs(a.out.chosenTokens, b.out.chosenTokens) == 0, "chosen token counts");
        QVERIFY2(maxAbs(a.out.rejectedTokens, b.out.rejectedTokens) == 0, "rejected token counts");
        QVERIFY2(maxAbs(a.out.loss, b.out.loss) < 1e-5, "loss");
        // The policy really differs from the reference, so the comparison means something.
        QVERIFY(maxAbs(a.out.policyChosen, a.out.refChosen) > 1e-3);
        QCOMPARE(a.grads.size(), b.grads.size());
        double largest = 0;
        for (std::size_t i = 0; i < a.grads.size(); ++i) {
            const double d = maxAbs(a.grads[i], b.grads[i]);
            if (!(d < 1e-5))
                QFAIL(("adapter gradient " + std::to_string(i) + " differs by " + std::to_string(d)).c_str());
            largest = std::max(largest, a.grads[i].abs().max().item<double>());
        }
        QVERIFY(largest > 1e-4);   // gradients reached the adapters
    }

    void layoutsCountTheSameTokens()
    {
        const auto p1 = pair({1, 5, 6}, {8, 2}, {10, 11, 2});
        const auto sep = train::assemblePairs({&p1}, 0, at::Device(at::kCPU), train::PairLayout::Separate);
        const auto sh = train::assemblePairs({&p1}, 0, at::Device(at::kCPU), train::PairLayout::SharedPrompt);
        QCOMPARE(sep.tokens, std::int64_t(11));
        QCOMPARE(sh.tokens, sep.tokens);
        QCOMPARE(sh.ids.size(0), std::int64_t(1));
        QCOMPARE(sh.ids.size(1), std::int64_t(8));   // prompt 3 + chosen 2 + rejected 3
        // Rejected's positions continue after the prompt, not after chosen.
        const std::vector<std::int64_t> positions{0, 1, 2, 3, 4, 3, 4, 5};
        for (std::int64_t i = 0; i < 8; ++i)
            QCOMPARE(sh.positions[0][i].item<std::int64_t>(), positions[static_cast<std::size_t>(i)]);
        // Rejected's first token is predicted by the prompt's last one (index 2).
        QCOMPARE(sh.scoredFrom.size(0), std::int64_t(5));
        QCOMPARE(sh.scoredFrom[2].item<std::int64_t>(), std::int64_t(2));
        QCOMPARE(sh.scoredTarget[2].item<std::int64_t>(), std::int64_t(10));
        QCOMPARE(sh.scoredSeq[2].item<std::int64_t>(), std::int64_t(1));
    }

    void fusedHeadMatchesLogSoftmax_data()
    {
        QTest::addColumn<int>("vocab");
        QTest::addColumn<int>("chunk");
        QTest::newRow("vocab 512, one chunk") << 512 << 0;
        QTest::newRow("vocab 512, chunks of 100") << 512 << 100;
        QTest::newRow("vocab 32000, default chunks") << 32000 << 0;
        QTest::newRow("vocab 32000, chunks of 3000") << 32000 << 3000;
    }

    void fusedHeadMatchesLogSoftmax()
    {
        QFETCH(int, vocab);
        QFETCH(int, chunk);
        at::Generator g = at::detail::createCPUGenerator(3);
        const std::int64_t M = 300, H = 48;
        const at::Tensor h0 = at::normal(0.0, 1.0, {M, H}, g);                 // (M, H)
        // Logits of standard deviation about 1.4, log-probs down to about -20:
        // fp32 holds those to a few 1e-6, so 1e-5 checks the algorithm, not rounding.
        const at::Tensor w0 = at::normal(0.0, 0.2, {vocab, H}, g);             // (V, H)
        at::Tensor labels = at::randint(0, vocab, {M}, g, at::kLong);          // (M)
        labels[0] = 0;   // the first and the last token of the vocabulary are labels too
        labels[1] = vocab - 1;
        const at::Tensor upstream = at::normal(0.0, 1.0, {M}, g);              // (M)
        const auto grads = [&](bool fused) {
            at::Tensor h = h0.clone().requires_grad_(true), w = w0.clone().requires_grad_(true);
            const train::LabelLogProbs lp = fused ? train::labelLogProbs(h, w, labels, chunk)
                                                  : train::labelLogProbsPlain(h, w, labels);
            (lp.logp * upstream).sum().backward();
            return std::vector<at::Tensor>{lp.logp.detach(), lp.logitMean, h.grad(), w.grad()};
        };
        const auto plain = grads(false), fused = grads(true);
        QVERIFY(plain[0].abs().min().item<double>() > 0.1);   // real log-probs, not zeros
        QVERIFY2(maxAbs(plain[0], fused[0]) < 1e-5, "log-probs");
        QVERIFY2(maxAbs(plain[1], fused[1]) < 1e-5, "mean logits");
        QVERIFY2(maxAbs(plain[2], fused[2]) < 1e-5, "gradient of the hidden states");
        QVERIFY2(maxAbs(plain[3], fused[3]) < 1e-5, "gradient of the head's weight");
        QVERIFY(plain[2].abs().max().item<double>() > 1e-2);
    }
};

QTEST_GUILESS_MAIN(TestTrainSharedPrompt)
#include "tst_train_sharedprompt.moc"

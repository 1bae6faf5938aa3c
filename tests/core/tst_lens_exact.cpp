// The logit lens: its last layer is the model's own logits bit for bit (fp32,
// CPU), each earlier layer is that layer's residual stream through the final
// norm and head, its per-input numbers agree with the logits and with the
// trainer's sequence scores, the base side of an adapted lens is the model
// without the adapter, and bad input is refused before any forward pass.
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <ATen/ATen.h>
#include <torch/csrc/autograd/grad_mode.h>

#include "align/ChatTemplate.h"
#include "align/PreferenceData.h"
#include "align/TokenizedPair.h"
#include "lens/LogitLens.h"
#include "model/ModelBundle.h"
#include "support/Fixtures.h"
#include "train/DpoTrainer.h"
#include "train/LoraModel.h"
#include "train/PeftAdapter.h"
#include "train/SequenceLogProbs.h"
#include "util/Error.h"
#include "util/Paths.h"

using namespace hialign;
namespace fs = std::filesystem;

namespace {

model::ModelBundle loadCpu(const fs::path& dir)
{
    model::LoadOptions lo;
    lo.device = at::Device(at::kCPU);
    lo.dtype = at::kFloat;
    return model::loadModelBundle(dir, lo);
}

at::Tensor idsOf(const std::vector<std::int32_t>& v)   // (1, T)
{
    return at::tensor(std::vector<std::int64_t>(v.begin(), v.end()), at::kLong).unsqueeze(0);
}

fs::path modelDirFor(const QString& name)
{
    return name == "stories260k" ? test::fixturesDir() / "stories260k" : demoLabDir() / "model";
}

// The model's sequence scores as the trainer computes them (fused head on the final hidden states).
double trainerMargin(model::CausalLM& m, const align::TokenizedPair& pair, std::int32_t padId)
{
    torch::NoGradGuard noGrad;
    const train::PairBatch b = train::assemblePairs({&pair}, padId, m->device());
    const model::AttentionContext ctx = train::pairContext(m, b);
    const at::Tensor h = m->finalNorm(m->runLayers(m->embed(b.ids), 0, m->numLayers(), ctx));   // (2, L, H)
    const train::SequenceScores s = train::completionLogProbs(m, h, b);
    return (s.logpSum[0] - s.logpSum[1]).item<double>();
}

} // namespace

class TestLensExact : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lastLayerIsTheLogitsBitwise_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("prompt");
        QTest::newRow("stories260k") << "stories260k" << "Once upon a time, there was a little";
        QTest::newRow("demo-lab") << "demo-lab" << "esu likes";
    }

    void lastLayerIsTheLogitsBitwise()
    {
        QFETCH(QString, model);
        QFETCH(QString, prompt);
        const fs::path dir = modelDirFor(model);
        if (!fs::exists(dir / "model.safetensors")) {
            if (model == "demo-lab" || test::runningInCi())
                QFAIL(("model missing: " + dir.string()).c_str());
            QSKIP(("fixture missing: " + dir.string()).c_str());
        }
        auto bundle = loadCpu(dir);
        auto& m = bundle.model;
        torch::NoGradGuard noGrad;
        const at::Tensor ids = idsOf(bundle.tokenizer->encode(prompt.toStdString(), true));   // (1, T)
        const at::Tensor lens = lens::layerLogits(m, ids);                                    // (n, 1, T, V)
        const at::Tensor logits = m->forward(ids);                                             // (1, T, V)
        QCOMPARE(lens.size(0), static_cast<std::int64_t>(m->numLayers()));
        QCOMPARE(lens.dtype(), at::kFloat);
        QVERIFY2(at::equal(lens[m->numLayers() - 1], logits),
                 "the last layer's read-out is not the logits bit for bit");
        // Two rows at once as well.
        const at::Tensor two = at::cat({ids, ids.flip(1)});                                   // (2, T)
        QVERIFY(at::equal(lens::layerLogits(m, two)[m->numLayers() - 1], m->forward(two)));

        // Layer L is layers 0..L through the final norm and head (the rest not run), and it is not the logits.
        const model::AttentionContext ctx = m->prepare(ids, {});
        for (int L = 0; L + 1 < m->numLayers(); ++L) {
            const at::Tensor expect = m->head(m->finalNorm(m->runLayers(m->embed(ids), 0, L + 1, ctx)));   // (1, T, V)
            QVERIFY2(at::allclose(lens[L], expect, 0, 1e-6), qPrintable(QString("layer %1").arg(L)));
            QVERIFY2((lens[L] - logits).abs().max().item<double>() > 1e-3,
                     qPrintable(QString("layer %1 reads the same as the last one").arg(L)));
        }
    }

    // The numbers of one input: at the last layer they are the logits' own;
    // a pair's margin there is the trainer's.
    void readInputAgreesWithLogitsAndTrainer()
    {
        HIALIGN_FIXTURE(dir, "stories260k/model.safetensors");
        auto bundle = loadCpu(dir.parent_path());
        auto& m = bundle.model;
        align::PreferenceRecord rec;
        rec.prompt = "Once upon a time";
        rec.chosen = " there was a little girl";
        rec.rejected = " the dog ran to the park";
        const align::TokenizeOptions to =
            train::tokenizeOptions(train::TrainConfig{}, align::detectChatTemplate(dir.parent_path()));
        lens::LensInput in;
        in.pair = align::tokenizePair(rec, *bundle.tokenizer, to);
        in.prompt = in.pair->prompt;
        in.expected = in.pair->chosen.front();
        const std::int32_t padId = align::paddingId(*bundle.tokenizer);
        const lens::Readout r = lens::readInput(m, in, 5, padId);
        const int n = m->numLayers();
        QCOMPARE(static_cast<int>(r.top.size()), n);
        QCOMPARE(static_cast<int>(r.expectedLogp.size()), n);
        QCOMPARE(static_cast<int>(r.margin.size()), n);

        torch::NoGradGuard noGrad;
        const at::Tensor last = m->forward(idsOf(in.prompt))[0][-1];   // (V)
        const at::Tensor probs = at::softmax(last, -1);                 // (V)
        const auto [values, indices] = probs.topk(5);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(r.top[n - 1][i].id, static_cast<std::int32_t>(indices[i].item<std::int64_t>()));
            QVERIFY(r.top[n - 1][i].prob == values[i].item<double>());
        }
        QVERIFY(r.expectedLogp[n - 1] == at::log_softmax(last, -1)[in.expected].item<double>());
        // Greedy stories260k continues "Once upon a time" with ","; the chosen
        // text here starts with " there", so the expected token is not the top one.
        QVERIFY(r.top[n - 1][0].id != in.expected);
        QVERIFY(std::exp(r.expectedLogp[n - 1]) < r.top[n - 1][0].prob);

        const double trainer = trainerMargin(m, *in.pair, padId);
        QVERIFY2(std::abs(r.margin[n - 1] - trainer) < 1e-4,
                 qPrintable(QString("lens %1, trainer %2").arg(r.margin[n - 1]).arg(trainer)));
        // The layers read differently.
        QVERIFY(std::abs(r.margin[0] - r.margin[n - 1]) > 1e-3);
    }

    // With an adapter the base side is the model without it, bit for bit,
    // and the adapted side is the model with it.
    void adaptedAndBaseSideBySide()
    {
        HIALIGN_FIXTURE(dir, "stories260k/model.safetensors");
        const fs::path modelDir = dir.parent_path();
        QTemporaryDir tmp;
        const fs::path adapterDir = fs::path(tmp.path().toStdString()) / "adapter";
        {
            auto bundle = loadCpu(modelDir);
            train::TrainConfig c;
            c.strategy = "global";
            train::LoraModel lora(bundle.model, c.makePlan(bundle.config), {});
            torch::NoGradGuard noGrad;
            at::manual_seed(7);
            for (const auto& a : lora.adapters())
                for (auto& p : a.lora->parameters())
                    p.copy_(at::randn(p.sizes()) * 0.3);
            train::savePeftAdapter(adapterDir, lora, modelDir.string());
        }
        lens::LensRequest q;
        q.modelDir = modelDir;
        q.prompt = "Once upon a time";
        q.chosen = " there was a girl";
        q.rejected = " the dog ran";
        q.topK = 4;
        const lens::LensResult plain = lens::runLens(q);
        q.adapterDir = adapterDir;
        const lens::LensResult both = lens::runLens(q);
        QVERIFY(!plain.hasAdapter());
        QVERIFY(both.hasAdapter());
        const lens::Readout& base = both.cases.front().base;
        const lens::Readout& adapted = *both.cases.front().adapted;
        const lens::Readout& alone = plain.cases.front().base;
        QVERIFY(base.margin == alone.margin);   // exactly, not fuzzily
        QVERIFY(base.expectedLogp == alone.expectedLogp);
        for (std::size_t L = 0; L < base.top.size(); ++L)
            for (std::size_t i = 0; i < base.top[L].size(); ++i) {
                QCOMPARE(base.top[L][i].id, alone.top[L][i].id);
                QVERIFY(base.top[L][i].prob == alone.top[L][i].prob);
            }
        // The global block is layers 3-4 of 5: below it nothing changes, bit
        // for bit; from it on the margins move.
        for (int L = 0; L < 3; ++L) {
            QVERIFY(adapted.margin[L] == base.margin[L]);
            QVERIFY(adapted.expectedLogp[L] == base.expectedLogp[L]);
        }
        QVERIFY(std::abs(adapted.margin[3] - base.margin[3]) > 1e-3);
        QVERIFY(std::abs(adapted.margin[4] - base.margin[4]) > 1e-3);

        // The adapted last layer is the adapted model's logits.
        auto bundle = loadCpu(modelDir);
        const auto lora = train::loadPeftAdapter(adapterDir, bundle.model);
        torch::NoGradGuard noGrad;
        const auto& in = both.cases.front().input;
        const at::Tensor last = bundle.model->forward(idsOf(in.prompt))[0][-1];
        QVERIFY(adapted.expectedLogp.back() == at::log_softmax(last, -1)[in.expected].item<double>());
    }

    void refusals()
    {
        HIALIGN_FIXTURE(dir, "stories260k/model.safetensors");
        lens::LensRequest q;
        q.modelDir = dir.parent_path();
        const auto refused = [](const lens::LensRequest& r, const char* part) {
            try {
                lens::runLens(r);
            } catch (const InputError& e) {
                const std::string what = e.what();
                if (what.find(part) == std::string::npos)
                    qWarning("message: %s", e.what());
                return what.find(part) != std::string::npos;
            }
            return false;
        };
        QVERIFY(refused(q, "give a prompt or a preference file"));
        lens::LensRequest longer = q;
        for (int i = 0; i < 300; ++i)
            longer.prompt += "the cat sat. ";
        QVERIFY(refused(longer, "more than the model's 512 positions"));
        lens::LensRequest half = q;
        half.prompt = "Once";
        half.chosen = " upon";
        QVERIFY(refused(half, "the rejected one is missing"));
        QTemporaryDir tmp;
        const fs::path empty = fs::path(tmp.path().toStdString()) / "empty.jsonl";
        std::ofstream(empty) << "\n";
        lens::LensRequest none = q;
        none.dataFile = empty;
        QVERIFY(refused(none, "holds no preference records"));
    }
};

QTEST_GUILESS_MAIN(TestLensExact)
#include "tst_lens_exact.moc"

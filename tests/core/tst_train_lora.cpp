// LoRA and the DPO step: finite-difference gradients, the base-model start,
// adapters off == plain model, r x r norms, losses against hand computation,
// and PEFT's layout for block-restricted adapters on a real checkpoint.
#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>
#include <torch/csrc/autograd/grad_mode.h>

#include <QRegularExpression>
#include <QtTest/QtTest>

#include <fstream>
#include <set>

#include <cmath>

#include "io/Safetensors.h"
#include "model/ModelBundle.h"
#include "model/WeightLoader.h"
#include "support/Fixtures.h"
#include "train/DpoBench.h"
#include "train/DpoLoss.h"
#include "train/DpoStep.h"
#include "train/LoraModel.h"
#include "train/PeftAdapter.h"
#include "settings/RunFolder.h"
#include "util/Json.h"
#include "util/Error.h"

using namespace hialign;
using nlohmann::json;

namespace {

io::ModelConfig tinyConfig(int layers = 6)
{
    return train::parseShape("layers=" + std::to_string(layers) + ",hidden=16,heads=4,kv_heads=2,intermediate=24,vocab=37");
}

model::CausalLM tinyModel(int layers = 6, at::ScalarType dtype = at::kFloat)
{
    auto loader = model::WeightLoader::random(11, 0.3, at::Device(at::kCPU), dtype);
    return model::CausalLM(tinyConfig(layers), loader);
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

// Randomises B so that gradients reach A too.
void randomiseB(train::LoraModel& lora, std::uint64_t seed)
{
    at::Generator g = at::detail::createCPUGenerator(seed);
    at::NoGradGuard noGrad;
    for (const auto& a : lora.adapters())
        a.lora->lora_B.copy_(at::normal(0.0, 0.3, a.lora->lora_B.sizes(), g));
}

} // namespace

class TestTrainLora : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void freshAdaptersStartAtTheBaseModel()
    {
        auto model = tinyModel();
        align::LayerPlan plan(6);
        plan.setStrategy(align::Strategy::Full);
        train::LoraModel lora(model, plan, {});
        const auto p1 = pair({1, 5, 6, 7}, {8, 9, 2}, {10, 11, 12, 2});
        const auto p2 = pair({1, 3}, {4, 2}, {20, 21, 22, 23, 2});
        const auto batch = train::assemblePairs({&p1, &p2}, 0, at::Device(at::kCPU));
        train::DpoStepSettings st;
        st.sharedPrefixLayers = 0;
        const auto out = train::dpoForward(model, batch, st);
        // B = 0: the policy equals the reference bit for bit; rewards are exactly zero.
        QVERIFY(at::equal(out.policyChosen, out.refChosen));
        QVERIFY(at::equal(out.policyRejected, out.refRejected));
        QCOMPARE(out.chosenRewards.abs().max().item<double>(), 0.0);
        QCOMPARE(out.rejectedRewards.abs().max().item<double>(), 0.0);
        QVERIFY(std::abs(out.loss.item<double>() - std::log(2.0)) < 1e-6);   // -log sigma(0)
    }

    void adaptersOffEqualsPlainModel()
    {
        auto model = tinyModel();
        const at::Tensor ids = at::tensor(std::vector<std::int64_t>{1, 4, 9, 16, 25, 36, 2}).unsqueeze(0);
        at::NoGradGuard noGrad;
        const at::Tensor plain = model->forward(ids);
        align::LayerPlan plan(6);
        plan.setStrategy(align::Strategy::Full);
        train::LoraModel lora(model, plan, {});
        randomiseB(lora, 3);
        const at::Tensor adapted = model->forward(ids);
        QVERIFY((adapted - plain).abs().max().item<double>() > 1e-3);   // adapters do something
        model->setAdaptersEnabled(false);
        QVERIFY(at::equal(model->forward(ids), plain));
        model->setAdaptersEnabled(true);
    }

    void gradientsMatchFiniteDifferences()
    {
        auto model = tinyModel(3);
        align::LayerPlan plan(3);
        plan.setCustomLayers({1, 2});
        plan.setTargetModules({"q_proj", "v_proj", "down_proj"});
        plan.setLoraAll({2, 4.0});
        train::LoraModel lora(model, plan, {});
        randomiseB(lora, 5);
        const auto p1 = pair({1, 5, 6}, {8, 9, 2}, {10, 11, 2});
        const auto batch = train::assemblePairs({&p1}, 0, at::Device(at::kCPU));
        train::DpoStepSettings st;
        st.loss.beta = 0.5;
        st.sftWeight = 0.3;
        st.sharedPrefixLayers = 1;

        auto loss = [&] { return train::dpoForward(model, batch, st).loss; };
        // The reference pass uses the same weights with adapters off, so
        // perturbing an adapter moves only the policy side.
        lora.model()->zero_grad();
        for (auto& p : lora.parameters())
            p.mutable_grad() = at::Tensor();
        loss().backward();
        int checked = 0;
        for (const auto& a : lora.adapters()) {
            for (const at::Tensor* w : {&a.lora->lora_A, &a.lora->lora_B}) {
                const at::Tensor grad = w->grad().clone();
                for (std::int64_t idx : {std::int64_t(0), w->numel() / 2, w->numel() - 1}) {
                    const double eps = 1e-2;
                    double fp, fm;
                    {
                        at::NoGradGuard noGrad;
                        auto flat = w->view({-1});
                        const double orig = flat[idx].item<double>();
                        flat[idx] = orig + eps;
                        fp = loss().item<double>();
                        flat[idx] = orig - eps;
                        fm = loss().item<double>();
                        flat[idx] = orig;
                    }
                    const double fd = (fp - fm) / (2 * eps);
                    const double ad = grad.view({-1})[idx].item<double>();
                    QVERIFY2(std::abs(fd - ad) <= 2e-3 + 2e-2 * std::abs(fd),
                             qPrintable(QString("slot %1.%2 index %3: autograd %4, finite difference %5")
                                            .arg(a.slot.layer).arg(QString::fromStdString(a.slot.module))
                                            .arg(idx).arg(ad).arg(fd)));
                    ++checked;
                }
            }
        }
        QVERIFY(checked >= 30);
    }

    void gradientCheckpointingGivesTheSameGradients()
    {
        auto model = tinyModel(4);
        align::LayerPlan plan(4);
        plan.setCustomLayers({1, 3});
        train::LoraModel lora(model, plan, {});
        randomiseB(lora, 8);
        const auto p1 = pair({1, 5, 6, 7}, {8, 9, 2}, {10, 11, 12, 2});
        const auto batch = train::assemblePairs({&p1}, 0, at::Device(at::kCPU));
        auto grads = [&](bool checkpointing) {
            for (auto& p : lora.parameters())
                p.mutable_grad() = at::Tensor();
            train::DpoStepSettings st;
            st.sharedPrefixLayers = 1;
            st.gradientCheckpointing = checkpointing;
            train::dpoForward(model, batch, st).loss.backward();
            std::vector<at::Tensor> g;
            for (auto& p : lora.parameters())
                g.push_back(p.grad().clone());
            return g;
        };
        const auto plain = grads(false);
        const auto recomputed = grads(true);
        QCOMPARE(plain.size(), recomputed.size());
        for (size_t i = 0; i < plain.size(); ++i)
            QVERIFY((plain[i] - recomputed[i]).abs().max().item<double>() < 1e-6);
    }

    void prefixSharingChangesNothing()
    {
        auto model = tinyModel();
        align::LayerPlan plan(6);
        plan.setStrategy(align::Strategy::Global);
        train::LoraModel lora(model, plan, {});
        randomiseB(lora, 9);
        const auto p1 = pair({1, 5, 6, 7}, {8, 9, 2}, {10, 11, 12, 2});
        const auto batch = train::assemblePairs({&p1}, 0, at::Device(at::kCPU));
        train::DpoStepSettings shared, unshared;
        shared.sharedPrefixLayers = plan.lowestTargetedLayer();
        QCOMPARE(shared.sharedPrefixLayers, 4);
        const auto a = train::dpoForward(model, batch, shared);
        const auto b = train::dpoForward(model, batch, unshared);
        QVERIFY(std::abs(a.loss.item<double>() - b.loss.item<double>()) < 1e-6);
        QVERIFY((a.policyChosen - b.policyChosen).abs().max().item<double>() < 1e-5);
    }

    void deltaNormsThroughSmallProducts()
    {
        auto model = tinyModel();
        align::LayerPlan plan(6);
        plan.setStrategy(align::Strategy::Mid);
        train::LoraOptions lo;
        lo.rslora = true;
        train::LoraModel lora(model, plan, lo);
        randomiseB(lora, 4);
        const auto norms = lora.deltaNorms();
        for (const auto& a : lora.adapters()) {
            const double s = a.lora->hyper().scaling();
            const double direct = (at::matmul(a.lora->lora_B, a.lora->lora_A) * s).norm().item<double>();
            QVERIFY(std::abs(direct - a.lora->deltaNorm()) < 1e-4 * std::max(1.0, direct));
        }
        for (int l = 0; l < 6; ++l) {
            const bool targeted = plan.targets(l);
            QCOMPARE(norms.perLayer[static_cast<size_t>(l)] > 0, targeted);
            if (!targeted)
                QCOMPARE(norms.perLayer[static_cast<size_t>(l)], 0.0);
        }
    }

    void lossesByHand_data()
    {
        QTest::addColumn<QString>("loss");
        QTest::addColumn<double>("smoothing");
        QTest::addColumn<double>("expected");
        // pc=-10, pr=-12, rc=-11, rr=-11.5, beta=0.5 -> d = 1 - (-0.5) = 1.5, beta*d = 0.75
        const double bd = 0.75;
        auto logsig = [](double x) { return -std::log1p(std::exp(-x)); };
        QTest::newRow("sigmoid") << "sigmoid" << 0.0 << -logsig(bd);
        QTest::newRow("sigmoid smoothed") << "sigmoid" << 0.1 << -0.9 * logsig(bd) - 0.1 * logsig(-bd);
        QTest::newRow("robust") << "robust" << 0.1 << (-0.9 * logsig(bd) + 0.1 * logsig(-bd)) / 0.8;
        QTest::newRow("hinge") << "hinge" << 0.0 << 1.0 - bd;
        QTest::newRow("ipo") << "ipo" << 0.0 << std::pow(1.5 - 1.0 / (2 * 0.5), 2);
    }

    void lossesByHand()
    {
        QFETCH(QString, loss);
        QFETCH(double, smoothing);
        QFETCH(double, expected);
        train::DpoLossConfig c{train::parseLoss(loss.toStdString()), 0.5, smoothing};
        auto t = [](double v) { return at::tensor(std::vector<double>{v}); };
        const double got = train::dpoLoss(c, t(-10), t(-12), t(-11), t(-11.5)).item<double>();
        QVERIFY2(std::abs(got - expected) < 1e-12, qPrintable(QString("%1 vs %2").arg(got).arg(expected)));
    }

    void stepMetricsByHand()
    {
        auto model = tinyModel(2);
        align::LayerPlan plan(2);
        plan.setStrategy(align::Strategy::Full);
        train::LoraModel lora(model, plan, {});
        randomiseB(lora, 12);
        const auto p1 = pair({1, 5}, {8, 2}, {10, 11, 2});
        const auto batch = train::assemblePairs({&p1}, 0, at::Device(at::kCPU));
        train::DpoStepSettings st;
        st.loss.beta = 0.2;
        const auto out = train::dpoForward(model, batch, st);
        // Hand computation from full log-softmax over the plain forward.
        at::NoGradGuard noGrad;
        auto seqLogp = [&](const std::vector<std::int64_t>& ids, int promptLen) {
            const at::Tensor lp = at::log_softmax(model->forward(at::tensor(ids).unsqueeze(0))[0], -1);
            double s = 0;
            for (size_t t = static_cast<size_t>(promptLen); t < ids.size(); ++t)
                s += lp[static_cast<std::int64_t>(t) - 1][ids[t]].item<double>();
            return s;
        };
        const double pc = seqLogp({1, 5, 8, 2}, 2), pr = seqLogp({1, 5, 10, 11, 2}, 2);
        model->setAdaptersEnabled(false);
        const double rc = seqLogp({1, 5, 8, 2}, 2), rr = seqLogp({1, 5, 10, 11, 2}, 2);
        model->setAdaptersEnabled(true);
        QVERIFY(std::abs(out.policyChosen.item<double>() - pc) < 1e-4);
        QVERIFY(std::abs(out.policyRejected.item<double>() - pr) < 1e-4);
        QVERIFY(std::abs(out.refChosen.item<double>() - rc) < 1e-4);
        QVERIFY(std::abs(out.chosenRewards.item<double>() - 0.2 * (pc - rc)) < 1e-4);
        QVERIFY(std::abs(out.rejectedRewards.item<double>() - 0.2 * (pr - rr)) < 1e-4);
        const double d = 0.2 * ((pc - rc) - (pr - rr));
        QVERIFY(std::abs(out.loss.item<double>() - std::log1p(std::exp(-d))) < 1e-4);
        QCOMPARE(out.chosenTokens.item<double>(), 2.0);
        QCOMPARE(out.rejectedTokens.item<double>(), 3.0);
    }

    void peftLayoutPerBlock_data()
    {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QVector<int>>("layers");
        QTest::newRow("local") << "local" << QVector<int>{0, 1};
        QTest::newRow("mid") << "mid" << QVector<int>{2};
        QTest::newRow("global") << "global" << QVector<int>{3, 4};
    }

    void peftLayoutPerBlock()
    {
        QFETCH(QString, strategy);
        QFETCH(QVector<int>, layers);
        HIALIGN_FIXTURE(dir, "stories260k");
        auto bundle = model::loadModelBundle(dir, {at::Device(at::kCPU), std::nullopt, false});
        align::LayerPlan plan(bundle.config.numLayers);
        plan.setStrategy(align::parseStrategy(strategy.toStdString()));
        plan.setLoraAll({4, 8.0});
        train::LoraModel lora(bundle.model, plan, {});
        randomiseB(lora, 1);
        QTemporaryDir tmp;
        const std::filesystem::path out = std::filesystem::path(tmp.path().toStdString()) / "adapter";
        train::savePeftAdapter(out, lora, dir.string());

        const json cfg = util::readJsonFile(out / "adapter_config.json");
        QCOMPARE(QString::fromStdString(cfg["peft_type"].get<std::string>()), QString("LORA"));
        QCOMPARE(QString::fromStdString(cfg["task_type"].get<std::string>()), QString("CAUSAL_LM"));
        QCOMPARE(cfg["r"].get<int>(), 4);
        QCOMPARE(cfg["lora_alpha"].get<double>(), 8.0);
        QCOMPARE(cfg["layers_to_transform"].get<std::vector<int>>(), std::vector<int>(layers.begin(), layers.end()));

        io::SafetensorsFile file(out / "adapter_model.safetensors");
        std::set<int> seenLayers;
        for (const auto& e : file.header().tensors) {
            // base_model.model.model.layers.{i}.{self_attn|mlp}.{module}.lora_{A|B}.weight
            const QString name = QString::fromStdString(e.name);
            const QRegularExpression re(
                "^base_model\\.model\\.model\\.layers\\.(\\d+)\\.(self_attn|mlp)\\.(\\w+_proj)\\.lora_([AB])\\.weight$");
            const auto m = re.match(name);
            QVERIFY2(m.hasMatch(), qPrintable(name));
            const int layer = m.captured(1).toInt();
            seenLayers.insert(layer);
            const auto [in, outF] = align::LayerPlan::moduleShape(bundle.config, m.captured(3).toStdString());
            const std::vector<std::int64_t> expect = m.captured(4) == "A" ? std::vector<std::int64_t>{4, in}
                                                                           : std::vector<std::int64_t>{outF, 4};
            QCOMPARE(e.shape, expect);
        }
        QCOMPARE(std::vector<int>(seenLayers.begin(), seenLayers.end()), std::vector<int>(layers.begin(), layers.end()));
        QCOMPARE(file.header().tensors.size(), size_t(layers.size() * 7 * 2));

        // Loading it back with our own loader reproduces the adapted model (a
        // round trip of our reader and writer). That Python PEFT loads these
        // files and computes the same logits is shown by the parity test
        // tests/parity/peft_adapter.py (ctest -L parity).
        at::NoGradGuard noGrad;
        const at::Tensor ids = at::tensor(std::vector<std::int64_t>{1, 403, 407, 261, 378}).unsqueeze(0);
        const at::Tensor before = bundle.model->forward(ids);
        auto fresh = model::loadModelBundle(dir, {at::Device(at::kCPU), std::nullopt, false});
        auto loaded = train::loadPeftAdapter(out, fresh.model);
        QVERIFY((fresh.model->forward(ids) - before).abs().max().item<double>() < 1e-5);
    }

    // adapter_config.json as PEFT writes it, read with PEFT's rules (the
    // expected slots follow from PEFT's documented matching: a list entry
    // matches a path equal to it or ending in ".entry"; a string is a regular
    // expression that must match the whole path; rank_pattern's first key in
    // file order that matches the end of the path wins). That PEFT itself
    // computes the same logits on such files: tests/parity/peft_written.py.
    static std::string slotList(const std::vector<align::AdapterSlot>& slots)
    {
        std::string out;
        for (const auto& s : slots)
            out += std::to_string(s.layer) + "." + s.module + ":" + std::to_string(s.rank) + "/"
                   + std::to_string(static_cast<int>(s.alpha)) + " ";
        return out;
    }
    static std::vector<align::AdapterSlot> readSlots(const std::string& configText)
    {
        QTemporaryDir tmp;
        const std::filesystem::path dir = tmp.path().toStdString();
        std::ofstream(dir / "adapter_config.json") << configText;   // file order matters for the patterns
        return train::readPeftAdapterConfig(dir, 5).slots;
    }

    void peftWrittenConfigs_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("slots");
        const QString head = R"({"peft_type": "LORA", "r": 4, "lora_alpha": 8, )";
        QTest::newRow("list with layers_to_transform")
            << head + R"("target_modules": ["q_proj", "mlp.down_proj"], "layers_to_transform": [1, 3]})"
            << "1.q_proj:4/8 1.down_proj:4/8 3.q_proj:4/8 3.down_proj:4/8 ";
        QTest::newRow("one layer as a number")
            << head + R"("target_modules": ["o_proj"], "layers_to_transform": 4, "layers_pattern": "layers"})"
            << "4.o_proj:4/8 ";
        QTest::newRow("regex over the whole path")
            << head + R"("target_modules": ".*\\.layers\\.[02]\\.self_attn\\.(q|v)_proj"})"
            << "0.q_proj:4/8 0.v_proj:4/8 2.q_proj:4/8 2.v_proj:4/8 ";
        QTest::newRow("a regex that matches only part of the path selects nothing there")
            << head + R"("target_modules": "layers\\.[0-1]\\.mlp\\.up_proj|.*layers\\.4\\.mlp\\.up_proj"})"
            << "4.up_proj:4/8 ";
        QTest::newRow("exclude_modules")
            << head + R"("target_modules": ["gate_proj", "up_proj", "down_proj"], "exclude_modules": ["up_proj"], )"
                      R"("layers_to_transform": [0]})"
            << "0.gate_proj:4/8 0.down_proj:4/8 ";
        QTest::newRow("rank_pattern: the first matching key in file order")
            << head + R"("target_modules": ["q_proj"], "layers_to_transform": [0, 1], )"
                      R"("rank_pattern": {"layers.1.self_attn.q_proj": 8, "q_proj": 2}, "alpha_pattern": {"q_proj": 3}})"
            << "0.q_proj:2/3 1.q_proj:8/3 ";
        QTest::newRow("rank_pattern: a general key first wins everywhere")
            << head + R"("target_modules": ["q_proj"], "layers_to_transform": [0, 1], )"
                      R"("rank_pattern": {"q_proj": 2, "layers.1.self_attn.q_proj": 8}})"
            << "0.q_proj:2/8 1.q_proj:2/8 ";
        QTest::newRow("a pattern key matches after a dot only")
            << head + R"("target_modules": ["v_proj"], "layers_to_transform": [0], "rank_pattern": {"_proj": 6}})"
            << "0.v_proj:4/8 ";
    }

    void peftWrittenConfigs()
    {
        QFETCH(QString, config);
        QFETCH(QString, slots);
        QCOMPARE(QString::fromStdString(slotList(readSlots(config.toStdString()))), slots);
    }

    void peftFieldsWeCannotHonourAreRefused_data()
    {
        QTest::addColumn<QString>("fields");
        QTest::addColumn<QString>("named");
        QTest::newRow("dora") << R"("use_dora": true)" << "use_dora";
        QTest::newRow("bias") << R"("bias": "all")" << "bias";
        QTest::newRow("modules_to_save") << R"("modules_to_save": ["lm_head"])" << "modules_to_save";
        QTest::newRow("fan_in_fan_out") << R"("fan_in_fan_out": true)" << "fan_in_fan_out";
        QTest::newRow("layer_replication") << R"("layer_replication": [[0, 2]])" << "layer_replication";
    }

    void peftFieldsWeCannotHonourAreRefused()
    {
        QFETCH(QString, fields);
        QFETCH(QString, named);
        const std::string text = R"({"peft_type": "LORA", "r": 4, "lora_alpha": 8, "target_modules": ["q_proj"], )"
                                 + fields.toStdString() + "}";
        try {
            readSlots(text);
            QFAIL("must be refused");
        } catch (const InputError& e) {
            const QString msg = QString::fromUtf8(e.what());
            QVERIFY2(msg.contains(named), qPrintable(msg));
            QVERIFY2(!msg.contains(QLatin1Char('\n')), qPrintable(msg));
        }
    }

    void targetsOutsideTheProjectionsAreRefused_data()
    {
        QTest::addColumn<QString>("targets");
        QTest::newRow("lm_head") << R"(["q_proj", "lm_head"])";
        QTest::newRow("embeddings") << R"(["embed_tokens"])";
        QTest::newRow("nothing") << R"(["not_a_module"])";
        QTest::newRow("regex for nothing") << R"("model\\.layers\\.9\\..*")";
    }

    void targetsOutsideTheProjectionsAreRefused()
    {
        QFETCH(QString, targets);
        try {
            readSlots(R"({"peft_type": "LORA", "r": 4, "lora_alpha": 8, "target_modules": )" + targets.toStdString()
                      + "}");
            QFAIL("must be refused");
        } catch (const InputError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("target_modules")), e.what());
        }
    }

    void adapterThatDoesNotFit()
    {
        HIALIGN_FIXTURE(dir, "stories260k");
        auto bundle = model::loadModelBundle(dir, {at::Device(at::kCPU), std::nullopt, false});
        QTemporaryDir tmp;
        const std::filesystem::path out = tmp.path().toStdString();
        util::writeJsonAtomic(out / "adapter_config.json",
                                          json{{"peft_type", "LORA"}, {"r", 4}, {"lora_alpha", 8},
                                               {"target_modules", {"q_proj"}}, {"layers_to_transform", {7}}});
        try {
            train::loadPeftAdapter(out, bundle.model);
            QFAIL("an adapter for layer 7 of a 5-layer model must be refused");
        } catch (const InputError& e) {
            QCOMPARE(QString(e.what()), QString::fromStdString((out / "adapter_config.json").string())
                                            + ": layers_to_transform names layer 7, but the model has 5 layers (0 to 4)");
        }
    }
};

QTEST_APPLESS_MAIN(TestTrainLora)
#include "tst_train_lora.moc"

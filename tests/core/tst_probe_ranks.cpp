// Ranks from the probe (docs/PROBE.md, "Ranks from the probe"): the rule on
// hand-made probe results with the expected ranks worked out beside each
// case, its refusals, and the per-layer ranks in the layer plan and the
// training configuration (slots, alpha scaling, JSON, validation). Torch-free.
#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <functional>
#include <random>

#include "align/LayerPlan.h"
#include "config/ModelConfig.h"
#include "probe/ProbeRanks.h"
#include "probe/ProbeResult.h"
#include "settings/TrainConfig.h"
#include "util/Error.h"

using namespace hialign;
using namespace hialign::probe;
using nlohmann::json;

namespace {

QString inputError(const std::function<void()>& f)
{
    try {
        f();
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

// 6 layers, hidden 8, 2 heads of 4, intermediate 16. q_proj: in 8 + out 8 = 16
// parameters per unit of rank; all seven modules: 16+16+16+16+24+24+24 = 136.
io::ModelConfig smallModel()
{
    io::ModelConfig m;
    m.modelType = "llama";
    m.numLayers = 6;
    m.hiddenSize = 8;
    m.numHeads = 2;
    m.numKvHeads = 2;
    m.headDim = 4;
    m.intermediateSize = 16;
    m.vocabSize = 32;
    return m;
}

// Cuts (2, 4): grammar in local [0, 2), facts in global [4, 6).
ProbeResult handProbe()
{
    ProbeResult r;
    r.modelType = "llama";
    r.numLayers = 6;
    r.dimensions = {{"grammar", "g.jsonl", 10, 10, 0.5, 0.0}, {"facts", "f.jsonl", 10, 10, 0.5, 0.0}};
    r.cuts.available = true;
    r.cuts.source = "ablation";
    r.cuts.profiles = {{0.5, 0.0, 0.2, 0.1, 0.1, 0.1},     // grammar: all of local on layer 0
                       {0.1, 0.1, 0.2, 0.2, 0.3, 0.1}};    // facts: layers 4, 5 share 0.75, 0.25 of global
    r.cuts.suggested = {2, 4, {0, 2}, 0.0};
    return r;
}

const std::vector<std::string> kQ{"q_proj"};

} // namespace

class TestProbeRanks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void proportionalWithRemainder()
    {
        // B = 160, c = 16: ideal 0.75*160/16 = 7.5 and 2.5 -> floors 7, 2 (144);
        // 16 left: shortfalls 0.5, 0.5, the tie to the lower layer -> 8, 2 (160).
        const ProbeRanks r = probeRanks(handProbe(), smallModel(), "facts", kQ, 8, 160);
        QCOMPARE(r.block, align::Block::Global);
        QCOMPARE(r.layers, (std::vector<int>{4, 5}));
        QCOMPARE(r.costs, (std::vector<std::int64_t>{16, 16}));
        QVERIFY(std::abs(r.shares[0] - 0.75) < 1e-12 && std::abs(r.shares[1] - 0.25) < 1e-12);
        QCOMPARE(r.ranks, (std::vector<int>{8, 2}));
        QCOMPARE(r.used(), std::int64_t(160));
        QCOMPARE(r.cut1, 2);
        QCOMPARE(r.cut2, 4);
    }

    void remainderThatDoesNotFitStaysUnused()
    {
        // B = 167: ideal 7.83, 2.61 -> 7, 2 (144); 23 left: layer 4's shortfall
        // 0.83 > 0.61 -> 8 (160); 7 left < 16: stop.
        const ProbeRanks r = probeRanks(handProbe(), smallModel(), "facts", kQ, 8, 167);
        QCOMPARE(r.ranks, (std::vector<int>{8, 2}));
        QCOMPARE(r.used(), std::int64_t(160));
        // B = 180: ideal 8.44, 2.81 -> 8, 2 (160); 20 left: shortfall 0.81 on
        // layer 5 beats 0.44 -> 8, 3 (176); 4 left: stop.
        QCOMPARE(probeRanks(handProbe(), smallModel(), "facts", kQ, 8, 180).ranks, (std::vector<int>{8, 3}));
    }

    void atLeastOneAndNeverOverBudget()
    {
        // grammar's local block holds all its mass on layer 0: shares 1, 0.
        // B = 64: ideal 4, 0 -> 4, max(1, 0) = 1 (80 > 64): one rank back from
        // layer 0 (furthest above its ideal) -> 3, 1 (64).
        const ProbeRanks r = probeRanks(handProbe(), smallModel(), "grammar", kQ, 8, 64);
        QCOMPARE(r.block, align::Block::Local);
        QCOMPARE(r.layers, (std::vector<int>{0, 1}));
        QCOMPARE(r.ranks, (std::vector<int>{3, 1}));
        QCOMPARE(r.used(), std::int64_t(64));
        // The smallest budget: every layer at rank 1.
        QCOMPARE(probeRanks(handProbe(), smallModel(), "grammar", kQ, 8, 32).ranks, (std::vector<int>{1, 1}));
    }

    void budgetPropertiesOnRandomProfiles()
    {
        std::mt19937 rng(3);
        std::uniform_real_distribution<double> u(0.0, 1.0);
        const std::vector<std::string> all;   // all seven modules: c = 136
        for (int trial = 0; trial < 200; ++trial) {
            ProbeResult p = handProbe();
            for (double& v : p.cuts.profiles[1])
                v = trial % 5 == 0 ? 0.0 : u(rng);
            const std::int64_t budget = 272 + static_cast<std::int64_t>(u(rng) * 10000);
            const ProbeRanks r = probeRanks(p, smallModel(), "facts", all, 8, budget);
            QVERIFY(r.used() <= budget);
            QVERIFY(budget - r.used() < 136);   // what is left fits no layer
            for (int rank : r.ranks)
                QVERIFY(rank >= 1);
            if (trial % 5 == 0)   // no mass in the block: even shares
                QVERIFY(std::abs(r.ranks[0] - r.ranks[1]) <= 1);
        }
    }

    void defaultBudgetIsTheUniformBlock()
    {
        // Rank 4 on layers 4, 5 at c = 16: B = 128; ideal 6, 2.
        const ProbeRanks r = probeRanks(handProbe(), smallModel(), "facts", kQ, 4);
        QCOMPARE(r.budget, std::int64_t(128));
        QCOMPARE(r.ranks, (std::vector<int>{6, 2}));
        // The same number of adapter parameters as the plain global block at rank 4.
        train::TrainConfig c;
        c.rank = 4;
        c.alpha = 8;
        c.targetModules = kQ;
        c.cut1 = 2;
        c.cut2 = 4;
        c.strategy = "global";
        const std::int64_t plain = c.makePlan(smallModel()).trainableParameters(smallModel());
        applyProbeRanks(c, r);
        const align::LayerPlan ranked = c.makePlan(smallModel());
        QCOMPARE(ranked.trainableParameters(smallModel()), plain);
        QCOMPARE(ranked.strategy(), align::Strategy::Global);
    }

    void refusals()
    {
        const ProbeResult p = handProbe();
        QString e = inputError([&] { probeRanks(p, smallModel(), "facts", kQ, 8, 31); });
        QVERIFY2(e.contains("smaller than the 2 layers") && e.contains("(32)"), qPrintable(e));
        e = inputError([&] { probeRanks(p, smallModel(), "style", kQ, 8); });
        QVERIFY2(e.contains("no dimension \"style\"") && e.contains("grammar, facts"), qPrintable(e));
        io::ModelConfig other = smallModel();
        other.numLayers = 8;
        e = inputError([&] { probeRanks(p, other, "facts", kQ, 8); });
        QVERIFY2(e.contains("another model"), qPrintable(e));
        other = smallModel();
        other.modelType = "qwen2";
        e = inputError([&] { probeRanks(p, other, "facts", kQ, 8); });
        QVERIFY2(e.contains("another model"), qPrintable(e));
        ProbeResult noCuts = p;
        noCuts.cuts.available = false;
        e = inputError([&] { probeRanks(noCuts, smallModel(), "facts", kQ, 8); });
        QVERIFY2(e.contains("suggests no cuts"), qPrintable(e));
    }

    void planSlotsCarryLayerRanks()
    {
        align::LayerPlan plan(6);
        plan.setCuts(2, 4);
        plan.setStrategy(align::Strategy::Global);
        plan.setTargetModules(kQ);
        plan.setLoraAll({4, 8.0});
        plan.setLayerRanks({{4, 6}, {5, 2}});
        plan.validate();
        const auto slots = plan.slots();
        QCOMPARE(slots.size(), std::size_t(2));
        QCOMPARE(slots[0].rank, 6);
        QCOMPARE(slots[0].alpha, 12.0);   // alpha / r stays 8 / 4
        QCOMPARE(slots[1].rank, 2);
        QCOMPARE(slots[1].alpha, 4.0);
        QCOMPARE(plan.trainableParameters(smallModel()), std::int64_t((6 + 2) * 16));

        const json j = plan.toJson();
        QCOMPARE(j["layer_ranks"], json({{"4", 6}, {"5", 2}}));
        const align::LayerPlan back = align::LayerPlan::fromJson(j);
        QCOMPARE(back.layerRanks(), plan.layerRanks());
        // A plan without overrides writes no key.
        align::LayerPlan plain = plan;
        plain.setLayerRanks({});
        QVERIFY(!plain.toJson().contains("layer_ranks"));
    }

    void planRefusesBadLayerRanks()
    {
        align::LayerPlan plan(6);
        plan.setCuts(2, 4);
        plan.setStrategy(align::Strategy::Global);
        plan.setLayerRanks({{7, 2}});
        QVERIFY(inputError([&] { plan.validate(); }).contains("outside the 6-layer stack"));
        plan.setLayerRanks({{4, 0}});
        QVERIFY(inputError([&] { plan.validate(); }).contains("at least 1"));
        plan.setLayerRanks({{1, 3}});
        const QString e = inputError([&] { plan.validate(); });
        QVERIFY2(e.contains("does not train it") && e.contains("[4,5]"), qPrintable(e));
        json j = plan.toJson();
        j["layer_ranks"] = {{"x", 2}};
        QVERIFY(inputError([&] { align::LayerPlan::fromJson(j, "plan.json"); }).contains("layer_ranks.x"));
    }

    void trainConfigRoundTrip()
    {
        train::TrainConfig c;
        c.modelDir = "m";
        c.dataFile = "d";
        QVERIFY(!c.toJson().contains("layer_rank"));   // unchanged JSON without overrides
        c.layerRank = {{4, 6}, {5, 2}};
        const json j = c.toJson();
        QCOMPARE(j["layer_rank"], json({{"4", 6}, {"5", 2}}));
        QCOMPARE(train::TrainConfig::fromJson(j, "run.json").layerRank, c.layerRank);
        c.layerRank = {{4, 0}};
        QVERIFY(inputError([&] { c.validate(); }).contains("at least 1"));
        // setPlan takes the plan's overrides (none: cleared).
        c.setPlan(align::LayerPlan(6));
        QVERIFY(c.layerRank.empty());
    }
};

QTEST_APPLESS_MAIN(TestProbeRanks)
#include "tst_probe_ranks.moc"

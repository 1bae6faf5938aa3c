// LayerPlan: functional blocks, strategies, adapter slots, parameter counts,
// JSON round trip and the errors of impossible plans.
#include <QtTest/QtTest>

#include <functional>

#include <nlohmann/json.hpp>

#include "align/LayerPlan.h"
#include "util/Error.h"

using hialign::InputError;
using hialign::align::AdapterSlot;
using hialign::align::Block;
using hialign::align::BlockLora;
using hialign::align::LayerPlan;
using hialign::align::Strategy;

namespace {

// stories260k's shape: hidden 64, intermediate 172, 5 layers, 8 heads, 4 KV
// heads of dimension 8, vocabulary 512, tied embeddings.
hialign::io::ModelConfig smallConfig()
{
    hialign::io::ModelConfig c;
    c.modelType = "llama";
    c.hiddenSize = 64;
    c.intermediateSize = 172;
    c.numLayers = 5;
    c.numHeads = 8;
    c.numKvHeads = 4;
    c.headDim = 8;
    c.vocabSize = 512;
    c.tieWordEmbeddings = true;
    return c;
}

QString errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

std::pair<std::int64_t, std::int64_t> shape(std::int64_t in, std::int64_t out)
{
    return {in, out};
}

std::vector<int> range(int begin, int end)
{
    std::vector<int> v;
    for (int i = begin; i < end; ++i)
        v.push_back(i);
    return v;
}

} // namespace

Q_DECLARE_METATYPE(std::vector<int>)
Q_DECLARE_METATYPE(Strategy)

class TestAlignLayerPlan : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultCuts_data()
    {
        QTest::addColumn<int>("layers");
        QTest::addColumn<int>("cut1");
        QTest::addColumn<int>("cut2");
        QTest::newRow("5 layers") << 5 << 2 << 3;
        QTest::newRow("12 layers") << 12 << 4 << 8;
        QTest::newRow("32 layers") << 32 << 11 << 21;
        QTest::newRow("3 layers") << 3 << 1 << 2;
    }
    void defaultCuts()
    {
        QFETCH(int, layers);
        QFETCH(int, cut1);
        QFETCH(int, cut2);
        const LayerPlan plan(layers);
        QCOMPARE(plan.numLayers(), layers);
        QCOMPARE(plan.cut1(), cut1);
        QCOMPARE(plan.cut2(), cut2);
        QCOMPARE(plan.strategy(), Strategy::Full);
        QCOMPARE(plan.targetModules(), hialign::align::allTargetModules());
        QCOMPARE(plan.blockRange(Block::Local), std::make_pair(0, cut1));
        QCOMPARE(plan.blockRange(Block::Intermediate), std::make_pair(cut1, cut2));
        QCOMPARE(plan.blockRange(Block::Global), std::make_pair(cut2, layers));
        plan.validate();
    }

    void blockOf()
    {
        const LayerPlan plan(12);
        QCOMPARE(plan.blockOf(0), Block::Local);
        QCOMPARE(plan.blockOf(3), Block::Local);
        QCOMPARE(plan.blockOf(4), Block::Intermediate);
        QCOMPARE(plan.blockOf(7), Block::Intermediate);
        QCOMPARE(plan.blockOf(8), Block::Global);
        QCOMPARE(plan.blockOf(11), Block::Global);
        QVERIFY(errorOf([&] { plan.blockOf(12); }).contains("layer 12"));
    }

    void strategies_data()
    {
        QTest::addColumn<Strategy>("strategy");
        QTest::addColumn<std::vector<int>>("layers");
        QTest::newRow("base") << Strategy::Base << std::vector<int>{};
        QTest::newRow("full") << Strategy::Full << range(0, 12);
        QTest::newRow("local") << Strategy::Local << range(0, 4);
        QTest::newRow("mid") << Strategy::Mid << range(4, 8);
        QTest::newRow("global") << Strategy::Global << range(8, 12);
    }
    void strategies()
    {
        QFETCH(Strategy, strategy);
        QFETCH(std::vector<int>, layers);
        LayerPlan plan(12);
        plan.setStrategy(strategy);
        plan.validate();
        QCOMPARE(plan.targetedLayers(), layers);
        QCOMPARE(plan.peftLayersToTransform(), layers);
        QCOMPARE(plan.lowestTargetedLayer(), layers.empty() ? 12 : layers.front());
        for (int l = 0; l < 12; ++l) {
            const bool in = std::find(layers.begin(), layers.end(), l) != layers.end();
            QCOMPARE(plan.targets(l), in);
            QCOMPARE(plan.targets(l, "down_proj"), in);
        }
        QCOMPARE(plan.slots().size(), layers.size() * 7);
    }

    void movedCuts()
    {
        LayerPlan plan(12);
        plan.setCuts(3, 10);
        plan.setStrategy(Strategy::Mid);
        QCOMPARE(plan.targetedLayers(), range(3, 10));
        plan.setStrategy(Strategy::Global);
        QCOMPARE(plan.targetedLayers(), range(10, 12));
    }

    void customSet()
    {
        LayerPlan plan(12);
        plan.setCustomLayers({9, 2, 5, 2, 11});
        QCOMPARE(plan.strategy(), Strategy::Custom);
        QCOMPARE(plan.customLayers(), (std::vector<int>{2, 5, 9, 11}));
        QCOMPARE(plan.targetedLayers(), (std::vector<int>{2, 5, 9, 11}));
        QCOMPARE(plan.lowestTargetedLayer(), 2);
        QVERIFY(plan.targets(5));
        QVERIFY(!plan.targets(6));
        plan.validate();
    }

    void slotsFollowBlocksAndModules()
    {
        LayerPlan plan(5);   // cuts 2,3
        plan.setBlockLora(Block::Local, {4, 8.0});
        plan.setBlockLora(Block::Intermediate, {8, 16.0});
        plan.setBlockLora(Block::Global, {16, 32.0});
        plan.setTargetModules({"v_proj", "q_proj", "v_proj"});   // reordered, deduplicated
        QCOMPARE(plan.targetModules(), (std::vector<std::string>{"q_proj", "v_proj"}));
        const std::vector<AdapterSlot> slots = plan.slots();
        QCOMPARE(slots.size(), std::size_t(10));
        QCOMPARE(slots[0].layer, 0);
        QCOMPARE(slots[0].module, std::string("q_proj"));
        QCOMPARE(slots[0].rank, 4);
        QCOMPARE(slots[1].module, std::string("v_proj"));
        QCOMPARE(slots[4].layer, 2);
        QCOMPARE(slots[4].rank, 8);
        QCOMPARE(slots[4].alpha, 16.0);
        QCOMPARE(slots[9].layer, 4);
        QCOMPARE(slots[9].module, std::string("v_proj"));
        QCOMPARE(slots[9].rank, 16);
        QVERIFY(!plan.targets(4, "k_proj"));
        QVERIFY(plan.targets(4, "v_proj"));
    }

    void moduleShapes()
    {
        const auto c = smallConfig();
        QCOMPARE(LayerPlan::moduleShape(c, "q_proj"), shape(64, 64));
        QCOMPARE(LayerPlan::moduleShape(c, "k_proj"), shape(64, 32));
        QCOMPARE(LayerPlan::moduleShape(c, "v_proj"), shape(64, 32));
        QCOMPARE(LayerPlan::moduleShape(c, "o_proj"), shape(64, 64));
        QCOMPARE(LayerPlan::moduleShape(c, "gate_proj"), shape(64, 172));
        QCOMPARE(LayerPlan::moduleShape(c, "up_proj"), shape(64, 172));
        QCOMPARE(LayerPlan::moduleShape(c, "down_proj"), shape(172, 64));
        QVERIFY(errorOf([&] { LayerPlan::moduleShape(c, "qkv_proj"); }).contains("qkv_proj"));
    }

    void trainableParameters()
    {
        const auto c = smallConfig();
        // r * (in + out) summed over the seven modules of one layer, per unit rank:
        // q 64+64, k 64+32, v 64+32, o 64+64, gate 64+172, up 64+172, down 172+64.
        const std::int64_t perRank = 128 + 96 + 96 + 128 + 236 + 236 + 236;
        QCOMPARE(perRank, std::int64_t(1156));

        LayerPlan plan(5);   // local {0,1}, intermediate {2}, global {3,4}
        plan.setBlockLora(Block::Local, {4, 8.0});
        plan.setBlockLora(Block::Intermediate, {8, 16.0});
        plan.setBlockLora(Block::Global, {16, 32.0});
        const std::int64_t full = 2 * 4 * perRank + 1 * 8 * perRank + 2 * 16 * perRank;
        QCOMPARE(plan.trainableParameters(c), full);
        QCOMPARE(plan.trainableParametersOfLayer(c, 0), 4 * perRank);
        QCOMPARE(plan.trainableParametersOfLayer(c, 2), 8 * perRank);
        QCOMPARE(plan.trainableParametersOfLayer(c, 4), 16 * perRank);

        // Whole model: embeddings 512*64, per layer attention 64*64*2 + 2*64*32
        // + norm 64, MLP 3*64*172 + norm 64, final norm 64 (tied head).
        const std::int64_t total = 512 * 64 + 5 * ((2 * 64 * 64 + 2 * 64 * 32 + 64) +
                                                   (3 * 64 * 172 + 64)) + 64;
        QCOMPARE(c.totalParameters(), total);
        QCOMPARE(plan.trainableShare(c), double(full) / double(total));

        plan.setStrategy(Strategy::Global);
        plan.setTargetModules({"q_proj", "v_proj"});
        QCOMPARE(plan.trainableParameters(c), std::int64_t(2 * 16 * (128 + 96)));
        QCOMPARE(plan.trainableParametersOfLayer(c, 1), std::int64_t(0));

        plan.setStrategy(Strategy::Base);
        QCOMPARE(plan.trainableParameters(c), std::int64_t(0));
        QCOMPARE(plan.trainableShare(c), 0.0);

        const LayerPlan other(12);
        QVERIFY(errorOf([&] { other.trainableParameters(c); }).contains("12 layers"));
    }

    void jsonRoundTrip_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("default") << "default";
        QTest::newRow("global moved cuts") << "global";
        QTest::newRow("custom") << "custom";
        QTest::newRow("base two modules") << "base";
        QTest::newRow("two layers") << "tiny";
    }
    void jsonRoundTrip()
    {
        QFETCH(QString, name);
        LayerPlan plan(12);
        if (name == "global") {
            plan.setCuts(3, 9);
            plan.setStrategy(Strategy::Global);
            plan.setBlockLora(Block::Global, {32, 12.5});
        } else if (name == "custom") {
            plan.setCustomLayers({7, 1, 10});
            plan.setBlockLora(Block::Local, {2, 4.0});
        } else if (name == "base") {
            plan.setStrategy(Strategy::Base);
            plan.setTargetModules({"o_proj", "k_proj"});
        } else if (name == "tiny") {
            plan = LayerPlan(2);   // default cuts 1,1: an empty intermediate block
            plan.setStrategy(Strategy::Global);
        }
        const nlohmann::json j = plan.toJson();
        const LayerPlan back = LayerPlan::fromJson(j);
        QCOMPARE(back.toJson(), j);
        // The text form survives too.
        const LayerPlan parsed = LayerPlan::fromJson(nlohmann::json::parse(j.dump()));
        QCOMPARE(parsed.toJson().dump(), j.dump());
        QCOMPARE(back.targetedLayers(), plan.targetedLayers());
        QCOMPARE(back.cut1(), plan.cut1());
        QCOMPARE(back.cut2(), plan.cut2());
        QCOMPARE(back.strategy(), plan.strategy());
        QCOMPARE(back.customLayers(), plan.customLayers());
        QCOMPARE(back.targetModules(), plan.targetModules());
        for (Block b : {Block::Local, Block::Intermediate, Block::Global}) {
            QCOMPARE(back.blockLora(b).rank, plan.blockLora(b).rank);
            QCOMPARE(back.blockLora(b).alpha, plan.blockLora(b).alpha);
        }
    }

    void jsonLayout()
    {
        LayerPlan plan(12);
        plan.setCustomLayers({3, 4});
        const nlohmann::json j = plan.toJson();
        const auto expected = nlohmann::json::parse(R"({
            "num_layers": 12, "cuts": [4, 8], "strategy": "custom", "layers": [3, 4],
            "custom_layers": [3, 4],
            "target_modules": ["q_proj","k_proj","v_proj","o_proj","gate_proj","up_proj","down_proj"],
            "lora": {"local": {"r": 16, "alpha": 32.0}, "intermediate": {"r": 16, "alpha": 32.0},
                     "global": {"r": 16, "alpha": 32.0}}})");
        QCOMPARE(j, expected);
        plan.setStrategy(Strategy::Mid);
        QVERIFY(!plan.toJson().contains("custom_layers"));
    }

    void impossiblePlans_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty custom set") << "empty custom" << "the custom layer set is empty";
        QTest::newRow("layer 12 of 12") << "layer 12" << "custom layer 12 is outside the 12-layer stack";
        QTest::newRow("cuts out of order") << "cuts 8,4" << "cuts 8,4 are out of order: need 0 < cut1 < cut2 < 12";
        QTest::newRow("cut at 0") << "cuts 0,4" << "cuts 0,4 are out of range: need 0 < cut1 < cut2 < 12";
        QTest::newRow("cut at N") << "cuts 4,12" << "cuts 4,12 are out of range";
        QTest::newRow("unknown module") << "qkv_proj" << "unknown target module \"qkv_proj\"";
        QTest::newRow("rank 0") << "rank 0" << "LoRA rank is 0; it must be at least 1";
        QTest::newRow("alpha 0") << "alpha 0" << "LoRA alpha is 0; it must be a positive number";
        QTest::newRow("no modules") << "no modules" << "no target modules are chosen";
        QTest::newRow("no layers") << "no layers" << "the layer plan has 0 layers";
        QTest::newRow("empty block") << "empty block" << "the intermediate block is empty";
        QTest::newRow("cuts of 2 layers") << "cuts tiny" << "cannot split a stack of 2 layers";
    }
    void impossiblePlans()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        const QString message = errorOf([&] {
            LayerPlan plan(12);
            if (kind == "empty custom")
                plan.setCustomLayers({});
            else if (kind == "layer 12")
                plan.setCustomLayers({3, 12});
            else if (kind == "cuts 8,4")
                plan.setCuts(8, 4);
            else if (kind == "cuts 0,4")
                plan.setCuts(0, 4);
            else if (kind == "cuts 4,12")
                plan.setCuts(4, 12);
            else if (kind == "qkv_proj")
                plan.setTargetModules({"q_proj", "qkv_proj"});
            else if (kind == "rank 0")
                plan.setLoraAll({0, 32.0});
            else if (kind == "alpha 0")
                plan.setBlockLora(Block::Global, {8, 0.0});
            else if (kind == "no modules")
                plan.setTargetModules({});
            else if (kind == "no layers")
                plan = LayerPlan(0);
            else if (kind == "empty block") {
                plan = LayerPlan(2);
                plan.setStrategy(Strategy::Mid);
            } else if (kind == "cuts tiny") {
                plan = LayerPlan(2);
                plan.setCuts(1, 1);
            }
            plan.validate();
        });
        QVERIFY2(message.contains(expected), qPrintable(message));
        // One sentence: a single full stop, at the end.
        QVERIFY2(message.endsWith('.'), qPrintable(message));
        QVERIFY2(!message.contains('\n'), qPrintable(message));
    }

    void smallStacks()
    {
        // Fewer than three layers: constructible, usable with full/custom.
        LayerPlan plan(2);
        QCOMPARE(plan.cut1(), 1);
        QCOMPARE(plan.cut2(), 1);
        plan.validate();
        QCOMPARE(plan.targetedLayers(), (std::vector<int>{0, 1}));
        plan.setStrategy(Strategy::Local);
        plan.validate();
        QCOMPARE(plan.targetedLayers(), (std::vector<int>{0}));
    }

    void strategyNames()
    {
        for (Strategy s : {Strategy::Base, Strategy::Full, Strategy::Local, Strategy::Mid,
                           Strategy::Global, Strategy::Custom})
            QCOMPARE(hialign::align::parseStrategy(hialign::align::strategyName(s)), s);
        QCOMPARE(hialign::align::parseStrategy("Global-Align"), Strategy::Global);
        QVERIFY(errorOf([] { hialign::align::parseStrategy("upper"); }).contains("\"upper\""));
        QCOMPARE(std::string(hialign::align::blockName(Block::Intermediate)), std::string("intermediate"));
    }

    void badJson_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not an object") << "[1]" << "must be a JSON object";
        QTest::newRow("no num_layers") << "{}" << "field \"num_layers\" is missing";
        QTest::newRow("num_layers string") << R"({"num_layers": "12"})" << "field \"num_layers\" must be an integer";
        QTest::newRow("cuts one number") << R"({"num_layers": 12, "cuts": [4]})" << "field \"cuts\" must be a list of two integers";
        QTest::newRow("cuts float") << R"({"num_layers": 12, "cuts": [4, 8.5]})" << "field \"cuts[1]\" must be an integer";
        QTest::newRow("cuts reversed") << R"({"num_layers": 12, "cuts": [8, 4]})" << "field \"cuts\": cuts 8,4 are out of order";
        QTest::newRow("strategy unknown") << R"({"num_layers": 12, "strategy": "upper"})" << "field \"strategy\": unknown strategy \"upper\"";
        QTest::newRow("strategy number") << R"({"num_layers": 12, "strategy": 3})" << "field \"strategy\" must be a string";
        QTest::newRow("custom without layers") << R"({"num_layers": 12, "strategy": "custom"})" << "field \"custom_layers\" is missing";
        QTest::newRow("custom layer text") << R"({"num_layers": 12, "strategy": "custom", "custom_layers": [1, "2"]})" << "field \"custom_layers[1]\" must be an integer";
        QTest::newRow("custom out of range") << R"({"num_layers": 12, "strategy": "custom", "custom_layers": [12]})" << "custom layer 12 is outside";
        QTest::newRow("module unknown") << R"({"num_layers": 12, "target_modules": ["qkv_proj"]})" << "field \"target_modules\": unknown target module \"qkv_proj\"";
        QTest::newRow("module number") << R"({"num_layers": 12, "target_modules": [1]})" << "field \"target_modules[0]\" must be a string";
        QTest::newRow("lora rank text") << R"({"num_layers": 12, "lora": {"global": {"r": "8"}}})" << "field \"lora.global.r\" must be an integer";
        QTest::newRow("lora alpha text") << R"({"num_layers": 12, "lora": {"local": {"alpha": "x"}}})" << "field \"lora.local.alpha\" must be a number";
        QTest::newRow("lora unknown block") << R"({"num_layers": 12, "lora": {"middle": {"r": 8}}})" << "field \"lora.middle\" is not a block";
        QTest::newRow("lora rank 0") << R"({"num_layers": 12, "lora": {"global": {"r": 0}}})" << "the global block's LoRA rank is 0";
        QTest::newRow("layers disagree") << R"({"num_layers": 12, "strategy": "global", "layers": [1, 2]})" << "field \"layers\" is [1,2] but strategy \"global\" with cuts 4,8 targets [8,9,10,11]";
    }
    void badJson()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const QString message = errorOf([&] {
            LayerPlan::fromJson(nlohmann::json::parse(text.toStdString()), "run.json layer_plan");
        });
        QVERIFY2(message.startsWith("run.json layer_plan: "), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void handWrittenJson()
    {
        // Optional fields fall back to the defaults; "layers" may stand in for
        // "custom_layers"; an integer alpha is read as a number.
        const LayerPlan plan = LayerPlan::fromJson(nlohmann::json::parse(
            R"({"num_layers": 12, "strategy": "custom", "layers": [5, 3], "lora": {"global": {"alpha": 8}}})"));
        QCOMPARE(plan.customLayers(), (std::vector<int>{3, 5}));
        QCOMPARE(plan.cut1(), 4);
        QCOMPARE(plan.blockLora(Block::Global).alpha, 8.0);
        QCOMPARE(plan.blockLora(Block::Global).rank, 16);
    }
};

QTEST_APPLESS_MAIN(TestAlignLayerPlan)
#include "tst_align_layerplan.moc"

// The probe on a planted-layer model: a tiny random Llama whose layers other
// than k add nothing (their o_proj and down_proj are zero, and so are their
// v_proj and up_proj, so that nothing reaches those output projections and
// a LoRA adapter there gets no gradient at step 0), with preference
// pairs that layer k separates. The expected margins are computed in the
// test from full-vocabulary log-softmax over each unpadded sequence alone
// (not the probe's batched scoring), on the model with and without layer k's
// output. Objective and formats: docs/PROBE.md.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>

#include "align/ChatTemplate.h"
#include "align/PreferenceData.h"
#include "align/TokenizedPair.h"
#include "model/CausalLM.h"
#include "model/ModelBundle.h"
#include "model/ModelWriter.h"
#include "model/WeightLoader.h"
#include "probe/Probe.h"
#include "train/DpoBench.h"
#include "train/DpoTrainer.h"
#include "util/Error.h"
#include "util/Paths.h"

using namespace hialign;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kLayers = 6;
constexpr int kPlanted = 3;

// The tiny model, with every layer but `keep` silenced (keep = -1: all of them).
model::CausalLM plantedModel(int keep)
{
    const io::ModelConfig c = train::parseShape("layers=6,hidden=32,heads=4,kv_heads=2,intermediate=64,vocab=640");
    auto loader = model::WeightLoader::random(5, 0.3, at::Device(at::kCPU), at::kFloat);
    model::CausalLM lm(c, loader);
    at::NoGradGuard noGrad;
    for (int l = 0; l < kLayers; ++l) {
        auto layer = lm->layer(l);
        if (l == keep) {
            layer->self_attn->o_proj->weight().mul_(3.0);
            layer->mlp->down_proj->weight().mul_(3.0);
        } else {
            layer->self_attn->o_proj->weight().zero_();
            layer->mlp->down_proj->weight().zero_();
            layer->self_attn->v_proj->weight().zero_();
            layer->mlp->up_proj->weight().zero_();
        }
    }
    return lm;
}

// Summed log-prob of the completion tokens of prompt + completion, one row alone.
double sequenceLogProb(model::CausalLM& lm, const std::vector<std::int32_t>& prompt,
                       const std::vector<std::int32_t>& completion)
{
    std::vector<std::int64_t> ids(prompt.begin(), prompt.end());
    ids.insert(ids.end(), completion.begin(), completion.end());
    const auto T = static_cast<std::int64_t>(ids.size());
    const at::Tensor input = at::tensor(ids, at::kLong).view({1, T});               // (1, T)
    const at::Tensor logp = at::log_softmax(lm->forward(input)[0].to(at::kDouble), -1);   // (T, V)
    double sum = 0.0;
    for (auto t = static_cast<std::int64_t>(prompt.size()); t < T; ++t)
        sum += logp[t - 1][ids[static_cast<std::size_t>(t)]].item<double>();
    return sum;
}

struct Planted {
    fs::path modelDir, dataFile;
    double fullMargin = 0.0;        // mean over the written pairs, planted model
    double withoutLayerMargin = 0.0;   // the same with layer k's output removed
    std::size_t pairs = 0;
};

// Writes the planted model (with the demo lab's tokenizer) and the pairs
// that its layer k separates most, oriented so the model prefers chosen.
Planted makePlanted(const fs::path& root, std::size_t count)
{
    Planted p;
    p.modelDir = root / "planted";
    model::CausalLM lm = plantedModel(kPlanted);
    model::saveModelFolder(lm, p.modelDir, at::kFloat);
    const fs::path lab = demoLabDir() / "model";
    for (const char* f : {"tokenizer.model", "tokenizer_config.json"})
        fs::copy_file(lab / f, p.modelDir / f);
    model::CausalLM silent = plantedModel(-1);

    model::LoadOptions lo;
    lo.device = at::Device(at::kCPU);
    const auto bundle = model::loadModelBundle(p.modelDir, lo);
    const auto options = train::tokenizeOptions(train::TrainConfig{}, align::detectChatTemplate(p.modelDir));
    const auto records = align::loadPreferences(demoLabDir() / "data" / "preferences_grammar.jsonl", false);
    struct Scored {
        align::PreferenceRecord record;
        double full, silent;
    };
    std::vector<Scored> scored;
    at::NoGradGuard noGrad;
    for (std::size_t i = 0; i < 160 && i < records.size(); ++i) {
        const auto t = align::tokenizePair(records[i], *bundle.tokenizer, options);
        Scored s{records[i], sequenceLogProb(lm, t.prompt, t.chosen) - sequenceLogProb(lm, t.prompt, t.rejected),
                 sequenceLogProb(silent, t.prompt, t.chosen) - sequenceLogProb(silent, t.prompt, t.rejected)};
        if (s.full < 0) {
            std::swap(s.record.chosen, s.record.rejected);
            s.full = -s.full;
            s.silent = -s.silent;
        }
        scored.push_back(s);
    }
    std::sort(scored.begin(), scored.end(),
              [](const Scored& a, const Scored& b) { return a.full - a.silent > b.full - b.silent; });
    scored.resize(count);
    p.dataFile = root / "planted.jsonl";
    std::ofstream out(p.dataFile);
    for (const auto& s : scored) {
        out << json{{"prompt", s.record.prompt}, {"chosen", s.record.chosen}, {"rejected", s.record.rejected}}.dump()
            << "\n";
        p.fullMargin += s.full / static_cast<double>(count);
        p.withoutLayerMargin += s.silent / static_cast<double>(count);
    }
    p.pairs = count;
    return p;
}

probe::ProbeSettings settingsFor(const Planted& p)
{
    probe::ProbeSettings s;
    s.modelDir = p.modelDir.string();
    s.dimensions = {{"planted", p.dataFile.string()}};
    s.batchSize = 8;
    s.bootstrapResamples = 200;
    s.device = "cpu";
    return s;
}

QString inputError(const std::function<void()>& f)
{
    try {
        f();
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestProbePlanted : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (demoLabDir().empty())
            QFAIL("the shipped demo lab (resources/demo-lab) was not found; its tokenizer is needed");
    }

    void ablationAndGradientFindThePlantedLayer()
    {
        QTemporaryDir tmp;
        const Planted p = makePlanted(tmp.path().toStdString(), 24);
        QVERIFY2(p.fullMargin - p.withoutLayerMargin > 0.05,
                 qPrintable(QString("planted effect %1").arg(p.fullMargin - p.withoutLayerMargin)));
        std::vector<probe::ProbeProgress> progress;
        probe::ProbeCallbacks cb;
        cb.onProgress = [&](const probe::ProbeProgress& pr) { progress.push_back(pr); };
        const auto r = probe::runProbe(settingsFor(p), cb);
        QVERIFY(r.has_value());
        QCOMPARE(r->numLayers, kLayers);
        QCOMPARE(r->dimensions.size(), std::size_t(1));
        QCOMPARE(r->dimensions[0].pairs, p.pairs);
        // Unablated: every pair was oriented so the model prefers chosen.
        QCOMPARE(r->dimensions[0].baseAccuracy, 1.0);
        QVERIFY2(std::abs(r->dimensions[0].baseMargin - p.fullMargin) < 1e-3 * std::max(1.0, p.fullMargin),
                 qPrintable(QString("%1 vs %2").arg(r->dimensions[0].baseMargin).arg(p.fullMargin)));
        // Removing layer k gives the silent model's margins.
        const auto& both = r->margin[static_cast<int>(probe::Component::Both)];
        const double expected = p.withoutLayerMargin - p.fullMargin;
        QVERIFY2(std::abs(both[kPlanted][0].change - expected) < 1e-3 * std::max(1.0, std::abs(expected)),
                 qPrintable(QString("%1 vs %2").arg(both[kPlanted][0].change).arg(expected)));
        QVERIFY(both[kPlanted][0].high < 0);
        QVERIFY(both[kPlanted][0].low <= both[kPlanted][0].change && both[kPlanted][0].change <= both[kPlanted][0].high);
        // Every other layer adds exactly nothing, so removing it changes nothing.
        for (auto c : probe::kComponents)
            for (int l = 0; l < kLayers; ++l) {
                if (l == kPlanted)
                    continue;
                const auto& m = r->margin[static_cast<int>(c)][static_cast<std::size_t>(l)][0];
                const auto& a = r->accuracy[static_cast<int>(c)][static_cast<std::size_t>(l)][0];
                QVERIFY2(m.change == 0 && m.low == 0 && m.high == 0 && a.change == 0,
                         qPrintable(QString("layer %1 %2: %3").arg(l).arg(probe::componentName(c)).arg(m.change)));
            }
        // The gradient ranks layer k first.
        int top = 0;
        for (int l = 1; l < kLayers; ++l)
            if (r->gradientNorm[static_cast<std::size_t>(l)][0] > r->gradientNorm[static_cast<std::size_t>(top)][0])
                top = l;
        QCOMPARE(top, kPlanted);
        // The cuts move from the thirds (2, 4) to isolate layer k: [3, 4).
        QVERIFY(r->cuts.available);
        QCOMPARE(QString::fromStdString(r->cuts.source), QString("ablation"));
        QCOMPARE(r->cuts.thirds.cut1, 2);
        QCOMPARE(r->cuts.thirds.cut2, 4);
        QCOMPARE(r->cuts.suggested.cut1, kPlanted);
        QCOMPARE(r->cuts.suggested.cut2, kPlanted + 1);
        QVERIFY(std::abs(r->cuts.suggested.objective - 5.0 / 6) < 1e-9);
        QVERIFY(std::abs(r->cuts.gain() - 1.0 / 6) < 1e-9);
        // Progress: 24 pairs in batches of 8, per method: 3 + 3 units, in order.
        QCOMPARE(progress.size(), std::size_t(6));
        for (std::size_t i = 0; i < progress.size(); ++i) {
            QCOMPARE(progress[i].done, static_cast<int>(i + 1));
            QCOMPARE(progress[i].total, 6);
        }
        QCOMPARE(QString::fromStdString(progress.front().label), QString("ablate planted 1/3"));
        QCOMPARE(QString::fromStdString(progress.back().label), QString("gradient planted 3/3"));
    }

    void gradientAloneSuggestsFromGradients()
    {
        QTemporaryDir tmp;
        const Planted p = makePlanted(tmp.path().toStdString(), 16);
        auto s = settingsFor(p);
        s.methods = {probe::Method::Gradient};
        const auto r = probe::runProbe(s);
        QVERIFY(r.has_value());
        QVERIFY(!r->ablate);
        QCOMPARE(QString::fromStdString(r->cuts.source), QString("gradient"));
        QCOMPARE(r->dimensions[0].baseAccuracy, 1.0);
        // Only layer k's adapters receive a gradient; the cuts isolate it as with ablation.
        for (int l = 0; l < kLayers; ++l)
            QCOMPARE(r->gradientNorm[static_cast<std::size_t>(l)][0] > 0, l == kPlanted);
        QCOMPARE(r->cuts.suggested.cut1, kPlanted);
        QCOMPARE(r->cuts.suggested.cut2, kPlanted + 1);
    }

    void cancelStopsBeforeAnyBatch()
    {
        QTemporaryDir tmp;
        const Planted p = makePlanted(tmp.path().toStdString(), 8);
        train::CancelToken cancel;
        cancel.cancel = true;
        QVERIFY(!probe::runProbe(settingsFor(p), {}, &cancel).has_value());
    }

    void badDimensionsAreRefused()
    {
        QTemporaryDir tmp;
        const fs::path root = tmp.path().toStdString();
        const Planted p = makePlanted(root, 8);
        std::ofstream(root / "empty.jsonl") << "\n  \n";
        auto s = settingsFor(p);
        s.dimensions.push_back({"logic", (root / "empty.jsonl").string()});
        QCOMPARE(inputError([&] { probe::runProbe(s); }),
                 QString::fromStdString("dimension \"logic\" has no preference pairs: " + (root / "empty.jsonl").string()
                                        + " holds no records"));
        s.dimensions.back() = {"planted", p.dataFile.string()};
        QVERIFY(inputError([&] { probe::runProbe(s); }).contains("\"planted\" is given twice"));
    }
};

QTEST_GUILESS_MAIN(TestProbePlanted)
#include "tst_probe_planted.moc"

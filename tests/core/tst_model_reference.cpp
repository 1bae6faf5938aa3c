// The stories260k checkpoint (a real pretrained TinyStories Llama) must
// reproduce reference.json, which an independent PyTorch implementation wrote.
#include <QtTest/QtTest>

#include <cmath>
#include <fstream>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>
#include <torch/csrc/autograd/grad_mode.h>

#include "model/Generator.h"
#include "model/ModelBundle.h"
#include "support/Fixtures.h"
#include "util/Error.h"

using nlohmann::json;
using namespace hialign;

class TestModelReference : public QObject {
    Q_OBJECT

private:
    json reference_;
    std::filesystem::path dir_;

    bool load()
    {
        dir_ = test::fixturesDir() / "stories260k";
        std::ifstream in(dir_ / "reference.json");
        if (!in)
            return false;
        reference_ = json::parse(in);
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        HIALIGN_FIXTURE(ref, "stories260k/reference.json");
        QVERIFY(load());
        QVERIFY(reference_["cases"].size() >= 1);
    }

    void logitsAndLogProbs()
    {
        HIALIGN_FIXTURE(ref, "stories260k/reference.json");
        model::LoadOptions lo;
        lo.device = at::Device(at::kCPU);
        auto bundle = model::loadModelBundle(dir_, lo);
        torch::NoGradGuard noGrad;
        for (const auto& c : reference_["cases"]) {
            const auto promptIds = c["prompt_ids"].get<std::vector<std::int64_t>>();
            // The tokenizer must give the same prompt ids (BOS + pieces).
            const auto encoded = bundle.tokenizer->encode(c["prompt"].get<std::string>(), true);
            QCOMPARE(std::vector<std::int64_t>(encoded.begin(), encoded.end()), promptIds);

            const at::Tensor ids = at::tensor(promptIds, at::kLong).unsqueeze(0);   // (1, T)
            const at::Tensor logits = bundle.model->forward(ids)[0];                // (T, V)
            const at::Tensor last = logits[-1];                                      // (V)

            const auto& top = c["last_logits_top10"];
            const auto [values, indices] = last.topk(10);
            for (int i = 0; i < 10; ++i) {
                QCOMPARE(indices[i].item<std::int64_t>(), top["ids"][i].get<std::int64_t>());
                QVERIFY2(std::abs(values[i].item<double>() - top["values"][i].get<double>()) < 1e-4,
                         qPrintable(QString("top-%1 logit %2 vs %3").arg(i).arg(values[i].item<double>())
                                        .arg(top["values"][i].get<double>())));
            }
            const auto full = c["last_logits"].get<std::vector<double>>();
            QCOMPARE(static_cast<std::int64_t>(full.size()), last.size(0));
            const at::Tensor expected = at::tensor(full, at::kDouble);
            QVERIFY((last.to(at::kDouble) - expected).abs().max().item<double>() < 1e-3);

            // Mean log-prob of prompt tokens 1..T-1, computed in float64.
            const at::Tensor lp = at::log_softmax(logits.to(at::kDouble), -1);       // (T, V)
            double sum = 0;
            for (size_t t = 1; t < promptIds.size(); ++t)
                sum += lp[static_cast<std::int64_t>(t) - 1][promptIds[t]].item<double>();
            const double mean = sum / static_cast<double>(promptIds.size() - 1);
            QVERIFY2(std::abs(mean - c["prompt_mean_logprob"].get<double>()) < 1e-4,
                     qPrintable(QString("mean log-prob %1 vs %2").arg(mean)
                                    .arg(c["prompt_mean_logprob"].get<double>())));
        }
    }

    void greedyContinuation_data()
    {
        QTest::addColumn<bool>("useCache");
        QTest::newRow("kv-cache") << true;
        QTest::newRow("recompute") << false;
    }

    void greedyContinuation()
    {
        HIALIGN_FIXTURE(ref, "stories260k/reference.json");
        QFETCH(bool, useCache);
        auto bundle = model::loadModelBundle(dir_, {at::Device(at::kCPU), std::nullopt, true});
        for (const auto& c : reference_["cases"]) {
            const auto promptIds = c["prompt_ids"].get<std::vector<std::int32_t>>();
            const auto expected = c["greedy_ids"].get<std::vector<std::int32_t>>();
            model::GenerationOptions go;
            go.maxNewTokens = static_cast<int>(expected.size());
            go.stopAtEos = false;   // the reference does not stop
            go.useCache = useCache;
            const auto r = model::generate(bundle.model, *bundle.tokenizer, {promptIds}, go);
            QCOMPARE(r.tokens[0], expected);
            // The continuation's text extends the prompt's: together they are
            // the reference's full text.
            const std::string prompt = bundle.tokenizer->decode(promptIds, true);
            QCOMPARE(QString::fromStdString(prompt + r.texts[0]),
                     QString::fromStdString(c["full_text"].get<std::string>()));
        }
    }

    // All prompts in one left-padded batch give what each gives alone.
    void batchedGenerationEqualsSingle()
    {
        HIALIGN_FIXTURE(ref, "stories260k/reference.json");
        auto bundle = model::loadModelBundle(dir_, {at::Device(at::kCPU), std::nullopt, true});
        std::vector<std::vector<std::int32_t>> prompts;
        std::vector<std::vector<std::int32_t>> expected;
        for (const auto& c : reference_["cases"]) {
            prompts.push_back(c["prompt_ids"].get<std::vector<std::int32_t>>());
            expected.push_back(c["greedy_ids"].get<std::vector<std::int32_t>>());
        }
        QVERIFY(prompts.size() >= 2);
        model::GenerationOptions go;
        go.maxNewTokens = static_cast<int>(expected[0].size());
        go.stopAtEos = false;
        const auto r = model::generate(bundle.model, *bundle.tokenizer, prompts, go);
        for (size_t i = 0; i < prompts.size(); ++i)
            QCOMPARE(r.tokens[i], expected[i]);
    }

    void seededSamplingIsReproducible()
    {
        HIALIGN_FIXTURE(ref, "stories260k/model.safetensors");
        auto bundle = model::loadModelBundle(dir_, {at::Device(at::kCPU), std::nullopt, true});
        const auto prompt = bundle.tokenizer->encode("Once upon a time", true);
        model::GenerationOptions go;
        go.maxNewTokens = 24;
        go.sampling.temperature = 1.0;
        go.sampling.topP = 0.9;
        go.sampling.topK = 40;
        go.sampling.seed = 7;
        const auto a = model::generate(bundle.model, *bundle.tokenizer, {prompt}, go);
        const auto b = model::generate(bundle.model, *bundle.tokenizer, {prompt}, go);
        QCOMPARE(a.tokens[0], b.tokens[0]);
        go.sampling.seed = 8;
        const auto c = model::generate(bundle.model, *bundle.tokenizer, {prompt}, go);
        QVERIFY(a.tokens[0] != c.tokens[0]);
    }

    void stopStringEndsRow()
    {
        HIALIGN_FIXTURE(ref, "stories260k/model.safetensors");
        auto bundle = model::loadModelBundle(dir_, {at::Device(at::kCPU), std::nullopt, true});
        const auto prompt = bundle.tokenizer->encode("Once upon a time", true);
        model::GenerationOptions go;
        go.maxNewTokens = 32;
        go.stopStrings = {"Lily"};
        const auto r = model::generate(bundle.model, *bundle.tokenizer, {prompt}, go);
        QCOMPARE(QString::fromStdString(r.finishReasons[0]), QString("stop"));
        QCOMPARE(QString::fromStdString(r.texts[0]), QString(", there was a little girl named "));
    }

    void streamingCallbackSeesEveryToken()
    {
        HIALIGN_FIXTURE(ref, "stories260k/model.safetensors");
        auto bundle = model::loadModelBundle(dir_, {at::Device(at::kCPU), std::nullopt, true});
        const auto prompt = bundle.tokenizer->encode("Once upon a time", true);
        model::GenerationOptions go;
        go.maxNewTokens = 16;
        std::vector<std::int32_t> seen;
        const auto r = model::generate(bundle.model, *bundle.tokenizer, {prompt}, go,
                                       [&](std::size_t, std::int32_t id) {
                                           seen.push_back(id);
                                           return seen.size() < 5;   // cancel after five
                                       });
        QCOMPARE(seen.size(), size_t(5));
        QCOMPARE(r.tokens[0], seen);
        QCOMPARE(QString::fromStdString(r.finishReasons[0]), QString("cancelled"));
    }

    // The limit is the fixture's own config.json, read here, not through ModelConfig.
    std::int64_t maxPositionEmbeddings() const
    {
        std::ifstream in(dir_ / "config.json");
        return json::parse(in).at("max_position_embeddings").get<std::int64_t>();
    }

    void positionLimitEndsGeneration()
    {
        HIALIGN_FIXTURE(ref, "stories260k/model.safetensors");
        const std::int64_t limit = maxPositionEmbeddings();
        QCOMPARE(limit, std::int64_t(512));
        auto bundle = model::loadModelBundle(dir_, {at::Device(at::kCPU), std::nullopt, true});
        // Two rows of different lengths in one left-padded batch: each stops at its own limit.
        const auto shortPrompt = bundle.tokenizer->encode("Once upon a time", true);
        const auto longPrompt = bundle.tokenizer->encode("Once upon a time, there was a little girl named Lily.", true);
        QVERIFY(longPrompt.size() > shortPrompt.size());
        model::GenerationOptions go;
        go.maxNewTokens = 100000;
        go.stopAtEos = false;
        const auto r = model::generate(bundle.model, *bundle.tokenizer, {shortPrompt, longPrompt}, go);
        QCOMPARE(static_cast<std::int64_t>(shortPrompt.size() + r.tokens[0].size()), limit);
        QCOMPARE(static_cast<std::int64_t>(longPrompt.size() + r.tokens[1].size()), limit);
        QCOMPARE(QString::fromStdString(r.finishReasons[0]), QString("position_limit"));
        QCOMPARE(QString::fromStdString(r.finishReasons[1]), QString("position_limit"));
        QCOMPARE(QString::fromStdString(model::positionLimitNotice(limit)),
                 QString("generation stopped at the model's 512 positions (max_position_embeddings)"));

        // Asking for exactly the room that is left is an ordinary "length" finish.
        go.maxNewTokens = static_cast<int>(limit - static_cast<std::int64_t>(shortPrompt.size()));
        const auto exact = model::generate(bundle.model, *bundle.tokenizer, {shortPrompt}, go);
        QCOMPARE(exact.tokens[0], r.tokens[0]);
        QCOMPARE(QString::fromStdString(exact.finishReasons[0]), QString("length"));

        // Without the KV cache (each step recomputes everything) the same limit holds.
        std::vector<std::int32_t> nearLimit(static_cast<size_t>(limit - 6), 403);
        nearLimit[0] = 1;   // BOS
        go.maxNewTokens = 100000;
        go.useCache = false;
        const auto recomputed = model::generate(bundle.model, *bundle.tokenizer, {nearLimit}, go);
        QCOMPARE(recomputed.tokens[0].size(), size_t(6));
        QCOMPARE(QString::fromStdString(recomputed.finishReasons[0]), QString("position_limit"));
    }

    void promptAtThePositionLimitIsRefused()
    {
        HIALIGN_FIXTURE(ref, "stories260k/model.safetensors");
        const std::int64_t limit = maxPositionEmbeddings();
        auto bundle = model::loadModelBundle(dir_, {at::Device(at::kCPU), std::nullopt, true});
        model::GenerationOptions go;
        go.maxNewTokens = 8;
        go.stopAtEos = false;
        // One position left: one new token, then the limit.
        std::vector<std::int32_t> prompt(static_cast<size_t>(limit - 1), 403);
        prompt[0] = 1;   // BOS
        const auto r = model::generate(bundle.model, *bundle.tokenizer, {prompt}, go);
        QCOMPARE(r.tokens[0].size(), size_t(1));
        QCOMPARE(QString::fromStdString(r.finishReasons[0]), QString("position_limit"));
        // No position left, or fewer than the prompt: refused in one sentence.
        for (const std::int64_t n : {limit, limit + 40}) {
            prompt.assign(static_cast<size_t>(n), 403);
            try {
                model::generate(bundle.model, *bundle.tokenizer, {prompt}, go);
                QFAIL("a prompt at the position limit was accepted");
            } catch (const InputError& e) {
                QCOMPARE(QString::fromUtf8(e.what()),
                         QString("a prompt of %1 tokens leaves no room for new tokens in the model's 512 positions "
                                 "(max_position_embeddings); shorten it").arg(n));
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestModelReference)
#include "tst_model_reference.moc"

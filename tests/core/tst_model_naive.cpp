// The model against a naive reference written separately here: float64,
// explicit loops over heads and positions, its own rotary and llama3
// frequency code. Small random weights go through safetensors and the real
// loader, so each architecture variant is tested end to end.
#include <QtTest/QtTest>

#include <cmath>
#include <fstream>
#include <map>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>
#include <torch/csrc/autograd/grad_mode.h>

#include "io/Safetensors.h"
#include "model/Generator.h"
#include "model/KvCache.h"
#include "model/ModelBundle.h"
#include "util/Error.h"

using nlohmann::json;
using namespace hialign;
using Weights = std::map<std::string, at::Tensor>;

namespace {

struct Variant {
    std::string modelType = "llama";
    int layers = 3, hidden = 32, intermediate = 48, heads = 4, kvHeads = 2, headDim = 8, vocab = 61;
    bool tied = false, attentionBias = false, ropeLlama3 = false;
    double theta = 10000.0;
};

json configFor(const Variant& v)
{
    json c = {{"architectures", {v.modelType == "qwen2"   ? "Qwen2ForCausalLM"
                                 : v.modelType == "qwen3" ? "Qwen3ForCausalLM"
                                                          : "LlamaForCausalLM"}},
              {"model_type", v.modelType},
              {"hidden_size", v.hidden},
              {"intermediate_size", v.intermediate},
              {"num_hidden_layers", v.layers},
              {"num_attention_heads", v.heads},
              {"num_key_value_heads", v.kvHeads},
              {"head_dim", v.headDim},
              {"vocab_size", v.vocab},
              {"max_position_embeddings", 256},
              {"rms_norm_eps", 1e-6},
              {"rope_theta", v.theta},
              {"tie_word_embeddings", v.tied},
              {"attention_bias", v.attentionBias},
              {"bos_token_id", 1},
              {"eos_token_id", 2}};
    if (v.ropeLlama3)
        c["rope_scaling"] = {{"rope_type", "llama3"}, {"factor", 8.0}, {"low_freq_factor", 1.0},
                             {"high_freq_factor", 4.0}, {"original_max_position_embeddings", 64}};
    return c;
}

Weights randomWeights(const Variant& v, std::uint64_t seed)
{
    at::Generator g = at::detail::createCPUGenerator(seed);
    auto rnd = [&](std::vector<std::int64_t> shape, double std = 0.2) {
        return at::normal(0.0, std, shape, g, at::TensorOptions().dtype(at::kFloat));
    };
    auto norm = [&](std::int64_t n) { return 1.0 + rnd({n}, 0.1); };
    Weights w;
    const int q = v.heads * v.headDim, kv = v.kvHeads * v.headDim;
    const bool qkvBias = v.modelType == "qwen2" || v.attentionBias;
    const bool oBias = v.modelType != "qwen2" && v.attentionBias;
    w["model.embed_tokens.weight"] = rnd({v.vocab, v.hidden}, 1.0);
    for (int i = 0; i < v.layers; ++i) {
        const std::string p = "model.layers." + std::to_string(i);
        w[p + ".input_layernorm.weight"] = norm(v.hidden);
        w[p + ".post_attention_layernorm.weight"] = norm(v.hidden);
        w[p + ".self_attn.q_proj.weight"] = rnd({q, v.hidden});
        w[p + ".self_attn.k_proj.weight"] = rnd({kv, v.hidden});
        w[p + ".self_attn.v_proj.weight"] = rnd({kv, v.hidden});
        w[p + ".self_attn.o_proj.weight"] = rnd({v.hidden, q});
        if (qkvBias) {
            w[p + ".self_attn.q_proj.bias"] = rnd({q});
            w[p + ".self_attn.k_proj.bias"] = rnd({kv});
            w[p + ".self_attn.v_proj.bias"] = rnd({kv});
        }
        if (oBias)
            w[p + ".self_attn.o_proj.bias"] = rnd({v.hidden});
        if (v.modelType == "qwen3") {
            w[p + ".self_attn.q_norm.weight"] = norm(v.headDim);
            w[p + ".self_attn.k_norm.weight"] = norm(v.headDim);
        }
        w[p + ".mlp.gate_proj.weight"] = rnd({v.intermediate, v.hidden});
        w[p + ".mlp.up_proj.weight"] = rnd({v.intermediate, v.hidden});
        w[p + ".mlp.down_proj.weight"] = rnd({v.hidden, v.intermediate});
    }
    w["model.norm.weight"] = norm(v.hidden);
    if (!v.tied)
        w["lm_head.weight"] = rnd({v.vocab, v.hidden});
    return w;
}

void writeModel(const std::filesystem::path& dir, const json& config, const Weights& w)
{
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "config.json") << config.dump(2);
    std::vector<std::pair<std::string, at::Tensor>> list(w.begin(), w.end());
    io::writeSafetensors(dir / "model.safetensors", list);
}

// ---- the naive reference (float64) ----

double invFrequency(const Variant& v, int i)
{
    double f = 1.0 / std::pow(v.theta, 2.0 * i / v.headDim);
    if (!v.ropeLlama3)
        return f;
    const double factor = 8.0, low = 1.0, high = 4.0, old = 64.0;
    const double wavelen = 2.0 * M_PI / f;
    if (wavelen < old / high)
        return f;                       // high frequency: unchanged
    if (wavelen > old / low)
        return f / factor;              // low frequency: slowed down
    const double smooth = (old / wavelen - low) / (high - low);
    return (1.0 - smooth) * f / factor + smooth * f;
}

at::Tensor rms(const at::Tensor& x, const at::Tensor& w)   // x: (..., d)
{
    return x / (x.pow(2).mean(-1, true) + 1e-6).sqrt() * w;
}

// Rotates the pairs (j, j + d/2) of x: (d) by position t.
at::Tensor rotate(const at::Tensor& x, const Variant& v, std::int64_t t)
{
    at::Tensor out = x.clone();
    const int half = v.headDim / 2;
    for (int j = 0; j < half; ++j) {
        const double a = static_cast<double>(t) * invFrequency(v, j);
        const double x1 = x[j].item<double>(), x2 = x[j + half].item<double>();
        out[j] = x1 * std::cos(a) - x2 * std::sin(a);
        out[j + half] = x2 * std::cos(a) + x1 * std::sin(a);
    }
    return out;
}

// ids: one sequence -> logits (T, vocab) in float64.
at::Tensor naiveForward(const Variant& v, const Weights& w32, const std::vector<std::int64_t>& ids)
{
    Weights w;
    for (const auto& [k, t] : w32)
        w[k] = t.to(at::kDouble);
    auto get = [&](const std::string& k) { return w.at(k); };
    auto has = [&](const std::string& k) { return w.count(k) > 0; };
    const std::int64_t T = static_cast<std::int64_t>(ids.size());
    at::Tensor x = at::stack(std::vector<at::Tensor>([&] {
        std::vector<at::Tensor> rows;
        for (auto id : ids)
            rows.push_back(get("model.embed_tokens.weight")[id]);
        return rows;
    }()));                                                                  // (T, H)
    for (int l = 0; l < v.layers; ++l) {
        const std::string p = "model.layers." + std::to_string(l);
        auto lin = [&](const at::Tensor& h, const std::string& name) {
            at::Tensor y = at::matmul(h, get(p + name + ".weight").t());
            if (has(p + name + ".bias"))
                y = y + get(p + name + ".bias");
            return y;
        };
        const at::Tensor h = rms(x, get(p + ".input_layernorm.weight"));
        const at::Tensor q = lin(h, ".self_attn.q_proj").view({T, v.heads, v.headDim});
        const at::Tensor k = lin(h, ".self_attn.k_proj").view({T, v.kvHeads, v.headDim});
        const at::Tensor val = lin(h, ".self_attn.v_proj").view({T, v.kvHeads, v.headDim});
        at::Tensor attnOut = at::zeros({T, v.heads * v.headDim}, at::kDouble);
        for (int hd = 0; hd < v.heads; ++hd) {
            const int kvh = hd / (v.heads / v.kvHeads);
            for (std::int64_t t = 0; t < T; ++t) {
                at::Tensor qt = q[t][hd];
                if (v.modelType == "qwen3")
                    qt = rms(qt, get(p + ".self_attn.q_norm.weight"));
                qt = rotate(qt, v, t);
                std::vector<double> scores;
                std::vector<at::Tensor> vals;
                for (std::int64_t s = 0; s <= t; ++s) {
                    at::Tensor ks = k[s][kvh];
                    if (v.modelType == "qwen3")
                        ks = rms(ks, get(p + ".self_attn.k_norm.weight"));
                    ks = rotate(ks, v, s);
                    scores.push_back((qt * ks).sum().item<double>() / std::sqrt(double(v.headDim)));
                    vals.push_back(val[s][kvh]);
                }
                double mx = *std::max_element(scores.begin(), scores.end()), z = 0;
                for (double& sc : scores)
                    z += (sc = std::exp(sc - mx));
                at::Tensor o = at::zeros({v.headDim}, at::kDouble);
                for (size_t s = 0; s < scores.size(); ++s)
                    o = o + vals[s] * (scores[s] / z);
                attnOut[t].narrow(0, hd * v.headDim, v.headDim).copy_(o);
            }
        }
        x = x + lin(attnOut, ".self_attn.o_proj");
        const at::Tensor h2 = rms(x, get(p + ".post_attention_layernorm.weight"));
        const at::Tensor g = lin(h2, ".mlp.gate_proj");
        x = x + lin(g / (1.0 + (-g).exp()) * lin(h2, ".mlp.up_proj"), ".mlp.down_proj");
    }
    x = rms(x, get("model.norm.weight"));
    const at::Tensor head = v.tied ? get("model.embed_tokens.weight") : get("lm_head.weight");
    return at::matmul(x, head.t());
}

// A minimal byte tokenizer stand-in is not needed: generation tests pass ids.
class NullTokenizer : public tok::Tokenizer {
public:
    std::string kind() const override { return "null"; }
    std::int32_t vocabSize() const override { return 61; }
    std::vector<std::int32_t> encodeRaw(std::string_view) const override { return {}; }
    std::string decode(const std::vector<std::int32_t>& ids, bool) const override
    {
        std::string s;
        for (auto id : ids)
            s += "<" + std::to_string(id) + ">";
        return s;
    }
    std::string piece(std::int32_t id) const override { return std::to_string(id); }
    std::optional<std::int32_t> pieceToId(std::string_view) const override { return std::nullopt; }
};

} // namespace

class TestModelNaive : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesNaiveReference_data()
    {
        QTest::addColumn<QString>("modelType");
        QTest::addColumn<bool>("tied");
        QTest::addColumn<bool>("attentionBias");
        QTest::addColumn<bool>("llama3Rope");
        QTest::addColumn<int>("kvHeads");
        QTest::newRow("llama-gqa") << "llama" << false << false << false << 2;
        QTest::newRow("llama-mha-tied") << "llama" << true << false << false << 4;
        QTest::newRow("llama-mqa") << "llama" << false << false << false << 1;
        QTest::newRow("llama3-rope-scaling") << "llama" << false << false << true << 2;
        QTest::newRow("llama-attention-bias") << "llama" << false << true << false << 2;
        QTest::newRow("qwen2-qkv-bias") << "qwen2" << true << false << false << 2;
        QTest::newRow("qwen3-qk-norm") << "qwen3" << false << false << false << 2;
        QTest::newRow("mistral") << "mistral" << false << false << false << 2;
    }

    void matchesNaiveReference()
    {
        QFETCH(QString, modelType);
        QFETCH(bool, tied);
        QFETCH(bool, attentionBias);
        QFETCH(bool, llama3Rope);
        QFETCH(int, kvHeads);
        Variant v;
        v.modelType = modelType.toStdString();
        v.tied = tied;
        v.attentionBias = attentionBias;
        v.ropeLlama3 = llama3Rope;
        v.kvHeads = kvHeads;
        QTemporaryDir tmp;
        const std::filesystem::path dir = tmp.path().toStdString();
        const Weights w = randomWeights(v, 1234);
        writeModel(dir, configFor(v), w);

        model::LoadOptions lo;
        lo.device = at::Device(at::kCPU);
        lo.loadTokenizer = false;
        auto bundle = model::loadModelBundle(dir, lo);
        QCOMPARE(bundle.model->config().qkNorm, v.modelType == "qwen3");

        // With theta 1e4, head_dim 8 and an original context of 64, the four
        // wavelengths (6.3, 63, 628, 6283) fall in all three llama3 bands.
        std::vector<std::int64_t> ids;
        for (int i = 0; i < 24; ++i)
            ids.push_back((i * 17 + 3) % v.vocab);
        torch::NoGradGuard noGrad;
        const at::Tensor got = bundle.model->forward(at::tensor(ids, at::kLong).unsqueeze(0))[0];
        const at::Tensor want = naiveForward(v, w, ids);
        const double diff = (got.to(at::kDouble) - want).abs().max().item<double>();
        const double scale = want.abs().max().item<double>();
        QVERIFY2(diff < 1e-4 * std::max(1.0, scale),
                 qPrintable(QString("max |logit diff| %1 (logit scale %2)").arg(diff).arg(scale)));
    }

    // The llama3 scaling keeps the high frequencies and changes the others.
    void llama3FrequenciesDiffer()
    {
        Variant plain, scaled;
        scaled.ropeLlama3 = true;
        int changed = 0;
        for (int i = 0; i < plain.headDim / 2; ++i)
            changed += std::abs(invFrequency(plain, i) - invFrequency(scaled, i)) > 1e-12;
        QCOMPARE(changed, plain.headDim / 2 - 1);
        QCOMPARE(invFrequency(plain, 0), invFrequency(scaled, 0));
    }

    void kvCacheEqualsRecompute()
    {
        Variant v;
        v.modelType = "qwen3";
        QTemporaryDir tmp;
        const std::filesystem::path dir = tmp.path().toStdString();
        const Weights w = randomWeights(v, 99);
        writeModel(dir, configFor(v), w);
        auto bundle = model::loadModelBundle(dir, {at::Device(at::kCPU), std::nullopt, false});
        NullTokenizer tok;
        std::vector<std::vector<std::int32_t>> prompts = {{5, 9, 13, 40, 22, 7}, {3, 8}, {11, 12, 13, 14}};
        model::GenerationOptions go;
        go.maxNewTokens = 20;
        go.stopAtEos = false;
        go.useCache = true;
        const auto cached = model::generate(bundle.model, tok, prompts, go);
        go.useCache = false;
        const auto full = model::generate(bundle.model, tok, prompts, go);
        for (size_t i = 0; i < prompts.size(); ++i) {
            QCOMPARE(cached.tokens[i].size(), size_t(20));
            QCOMPARE(cached.tokens[i], full.tokens[i]);
            // And each row alone (no padding) gives the same.
            const auto alone = model::generate(bundle.model, tok, {prompts[i]}, go);
            QCOMPARE(alone.tokens[0], full.tokens[i]);
        }
    }

    void badCheckpoints_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing tensor") << "missing" << "has no tensor 'model.layers.1.mlp.up_proj.weight'";
        QTest::newRow("wrong shape") << "shape" << "'model.layers.0.self_attn.k_proj.weight' has shape [32, 32]";
        QTest::newRow("unsupported architecture") << "arch" << "model_type \"gpt2\" is not supported";
        QTest::newRow("malformed config") << "json" << "not valid JSON";
        QTest::newRow("missing field") << "field" << "\"num_hidden_layers\" is missing";
        QTest::newRow("heads not divisible") << "heads" << "not a multiple of num_key_value_heads";
        QTest::newRow("no weights") << "noweights" << "model.safetensors";
    }

    void badCheckpoints()
    {
        QFETCH(QString, fault);
        QFETCH(QString, message);
        Variant v;
        QTemporaryDir tmp;
        const std::filesystem::path dir = tmp.path().toStdString();
        Weights w = randomWeights(v, 5);
        json config = configFor(v);
        if (fault == "missing")
            w.erase("model.layers.1.mlp.up_proj.weight");
        if (fault == "shape")
            w["model.layers.0.self_attn.k_proj.weight"] = at::zeros({32, 32});
        if (fault == "arch")
            config["model_type"] = "gpt2";
        if (fault == "field")
            config.erase("num_hidden_layers");
        if (fault == "heads")
            config["num_key_value_heads"] = 3;
        writeModel(dir, config, w);
        if (fault == "json")
            std::ofstream(dir / "config.json") << "{\"model_type\": \"llama\", ";
        if (fault == "noweights")
            std::filesystem::remove(dir / "model.safetensors");
        try {
            model::loadModelBundle(dir, {at::Device(at::kCPU), std::nullopt, false});
            QFAIL("loading should have failed");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestModelNaive)
#include "tst_model_naive.moc"

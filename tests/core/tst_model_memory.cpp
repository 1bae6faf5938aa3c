// Loading costs no more host memory than the weights themselves plus a small
// margin: F32 checkpoints are memory-mapped and used in place (file-backed
// pages, not anonymous memory); BF16 checkpoints are converted one tensor at
// a time, so the anonymous memory added is the fp32 weights and no more.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <fstream>

#include "io/Safetensors.h"
#include "model/ModelBundle.h"

using namespace hialign;

namespace {

// Anonymous resident memory of this process in MiB (heap, not mapped files).
double rssAnonMiB()
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("RssAnon:", 0) == 0)
            return std::stod(line.substr(8)) / 1024.0;
    return -1;
}

// A 4-layer model of about 60M parameters, written tensor by tensor.
std::int64_t writeBigModel(const std::filesystem::path& dir, at::ScalarType dtype)
{
    const int H = 1024, I = 2816, V = 32000, L = 4;
    nlohmann::json c = {{"architectures", {"LlamaForCausalLM"}}, {"model_type", "llama"}, {"hidden_size", H},
                        {"intermediate_size", I}, {"num_hidden_layers", L}, {"num_attention_heads", 16},
                        {"num_key_value_heads", 4}, {"vocab_size", V}, {"tie_word_embeddings", false}};
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "config.json") << c.dump();
    std::vector<std::pair<std::string, at::Tensor>> t;
    auto add = [&](const std::string& n, std::vector<std::int64_t> shape) {
        t.emplace_back(n, at::full(shape, 0.01, at::TensorOptions().dtype(dtype)));
    };
    add("model.embed_tokens.weight", {V, H});
    for (int l = 0; l < L; ++l) {
        const std::string p = "model.layers." + std::to_string(l);
        add(p + ".input_layernorm.weight", {H});
        add(p + ".post_attention_layernorm.weight", {H});
        add(p + ".self_attn.q_proj.weight", {H, H});
        add(p + ".self_attn.k_proj.weight", {256, H});
        add(p + ".self_attn.v_proj.weight", {256, H});
        add(p + ".self_attn.o_proj.weight", {H, H});
        add(p + ".mlp.gate_proj.weight", {I, H});
        add(p + ".mlp.up_proj.weight", {I, H});
        add(p + ".mlp.down_proj.weight", {H, I});
    }
    add("model.norm.weight", {H});
    add("lm_head.weight", {V, H});
    std::int64_t elements = 0;
    for (auto& [n, x] : t)
        elements += x.numel();
    io::writeSafetensors(dir / "model.safetensors", t);
    return elements;
}

} // namespace

class TestModelMemory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void loadingAddsNoSecondCopy_data()
    {
        QTest::addColumn<bool>("bf16");
        QTest::newRow("F32 file, fp32 compute (zero-copy)") << false;
        QTest::newRow("BF16 file, fp32 compute (converted once)") << true;
    }

    void loadingAddsNoSecondCopy()
    {
        QFETCH(bool, bf16);
        QTemporaryDir tmp;
        const std::filesystem::path dir = tmp.path().toStdString();
        const std::int64_t elements = writeBigModel(dir, bf16 ? at::kBFloat16 : at::kFloat);
        const double fp32MiB = static_cast<double>(elements) * 4 / (1024.0 * 1024.0);

        const double before = rssAnonMiB();
        QVERIFY(before > 0);
        auto bundle = model::loadModelBundle(dir, {at::Device(at::kCPU), std::nullopt, false});
        const double added = rssAnonMiB() - before;
        qInfo("weights %.0f MiB as fp32; anonymous memory added by loading: %.0f MiB", fp32MiB, added);
        if (bf16)
            QVERIFY2(added < fp32MiB * 1.05 + 32, qPrintable(QString::number(added)));
        else
            QVERIFY2(added < 32, qPrintable(QString::number(added)));
        // And the model works.
        at::NoGradGuard noGrad;
        const at::Tensor logits = bundle.model->forward(at::tensor(std::vector<std::int64_t>{1, 2, 3}).unsqueeze(0));
        QCOMPARE(logits.size(2), std::int64_t(32000));
    }
};

QTEST_APPLESS_MAIN(TestModelMemory)
#include "tst_model_memory.moc"

// hialign-cli inspect: a model folder's architecture, layers and default blocks.
#include <cstdint>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "../CliCommon.h"
#include "../Verbs.h"
#include "config/ModelConfig.h"
#include "io/Safetensors.h"
#include "tokenize/Tokenizer.h"
#include "util/Error.h"

namespace hialign::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct InspectOptions {
    std::string modelDir;
    bool json = false;
    std::string device = kAutoDevice, dtype;   // accepted like the other model verbs; unused
};

// What inspect reads from the folder besides config.json.
struct FolderFacts {
    std::string weightDtype = "unknown";
    std::uint64_t weightBytes = 0;
    std::string tokenizerKind = "none";
    std::int32_t tokenizerVocab = 0;
};

std::string withThousands(std::int64_t n)
{
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
        s.insert(static_cast<size_t>(i), ",");
    return s;
}

const char* ropeLabel(io::RopeScaling::Type t)
{
    switch (t) {
    case io::RopeScaling::Type::None: return "none";
    case io::RopeScaling::Type::Linear: return "linear";
    case io::RopeScaling::Type::Llama3: return "llama3";
    }
    return "none";
}

FolderFacts readFacts(const fs::path& dir)
{
    FolderFacts f;
    const io::WeightStore store(dir);
    if (store.contains("model.embed_tokens.weight"))
        f.weightDtype = io::dtypeName(store.entry("model.embed_tokens.weight").dtype);
    f.weightBytes = store.totalBytes();
    try {
        auto t = tok::loadTokenizer(dir);
        f.tokenizerKind = t->kind();
        f.tokenizerVocab = t->vocabSize();
    } catch (const Error& e) {
        f.tokenizerKind = std::string("unavailable (") + e.what() + ")";
    }
    return f;
}

void printJson(const fs::path& dir, const io::ModelConfig& c, const FolderFacts& f)
{
    const io::BlockCuts cuts = c.defaultCuts();
    json j;
    j["model_dir"] = dir.string();
    j["model_type"] = c.modelType;
    j["architecture"] = c.architecture;
    j["num_layers"] = c.numLayers;
    j["hidden_size"] = c.hiddenSize;
    j["intermediate_size"] = c.intermediateSize;
    j["num_attention_heads"] = c.numHeads;
    j["num_key_value_heads"] = c.numKvHeads;
    j["head_dim"] = c.headDim;
    j["vocab_size"] = c.vocabSize;
    j["rope_theta"] = c.ropeTheta;
    j["rope_scaling"] = ropeLabel(c.ropeScaling.type);
    j["tie_word_embeddings"] = c.tieWordEmbeddings;
    j["qkv_bias"] = c.qkvBias;
    j["qk_norm"] = c.qkNorm;
    j["weights_dtype"] = f.weightDtype;
    j["weights_bytes"] = f.weightBytes;
    j["tokenizer"] = f.tokenizerKind;
    j["tokenizer_vocab_size"] = f.tokenizerVocab;
    j["parameters"] = {{"total", c.totalParameters()},
                       {"embedding", c.embeddingParameters()},
                       {"head", c.headParameters()},
                       {"per_layer", c.layerParameters()},
                       {"per_layer_attention", c.attentionParameters()},
                       {"per_layer_mlp", c.mlpParameters()}};
    j["blocks"] = {{"local", {0, cuts.cut1}},
                   {"intermediate", {cuts.cut1, cuts.cut2}},
                   {"global", {cuts.cut2, c.numLayers}}};
    std::cout << j.dump(2) << "\n";
}

void printSummary(const fs::path& dir, const io::ModelConfig& c, const FolderFacts& f)
{
    std::cout << "model       " << dir.string() << "\n"
              << "type        " << c.modelType << " (" << c.architecture << ")\n"
              << "layers      " << c.numLayers << "\n"
              << "hidden      " << c.hiddenSize << ", intermediate " << c.intermediateSize << "\n"
              << "heads       " << c.numHeads << " query, " << c.numKvHeads << " key/value, head_dim "
              << c.headDim << "\n"
              << "vocab       " << c.vocabSize << ", tied embeddings " << (c.tieWordEmbeddings ? "yes" : "no")
              << "\n"
              << "rope        theta " << c.ropeTheta << ", scaling " << ropeLabel(c.ropeScaling.type) << "\n"
              << "extras      q/k/v bias " << (c.qkvBias ? "yes" : "no") << ", q/k norm "
              << (c.qkNorm ? "yes" : "no") << "\n"
              << "weights     " << f.weightDtype << ", " << withThousands(static_cast<std::int64_t>(f.weightBytes))
              << " bytes\n"
              << "tokenizer   " << f.tokenizerKind
              << (f.tokenizerVocab ? ", " + std::to_string(f.tokenizerVocab) + " tokens" : "") << "\n"
              << "parameters  " << withThousands(c.totalParameters()) << " total: embedding "
              << withThousands(c.embeddingParameters()) << ", head+norm " << withThousands(c.headParameters())
              << "\n\n";
}

void printLayers(const io::ModelConfig& c)
{
    const io::BlockCuts cuts = c.defaultCuts();
    auto blockOf = [&](int i) {
        return i < cuts.cut1 ? "local" : i < cuts.cut2 ? "intermediate" : "global";
    };
    std::cout << "layer  block         attention          mlp        total\n";
    for (int i = c.numLayers - 1; i >= 0; --i) {
        std::cout << std::setw(5) << i << "  " << std::left << std::setw(12) << blockOf(i) << std::right
                  << std::setw(11) << withThousands(c.attentionParameters()) << std::setw(13)
                  << withThousands(c.mlpParameters()) << std::setw(13) << withThousands(c.layerParameters())
                  << "\n";
    }
    std::cout << "\nblocks      local [0, " << cuts.cut1 << ")  intermediate [" << cuts.cut1 << ", " << cuts.cut2
              << ")  global [" << cuts.cut2 << ", " << c.numLayers << ")\n";
}

int runInspect(const InspectOptions& o)
{
    const fs::path dir(modelArg(o.modelDir));
    const fs::path configPath = fs::is_directory(dir) ? io::configFileOf(dir) : dir;
    if (!fs::exists(configPath))
        throw InputError("model folder " + dir.string() + " has no config.json");
    const io::ModelConfig c = io::ModelConfig::load(configPath);
    const FolderFacts facts = readFacts(dir);
    if (o.json) {
        printJson(dir, c, facts);
        return 0;
    }
    printSummary(dir, c, facts);
    printLayers(c);
    return 0;
}

} // namespace

void addInspect(CLI::App& app, Verbs& verbs)
{
    auto o = std::make_shared<InspectOptions>();
    CLI::App* cmd = app.add_subcommand("inspect", "Show a model folder's architecture, layers and default blocks");
    cmd->add_option("MODEL_DIR", o->modelDir, "Hugging Face model folder")->required();
    cmd->add_flag("--json", o->json, "Print one JSON object");
    addDeviceOptions(*cmd, o->device, o->dtype);
    verbs.push_back({cmd, [o] { return runInspect(*o); }});
}

} // namespace hialign::cli

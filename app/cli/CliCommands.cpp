#include "CliCommands.h"

#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "io/ModelConfig.h"
#include "model/Generator.h"
#include "model/ModelBundle.h"
#include "tokenize/Tokenizer.h"
#include "util/Error.h"

namespace hialign::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

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

} // namespace

Commands::Commands(CLI::App& app)
{
    inspectCmd_ = app.add_subcommand("inspect", "Show a model folder's architecture, layers and default blocks");
    inspectCmd_->add_option("MODEL_DIR", modelDir_, "Hugging Face model folder")->required();
    inspectCmd_->add_flag("--json", json_, "Print one JSON object");

    tokenizeCmd_ = app.add_subcommand(
        "tokenize", "Read JSON lines {\"text\": ...} on stdin, write {\"ids\": [...]} per line");
    tokenizeCmd_->add_option("TOKENIZER_OR_MODEL_DIR", modelDir_,
                             "Model folder, tokenizer.json or tokenizer.model")->required();
    tokenizeCmd_->add_flag("--no-special", noSpecial_, "Add no BOS/EOS");

    generateCmd_ = app.add_subcommand("generate", "Generate a continuation of a prompt, streamed to stdout");
    generateCmd_->add_option("MODEL_DIR", modelDir_, "Hugging Face model folder")->required();
    generateCmd_->add_option("--prompt", prompt_, "Prompt text")->required();
    generateCmd_->add_option("--max-new-tokens", maxNewTokens_, "Tokens to generate at most")
        ->check(CLI::NonNegativeNumber)->capture_default_str();
    generateCmd_->add_option("--temperature", temperature_, "0 = greedy")
        ->check(CLI::NonNegativeNumber)->capture_default_str();
    generateCmd_->add_option("--top-p", topP_, "Nucleus sampling mass, in (0, 1]")->capture_default_str();
    generateCmd_->add_option("--top-k", topK_, "Sample among the k best tokens (0 = off)")
        ->check(CLI::NonNegativeNumber)->capture_default_str();
    generateCmd_->add_option("--repetition-penalty", repetitionPenalty_, "1 = off")->capture_default_str();
    generateCmd_->add_option("--seed", seed_, "Random seed for sampling")->capture_default_str();
    generateCmd_->add_option("--stop", stop_, "Stop when the text contains this string (repeatable)");
    generateCmd_->add_flag("--stats", stats_, "Report prefill and decode tokens/s on stderr");
    for (CLI::App* c : {inspectCmd_, generateCmd_}) {
        c->add_option("--device", device_, "auto, cpu, cuda or cuda:N")->capture_default_str();
        c->add_option("--dtype", dtype_, "float32, bfloat16 or float16 (default: float32 on CPU, the weights' on GPU)");
    }
}

int Commands::run()
{
    if (inspectCmd_->parsed())
        return inspect();
    if (tokenizeCmd_->parsed())
        return tokenize();
    if (generateCmd_->parsed())
        return generate();
    return 2;
}

int Commands::inspect()
{
    const fs::path dir(modelDir_);
    const fs::path configPath = fs::is_directory(dir) ? dir / "config.json" : dir;
    if (!fs::exists(configPath))
        throw InputError("model folder " + dir.string() + " has no config.json");
    const io::ModelConfig c = io::ModelConfig::load(configPath);
    const io::WeightStore store(dir);
    std::string weightDtype = "unknown";
    if (store.contains("model.embed_tokens.weight"))
        weightDtype = io::dtypeName(store.entry("model.embed_tokens.weight").dtype);
    std::string tokKind = "none";
    std::int32_t tokVocab = 0;
    try {
        auto t = tok::loadTokenizer(dir);
        tokKind = t->kind();
        tokVocab = t->vocabSize();
    } catch (const Error& e) {
        tokKind = std::string("unavailable (") + e.what() + ")";
    }
    const io::BlockCuts cuts = c.defaultCuts();

    if (json_) {
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
        j["weights_dtype"] = weightDtype;
        j["weights_bytes"] = store.totalBytes();
        j["tokenizer"] = tokKind;
        j["tokenizer_vocab_size"] = tokVocab;
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
        return 0;
    }

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
              << "weights     " << weightDtype << ", " << withThousands(static_cast<std::int64_t>(store.totalBytes()))
              << " bytes\n"
              << "tokenizer   " << tokKind << (tokVocab ? ", " + std::to_string(tokVocab) + " tokens" : "") << "\n"
              << "parameters  " << withThousands(c.totalParameters()) << " total: embedding "
              << withThousands(c.embeddingParameters()) << ", head+norm " << withThousands(c.headParameters())
              << "\n\n";
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
    return 0;
}

int Commands::tokenize()
{
    const auto tokenizer = tok::loadTokenizer(modelDir_);
    std::string line;
    std::int64_t lineNo = 0;
    while (std::getline(std::cin, line)) {
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        json in;
        try {
            in = json::parse(line);
        } catch (const json::parse_error&) {
            throw InputError("stdin line " + std::to_string(lineNo) + " is not valid JSON");
        }
        if (!in.is_object() || !in.contains("text") || !in["text"].is_string())
            throw InputError("stdin line " + std::to_string(lineNo) + " has no string field \"text\"");
        const auto ids = tokenizer->encode(in["text"].get<std::string>(), !noSpecial_);
        std::cout << json{{"ids", ids}}.dump() << "\n";
    }
    return 0;
}

int Commands::generate()
{
    model::LoadOptions lo;
    lo.device = model::parseDevice(device_);
    if (!dtype_.empty())
        lo.dtype = model::parseDtype(dtype_);
    model::GenerationOptions go;
    go.maxNewTokens = maxNewTokens_;
    go.sampling.temperature = temperature_;
    go.sampling.topP = topP_;
    go.sampling.topK = topK_;
    go.sampling.repetitionPenalty = repetitionPenalty_;
    go.sampling.seed = seed_;
    go.stopStrings = stop_;
    go.sampling.validate();   // before the (slow) load

    model::ModelBundle bundle = model::loadModelBundle(modelDir_, lo);
    const auto promptIds = bundle.tokenizer->encode(prompt_, /*addSpecial=*/true);

    // Stream text as tokens arrive; hold back a stop string's beginning
    // until it is clear whether it completes.
    tok::StreamDecoder stream(*bundle.tokenizer);
    std::string pending;
    auto flushSafe = [&](bool final) {
        size_t keep = 0;
        if (!final) {
            for (const auto& s : stop_)
                for (size_t k = std::min(s.size() - 1, pending.size()); k > 0; --k)
                    if (pending.compare(pending.size() - k, k, s, 0, k) == 0) {
                        keep = std::max(keep, k);
                        break;
                    }
        }
        std::cout << pending.substr(0, pending.size() - keep) << std::flush;
        pending.erase(0, pending.size() - keep);
    };
    auto onToken = [&](std::size_t, std::int32_t id) {
        pending += stream.push(id);
        if (!stop_.empty()) {
            for (const auto& s : stop_) {
                const size_t at = s.empty() ? std::string::npos : pending.find(s);
                if (at != std::string::npos) {
                    pending.resize(at);
                    flushSafe(true);
                    pending.clear();
                    return true;   // the generator ends the row itself
                }
            }
        }
        flushSafe(false);
        return true;
    };
    const model::GenerationResult r = model::generate(bundle.model, *bundle.tokenizer, {promptIds}, go, onToken);
    if (r.finishReasons[0] != "stop") {
        pending += stream.finish();
        flushSafe(true);
    }
    std::cout << "\n" << std::flush;

    if (stats_) {
        const auto& s = r.stats;
        std::fprintf(stderr,
                     "prefill: %lld tokens in %.3f s (%.1f tokens/s)\n"
                     "decode:  %lld tokens in %.3f s (%.1f tokens/s)\n"
                     "device:  %s, %s; finish: %s\n",
                     static_cast<long long>(s.promptTokens), s.prefillSeconds, s.prefillTokensPerSecond(),
                     static_cast<long long>(s.decodeTokens), s.decodeSeconds, s.decodeTokensPerSecond(),
                     bundle.model->device().str().c_str(), model::dtypeLabel(bundle.model->dtype()),
                     r.finishReasons[0].c_str());
    }
    return 0;
}

} // namespace hialign::cli

#include "config/ModelConfig.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace hialign::io {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& source, const std::string& what)
{
    throw InputError(source + ": " + what);
}

// Reads an optional numeric field; a present field of the wrong type is an error.
template <typename T>
std::optional<T> optNumber(const json& j, const char* key, const std::string& source)
{
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return std::nullopt;
    if (!it->is_number())
        fail(source, std::string("field \"") + key + "\" must be a number, got " + it->dump());
    if constexpr (std::is_integral_v<T>) {
        if (!it->is_number_integer() && !it->is_number_unsigned())
            fail(source, std::string("field \"") + key + "\" must be an integer, got " + it->dump());
    }
    return it->get<T>();
}

template <typename T>
T reqNumber(const json& j, const char* key, const std::string& source)
{
    auto v = optNumber<T>(j, key, source);
    if (!v)
        fail(source, std::string("required field \"") + key + "\" is missing");
    return *v;
}

bool optBool(const json& j, const char* key, bool def, const std::string& source)
{
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return def;
    if (!it->is_boolean())
        fail(source, std::string("field \"") + key + "\" must be true or false, got " + it->dump());
    return it->get<bool>();
}

void requirePositive(std::int64_t v, const char* key, const std::string& source)
{
    if (v <= 0)
        fail(source, std::string("field \"") + key + "\" must be positive, got " + std::to_string(v));
}


// The rotary scaling of "rope_parameters" or "rope_scaling" (`field`).
void parseRopeScaling(const json& rs, const char* field, const std::string& source, RopeScaling& out)
{
    const std::string name(field);
    if (!rs.is_object())
        fail(source, "field \"" + name + "\" must be an object or null");
    std::string type;
    if (auto t = rs.find("rope_type"); t != rs.end() && t->is_string())
        type = t->get<std::string>();
    else if (auto t2 = rs.find("type"); t2 != rs.end() && t2->is_string())
        type = t2->get<std::string>();
    if (type.empty() && !rs.contains("rope_theta") && !rs.contains("factor"))
        fail(source, "field \"" + name + "\" has neither rope_type nor rope_theta (per-layer-type rotary "
                         "settings are not supported)");
    if (type == "default" || type.empty()) {
        out.type = RopeScaling::Type::None;
    } else if (type == "linear") {
        out.type = RopeScaling::Type::Linear;
        out.factor = reqNumber<double>(rs, "factor", source);
    } else if (type == "llama3") {
        out.type = RopeScaling::Type::Llama3;
        out.factor = reqNumber<double>(rs, "factor", source);
        out.lowFreqFactor = reqNumber<double>(rs, "low_freq_factor", source);
        out.highFreqFactor = reqNumber<double>(rs, "high_freq_factor", source);
        out.originalMaxPositions = reqNumber<std::int64_t>(rs, "original_max_position_embeddings", source);
        if (out.highFreqFactor <= out.lowFreqFactor)
            fail(source, name + ".high_freq_factor must exceed low_freq_factor");
    } else {
        fail(source, name + " type \"" + type + "\" is not supported (supported: default, linear, llama3)");
    }
    if (out.factor <= 0)
        fail(source, name + ".factor must be positive");
}

// The attention window every layer uses, 0 for none, as transformers reads
// it: Mistral slides whenever "sliding_window" is not null (absent: 4096);
// Qwen2/Qwen3 only with "use_sliding_window", and then on the layers that
// "layer_types" marks "sliding_attention" (absent: those from
// "max_window_layers" on). Llama has no sliding window.
std::int64_t parseSlidingWindow(const json& j, const ModelConfig& c, const std::string& source)
{
    const bool isQwen = c.modelType == "qwen2" || c.modelType == "qwen3";
    if (c.modelType != "mistral" && !(isQwen && optBool(j, "use_sliding_window", false, source)))
        return 0;
    const std::int64_t window = j.contains("sliding_window")
                                    ? optNumber<std::int64_t>(j, "sliding_window", source).value_or(0)
                                    : 4096;
    if (window == 0 && j.contains("sliding_window") && !j["sliding_window"].is_null())
        fail(source, "field \"sliding_window\" must be positive or null, got 0");
    if (window < 0)
        fail(source, "field \"sliding_window\" must be positive or null, got " + std::to_string(window));
    if (window == 0 || !isQwen)
        return window;

    int sliding = 0;
    if (auto it = j.find("layer_types"); it != j.end() && !it->is_null()) {
        if (!it->is_array() || static_cast<int>(it->size()) != c.numLayers)
            fail(source, "field \"layer_types\" must list one type for each of the "
                             + std::to_string(c.numLayers) + " layers");
        for (const auto& t : *it) {
            const std::string type = t.is_string() ? t.get<std::string>() : t.dump();
            if (type == "sliding_attention")
                ++sliding;
            else if (type != "full_attention")
                fail(source, "layer type \"" + type
                                 + "\" is not supported (supported: full_attention, sliding_attention)");
        }
    } else {
        const int from = optNumber<int>(j, "max_window_layers", source).value_or(28);
        sliding = c.numLayers - std::clamp(from, 0, c.numLayers);
    }
    if (sliding == 0)
        return 0;
    if (sliding != c.numLayers)
        fail(source, "sliding-window attention on only " + std::to_string(sliding) + " of the "
                         + std::to_string(c.numLayers)
                         + " layers (use_sliding_window with max_window_layers or layer_types) is not supported");
    return window;
}

// "model_type" and "architectures": a supported causal language model.
void readModelType(const json& j, const std::string& source, ModelConfig& c)
{
    if (auto it = j.find("model_type"); it != j.end() && it->is_string())
        c.modelType = it->get<std::string>();
    if (auto it = j.find("architectures"); it != j.end() && it->is_array() && !it->empty()
        && (*it)[0].is_string())
        c.architecture = (*it)[0].get<std::string>();
    if (c.modelType.empty())
        fail(source, "required field \"model_type\" is missing");

    static const char* kSupported[] = {"llama", "mistral", "qwen2", "qwen3"};
    bool supported = false;
    for (const char* s : kSupported)
        supported = supported || c.modelType == s;
    if (!supported)
        fail(source, "model_type \"" + c.modelType
                         + "\" is not supported (supported: llama, mistral, qwen2, qwen3)");
    if (!c.architecture.empty() && c.architecture.find("ForCausalLM") == std::string::npos)
        fail(source, "architecture \"" + c.architecture
                         + "\" is not a causal language model (expected *ForCausalLM)");
}

// Sizes, layer and head counts, and the head dimension.
void readShape(const json& j, const std::string& source, ModelConfig& c)
{
    c.hiddenSize = reqNumber<std::int64_t>(j, "hidden_size", source);
    c.intermediateSize = reqNumber<std::int64_t>(j, "intermediate_size", source);
    c.numLayers = reqNumber<int>(j, "num_hidden_layers", source);
    c.numHeads = reqNumber<int>(j, "num_attention_heads", source);
    c.vocabSize = reqNumber<std::int64_t>(j, "vocab_size", source);
    requirePositive(c.hiddenSize, "hidden_size", source);
    requirePositive(c.intermediateSize, "intermediate_size", source);
    requirePositive(c.numLayers, "num_hidden_layers", source);
    requirePositive(c.numHeads, "num_attention_heads", source);
    requirePositive(c.vocabSize, "vocab_size", source);

    c.numKvHeads = optNumber<int>(j, "num_key_value_heads", source).value_or(c.numHeads);
    requirePositive(c.numKvHeads, "num_key_value_heads", source);
    if (c.numHeads % c.numKvHeads != 0)
        fail(source, "num_attention_heads (" + std::to_string(c.numHeads)
                         + ") is not a multiple of num_key_value_heads ("
                         + std::to_string(c.numKvHeads) + ")");
    if (auto hd = optNumber<std::int64_t>(j, "head_dim", source)) {
        c.headDim = *hd;
    } else {
        if (c.hiddenSize % c.numHeads != 0)
            fail(source, "hidden_size is not a multiple of num_attention_heads and head_dim is not given");
        c.headDim = c.hiddenSize / c.numHeads;
    }
    requirePositive(c.headDim, "head_dim", source);
    if (c.headDim % 2 != 0)
        fail(source, "head_dim must be even for rotary embeddings, got " + std::to_string(c.headDim));
}

// Positions, norm epsilon, rotary base and scaling, sliding window.
void readPositions(const json& j, const std::string& source, ModelConfig& c)
{
    c.maxPositions = optNumber<std::int64_t>(j, "max_position_embeddings", source).value_or(4096);
    c.rmsNormEps = optNumber<double>(j, "rms_norm_eps", source).value_or(1e-6);
    c.ropeTheta = optNumber<double>(j, "rope_theta", source).value_or(10000.0);
    if (c.rmsNormEps <= 0)
        fail(source, "field \"rms_norm_eps\" must be positive");

    // Transformers 5 writes "rope_parameters" (rope_theta inside it); earlier
    // versions "rope_theta" and "rope_scaling".
    if (auto it = j.find("rope_parameters"); it != j.end() && !it->is_null()) {
        if (!it->is_object())
            fail(source, "field \"rope_parameters\" must be an object or null");
        if (auto theta = optNumber<double>(*it, "rope_theta", source))
            c.ropeTheta = *theta;
        parseRopeScaling(*it, "rope_parameters", source, c.ropeScaling);
    } else if (auto it2 = j.find("rope_scaling"); it2 != j.end() && !it2->is_null()) {
        parseRopeScaling(*it2, "rope_scaling", source, c.ropeScaling);
    }
    if (c.ropeTheta <= 0)
        fail(source, "field \"rope_theta\" must be positive");
    c.slidingWindow = parseSlidingWindow(j, c, source);
}

// Activation, tied embeddings, biases and q/k norms.
void readLayerOptions(const json& j, const std::string& source, ModelConfig& c)
{
    if (auto it = j.find("hidden_act"); it != j.end() && it->is_string()) {
        const auto act = it->get<std::string>();
        if (act != "silu" && act != "swish")
            fail(source, "hidden_act \"" + act + "\" is not supported (only silu)");
    }

    c.tieWordEmbeddings = optBool(j, "tie_word_embeddings", false, source);
    const bool attentionBias = optBool(j, "attention_bias", false, source);
    if (c.modelType == "qwen2") {
        c.qkvBias = true;     // Qwen1.5/2/2.5 always carry q/k/v bias, never o bias
        c.oBias = false;
    } else {
        c.qkvBias = attentionBias;
        c.oBias = attentionBias;
    }
    c.mlpBias = optBool(j, "mlp_bias", false, source);
    c.qkNorm = c.modelType == "qwen3";
}

// Special token ids and the weights' dtype.
void readTokensAndDtype(const json& j, const std::string& source, ModelConfig& c)
{
    c.bosTokenId = optNumber<std::int32_t>(j, "bos_token_id", source);
    if (auto it = j.find("eos_token_id"); it != j.end() && !it->is_null()) {
        if (it->is_number_integer())
            c.eosTokenIds.push_back(it->get<std::int32_t>());
        else if (it->is_array()) {
            for (const auto& e : *it) {
                if (!e.is_number_integer())
                    fail(source, "field \"eos_token_id\" must hold integers, got " + e.dump());
                c.eosTokenIds.push_back(e.get<std::int32_t>());
            }
        } else {
            fail(source, "field \"eos_token_id\" must be an integer or a list, got " + it->dump());
        }
    }
    if (auto it = j.find("torch_dtype"); it != j.end() && it->is_string())
        c.torchDtype = it->get<std::string>();
    else if (auto it2 = j.find("dtype"); it2 != j.end() && it2->is_string())
        c.torchDtype = it2->get<std::string>();
}

} // namespace

ModelConfig ModelConfig::fromJson(const json& j, const std::string& source)
{
    if (!j.is_object())
        fail(source, "config.json must hold a JSON object");
    ModelConfig c;
    readModelType(j, source, c);
    readShape(j, source, c);
    readPositions(j, source, c);
    readLayerOptions(j, source, c);
    readTokensAndDtype(j, source, c);
    return c;
}

std::filesystem::path configFileOf(const std::filesystem::path& modelDir)
{
    return modelDir / "config.json";
}

bool isModelFolder(const std::filesystem::path& dir)
{
    std::error_code ec;
    return std::filesystem::is_regular_file(configFileOf(dir), ec);
}

ModelConfig ModelConfig::loadFolder(const std::filesystem::path& modelDir)
{
    return load(configFileOf(modelDir));
}

ModelConfig ModelConfig::load(const std::filesystem::path& configJson)
{
    std::ifstream in(configJson, std::ios::binary);
    if (!in)
        throw InputError(configJson.string() + ": cannot open the file");
    std::stringstream ss;
    ss << in.rdbuf();
    json j;
    try {
        j = json::parse(ss.str());
    } catch (const json::parse_error& e) {
        throw InputError(configJson.string() + ": not valid JSON (" + e.what() + ")");
    }
    try {
        return fromJson(j, configJson.string());
    } catch (const json::exception& e) {
        throw InputError(configJson.string() + ": " + e.what());
    }
}

json ModelConfig::toJson() const
{
    json j;
    j["model_type"] = modelType;
    j["architectures"] = json::array({architecture.empty() ? std::string("LlamaForCausalLM")
                                                           : architecture});
    j["hidden_size"] = hiddenSize;
    j["intermediate_size"] = intermediateSize;
    j["num_hidden_layers"] = numLayers;
    j["num_attention_heads"] = numHeads;
    j["num_key_value_heads"] = numKvHeads;
    j["head_dim"] = headDim;
    j["vocab_size"] = vocabSize;
    j["max_position_embeddings"] = maxPositions;
    j["rms_norm_eps"] = rmsNormEps;
    j["rope_theta"] = ropeTheta;
    switch (ropeScaling.type) {
    case RopeScaling::Type::None:
        j["rope_scaling"] = nullptr;
        break;
    case RopeScaling::Type::Linear:
        j["rope_scaling"] = {{"rope_type", "linear"}, {"factor", ropeScaling.factor}};
        break;
    case RopeScaling::Type::Llama3:
        j["rope_scaling"] = {{"rope_type", "llama3"},
                             {"factor", ropeScaling.factor},
                             {"low_freq_factor", ropeScaling.lowFreqFactor},
                             {"high_freq_factor", ropeScaling.highFreqFactor},
                             {"original_max_position_embeddings", ropeScaling.originalMaxPositions}};
        break;
    }
    if (modelType == "mistral") {
        j["sliding_window"] = slidingWindow > 0 ? json(slidingWindow) : json(nullptr);
    } else if ((modelType == "qwen2" || modelType == "qwen3") && slidingWindow > 0) {
        j["use_sliding_window"] = true;
        j["sliding_window"] = slidingWindow;
        j["max_window_layers"] = 0;
    }
    j["hidden_act"] = "silu";
    j["tie_word_embeddings"] = tieWordEmbeddings;
    if (modelType != "qwen2")
        j["attention_bias"] = qkvBias;
    j["mlp_bias"] = mlpBias;
    if (bosTokenId)
        j["bos_token_id"] = *bosTokenId;
    if (eosTokenIds.size() == 1)
        j["eos_token_id"] = eosTokenIds[0];
    else if (!eosTokenIds.empty())
        j["eos_token_id"] = eosTokenIds;
    if (!torchDtype.empty())
        j["torch_dtype"] = torchDtype;
    return j;
}

std::int64_t ModelConfig::attentionParameters() const
{
    const std::int64_t q = numHeads * headDim;
    const std::int64_t kv = numKvHeads * headDim;
    std::int64_t n = hiddenSize * q + 2 * hiddenSize * kv + q * hiddenSize;
    if (qkvBias)
        n += q + 2 * kv;
    if (oBias)
        n += hiddenSize;
    if (qkNorm)
        n += 2 * headDim;
    return n + hiddenSize;   // input_layernorm
}

std::int64_t ModelConfig::mlpParameters() const
{
    std::int64_t n = 3 * hiddenSize * intermediateSize;
    if (mlpBias)
        n += 2 * intermediateSize + hiddenSize;
    return n + hiddenSize;   // post_attention_layernorm
}

std::int64_t ModelConfig::headParameters() const
{
    return (tieWordEmbeddings ? 0 : vocabSize * hiddenSize) + hiddenSize;
}

std::int64_t ModelConfig::totalParameters() const
{
    return embeddingParameters() + numLayers * layerParameters() + headParameters();
}

BlockCuts ModelConfig::defaultCuts() const
{
    BlockCuts c;
    c.cut1 = static_cast<int>(std::lround(numLayers / 3.0));
    c.cut2 = static_cast<int>(std::lround(2.0 * numLayers / 3.0));
    return c;
}

} // namespace hialign::io

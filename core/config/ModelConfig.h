// config.json of a Hugging Face model folder, reduced to what a
// Llama-family decoder needs (docs/ARCHITECTURE.md, "Extending").
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "util/Error.h"

namespace hialign::io {

// Rotary position embedding scaling ("rope_scaling" in config.json).
struct RopeScaling {
    enum class Type { None, Linear, Llama3 };
    Type type = Type::None;
    double factor = 1.0;
    double lowFreqFactor = 1.0;             // llama3 only
    double highFreqFactor = 4.0;            // llama3 only
    std::int64_t originalMaxPositions = 8192;  // llama3 only
};

// The three contiguous functional blocks of the layer stack:
// local = [0, cut1), intermediate = [cut1, cut2), global = [cut2, layers).
struct BlockCuts {
    int cut1 = 0;
    int cut2 = 0;
};

struct ModelConfig {
    std::string modelType;          // llama, mistral, qwen2, qwen3
    std::string architecture;       // e.g. LlamaForCausalLM
    std::int64_t hiddenSize = 0;
    std::int64_t intermediateSize = 0;
    int numLayers = 0;
    int numHeads = 0;
    int numKvHeads = 0;
    std::int64_t headDim = 0;
    std::int64_t vocabSize = 0;
    std::int64_t maxPositions = 0;
    double rmsNormEps = 1e-6;
    double ropeTheta = 10000.0;
    RopeScaling ropeScaling;
    // Sliding-window attention on every layer: a query sees itself and the
    // slidingWindow - 1 positions before it. 0: full causal attention.
    // Mistral's "sliding_window"; Qwen2/Qwen3's when "use_sliding_window" is
    // true and every layer is a sliding one.
    std::int64_t slidingWindow = 0;
    bool tieWordEmbeddings = false;
    bool qkvBias = false;           // Qwen1.5/2/2.5 always; Llama with attention_bias
    bool oBias = false;             // Llama/Qwen3 with attention_bias
    bool mlpBias = false;
    bool qkNorm = false;            // Qwen3: per-head RMSNorm on q and k
    std::optional<std::int32_t> bosTokenId;
    std::vector<std::int32_t> eosTokenIds;
    std::string torchDtype;         // "float32", "bfloat16", "float16" or empty

    // Parses a config.json object; `source` names the file in errors.
    static ModelConfig fromJson(const nlohmann::json& j, const std::string& source);
    static ModelConfig load(const std::filesystem::path& configJson);
    // MODEL_DIR's config.json, read.
    static ModelConfig loadFolder(const std::filesystem::path& modelDir);
    // Writes the config back in Hugging Face's field names.
    nlohmann::json toJson() const;

    // Parameter counts (elements). Embedding and head are counted once when tied.
    std::int64_t attentionParameters() const;   // one layer: q,k,v,o (+bias, +q/k norm) + input norm
    std::int64_t mlpParameters() const;         // one layer: gate, up, down (+bias) + post-attn norm
    std::int64_t layerParameters() const { return attentionParameters() + mlpParameters(); }
    std::int64_t embeddingParameters() const { return vocabSize * hiddenSize; }
    std::int64_t headParameters() const;        // 0 when tied; final norm counted here
    std::int64_t totalParameters() const;

    // Default cuts (docs/ARCHITECTURE.md, "Layer plans"): round(N/3), round(2N/3).
    BlockCuts defaultCuts() const;
};

// MODEL_DIR/config.json: the one place that names a model folder's config.
std::filesystem::path configFileOf(const std::filesystem::path& modelDir);
// A Hugging Face model folder: a folder that holds config.json.
bool isModelFolder(const std::filesystem::path& dir);

} // namespace hialign::io

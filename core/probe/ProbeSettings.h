// Settings of the layer-specialization probe (docs/PROBE.md): which model,
// one preference set per named dimension, which methods, and the few knobs
// of each method. One place for the defaults; the CLI reads its option
// defaults from here. Torch-free, so a window can edit one directly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "settings/TrainConfig.h"

namespace hialign::probe {

// One dimension: a name (e.g. "grammar") and its preference file.
struct DimensionSpec {
    std::string name;
    std::string file;
};

// "NAME=FILE" -> {NAME, FILE}. Throws InputError for text without '=', an
// empty name or file, or a name with characters other than letters, digits,
// '_', '-' and '.'.
DimensionSpec parseDimensionSpec(const std::string& text);

// The methods the probe knows, in their order of running.
enum class Method { Ablate, Gradient };
const char* methodName(Method m);   // "ablate", "gradient"

// "ablate,gradient" -> the methods, deduplicated, in running order. Throws
// InputError for an empty list, an unknown name, or "lora" (single-layer
// alignment), which this build does not provide.
std::vector<Method> parseMethods(const std::string& list);

struct ProbeSettings {
    std::string modelDir;
    std::vector<DimensionSpec> dimensions;
    std::vector<Method> methods{Method::Ablate, Method::Gradient};

    // Pairs per dimension at most: a seeded sample of the file's records
    // (all of them when the file holds fewer), kept in file order.
    int maxPairs = 200;
    int batchSize = 16;                 // pairs per forward pass
    int bootstrapResamples = 1000;      // paired percentile bootstrap, 95%
    std::uint64_t seed = 1234;          // pair sample, bootstrap, LoRA A matrices
    std::string device = "auto";
    std::string dtype;                  // empty: fp32 on CPU, bf16 on CUDA (as training)
    // The gradient method's DPO loss: the sigmoid loss with this beta (TrainConfig's default).
    double beta = train::TrainConfig{}.beta;
    // Tokenizing, as a training run with TrainConfig's defaults.
    int maxLength = train::TrainConfig{}.maxLength;
    int maxPromptLength = train::TrainConfig{}.maxPromptLength;

    bool runs(Method m) const;
    // Throws InputError with one sentence: no model, no dimension, a
    // dimension name given twice, no method, maxPairs / batchSize /
    // bootstrapResamples below 1, beta not positive, bad lengths.
    void validate() const;
    nlohmann::json toJson() const;
};

} // namespace hialign::probe

// The demo lab: a synthetic world, its corpus, a sentencepiece tokenizer, a
// Llama-architecture model pretrained on the corpus by the project's own
// code, preference sets and eval prompts per dimension, and exact evaluation.
//
// Layout of a lab folder:
//   world.json          the world (entities, knowledge base, error rates)
//   corpus.txt          one document per line
//   model/              Hugging Face model folder (config, weights, tokenizer.model)
//   data/preferences_{mixed,grammar,logic,facts}.jsonl, data/eval_{grammar,logic,facts}.jsonl
//   MODEL_CARD.md, card.json
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "settings/EvalDecoding.h"
#include "world/Accuracy.h"
#include "world/Dimension.h"
#include "world/World.h"

namespace hialign::lab {

struct LabPreset {
    std::string name;
    std::size_t documents = 0;       // pretraining corpus
    int vocabSize = 0;               // sentencepiece pieces
    int layers = 0, hidden = 0, heads = 0, kvHeads = 0, intermediate = 0;
    int pretrainSteps = 0, batch = 0, sequenceLength = 0;
    double learningRate = 0;
    std::size_t preferencePairs = 0; // per dimension set (mixed has the same count)
    std::size_t evalPrompts = 0;     // per dimension
    bool storeBf16 = false;          // weights stored as BF16 (smaller files)
    world::ErrorRates corpusErrors;  // share of wrong sentences the corpus injects
};

// "tiny" (the reduced recipe for CI) or "demo" (what ships). Throws InputError.
LabPreset presetByName(const std::string& name);

struct BuildOptions {
    std::filesystem::path out;
    std::uint64_t seed = 1;
    std::string preset = "demo";
    std::function<void(const std::string&)> onMessage;
};

// Builds the whole lab into options.out (created; existing lab files are replaced).
void buildDemoLab(const BuildOptions& options);

struct DimensionResult {
    world::Dimension dimension;
    world::Accuracy accuracy;
};

struct EvalOptions {
    std::filesystem::path modelDir;
    std::filesystem::path adapterDir;   // optional
    std::size_t samples = 0;            // per dimension; 0 = all eval prompts
    std::uint64_t seed = 1;             // picks the sample when fewer than all
    // The lab's evaluation decoding (settings/EvalDecoding.h); temperature 0 = greedy.
    int maxNewTokens = EvalDecoding{}.maxNewTokens;
    double temperature = EvalDecoding{}.temperature;
    std::string device = "cpu";
};

// Generates greedily on the lab's eval prompts and checks every continuation
// exactly. The world and the prompts are found beside the model folder
// (MODEL_DIR/../world.json and MODEL_DIR/../data/eval_*.jsonl).
std::vector<DimensionResult> evaluateLab(const EvalOptions& options);

nlohmann::json resultsToJson(const std::vector<DimensionResult>& results);

} // namespace hialign::lab


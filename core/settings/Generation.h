// How text is decoded: the sampling rule and the generation limits. The
// generator (model/Generator.h) and the sampler (model/Sampler.h) take these;
// the Compare view edits them and its worker passes them on unchanged. Plain
// C++: no LibTorch, so the window and its widgets hold the same struct.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hialign::model {

struct SamplingOptions {
    double temperature = 0.0;         // 0 = greedy
    int topK = 0;                     // 0 = off
    double topP = 1.0;                // 1 = off
    double repetitionPenalty = 1.0;   // 1 = off; >1 discourages tokens already present
    std::uint64_t seed = 0;

    void validate() const;            // throws InputError for impossible values
};

struct GenerationOptions {
    SamplingOptions sampling;
    int maxNewTokens = 64;
    bool stopAtEos = true;                  // stop a row on any of the tokenizer's eos ids
    std::vector<std::string> stopStrings;   // stop a row when its text contains one (cut there)
    bool useCache = true;                   // false: recompute the whole sequence each step

    // The Compare view's first values: greedy, 48 new tokens, seed 1.
    static GenerationOptions interactiveDefaults();
};

} // namespace hialign::model

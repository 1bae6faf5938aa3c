// Held-out evaluation prompts per dimension. The dimension is decided by the
// continuation's first sentence (generate until the first sentence end and
// check that text with checkContinuation()):
//  grammar: "mira and teo"                               reference " live in tolvan."
//  logic:   "if mira is in tolvan then teo is happy. mira is in tolvan. so"   reference " teo is happy."
//  facts:   "mira lives in"                              reference " tolvan."
// The reference is one correct continuation (for grammar, one of many).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "world/Dimension.h"
#include "world/World.h"

namespace hialign::world {

struct EvalPrompt {
    Dimension dimension = Dimension::Grammar;
    std::string prompt;
    std::string reference;   // a correct continuation, with its leading space and period
};

// n prompts of the dimension; the same (world, dimension, n, seed) gives the
// same prompts. Grammar and logic prompts never occur in preference sets;
// fact prompts cover every fact once per round before any repeats.
std::vector<EvalPrompt> generateEvalPrompts(const World& world, Dimension dimension, std::size_t n,
                                            std::uint64_t seed);

// The demo lab's eval prompt files, through the one reader and writer of
// eval prompt files (settings/EvalPromptFile.h): {"dimension","prompt",
// "reference"} per line (in that order), written to a temporary file and renamed.
void writeEvalPromptsJsonl(const std::filesystem::path& file, const std::vector<EvalPrompt>& prompts);
// Throws InputError naming the file and line of a bad record (every field is required here).
std::vector<EvalPrompt> readEvalPromptsJsonl(const std::filesystem::path& file);

} // namespace hialign::world

// One entry point for judging a continuation on one dimension, and the
// recognition of a prompt's dimension from its shape.
#pragma once

#include <optional>
#include <string>

#include "world/Dimension.h"
#include "world/World.h"

namespace hialign::world {

// GrammarChecker / LogicChecker / FactChecker on (prompt, continuation).
Check checkContinuation(const World& world, Dimension dimension, const std::string& prompt,
                        const std::string& continuation);

// The dimension a prompt asks about, from the unfinished sentence it ends in:
//  "so" after premises                                   -> logic
//  a subject only ("mira and teo", "the glims")          -> grammar
//  a fact without its object ("mira lives in", "mira is a", "mira has a",
//  "mira likes", "the selna runs through")               -> facts
// nullopt for anything else (for example a prompt ending in a full sentence).
std::optional<Dimension> dimensionOfPrompt(const World& world, const std::string& prompt);

} // namespace hialign::world

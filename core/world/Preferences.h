// Preference sets for DPO: per dimension, and a mixed set of equal parts.
// chosen is the correct continuation, rejected the same continuation with
// exactly one error of the pair's dimension (see GoldItemGenerator.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "world/Dimension.h"
#include "world/World.h"

namespace hialign::world {

struct PreferencePair {
    Dimension dimension = Dimension::Grammar;
    std::string prompt;
    std::string chosen;     // " live in tolvan."
    std::string rejected;   // " lives in tolvan."
};

std::vector<PreferencePair> generatePreferences(const World& world, Dimension dimension, std::size_t n,
                                                std::uint64_t seed);
// n pairs: n/3 of each dimension (the remainder to grammar, then logic), shuffled.
std::vector<PreferencePair> generateMixedPreferences(const World& world, std::size_t n, std::uint64_t seed);

// JSON Lines: {"prompt","chosen","rejected"} per line (the workbench's
// standard preference format), written to a temporary file and renamed.
void writePreferencesJsonl(const std::filesystem::path& file, const std::vector<PreferencePair>& pairs);

} // namespace hialign::world

// The three things the demo lab checks separately, and a checker's verdict.
#pragma once

#include <array>
#include <optional>
#include <string>

namespace hialign::world {

// grammar: agreement and word order (the paper's syntax, local block);
// logic: what follows from premises (intermediate block);
// facts: the knowledge base (global block).
enum class Dimension { Grammar, Logic, Facts };

inline constexpr std::array<Dimension, 3> kAllDimensions{Dimension::Grammar, Dimension::Logic,
                                                         Dimension::Facts};

// "grammar", "logic", "facts".
std::string dimensionName(Dimension dimension);
// The inverse of dimensionName (exact, lowercase); nullopt for anything else.
std::optional<Dimension> parseDimension(const std::string& name);

enum class Verdict { Correct, Wrong, Unparseable };

// "correct", "wrong", "unparseable".
std::string verdictName(Verdict verdict);

struct Check {
    Verdict verdict = Verdict::Unparseable;
    std::string explanation;   // one sentence for the user
};

} // namespace hialign::world

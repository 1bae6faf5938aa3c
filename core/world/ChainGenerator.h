// Short reasoning chains whose conclusion follows from their two premises
// alone (see LogicChecker.h for the rules), and conclusions that do not.
// Chains speak of states, whereabouts and comparisons, never of
// knowledge-base relations, so logic and facts stay separate.
#pragma once

#include <string>
#include <vector>

#include "world/ClauseSampler.h"
#include "world/Rng.h"
#include "world/Sentence.h"
#include "world/World.h"

namespace hialign::world {

enum class ChainKind { Transitive, Disjunctive, ModusPonens, ModusTollens };

inline constexpr ChainKind kAllChainKinds[] = {ChainKind::Transitive, ChainKind::Disjunctive,
                                               ChainKind::ModusPonens, ChainKind::ModusTollens};

// "transitive", "disjunctive", "modus-ponens", "modus-tollens".
std::string chainKindName(ChainKind kind);

struct Chain {
    ChainKind kind = ChainKind::Transitive;
    std::vector<Sentence> premises;   // two
    Clause conclusion;                // what follows
};

class ChainGenerator {
public:
    explicit ChainGenerator(World world);

    // A chain of a kind drawn uniformly.
    Chain generate(Rng& rng) const;
    Chain generate(ChainKind kind, Rng& rng) const;

    // Well-formed conclusions that do not follow (a premise restated is
    // never among them). Never empty for a world generate() accepts.
    std::vector<Clause> wrongConclusions(const Chain& chain, Rng& rng) const;
    Clause wrongConclusion(const Chain& chain, Rng& rng) const;

    // "p1. p2." (the premises, each with its period).
    static std::string premisesText(const Chain& chain);

private:
    ClauseSampler sampler_;
};

} // namespace hialign::world

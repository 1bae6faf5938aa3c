// Draws the clauses texts are made of: true facts (and falsified ones), the
// atoms of reasoning chains, scene sentences, and subjects with correct
// completions for grammar prompts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "world/Rng.h"
#include "world/Sentence.h"
#include "world/World.h"

namespace hialign::world {

// The relations a person has in the knowledge base.
enum class FactRelation { Home, Job, Pet, Colour };

inline constexpr FactRelation kAllRelations[] = {FactRelation::Home, FactRelation::Job, FactRelation::Pet,
                                                 FactRelation::Colour};

class ClauseSampler {
public:
    explicit ClauseSampler(World world);

    const World& world() const { return world_; }

    static Subject personSubject(const std::string& name);
    static PredicateKind predicateOf(FactRelation relation);

    // A true fact: "mira lives in tolvan", "mira is a baker", ...
    Clause fact(const Person& person, FactRelation relation) const;
    // A true river fact naming all its towns, in random order.
    Clause riverFact(const River& river, Rng& rng) const;
    // The fact stated of the person and a partner who shares it
    // ("mira and teo live in tolvan"); nullopt when nobody shares it.
    std::optional<Clause> pairFact(const Person& person, FactRelation relation, Rng& rng) const;
    // The fact with one object replaced by a wrong one of the same kind
    // (for a pair, wrong for both people).
    Clause falsify(const Clause& fact, Rng& rng) const;

    // A subject for a reasoning chain: mostly one person, sometimes a pair or creatures.
    Subject chainSubject(Rng& rng) const;
    // A chain atom about the subject: "X is STATE", "X is in TOWN", or
    // (one person only) "X is R than Y".
    Clause atom(const Subject& subject, Rng& rng) const;
    Clause atom(Rng& rng) const;
    // The same clause with another object of the same kind (another state,
    // town or person); nullopt when the world has no other.
    std::optional<Clause> withOtherObject(const Clause& clause, Rng& rng) const;

    // A scene sentence: states and whereabouts of people and creatures;
    // never a knowledge-base fact.
    Clause scene(Rng& rng) const;

    // A grammar-prompt subject: one person, a pair, a creature or creatures (1/4 each).
    Subject grammarSubject(Rng& rng) const;
    // A correct clause with that subject (a true fact when it states one).
    Clause completion(const Subject& subject, Rng& rng) const;

private:
    std::string otherThan(const std::vector<std::string>& pool, const std::vector<std::string>& excluded,
                          Rng& rng) const;
    Subject pairSubject(Rng& rng) const;
    Subject creatureSubject(bool plural, Rng& rng) const;
    // A scene predicate for creatures: a state, a whereabouts, a home, a colour, a run.
    Clause creatureClause(const Subject& subject, Rng& rng) const;

    World world_;
};

} // namespace hialign::world

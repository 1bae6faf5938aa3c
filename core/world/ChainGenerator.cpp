#include "world/ChainGenerator.h"

#include <algorithm>


namespace hialign::world {

namespace {

Clause negated(const Clause& c)
{
    Clause n = c;
    n.predicate.negated = !n.predicate.negated;
    return n;
}

void addUnique(std::vector<Clause>& list, const Clause& c)
{
    if (std::find(list.begin(), list.end(), c) == list.end())
        list.push_back(c);
}

} // namespace

std::string chainKindName(ChainKind kind)
{
    switch (kind) {
    case ChainKind::Transitive:
        return "transitive";
    case ChainKind::Disjunctive:
        return "disjunctive";
    case ChainKind::ModusPonens:
        return "modus-ponens";
    case ChainKind::ModusTollens:
        return "modus-tollens";
    }
    return "transitive";
}

ChainGenerator::ChainGenerator(World world)
    : sampler_(std::move(world))
{
}

Chain ChainGenerator::generate(Rng& rng) const
{
    return generate(kAllChainKinds[rng.below(4)], rng);
}

Chain ChainGenerator::generate(ChainKind kind, Rng& rng) const
{
    const World& world = sampler_.world();
    Chain chain;
    chain.kind = kind;
    switch (kind) {
    case ChainKind::Transitive: {
        const auto& people = world.people();
        std::vector<std::size_t> idx(people.size());
        for (std::size_t i = 0; i < idx.size(); ++i)
            idx[i] = i;
        rng.shuffle(idx);
        const std::string& comparative = rng.pick(world.comparatives());
        Clause ab;
        ab.subject = ClauseSampler::personSubject(people[idx[0]].name);
        ab.predicate.kind = PredicateKind::Comparative;
        ab.predicate.comparative = comparative;
        ab.predicate.objects = {people[idx[1]].name};
        Clause bc = ab;
        bc.subject = ClauseSampler::personSubject(people[idx[1]].name);
        bc.predicate.objects = {people[idx[2]].name};
        chain.conclusion = ab;
        chain.conclusion.predicate.objects = {people[idx[2]].name};
        chain.premises = {statement(ab), statement(bc)};
        break;
    }
    case ChainKind::Disjunctive: {
        const Subject s = sampler_.chainSubject(rng);
        const bool states = rng.chance(0.5);
        std::vector<std::string> pool = states ? world.states() : world.towns();
        rng.shuffle(pool);
        Clause either;
        either.subject = s;
        either.predicate.kind = states ? PredicateKind::IsState : PredicateKind::IsIn;
        either.predicate.objects = {pool[0], pool[1]};
        const std::size_t deniedIndex = rng.index(2);
        Clause denied = either;
        denied.predicate.negated = true;
        denied.predicate.objects = {pool[deniedIndex]};
        chain.conclusion = either;
        chain.conclusion.predicate.objects = {pool[1 - deniedIndex]};
        chain.premises = {statement(either), statement(denied)};
        break;
    }
    case ChainKind::ModusPonens:
    case ChainKind::ModusTollens: {
        const Clause condition = sampler_.atom(rng);
        Clause consequent = sampler_.atom(rng);
        while (consequent == condition)
            consequent = sampler_.atom(rng);
        if (kind == ChainKind::ModusPonens) {
            chain.premises = {conditional(condition, consequent), statement(condition)};
            chain.conclusion = consequent;
        } else {
            chain.premises = {conditional(condition, consequent), statement(negated(consequent))};
            chain.conclusion = negated(condition);
        }
        break;
    }
    }
    // Premise order varies; the rules do not depend on it.
    if (rng.chance(kind == ChainKind::Transitive ? 0.5 : 0.25))
        std::swap(chain.premises[0], chain.premises[1]);
    return chain;
}

namespace {

const Sentence& conditionalPremise(const Chain& chain)
{
    return chain.premises[0].form == SentenceForm::Conditional ? chain.premises[0] : chain.premises[1];
}

// A>B, B>C, so A>C: reversed, contradicting a premise, negated, another comparative.
void wrongTransitive(const Chain& chain, const std::vector<std::string>& comparatives, std::vector<Clause>& out)
{
    const Clause& good = chain.conclusion;
    // The premises in their written order are A>B and B>C (either order).
    const Clause& p0 = chain.premises[0].clause;
    const Clause& p1 = chain.premises[1].clause;
    const Clause& ab = p0.subject == good.subject ? p0 : p1;
    const Clause& bc = p0.subject == good.subject ? p1 : p0;
    const std::string a = ab.subject.first;
    const std::string b = bc.subject.first;
    const std::string c = bc.predicate.objects[0];
    auto compare = [&](const std::string& x, const std::string& y) {
        Clause k = good;
        k.subject = ClauseSampler::personSubject(x);
        k.predicate.objects = {y};
        return k;
    };
    addUnique(out, compare(c, a));   // reversed
    addUnique(out, compare(b, a));   // contradicts a premise
    addUnique(out, compare(c, b));
    addUnique(out, negated(good));
    for (const auto& other : comparatives) {
        if (other != good.predicate.comparative) {
            Clause k = good;
            k.predicate.comparative = other;
            addUnique(out, k);
            break;
        }
    }
}

// Either X or Y, not X, so Y: the denied option, neither, a third option, someone else.
void wrongDisjunctive(const Chain& chain, const ClauseSampler& sampler, Rng& rng, std::vector<Clause>& out)
{
    const Clause& good = chain.conclusion;
    const Clause& denied = chain.premises[0].clause.predicate.negated ? chain.premises[0].clause
                                                                      : chain.premises[1].clause;
    Clause k = denied;
    k.predicate.negated = false;
    addUnique(out, k);                 // the denied option
    addUnique(out, negated(good));     // denies the remaining one
    if (auto other = sampler.withOtherObject(good, rng)) {
        if (other->predicate.objects[0] != denied.predicate.objects[0])
            addUnique(out, *other);    // a third option
    }
    Clause someoneElse = good;
    someoneElse.subject = sampler.chainSubject(rng);
    if (someoneElse.subject != good.subject)
        addUnique(out, someoneElse);
}

// If P then Q, P, so Q: not Q, another object, the condition's subject, not P.
void wrongModusPonens(const Chain& chain, const ClauseSampler& sampler, Rng& rng, std::vector<Clause>& out)
{
    const Clause& good = chain.conclusion;
    const Sentence& cond = conditionalPremise(chain);
    addUnique(out, negated(good));
    if (auto other = sampler.withOtherObject(good, rng))
        addUnique(out, *other);
    Clause swapped = good;
    swapped.subject = cond.clause.subject;
    if (swapped.subject != good.subject &&
        (swapped.predicate.kind != PredicateKind::Comparative ||
         (swapped.subject.kind == SubjectKind::Person &&
          swapped.subject.first != swapped.predicate.objects[0])))
        addUnique(out, swapped);
    addUnique(out, negated(cond.clause));
}

// If P then Q, not Q, so not P: P, Q, not P with another object.
void wrongModusTollens(const Chain& chain, const ClauseSampler& sampler, Rng& rng, std::vector<Clause>& out)
{
    const Sentence& cond = conditionalPremise(chain);
    addUnique(out, cond.clause);       // affirms the condition
    addUnique(out, cond.consequent);   // contradicts the second premise
    if (auto other = sampler.withOtherObject(cond.clause, rng))
        addUnique(out, negated(*other));
}

// Never the conclusion itself, never a premise restated.
std::vector<Clause> withoutConclusionOrPremise(const std::vector<Clause>& out, const Chain& chain)
{
    std::vector<Clause> filtered;
    for (const auto& c : out) {
        if (c == chain.conclusion)
            continue;
        bool restated = false;
        for (const auto& p : chain.premises) {
            if (p.form != SentenceForm::Conditional && p.clause == c)
                restated = true;
        }
        if (!restated)
            filtered.push_back(c);
    }
    return filtered;
}

} // namespace

std::vector<Clause> ChainGenerator::wrongConclusions(const Chain& chain, Rng& rng) const
{
    std::vector<Clause> out;
    switch (chain.kind) {
    case ChainKind::Transitive:
        wrongTransitive(chain, sampler_.world().comparatives(), out);
        break;
    case ChainKind::Disjunctive:
        wrongDisjunctive(chain, sampler_, rng, out);
        break;
    case ChainKind::ModusPonens:
        wrongModusPonens(chain, sampler_, rng, out);
        break;
    case ChainKind::ModusTollens:
        wrongModusTollens(chain, sampler_, rng, out);
        break;
    }
    return withoutConclusionOrPremise(out, chain);
}

Clause ChainGenerator::wrongConclusion(const Chain& chain, Rng& rng) const
{
    const std::vector<Clause> options = wrongConclusions(chain, rng);
    if (options.empty())   // only in degenerate hand-made worlds
        return negated(chain.conclusion);
    return options[rng.index(options.size())];
}

std::string ChainGenerator::premisesText(const Chain& chain)
{
    std::string out;
    for (const auto& p : chain.premises) {
        if (!out.empty())
            out += ' ';
        out += sentenceText(p);
    }
    return out;
}

} // namespace hialign::world

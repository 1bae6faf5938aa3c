#include "world/ClauseSampler.h"

#include <algorithm>

namespace hialign::world {

namespace {

bool contains(const std::vector<std::string>& list, const std::string& item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

std::string valueOf(const Person& p, FactRelation relation)
{
    switch (relation) {
    case FactRelation::Home:
        return p.town;
    case FactRelation::Job:
        return p.job;
    case FactRelation::Pet:
        return p.pet;
    case FactRelation::Colour:
        return p.colour;
    }
    return p.town;
}

Clause makeClause(Subject subject, PredicateKind kind, std::vector<std::string> objects)
{
    Clause c;
    c.subject = std::move(subject);
    c.predicate.kind = kind;
    c.predicate.objects = std::move(objects);
    return c;
}

} // namespace

ClauseSampler::ClauseSampler(World world)
    : world_(std::move(world))
{
}

Subject ClauseSampler::personSubject(const std::string& name)
{
    Subject s;
    s.kind = SubjectKind::Person;
    s.first = name;
    return s;
}

PredicateKind ClauseSampler::predicateOf(FactRelation relation)
{
    switch (relation) {
    case FactRelation::Home:
        return PredicateKind::LivesIn;
    case FactRelation::Job:
        return PredicateKind::IsJob;
    case FactRelation::Pet:
        return PredicateKind::HasPet;
    case FactRelation::Colour:
        return PredicateKind::Likes;
    }
    return PredicateKind::LivesIn;
}

Clause ClauseSampler::fact(const Person& person, FactRelation relation) const
{
    return makeClause(personSubject(person.name), predicateOf(relation), {valueOf(person, relation)});
}

Clause ClauseSampler::riverFact(const River& river, Rng& rng) const
{
    Subject s;
    s.kind = SubjectKind::River;
    s.first = river.name;
    std::vector<std::string> towns = river.towns;
    rng.shuffle(towns);
    return makeClause(s, PredicateKind::RunsThrough, towns);
}

std::optional<Clause> ClauseSampler::pairFact(const Person& person, FactRelation relation, Rng& rng) const
{
    const std::string value = valueOf(person, relation);
    std::vector<std::string> partners;
    for (const auto& other : world_.people()) {
        if (other.name != person.name && valueOf(other, relation) == value)
            partners.push_back(other.name);
    }
    if (partners.empty())
        return std::nullopt;
    Subject s;
    s.kind = SubjectKind::PersonPair;
    s.first = person.name;
    s.second = rng.pick(partners);
    if (rng.chance(0.5))
        std::swap(s.first, s.second);
    return makeClause(s, predicateOf(relation), {value});
}

std::string ClauseSampler::otherThan(const std::vector<std::string>& pool, const std::vector<std::string>& excluded,
                                     Rng& rng) const
{
    std::vector<std::string> candidates;
    for (const auto& item : pool) {
        if (!contains(excluded, item))
            candidates.push_back(item);
    }
    if (candidates.empty())
        return {};
    return rng.pick(candidates);
}

Clause ClauseSampler::falsify(const Clause& fact, Rng& rng) const
{
    Clause wrong = fact;
    auto& objects = wrong.predicate.objects;
    switch (fact.predicate.kind) {
    case PredicateKind::RunsThrough: {
        const River* river = world_.findRiver(fact.subject.first);
        std::vector<std::string> excluded = objects;
        if (river != nullptr)
            excluded.insert(excluded.end(), river->towns.begin(), river->towns.end());
        const std::size_t which = rng.index(objects.size());
        objects[which] = otherThan(world_.towns(), excluded, rng);
        break;
    }
    case PredicateKind::LivesIn:
        objects = {otherThan(world_.towns(), objects, rng)};
        break;
    case PredicateKind::IsJob:
        objects = {otherThan(world_.jobs(), objects, rng)};
        break;
    case PredicateKind::HasPet:
        objects = {otherThan(world_.creatures(), objects, rng)};
        break;
    case PredicateKind::Likes:
        objects = {otherThan(world_.colours(), objects, rng)};
        break;
    default:
        break;
    }
    return wrong;
}

Subject ClauseSampler::pairSubject(Rng& rng) const
{
    const auto& people = world_.people();
    Subject s;
    s.kind = SubjectKind::PersonPair;
    const std::size_t a = rng.index(people.size());
    std::size_t b = rng.index(people.size() - 1);
    if (b >= a)
        ++b;
    s.first = people[a].name;
    s.second = people[b].name;
    return s;
}

Subject ClauseSampler::creatureSubject(bool plural, Rng& rng) const
{
    Subject s;
    s.kind = plural ? SubjectKind::Creatures : SubjectKind::Creature;
    s.first = rng.pick(world_.creatures());
    return s;
}

Subject ClauseSampler::chainSubject(Rng& rng) const
{
    const double u = rng.unit();
    if (u < 0.7)
        return personSubject(rng.pick(world_.people()).name);
    if (u < 0.8)
        return pairSubject(rng);
    return creatureSubject(u >= 0.9, rng);
}

Clause ClauseSampler::atom(const Subject& subject, Rng& rng) const
{
    const double u = rng.unit();
    if (subject.kind == SubjectKind::Person && u >= 0.75) {
        const auto& people = world_.people();
        std::string other;
        do {
            other = rng.pick(people).name;
        } while (other == subject.first);
        Clause c = makeClause(subject, PredicateKind::Comparative, {other});
        c.predicate.comparative = rng.pick(world_.comparatives());
        return c;
    }
    if (u < 0.4)
        return makeClause(subject, PredicateKind::IsState, {rng.pick(world_.states())});
    return makeClause(subject, PredicateKind::IsIn, {rng.pick(world_.towns())});
}

Clause ClauseSampler::atom(Rng& rng) const
{
    const Subject s = chainSubject(rng);
    return atom(s, rng);
}

std::optional<Clause> ClauseSampler::withOtherObject(const Clause& clause, Rng& rng) const
{
    Clause c = clause;
    std::vector<std::string> excluded = clause.predicate.objects;
    std::string other;
    switch (clause.predicate.kind) {
    case PredicateKind::IsState:
        other = otherThan(world_.states(), excluded, rng);
        break;
    case PredicateKind::IsIn:
    case PredicateKind::LivesIn:
        other = otherThan(world_.towns(), excluded, rng);
        break;
    case PredicateKind::Comparative: {
        for (const auto& name : clause.subject.people())
            excluded.push_back(name);
        std::vector<std::string> names;
        for (const auto& p : world_.people())
            names.push_back(p.name);
        other = otherThan(names, excluded, rng);
        break;
    }
    case PredicateKind::IsJob:
        other = otherThan(world_.jobs(), excluded, rng);
        break;
    case PredicateKind::HasPet:
        other = otherThan(world_.creatures(), excluded, rng);
        break;
    case PredicateKind::Likes:
        other = otherThan(world_.colours(), excluded, rng);
        break;
    case PredicateKind::RunsThrough:
        other = otherThan(world_.towns(), excluded, rng);
        break;
    }
    if (other.empty())
        return std::nullopt;
    c.predicate.objects = {other};
    return c;
}

Clause ClauseSampler::scene(Rng& rng) const
{
    const double who = rng.unit();
    if (who < 0.3) {
        const Subject s = personSubject(rng.pick(world_.people()).name);
        return atom(s, rng);
    }
    if (who < 0.5) {
        const Subject s = pairSubject(rng);
        return atom(s, rng);
    }
    const Subject s = creatureSubject(who >= 0.75, rng);
    return creatureClause(s, rng);
}

Subject ClauseSampler::grammarSubject(Rng& rng) const
{
    switch (rng.below(4)) {
    case 0:
        return personSubject(rng.pick(world_.people()).name);
    case 1:
        return pairSubject(rng);
    case 2:
        return creatureSubject(false, rng);
    default:
        return creatureSubject(true, rng);
    }
}

Clause ClauseSampler::completion(const Subject& subject, Rng& rng) const
{
    if (subject.kind == SubjectKind::Person) {
        const Person* p = world_.findPerson(subject.first);
        if (p != nullptr && rng.chance(0.6))
            return fact(*p, kAllRelations[rng.below(4)]);
        return atom(subject, rng);
    }
    if (subject.kind == SubjectKind::PersonPair) {
        const Person* a = world_.findPerson(subject.first);
        const Person* b = world_.findPerson(subject.second);
        std::vector<FactRelation> shared;
        if (a != nullptr && b != nullptr) {
            for (FactRelation r : kAllRelations) {
                if (valueOf(*a, r) == valueOf(*b, r))
                    shared.push_back(r);
            }
        }
        if (!shared.empty() && rng.chance(0.6)) {
            const FactRelation r = shared[rng.index(shared.size())];
            return makeClause(subject, predicateOf(r), {valueOf(*a, r)});
        }
        return atom(subject, rng);
    }
    return creatureClause(subject, rng);
}

Clause ClauseSampler::creatureClause(const Subject& subject, Rng& rng) const
{
    const double what = rng.unit();
    if (what < 0.35)
        return makeClause(subject, PredicateKind::IsState, {rng.pick(world_.states())});
    if (what < 0.6)
        return makeClause(subject, PredicateKind::IsIn, {rng.pick(world_.towns())});
    if (what < 0.75)
        return makeClause(subject, PredicateKind::LivesIn, {rng.pick(world_.towns())});
    if (what < 0.9)
        return makeClause(subject, PredicateKind::Likes, {rng.pick(world_.colours())});
    return makeClause(subject, PredicateKind::RunsThrough, {rng.pick(world_.towns())});
}

} // namespace hialign::world

#include "world/FactChecker.h"

#include <algorithm>

#include "world/Text.h"

namespace hialign::world {

namespace {

std::string truth(const Person& p, PredicateKind kind)
{
    switch (kind) {
    case PredicateKind::LivesIn:
        return p.town;
    case PredicateKind::IsJob:
        return p.job;
    case PredicateKind::HasPet:
        return p.pet;
    case PredicateKind::Likes:
        return p.colour;
    default:
        return {};
    }
}

std::string statementOf(const std::string& person, PredicateKind kind, const std::string& object)
{
    Clause c;
    c.subject.kind = SubjectKind::Person;
    c.subject.first = person;
    c.predicate.kind = kind;
    c.predicate.objects = {object};
    return clauseText(c);
}

} // namespace

FactChecker::FactChecker(World world)
    : world_(std::move(world))
    , parser_(world_)
{
}

bool FactChecker::isFactClaim(const Clause& c) const
{
    const auto kind = c.predicate.kind;
    if (c.predicate.objects.empty())
        return false;
    if (kind == PredicateKind::RunsThrough)
        return c.subject.kind == SubjectKind::River && !c.predicate.negated;
    const bool personal = c.subject.kind == SubjectKind::Person || c.subject.kind == SubjectKind::PersonPair;
    const bool relation = kind == PredicateKind::LivesIn || kind == PredicateKind::IsJob ||
                          kind == PredicateKind::HasPet || kind == PredicateKind::Likes;
    return personal && relation;
}

Check FactChecker::evaluate(const Clause& c) const
{
    const std::string said = clauseText(c);
    if (!isFactClaim(c))
        return {Verdict::Unparseable, "\"" + said + "\" is not about anything the knowledge base records."};
    const Predicate& pred = c.predicate;

    if (pred.kind == PredicateKind::RunsThrough) {
        const River* river = world_.findRiver(c.subject.first);
        if (river == nullptr)
            return {Verdict::Unparseable, "\"" + c.subject.first + "\" is not a river."};
        for (const auto& town : pred.objects) {
            if (std::find(river->towns.begin(), river->towns.end(), town) == river->towns.end()) {
                std::string known = river->towns.front();
                if (river->towns.size() > 1)
                    known += " and " + river->towns[1];
                return {Verdict::Wrong, "The knowledge base says \"the " + river->name + " runs through " + known +
                                            "\", not \"" + said + "\"."};
            }
        }
        return {Verdict::Correct, "The knowledge base agrees: " + said + "."};
    }

    if (pred.objects.size() > 1) {
        const Person* p = world_.findPerson(c.subject.first);
        const std::string known = p != nullptr ? statementOf(p->name, pred.kind, truth(*p, pred.kind)) : said;
        return {Verdict::Wrong, "\"" + said + "\" hedges between two answers; the knowledge base says \"" + known +
                                    "\"."};
    }
    const std::string& object = pred.objects.front();
    for (const auto& name : c.subject.people()) {
        const Person* p = world_.findPerson(name);
        if (p == nullptr)
            return {Verdict::Unparseable, "\"" + name + "\" is not a person."};
        const std::string actual = truth(*p, pred.kind);
        const bool holds = pred.negated ? actual != object : actual == object;
        if (!holds) {
            return {Verdict::Wrong, "The knowledge base says \"" + statementOf(name, pred.kind, actual) +
                                        "\", not \"" + said + "\"."};
        }
    }
    return {Verdict::Correct, "The knowledge base agrees: " + said + "."};
}

Check FactChecker::check(const std::string& prompt, const std::string& continuation) const
{
    if (isBlank(continuation))
        return {Verdict::Unparseable, "The continuation is empty."};
    const TokenizedSentence sentence = firstSentence(std::string(unfinishedTail(prompt)) + continuation);
    const ParseResult r = parser_.parse(sentence);
    switch (r.status) {
    case ParseResult::Status::Empty:
        return {Verdict::Unparseable, "There is no statement to check."};
    case ParseResult::Status::Foreign:
        return {Verdict::Unparseable, "The text contains \"" + r.detail + "\", which is not a word."};
    case ParseResult::Status::UnknownWord:
        return {Verdict::Unparseable, "\"" + r.detail + "\" is not a word of this world."};
    case ParseResult::Status::Ungrammatical:
        return {Verdict::Unparseable, "\"" + joinWords(sentence.words) + "\" does not parse (" + r.detail + ")."};
    case ParseResult::Status::Parsed:
        break;
    }
    if (r.sentence.form == SentenceForm::Conditional)
        return {Verdict::Unparseable, "A conditional is not a statement of fact."};
    return evaluate(r.sentence.clause);
}

Check FactChecker::checkStatement(const std::string& text) const
{
    return check(std::string(), text);
}

} // namespace hialign::world

#include "world/Sentence.h"

#include <algorithm>

#include "world/Lexicon.h"

namespace hialign::world {

namespace {

std::vector<std::string> sorted(std::vector<std::string> v)
{
    std::sort(v.begin(), v.end());
    return v;
}

void append(std::vector<std::string>& out, const std::vector<std::string>& more)
{
    out.insert(out.end(), more.begin(), more.end());
}

} // namespace

std::vector<std::string> Subject::people() const
{
    switch (kind) {
    case SubjectKind::Person:
        return {first};
    case SubjectKind::PersonPair:
        return {first, second};
    default:
        return {};
    }
}

bool operator==(const Subject& a, const Subject& b)
{
    if (a.kind != b.kind)
        return false;
    if (a.kind == SubjectKind::PersonPair)
        return (a.first == b.first && a.second == b.second) || (a.first == b.second && a.second == b.first);
    return a.first == b.first;
}

bool operator==(const Predicate& a, const Predicate& b)
{
    return a.kind == b.kind && a.negated == b.negated && a.comparative == b.comparative &&
           sorted(a.objects) == sorted(b.objects);
}

bool operator==(const Clause& a, const Clause& b)
{
    return a.subject == b.subject && a.predicate == b.predicate;
}

bool operator==(const Sentence& a, const Sentence& b)
{
    if (a.form != b.form || a.clause != b.clause)
        return false;
    return a.form != SentenceForm::Conditional || a.consequent == b.consequent;
}

bool isCopular(PredicateKind kind)
{
    return kind == PredicateKind::IsJob || kind == PredicateKind::IsState || kind == PredicateKind::IsIn ||
           kind == PredicateKind::Comparative;
}

std::vector<std::string> subjectWords(const Subject& s)
{
    switch (s.kind) {
    case SubjectKind::Person:
        return {s.first};
    case SubjectKind::PersonPair:
        return {s.first, "and", s.second};
    case SubjectKind::Creature:
        return {"the", s.first};
    case SubjectKind::Creatures:
        return {"the", Lexicon::pluralOf(s.first)};
    case SubjectKind::River:
        return {"the", s.first};
    }
    return {};
}

std::vector<std::string> predicateWords(const Predicate& p, bool plural)
{
    std::vector<std::string> w;
    const auto& obj = p.objects;
    switch (p.kind) {
    case PredicateKind::LivesIn:
        w = {Lexicon::verbForm("live", plural), "in"};
        if (!obj.empty())
            w.push_back(obj[0]);
        return w;
    case PredicateKind::HasPet:
        w = {Lexicon::verbForm("have", plural), "a"};
        if (!obj.empty())
            w.push_back(obj[0]);
        return w;
    case PredicateKind::Likes:
        w = {Lexicon::verbForm("like", plural)};
        if (!obj.empty())
            w.push_back(obj[0]);
        return w;
    case PredicateKind::RunsThrough:
        w = {Lexicon::verbForm("run", plural), "through"};
        for (std::size_t i = 0; i < obj.size(); ++i) {
            if (i > 0)
                w.push_back("and");
            w.push_back(obj[i]);
        }
        return w;
    default:
        break;
    }
    // Copular predicates.
    w.push_back(Lexicon::verbForm("be", plural));
    if (p.negated)
        w.push_back("not");
    for (std::size_t i = 0; i < obj.size(); ++i) {
        if (i > 0)
            w.push_back("or");
        switch (p.kind) {
        case PredicateKind::IsJob:
            if (plural) {
                w.push_back(Lexicon::pluralOf(obj[i]));
            } else {
                w.push_back("a");
                w.push_back(obj[i]);
            }
            break;
        case PredicateKind::IsIn:
            w.push_back("in");
            w.push_back(obj[i]);
            break;
        case PredicateKind::Comparative:
            w.push_back(p.comparative);
            w.push_back("than");
            w.push_back(obj[i]);
            break;
        default:   // IsState
            w.push_back(obj[i]);
            break;
        }
    }
    return w;
}

std::vector<std::string> clauseWords(const Clause& c)
{
    std::vector<std::string> w = subjectWords(c.subject);
    append(w, predicateWords(c.predicate, c.subject.plural()));
    return w;
}

std::vector<std::string> sentenceWords(const Sentence& s)
{
    std::vector<std::string> w;
    switch (s.form) {
    case SentenceForm::Statement:
        return clauseWords(s.clause);
    case SentenceForm::Conclusion:
        w.push_back("so");
        append(w, clauseWords(s.clause));
        return w;
    case SentenceForm::Conditional:
        w.push_back("if");
        append(w, clauseWords(s.clause));
        w.push_back("then");
        append(w, clauseWords(s.consequent));
        return w;
    }
    return w;
}

std::string joinWords(const std::vector<std::string>& words)
{
    std::string out;
    for (const auto& w : words) {
        if (!out.empty())
            out += ' ';
        out += w;
    }
    return out;
}

std::string sentenceText(const std::vector<std::string>& words)
{
    return joinWords(words) + ".";
}

std::string sentenceText(const Sentence& sentence)
{
    return sentenceText(sentenceWords(sentence));
}

std::string clauseText(const Clause& clause)
{
    return joinWords(clauseWords(clause));
}

Sentence statement(Clause clause)
{
    Sentence s;
    s.form = SentenceForm::Statement;
    s.clause = std::move(clause);
    return s;
}

Sentence conclusion(Clause clause)
{
    Sentence s;
    s.form = SentenceForm::Conclusion;
    s.clause = std::move(clause);
    return s;
}

Sentence conditional(Clause condition, Clause consequent)
{
    Sentence s;
    s.form = SentenceForm::Conditional;
    s.clause = std::move(condition);
    s.consequent = std::move(consequent);
    return s;
}

} // namespace hialign::world

// The meaning of a sentence of the world's grammar, and how it is written.
//
// Grammar (every sentence ends with "."; words are lowercase):
//   sentence   := clause | "so" clause | "if" clause "then" clause
//   clause     := subject(n) predicate(n)
//   subject    := PERSON | "the" CREATURE | "the" RIVER                 (singular)
//               | PERSON "and" PERSON | "the" CREATURE-PLURAL           (plural)
//   predicate  := live(n) "in" TOWN
//               | have(n) "a" CREATURE
//               | like(n) COLOUR
//               | run(n) "through" TOWN ["and" TOWN]
//               | be(n) "not" complement(n)
//               | be(n) complement(n) ["or" complement(n)]   (same kind; not for comparisons)
//   complement := "a" JOB (singular) | JOB-PLURAL (plural) | STATE | "in" TOWN | COMPARATIVE "than" PERSON
//   live(n): lives / live; be: is / are; have: has / have; like: likes / like; run: runs / run
#pragma once

#include <string>
#include <vector>

namespace hialign::world {

class Lexicon;

enum class SubjectKind { Person, PersonPair, Creature, Creatures, River };

struct Subject {
    SubjectKind kind = SubjectKind::Person;
    std::string first;    // person, creature (singular form) or river
    std::string second;   // the second person of a pair

    bool plural() const { return kind == SubjectKind::PersonPair || kind == SubjectKind::Creatures; }
    // The people named (one or two; none for creatures and rivers).
    std::vector<std::string> people() const;
};

enum class PredicateKind {
    LivesIn,       // lives in TOWN              (fact)
    IsJob,         // is a JOB / are JOBs        (fact)
    HasPet,        // has a CREATURE             (fact)
    Likes,         // likes COLOUR               (fact)
    RunsThrough,   // runs through TOWN [and TOWN] (fact about rivers)
    IsState,       // is STATE
    IsIn,          // is in TOWN (where someone is now; not where they live)
    Comparative    // is COMPARATIVE than PERSON
};

struct Predicate {
    PredicateKind kind = PredicateKind::IsState;
    bool negated = false;            // "is not ..."
    std::string comparative;         // Comparative only: "taller"
    std::vector<std::string> objects;   // town(s), job(s), creature, colour, state(s), or the compared person;
                                        // two objects: "or" for is-complements, "and" for RunsThrough
};

struct Clause {
    Subject subject;
    Predicate predicate;
};

enum class SentenceForm { Statement, Conclusion, Conditional };   // plain / "so ..." / "if ... then ..."

struct Sentence {
    SentenceForm form = SentenceForm::Statement;
    Clause clause;       // the statement, the conclusion, or the condition
    Clause consequent;   // Conditional only
};

// Meaning equality: a pair of people and a list of objects compare as sets.
bool operator==(const Subject& a, const Subject& b);
bool operator==(const Predicate& a, const Predicate& b);
bool operator==(const Clause& a, const Clause& b);
bool operator==(const Sentence& a, const Sentence& b);
inline bool operator!=(const Subject& a, const Subject& b) { return !(a == b); }
inline bool operator!=(const Predicate& a, const Predicate& b) { return !(a == b); }
inline bool operator!=(const Clause& a, const Clause& b) { return !(a == b); }
inline bool operator!=(const Sentence& a, const Sentence& b) { return !(a == b); }

// True for the copular predicates ("is ..."), which may be negated.
bool isCopular(PredicateKind kind);

// The words of a subject, a predicate agreeing with `plural`, a clause or a
// sentence (without the final period).
std::vector<std::string> subjectWords(const Subject& subject);
std::vector<std::string> predicateWords(const Predicate& predicate, bool plural);
std::vector<std::string> clauseWords(const Clause& clause);
std::vector<std::string> sentenceWords(const Sentence& sentence);

// Words joined by single spaces.
std::string joinWords(const std::vector<std::string>& words);
// Words joined by single spaces, with the final period: "mira lives in tolvan."
std::string sentenceText(const std::vector<std::string>& words);
std::string sentenceText(const Sentence& sentence);
// "mira lives in tolvan" (no period).
std::string clauseText(const Clause& clause);

Sentence statement(Clause clause);
Sentence conclusion(Clause clause);
Sentence conditional(Clause condition, Clause consequent);

} // namespace hialign::world

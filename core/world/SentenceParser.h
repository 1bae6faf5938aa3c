// Parses a sentence of words against the world's grammar (see Sentence.h).
// Number agreement is checked but does not stop the parse: a sentence whose
// only faults are agreement faults parses, with the faults listed, so that
// the logic and fact checkers can read its meaning and the grammar checker
// can tell an agreement error from a word-order error.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "world/Sentence.h"
#include "world/World.h"

namespace hialign::world {

struct TokenizedSentence;

struct AgreementIssue {
    std::size_t position = 0;   // index of the word that does not agree
    std::string subject;        // "mira and teo"
    std::string found;          // "lives"
    std::string expected;       // "live"
    bool pluralSubject = false;
};

struct ParseResult {
    enum class Status {
        Parsed,          // a sentence of the grammar (perhaps with agreement issues)
        Empty,           // no words
        Foreign,         // a token that is not a word (digits, punctuation, bytes)
        UnknownWord,     // a word that is not in the world's vocabulary
        Ungrammatical    // known words in an order the grammar does not allow
    };
    Status status = Status::Empty;
    Sentence sentence;                       // Parsed only
    std::vector<AgreementIssue> agreement;   // Parsed only; empty when everything agrees
    std::string detail;                      // the foreign token, the unknown word, or where the parse failed

    bool parsed() const { return status == Status::Parsed; }
    bool grammatical() const { return parsed() && agreement.empty(); }
};

class SentenceParser {
public:
    explicit SentenceParser(World world);

    ParseResult parse(const std::vector<std::string>& words) const;
    ParseResult parse(const TokenizedSentence& sentence) const;

private:
    World world_;
};

} // namespace hialign::world

// Facts only: a statement against the knowledge base. Agreement is ignored
// ("mira live in tolvan." is a correct fact); word order must parse.
#pragma once

#include <string>

#include "world/Dimension.h"
#include "world/SentenceParser.h"
#include "world/World.h"

namespace hialign::world {

class FactChecker {
public:
    explicit FactChecker(World world);

    // Checks the statement the prompt's unfinished tail and the
    // continuation's first sentence make ("mira lives in" + " tolvan.").
    //  Correct:     a fact the knowledge base holds (for a pair, of both people;
    //               for a river, every town named is one it runs through);
    //  Wrong:       a well-formed claim about a relation the knowledge base records
    //               that it contradicts (or hedges between two jobs);
    //  Unparseable: garbage, unknown words, broken word order, or a sentence
    //               about something the knowledge base does not record.
    Check check(const std::string& prompt, const std::string& continuation) const;
    // The first sentence of `text` as a statement (same as check("", text)).
    Check checkStatement(const std::string& text) const;

    // True when the clause is about a relation the knowledge base records:
    // a person's (or pair's) home, job, pet or colour, or a river's towns.
    bool isFactClaim(const Clause& clause) const;
    // Evaluates a fact claim (Unparseable when it is not one).
    Check evaluate(const Clause& clause) const;

private:
    World world_;
    SentenceParser parser_;
};

} // namespace hialign::world

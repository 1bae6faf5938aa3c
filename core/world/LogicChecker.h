// Logic only: derives what follows from a prompt's premises and compares the
// continuation's conclusion with it. Needs no knowledge base; agreement is
// ignored ("so teo are happy." is a correct conclusion).
//
// The premises are the last two sentences before the prompt's final "so".
// Rules (premises in either order):
//   transitivity:  A is R than B. B is R than C.            so A is R than C.
//   disjunction:   X is P or Q. X is not P.                 so X is Q.
//   modus ponens:  if C then D. C.                          so D.
//   modus tollens: if C then D. (D negated).                so (C negated).
#pragma once

#include <optional>
#include <string>

#include "world/Dimension.h"
#include "world/SentenceParser.h"
#include "world/World.h"

namespace hialign::world {

class LogicChecker {
public:
    explicit LogicChecker(World world);

    //  Correct:     the conclusion is exactly what follows (same meaning);
    //  Wrong:       a well-formed conclusion that differs from it;
    //  Unparseable: the conclusion does not parse, or the prompt has no
    //               premises from which something follows.
    // The continuation may begin with "so" when the prompt does not end with it.
    Check check(const std::string& prompt, const std::string& continuation) const;

    // What follows from the last two complete sentences of `premises`;
    // nullopt (and the reason in *why) when nothing does.
    std::optional<Clause> derive(const std::string& premises, std::string* why = nullptr) const;

    // The rule on two parsed premises, in either order.
    static std::optional<Clause> infer(const Sentence& first, const Sentence& second);
    // "X is not P" for "X is P" and back; nullopt for predicates that cannot be negated.
    static std::optional<Clause> negate(const Clause& clause);

private:
    World world_;
    SentenceParser parser_;
};

} // namespace hialign::world

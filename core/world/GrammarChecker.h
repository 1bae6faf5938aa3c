// Grammar only: agreement and word order against the world's grammar.
// Facts and logic are ignored ("mira lives in varno." is grammatical even when
// the knowledge base says tolvan).
#pragma once

#include <string>

#include "world/Dimension.h"
#include "world/SentenceParser.h"
#include "world/World.h"

namespace hialign::world {

class GrammarChecker {
public:
    explicit GrammarChecker(World world);

    // Checks the first sentence of `text` (up to the first '.' or newline;
    // the rest is ignored). A missing final period is tolerated.
    //  Correct:     a sentence of the grammar whose numbers agree;
    //  Wrong:       known words with an agreement or word-order error, or an unfinished sentence;
    //  Unparseable: no words, an unknown word, or a token that is not a word.
    Check check(const std::string& text) const;

    // Checks the sentence that the prompt's unfinished tail and the
    // continuation make together ("mira and teo" + " live in tolvan.").
    // An empty continuation is Unparseable.
    Check check(const std::string& prompt, const std::string& continuation) const;

private:
    World world_;
    SentenceParser parser_;
};

} // namespace hialign::world

// The items behind eval prompts and preference pairs: a prompt, its correct
// continuation and one with exactly one error of the item's dimension.
//  grammar: the prompt is a subject ("mira and teo"); the continuation the
//           rest of the sentence (" live in tolvan."); the wrong one has one
//           agreement (two in three) or word-order error;
//  logic:   the prompt is two premises and "so"; the continuation the
//           conclusion; the wrong one a well-formed conclusion that does not follow;
//  facts:   the prompt is a fact without its object ("mira lives in"); the
//           continuation the object (" tolvan."); the wrong one another object.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "world/ChainGenerator.h"
#include "world/ClauseSampler.h"
#include "world/Dimension.h"
#include "world/ErrorInjector.h"
#include "world/Rng.h"
#include "world/World.h"

namespace hialign::world {

struct GoldItem {
    Dimension dimension = Dimension::Grammar;
    std::string prompt;
    std::string correct;   // with a leading space and the final period
    std::string wrong;
};

// Which of the two disjoint halves a grammar or logic prompt belongs to:
// held-out prompts go to evaluation, the others to preference sets. (Fact
// prompts are not split: the knowledge base is the thing to be known.)
enum class ItemSplit { Evaluation, Preference };

// Not thread-safe (it keeps the current round of fact items).
class GoldItemGenerator {
public:
    // Throws InputError for an empty world (fewer than three people).
    explicit GoldItemGenerator(World world);

    // One item of the dimension from the split. Fact items come in rounds:
    // every (person, relation) and river once per round, in shuffled order.
    GoldItem next(Dimension dimension, ItemSplit split, Rng& rng);

    // The split a prompt falls in (a hash of its text, one in four held out).
    static ItemSplit splitOf(const std::string& prompt);

private:
    GoldItem grammarItem(Rng& rng) const;
    GoldItem logicItem(Rng& rng) const;
    GoldItem factItem(Rng& rng);
    // A clause split after `promptWords` words into prompt and continuation.
    static GoldItem cut(Dimension dimension, const std::vector<std::string>& correct,
                        const std::vector<std::string>& wrong, std::size_t promptWords);

    World world_;
    ClauseSampler sampler_;
    ChainGenerator chains_;
    ErrorInjector injector_;
    std::vector<std::size_t> factRound_;   // indices into the fact list, consumed from the back
};

} // namespace hialign::world

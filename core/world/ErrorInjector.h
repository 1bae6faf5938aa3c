// Makes exactly one grammar error in a sentence of the grammar: an agreement
// error (one verb switched to the other number) or a word-order error (two
// adjacent words swapped so that the sentence no longer parses).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "world/Rng.h"
#include "world/SentenceParser.h"
#include "world/World.h"

namespace hialign::world {

class ErrorInjector {
public:
    explicit ErrorInjector(World world);

    // One verb at index >= from switched to the other number; nullopt when there is none.
    std::optional<std::vector<std::string>> agreementError(const std::vector<std::string>& words, Rng& rng,
                                                           std::size_t from = 0) const;
    // Two adjacent, different words at indices >= from swapped such that the
    // sentence no longer parses; nullopt when no swap does that.
    std::optional<std::vector<std::string>> wordOrderError(const std::vector<std::string>& words, Rng& rng,
                                                           std::size_t from = 0) const;
    // An agreement error (two times in three) or a word-order error, falling
    // back on the other kind when one is impossible; the words unchanged when
    // neither is possible.
    std::vector<std::string> grammarError(const std::vector<std::string>& words, Rng& rng,
                                          std::size_t from = 0) const;

private:
    World world_;
    SentenceParser parser_;
};

} // namespace hialign::world

// Finds added tokens in text before pre-tokenization, following HF's
// AddedVocabulary: leftmost-longest matches, then the single_word, lstrip and
// rstrip rules of each token.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "tokenize/AddedToken.h"

namespace hialign::tok {

class AddedTokenMatcher {
public:
    // A piece of the input: [begin, end) bytes; id is the added token's id,
    // or -1 for ordinary text between tokens.
    struct Piece {
        std::size_t begin = 0;
        std::size_t end = 0;
        std::int32_t id = -1;
    };

    AddedTokenMatcher() = default;
    // Tokens with empty content are ignored.
    explicit AddedTokenMatcher(std::vector<AddedToken> tokens);

    bool empty() const { return tokens_.empty(); }

    // Splits valid UTF-8 text into ordinary pieces and tokens, in order,
    // covering the whole text (whitespace swallowed by lstrip/rstrip belongs
    // to the token's piece). Empty pieces are left out.
    std::vector<Piece> split(std::string_view text) const;

private:
    // The longest token that matches at text[pos], or -1 (index into tokens_).
    int longestAt(std::string_view text, std::size_t pos) const;

    std::vector<AddedToken> tokens_;
    // Indices into tokens_ by first byte, longest content first.
    std::array<std::vector<int>, 256> byFirstByte_;
};

} // namespace hialign::tok

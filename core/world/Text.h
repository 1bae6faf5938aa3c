// Splitting generated text into sentences of words, robustly: any bytes are
// accepted, letters are lowercased, '.' ends a sentence, a newline ends one
// without a period, and everything else that is not a letter or a space is
// kept as a "foreign" token (which makes the sentence unparseable).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hialign::world {

struct TokenizedSentence {
    std::vector<std::string> words;   // lowercase ASCII words
    bool terminated = false;          // ended by '.'
    std::string foreign;              // the first token that is not a word (printable form), empty if none

    bool empty() const { return words.empty() && foreign.empty(); }
};

// The first sentence of `text` (up to the first '.' or newline); what follows is ignored.
TokenizedSentence firstSentence(std::string_view text);

// Every sentence of `text`, in order. Empty sentences (". ." or blank lines)
// are skipped; an unfinished last sentence is included when it has tokens.
std::vector<TokenizedSentence> splitSentences(std::string_view text);

// The text after the last '.' or newline: the unfinished sentence a prompt ends in.
std::string_view unfinishedTail(std::string_view text);
// The text up to and including the last '.' or newline.
std::string_view finishedPart(std::string_view text);

// True when the text holds nothing but spaces.
bool isBlank(std::string_view text);

// A printable form of arbitrary bytes for messages (at most ~24 characters).
std::string printable(std::string_view text);

} // namespace hialign::world

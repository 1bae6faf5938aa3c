// UTF-8 helpers shared by the tokenizers and the stream decoder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hialign::tok::utf8 {

// Length in bytes of the well-formed UTF-8 sequence starting at s[i], or 0
// when the bytes there are not one (invalid, overlong, surrogate, truncated).
std::size_t validSequenceLength(std::string_view s, std::size_t i);

// True when all of `s` is well-formed UTF-8.
bool isValid(std::string_view s);

// Replaces every ill-formed part of `s` by U+FFFD, one per maximal subpart
// (the Unicode/WHATWG practice used by Python's errors="replace" and Rust's
// from_utf8_lossy). Valid input comes back unchanged.
std::string sanitize(std::string_view s);

// The length of the longest prefix of `s` that does not end inside an
// incomplete (but so far valid) multi-byte sequence. Bytes that can never
// become valid count as complete, so they are not held back forever.
std::size_t completePrefixLength(std::string_view s);

// Largest i <= pos such that s[i] is not a continuation byte (10xxxxxx).
std::size_t floorToBoundary(std::string_view s, std::size_t pos);

// Decodes the code point at s[i] (s must be valid there) and advances i.
char32_t next(std::string_view s, std::size_t& i);

// Appends the UTF-8 encoding of `cp` to `out`.
void append(std::string& out, char32_t cp);

// Unicode White_Space (as Rust's char::is_whitespace).
bool isWhitespace(char32_t cp);

// A word character as regex \w (Unicode): letters, marks, decimal and
// letter numbers, connector punctuation ('_') and the join controls. This is
// the test HF uses for added tokens with single_word.
bool isWordChar(char32_t cp);

} // namespace hialign::tok::utf8

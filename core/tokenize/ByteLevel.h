// GPT-2's reversible byte <-> printable-character mapping used by byte-level
// BPE ("bytes_to_unicode"): bytes 33..126, 161..172 and 174..255 map to the
// same code point; the other 68 bytes map to U+0100.. in byte order (so the
// space 0x20 is 'Ġ' U+0120 and the newline 0x0A is 'Ċ' U+010A).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hialign::tok {

class ByteLevel {
public:
    static const ByteLevel& instance();

    // Appends the mapped character (UTF-8) of every byte of `bytes`.
    void encode(std::string_view bytes, std::string& out) const;
    std::string encode(std::string_view bytes) const;

    // Maps each character of `token` back to its byte and appends the bytes.
    // Returns false, leaving `out` unchanged, when a character is not one of
    // the 256 mapped characters (the caller then uses the token as is, like
    // HF's ByteLevel decoder).
    bool decode(std::string_view token, std::string& out) const;

private:
    ByteLevel();

    std::array<std::string, 256> byteToChar_;    // UTF-8 of the mapped character
    std::array<std::int16_t, 324> charToByte_;   // code point (< 324) -> byte, or -1
};

} // namespace hialign::tok

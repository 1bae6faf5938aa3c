#include "tokenize/Utf8.h"

#include <utf8proc.h>

namespace hialign::tok::utf8 {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";   // U+FFFD

// Expected total length from a lead byte (0 for bytes that cannot lead).
std::size_t leadLength(unsigned char b)
{
    if (b < 0x80)
        return 1;
    if (b >= 0xC2 && b <= 0xDF)
        return 2;
    if (b >= 0xE0 && b <= 0xEF)
        return 3;
    if (b >= 0xF0 && b <= 0xF4)
        return 4;
    return 0;
}

// Allowed range of the second byte after `lead` (Unicode Table 3-7).
bool secondByteOk(unsigned char lead, unsigned char b)
{
    switch (lead) {
    case 0xE0: return b >= 0xA0 && b <= 0xBF;
    case 0xED: return b >= 0x80 && b <= 0x9F;
    case 0xF0: return b >= 0x90 && b <= 0xBF;
    case 0xF4: return b >= 0x80 && b <= 0x8F;
    default: return b >= 0x80 && b <= 0xBF;
    }
}

// Number of bytes from s[i] that form a valid prefix of a sequence (the
// "maximal subpart"), and the expected length. prefix == expected means a
// complete, valid sequence.
void scan(std::string_view s, std::size_t i, std::size_t& prefix, std::size_t& expected)
{
    const auto lead = static_cast<unsigned char>(s[i]);
    expected = leadLength(lead);
    if (expected <= 1) {
        prefix = expected;   // ASCII: 1; invalid lead: 0
        return;
    }
    prefix = 1;
    while (prefix < expected && i + prefix < s.size()) {
        const auto b = static_cast<unsigned char>(s[i + prefix]);
        const bool ok = prefix == 1 ? secondByteOk(lead, b) : (b >= 0x80 && b <= 0xBF);
        if (!ok)
            break;
        ++prefix;
    }
}

} // namespace

std::size_t validSequenceLength(std::string_view s, std::size_t i)
{
    if (i >= s.size())
        return 0;
    std::size_t prefix = 0, expected = 0;
    scan(s, i, prefix, expected);
    return prefix == expected ? expected : 0;
}

bool isValid(std::string_view s)
{
    for (std::size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        const std::size_t n = validSequenceLength(s, i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

std::string sanitize(std::string_view s)
{
    if (isValid(s))
        return std::string(s);
    std::string out;
    out.reserve(s.size() + 8);
    for (std::size_t i = 0; i < s.size();) {
        std::size_t prefix = 0, expected = 0;
        scan(s, i, prefix, expected);
        if (expected != 0 && prefix == expected) {
            out.append(s.substr(i, prefix));
            i += prefix;
        } else {
            out.append(kReplacement);
            i += prefix == 0 ? 1 : prefix;   // a maximal subpart, or one bad byte
        }
    }
    return out;
}

std::size_t completePrefixLength(std::string_view s)
{
    // Only the last (at most 3) bytes can start an incomplete sequence.
    const std::size_t from = s.size() > 3 ? s.size() - 3 : 0;
    for (std::size_t i = s.size(); i-- > from;) {
        const auto b = static_cast<unsigned char>(s[i]);
        if ((b & 0xC0) == 0x80)
            continue;   // continuation byte: keep looking for its lead
        std::size_t prefix = 0, expected = 0;
        scan(s, i, prefix, expected);
        // Incomplete only when every byte up to the end fits and more are due.
        if (expected > 1 && prefix < expected && i + prefix == s.size())
            return i;
        return s.size();
    }
    return s.size();
}

std::size_t floorToBoundary(std::string_view s, std::size_t pos)
{
    if (pos >= s.size())
        return s.size();
    while (pos > 0 && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80)
        --pos;
    return pos;
}

char32_t next(std::string_view s, std::size_t& i)
{
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    const std::size_t n = leadLength(b0);
    char32_t cp = n == 2 ? (b0 & 0x1F) : n == 3 ? (b0 & 0x0F) : (b0 & 0x07);
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k)
        cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += n ? n : 1;
    return cp;
}

void append(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool isWhitespace(char32_t cp)
{
    switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20:
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

bool isWordChar(char32_t cp)
{
    if (cp < 0x80)
        return cp == '_' || (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    if (cp == 0x200C || cp == 0x200D)
        return true;
    switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_PC:
        return true;
    default:
        return false;
    }
}

} // namespace hialign::tok::utf8

#include "tokenize/ByteLevel.h"

#include "tokenize/Utf8.h"

namespace hialign::tok {

const ByteLevel& ByteLevel::instance()
{
    static const ByteLevel table;
    return table;
}

ByteLevel::ByteLevel()
{
    charToByte_.fill(-1);
    int extra = 0;
    for (int b = 0; b < 256; ++b) {
        const bool printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174);
        const char32_t cp = printable ? static_cast<char32_t>(b) : static_cast<char32_t>(256 + extra++);
        utf8::append(byteToChar_[b], cp);
        charToByte_[cp] = static_cast<std::int16_t>(b);
    }
}

void ByteLevel::encode(std::string_view bytes, std::string& out) const
{
    for (const char c : bytes)
        out += byteToChar_[static_cast<unsigned char>(c)];
}

std::string ByteLevel::encode(std::string_view bytes) const
{
    std::string out;
    out.reserve(bytes.size() * 2);
    encode(bytes, out);
    return out;
}

bool ByteLevel::decode(std::string_view token, std::string& out) const
{
    const std::size_t start = out.size();
    for (std::size_t i = 0; i < token.size();) {
        // Mapped characters are all below U+0144: one or two UTF-8 bytes.
        const std::size_t n = utf8::validSequenceLength(token, i);
        if (n == 0 || n > 2) {
            out.resize(start);
            return false;
        }
        std::size_t j = i;
        const char32_t cp = utf8::next(token, j);
        if (cp >= charToByte_.size() || charToByte_[cp] < 0) {
            out.resize(start);
            return false;
        }
        out += static_cast<char>(charToByte_[cp]);
        i = j;
    }
    return true;
}

} // namespace hialign::tok

#include "world/Text.h"

#include <cstdio>

namespace hialign::world {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

bool isLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isEnd(char c)
{
    return c == '.' || c == '\n';
}

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Reads one sentence from text[pos...]; leaves pos after its end marker.
TokenizedSentence readSentence(std::string_view text, std::size_t& pos)
{
    TokenizedSentence s;
    while (pos < text.size()) {
        const char c = text[pos];
        if (isEnd(c)) {
            s.terminated = c == '.';
            ++pos;
            return s;
        }
        if (isSpace(c)) {
            ++pos;
            continue;
        }
        const std::size_t start = pos;
        if (isLetter(c)) {
            std::string word;
            while (pos < text.size() && isLetter(text[pos]))
                word += lower(text[pos++]);
            s.words.push_back(std::move(word));
        } else {
            while (pos < text.size() && !isLetter(text[pos]) && !isSpace(text[pos]) && !isEnd(text[pos]))
                ++pos;
            if (s.foreign.empty())
                s.foreign = printable(text.substr(start, pos - start));
        }
    }
    return s;
}

std::size_t lastEnd(std::string_view text)
{
    for (std::size_t i = text.size(); i > 0; --i) {
        if (isEnd(text[i - 1]))
            return i;
    }
    return 0;
}

} // namespace

TokenizedSentence firstSentence(std::string_view text)
{
    std::size_t pos = 0;
    return readSentence(text, pos);
}

std::vector<TokenizedSentence> splitSentences(std::string_view text)
{
    std::vector<TokenizedSentence> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        TokenizedSentence s = readSentence(text, pos);
        if (!s.empty())
            out.push_back(std::move(s));
    }
    return out;
}

std::string_view unfinishedTail(std::string_view text)
{
    return text.substr(lastEnd(text));
}

std::string_view finishedPart(std::string_view text)
{
    return text.substr(0, lastEnd(text));
}

bool isBlank(std::string_view text)
{
    for (char c : text) {
        if (!isSpace(c) && c != '\n')
            return false;
    }
    return true;
}

std::string printable(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (out.size() >= 24) {
            out += "...";
            break;
        }
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out += static_cast<char>(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        }
    }
    return out;
}

} // namespace hialign::world

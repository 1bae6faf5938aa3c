#include "tokenize/AddedTokenMatcher.h"

#include <algorithm>

#include "tokenize/Utf8.h"

namespace hialign::tok {

namespace {

// The last code point of text[0, end), or 0 when empty.
char32_t lastChar(std::string_view text, std::size_t end)
{
    if (end == 0)
        return 0;
    std::size_t i = utf8::floorToBoundary(text, end - 1);
    return utf8::next(text, i);
}

} // namespace

AddedTokenMatcher::AddedTokenMatcher(std::vector<AddedToken> tokens)
{
    for (auto& t : tokens)
        if (!t.content.empty())
            tokens_.push_back(std::move(t));
    for (int i = 0; i < static_cast<int>(tokens_.size()); ++i)
        byFirstByte_[static_cast<unsigned char>(tokens_[i].content[0])].push_back(i);
    for (auto& list : byFirstByte_)
        std::stable_sort(list.begin(), list.end(), [this](int a, int b) {
            return tokens_[a].content.size() > tokens_[b].content.size();
        });
}

int AddedTokenMatcher::longestAt(std::string_view text, std::size_t pos) const
{
    for (const int i : byFirstByte_[static_cast<unsigned char>(text[pos])]) {
        const std::string& c = tokens_[i].content;
        if (text.compare(pos, c.size(), c) == 0)
            return i;
    }
    return -1;
}

std::vector<AddedTokenMatcher::Piece> AddedTokenMatcher::split(std::string_view text) const
{
    std::vector<Piece> pieces;
    std::size_t offset = 0;   // end of the last token piece
    for (std::size_t pos = 0; pos < text.size();) {
        const int hit = tokens_.empty() ? -1 : longestAt(text, pos);
        if (hit < 0) {
            ++pos;
            continue;
        }
        const AddedToken& tok = tokens_[hit];
        std::size_t start = pos;
        std::size_t stop = pos + tok.content.size();
        pos = stop;   // matches never overlap (leftmost-longest scan)

        if (tok.singleWord) {
            // Not a single word when glued to a word character on either side.
            std::size_t j = stop;
            const bool startOk = start == 0 || !utf8::isWordChar(lastChar(text, start));
            const bool stopOk = stop == text.size() || !utf8::isWordChar(utf8::next(text, j));
            if (!startOk || !stopOk)
                continue;
        }
        if (tok.lstrip) {
            std::size_t s = start;
            while (s > offset && utf8::isWhitespace(lastChar(text, s)))
                s = utf8::floorToBoundary(text, s - 1);
            start = s;
        }
        if (tok.rstrip) {
            while (stop < text.size()) {
                std::size_t j = stop;
                if (!utf8::isWhitespace(utf8::next(text, j)))
                    break;
                stop = j;
            }
            pos = stop;
        }
        if (offset < start)
            pieces.push_back({offset, start, -1});
        pieces.push_back({start, stop, tok.id});
        offset = stop;
    }
    if (offset < text.size())
        pieces.push_back({offset, text.size(), -1});
    return pieces;
}

} // namespace hialign::tok

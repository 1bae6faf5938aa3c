// StreamDecoder (declared in Tokenizer.h).
//
// Each push decodes the whole id sequence again and returns the part after
// what was already emitted, up to a stable end: decode() turns an incomplete
// character at the end into U+FFFD (HF errors="replace"), and a tokenizer may
// also return raw incomplete bytes, so trailing U+FFFD characters and an
// incomplete trailing sequence are held back until a later id completes
// them (or finish() is called). The result is always valid UTF-8 and the
// concatenation of all pieces equals decode(all ids) as long as decoding more
// ids never changes earlier text (true for byte-level BPE and sentencepiece).
#include "tokenize/Tokenizer.h"

#include "tokenize/Utf8.h"

namespace hialign::tok {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";   // U+FFFD

// Length of `text` without an end that a later token may still complete.
std::size_t stableLength(std::string_view text)
{
    std::size_t end = utf8::completePrefixLength(text);
    while (end >= kReplacement.size() &&
           text.substr(end - kReplacement.size(), kReplacement.size()) == kReplacement)
        end -= kReplacement.size();
    return end;
}

// Smallest boundary >= pos (so an emitted piece never starts mid-character
// when earlier bytes changed).
std::size_t ceilToBoundary(std::string_view text, std::size_t pos)
{
    while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80)
        ++pos;
    return pos;
}

} // namespace

void StreamDecoder::prime(const std::vector<std::int32_t>& context)
{
    ids_ = context;
    emitted_ = stableLength(tokenizer_.decode(ids_, skipSpecial_));
}

std::string decodeContinuation(const Tokenizer& tokenizer, const std::vector<std::int32_t>& context,
                               const std::vector<std::int32_t>& continuation, bool skipSpecial)
{
    std::vector<std::int32_t> all = context;
    all.insert(all.end(), continuation.begin(), continuation.end());
    return decodeContinuation(tokenizer, all, context.size(), tokenizer.decode(context, skipSpecial), skipSpecial);
}

std::string decodeContinuation(const Tokenizer& tokenizer, const std::vector<std::int32_t>& all,
                               std::size_t contextLength, const std::string& contextText, bool skipSpecial)
{
    const std::string full = tokenizer.decode(all, skipSpecial);
    if (full.compare(0, contextText.size(), contextText) == 0)
        return utf8::sanitize(std::string_view(full).substr(contextText.size()));
    return tokenizer.decode(std::vector<std::int32_t>(all.begin() + static_cast<std::ptrdiff_t>(contextLength), all.end()),
                            skipSpecial);
}

std::string StreamDecoder::push(std::int32_t id)
{
    ids_.push_back(id);
    const std::string text = tokenizer_.decode(ids_, skipSpecial_);
    const std::size_t start = ceilToBoundary(text, emitted_);
    const std::size_t end = stableLength(text);
    if (end <= start)
        return {};
    emitted_ = end;
    return utf8::sanitize(std::string_view(text).substr(start, end - start));
}

std::string StreamDecoder::finish()
{
    const std::string text = tokenizer_.decode(ids_, skipSpecial_);
    const std::size_t start = ceilToBoundary(text, emitted_);
    if (text.size() <= start)
        return {};
    emitted_ = text.size();
    return utf8::sanitize(std::string_view(text).substr(start));
}

} // namespace hialign::tok

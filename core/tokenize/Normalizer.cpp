#include "tokenize/Normalizer.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <utility>
#include <nlohmann/json.hpp>

#include "tokenize/JsonFile.h"
#include "tokenize/UnsupportedFormat.h"
#include "tokenize/Utf8.h"
#include "util/Error.h"

namespace hialign::tok {

namespace {

void parseInto(const nlohmann::json& spec, const std::string& field,
               const std::filesystem::path& file, std::vector<int>& forms)
{
    if (spec.is_null())
        return;
    const auto& typeValue = json::require(spec, "type", field + ".type", file);
    if (!typeValue.is_string())
        json::fail(file, field + ".type", "must be a string");
    const std::string type = typeValue.get<std::string>();
    if (type == "Sequence") {
        const auto& list = json::require(spec, "normalizers", field + ".normalizers", file);
        if (!list.is_array())
            json::fail(file, field + ".normalizers", "must be an array");
        for (std::size_t i = 0; i < list.size(); ++i)
            parseInto(list[i], field + ".normalizers[" + std::to_string(i) + "]", file, forms);
        return;
    }
    constexpr int base = UTF8PROC_STABLE;
    if (type == "NFC")
        forms.push_back(base | UTF8PROC_COMPOSE);
    else if (type == "NFD")
        forms.push_back(base | UTF8PROC_DECOMPOSE);
    else if (type == "NFKC")
        forms.push_back(base | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
    else if (type == "NFKD")
        forms.push_back(base | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT);
    else
        throw UnsupportedFormat(file.string() + ": field " + field + ".type is \"" + type +
                                "\", a normalizer this tokenizer does not support.");
}

// Code points that HF's normalizers (the Rust crate
// unicode-normalization-alignments, Unicode 9.0 data) treat as unassigned
// but utf8proc (Unicode 15.0) normalizes: combining marks and letters added
// in Unicode 10.0 to 15.0. Printed by tests/parity/normalizer_table.py, which
// normalizes every code point alone, after "a", before U+0334 and after
// U+059F with both libraries in all four forms (tokenizers 0.23.3, Debian
// 12's utf8proc). Inclusive ranges, sorted.
constexpr std::pair<char32_t, char32_t> kAfterUnicode9[] = {
    {0x07FD, 0x07FD},
    {0x0898, 0x089F},
    {0x08CA, 0x08D3},
    {0x09FE, 0x09FE},
    {0x0C3C, 0x0C3C},
    {0x0D3B, 0x0D3C},
    {0x0EBA, 0x0EBA},
    {0x1715, 0x1715},
    {0x1ABF, 0x1ACE},
    {0x1DF6, 0x1DFA},
    {0x32FF, 0x32FF},
    {0xA7F2, 0xA7F4},
    {0xA82C, 0xA82C},
    {0xAB69, 0xAB69},
    {0x10781, 0x10785},
    {0x10787, 0x107B0},
    {0x107B2, 0x107BA},
    {0x10D24, 0x10D27},
    {0x10EAB, 0x10EAC},
    {0x10EFD, 0x10EFF},
    {0x10F46, 0x10F50},
    {0x10F82, 0x10F85},
    {0x11070, 0x11070},
    {0x1133B, 0x1133B},
    {0x1145E, 0x1145E},
    {0x11839, 0x1183A},
    {0x11938, 0x11938},
    {0x1193D, 0x1193E},
    {0x11943, 0x11943},
    {0x119E0, 0x119E0},
    {0x11A34, 0x11A34},
    {0x11A47, 0x11A47},
    {0x11A99, 0x11A99},
    {0x11D42, 0x11D42},
    {0x11D44, 0x11D45},
    {0x11D97, 0x11D97},
    {0x11F41, 0x11F42},
    {0x16FF0, 0x16FF1},
    {0x1E030, 0x1E06D},
    {0x1E08F, 0x1E08F},
    {0x1E130, 0x1E136},
    {0x1E2AE, 0x1E2AE},
    {0x1E2EC, 0x1E2EF},
    {0x1E4EC, 0x1E4EF},
    {0x1F16C, 0x1F16C},
    {0x1FBF0, 0x1FBF9},
};

bool isAfterUnicode9(char32_t c)
{
    const auto* end = std::end(kAfterUnicode9);
    const auto* it = std::upper_bound(std::begin(kAfterUnicode9), end, c,
                                      [](char32_t v, const auto& r) { return v < r.first; });
    return it != std::begin(kAfterUnicode9) && c <= std::prev(it)->second;
}

bool isAscii(std::string_view s)
{
    for (const char c : s)
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    return true;
}

} // namespace

Normalizer Normalizer::fromJson(const nlohmann::json& spec, const std::filesystem::path& file)
{
    Normalizer n;
    parseInto(spec, "normalizer", file, n.forms_);
    return n;
}

std::string Normalizer::apply(std::string_view text) const
{
    // ASCII is invariant under all four normalization forms.
    if (forms_.empty() || text.empty() || isAscii(text))
        return std::string(text);
    // A code point unknown to HF's Unicode data acts there as a starter that
    // nothing combines with: the text on either side is normalized apart.
    std::string out;
    std::size_t segment = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        if (!isAfterUnicode9(utf8::next(text, i)))
            continue;
        out += applyForms(text.substr(segment, start - segment));
        out.append(text.substr(start, i - start));
        segment = i;
    }
    out += applyForms(text.substr(segment));
    return out;
}

std::string Normalizer::applyForms(std::string_view text) const
{
    if (text.empty() || isAscii(text))
        return std::string(text);
    std::string current(text);
    for (const int options : forms_) {
        utf8proc_uint8_t* out = nullptr;
        const utf8proc_ssize_t n =
            utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(current.data()),
                         static_cast<utf8proc_ssize_t>(current.size()), &out,
                         static_cast<utf8proc_option_t>(options));
        if (n < 0)
            throw Error(std::string("Unicode normalization failed: ") + utf8proc_errmsg(n) + ".");
        current.assign(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
        std::free(out);
    }
    return current;
}

} // namespace hialign::tok

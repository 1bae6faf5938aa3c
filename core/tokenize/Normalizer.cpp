#include "tokenize/Normalizer.h"

#include <utf8proc.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "tokenize/JsonFile.h"
#include "tokenize/UnsupportedFormat.h"
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

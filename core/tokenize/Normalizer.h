// The "normalizer" of tokenizer.json: null, a Unicode normalization form
// (NFC, NFD, NFKC, NFKD, done with utf8proc) or a Sequence of them.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace hialign::tok {

class Normalizer {
public:
    Normalizer() = default;   // identity

    // `spec` is the "normalizer" value (null allowed). Throws
    // UnsupportedFormat for other normalizer types, InputError for a
    // malformed value, both naming `file`.
    static Normalizer fromJson(const nlohmann::json& spec, const std::filesystem::path& file);

    bool isIdentity() const { return forms_.empty(); }

    // Normalizes valid UTF-8 text.
    std::string apply(std::string_view text) const;

private:
    std::vector<int> forms_;   // utf8proc option sets, applied in order
};

} // namespace hialign::tok

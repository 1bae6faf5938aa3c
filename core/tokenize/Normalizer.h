// The "normalizer" of tokenizer.json: null, a Unicode normalization form
// (NFC, NFD, NFKC, NFKD, done with utf8proc) or a Sequence of them.
//
// HF's normalizers use Unicode 9.0 data, utf8proc a newer version. The code
// points where that changes the result (marks and letters that Unicode
// assigned later: HF gives them combining class 0 and no decomposition) are
// kept as they are and split the text, so the results agree.
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

    // Normalizes valid UTF-8 text as HF does.
    std::string apply(std::string_view text) const;

private:
    // The forms, one after another, on text without such code points.
    std::string applyForms(std::string_view text) const;

    std::vector<int> forms_;   // utf8proc option sets, applied in order
};

} // namespace hialign::tok

// The "pre_tokenizer" of a byte-level BPE tokenizer.json: it cuts normalized
// text into words that BPE merges independently, and maps each word's bytes
// to GPT-2's printable characters (ByteLevel).
//
// Supported: Sequence, Split (Regex or String pattern; every HF behavior and
// `invert`), Digits, and ByteLevel (add_prefix_space; use_regex with GPT-2's
// pattern). The pipeline must contain a ByteLevel step, otherwise the file is
// not byte-level BPE and UnsupportedFormat is thrown.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace hialign::tok {

class PcreRegex;

class PreTokenizer {
public:
    // `spec` is the "pre_tokenizer" value. Errors name `file` and the field.
    static PreTokenizer fromJson(const nlohmann::json& spec, const std::filesystem::path& file);

    // Appends the byte-level-mapped words of `text` (valid UTF-8) to `words`.
    // Concatenating the unmapped words gives `text` back, except for a space
    // added by ByteLevel's add_prefix_space and text dropped by a "Removed"
    // Split.
    void split(std::string_view text, std::vector<std::string>& words) const;

    // GPT-2's pre-tokenizer pattern (ByteLevel with use_regex true).
    static const char* gpt2Pattern();

    // How a Split step treats the pattern's matches (HF's SplitDelimiterBehavior).
    enum class Behavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

private:
    struct Step {
        enum class Kind { Split, ByteLevel } kind = Kind::Split;
        std::shared_ptr<const PcreRegex> regex;   // Split; ByteLevel with use_regex
        Behavior behavior = Behavior::Isolated;
        bool invert = false;
        bool addPrefixSpace = false;               // ByteLevel only
    };

    void parse(const nlohmann::json& spec, const std::string& field,
               const std::filesystem::path& file);

    std::vector<Step> steps_;
};

} // namespace hialign::tok

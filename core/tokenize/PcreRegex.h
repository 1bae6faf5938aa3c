// A compiled PCRE2 pattern (UTF + UCP, JIT-compiled when PCRE2 supports it)
// that lists the non-overlapping matches in a UTF-8 string, as the
// pre-tokenizers of tokenizer.json need (HF runs them with Oniguruma).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hialign::tok {

class PcreRegex {
public:
    // Throws std::invalid_argument with PCRE2's message when `pattern` does
    // not compile. literal=true matches the pattern text as is.
    explicit PcreRegex(const std::string& pattern, bool literal = false);
    ~PcreRegex();
    PcreRegex(PcreRegex&&) noexcept;
    PcreRegex& operator=(PcreRegex&&) noexcept;

    // Byte ranges [begin, end) of the non-empty, non-overlapping matches,
    // left to right. `subject` must be valid UTF-8 (not re-checked). An empty
    // match is skipped by advancing one character. Thread-safe.
    std::vector<std::pair<std::size_t, std::size_t>> findAll(std::string_view subject) const;

    const std::string& pattern() const { return pattern_; }

private:
    struct Code;
    std::unique_ptr<Code> code_;
    std::string pattern_;
};

} // namespace hialign::tok

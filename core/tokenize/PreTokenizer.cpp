#include "tokenize/PreTokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "tokenize/ByteLevel.h"
#include "tokenize/JsonFile.h"
#include "tokenize/PcreRegex.h"
#include "tokenize/UnsupportedFormat.h"

namespace hialign::tok {

namespace {

using Range = std::pair<std::size_t, std::size_t>;

// A piece of text with a flag: is it a pattern match (HF's find_matches).
struct Span {
    Range range;
    bool match;
};

// Alternating gaps and matches covering [0, size).
std::vector<Span> findMatches(const PcreRegex& regex, std::string_view text)
{
    std::vector<Span> spans;
    std::size_t prev = 0;
    for (const auto& [b, e] : regex.findAll(text)) {
        if (prev != b)
            spans.push_back({{prev, b}, false});
        spans.push_back({{b, e}, true});
        prev = e;
    }
    if (prev != text.size())
        spans.push_back({{prev, text.size()}, false});
    return spans;
}

// HF's NormalizedString::split: the pieces (as byte ranges) kept by `behavior`.
std::vector<Range> splitRanges(std::vector<Span> spans, PreTokenizer::Behavior behavior, bool invert)
{
    using B = PreTokenizer::Behavior;
    if (invert)
        for (auto& s : spans)
            s.match = !s.match;
    std::vector<Range> out;
    switch (behavior) {
    case B::Isolated:
        for (const auto& s : spans)
            out.push_back(s.range);
        break;
    case B::Removed:
        for (const auto& s : spans)
            if (!s.match)
                out.push_back(s.range);
        break;
    case B::MergedWithPrevious: {
        bool previousMatch = false;
        for (const auto& s : spans) {
            if (s.match && !previousMatch && !out.empty())
                out.back().second = s.range.second;
            else
                out.push_back(s.range);
            previousMatch = s.match;
        }
        break;
    }
    case B::MergedWithNext: {
        bool previousMatch = false;
        for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
            if (it->match && !previousMatch && !out.empty())
                out.back().first = it->range.first;
            else
                out.push_back(it->range);
            previousMatch = it->match;
        }
        std::reverse(out.begin(), out.end());
        break;
    }
    case B::Contiguous: {
        bool previousMatch = false;
        for (std::size_t i = 0; i < spans.size(); ++i) {
            if (i > 0 && spans[i].match == previousMatch)
                out.back().second = spans[i].range.second;
            else
                out.push_back(spans[i].range);
            previousMatch = spans[i].match;
        }
        break;
    }
    }
    return out;
}

std::shared_ptr<const PcreRegex> compile(const std::string& pattern, bool literal,
                                         const std::string& field,
                                         const std::filesystem::path& file)
{
    try {
        return std::make_shared<const PcreRegex>(pattern, literal);
    } catch (const std::invalid_argument& e) {
        json::fail(file, field, std::string("holds a pattern that ") + e.what());
    }
}

PreTokenizer::Behavior parseBehavior(const std::string& name, const std::string& field,
                                     const std::filesystem::path& file)
{
    using B = PreTokenizer::Behavior;
    if (name == "Isolated") return B::Isolated;
    if (name == "Removed") return B::Removed;
    if (name == "MergedWithPrevious") return B::MergedWithPrevious;
    if (name == "MergedWithNext") return B::MergedWithNext;
    if (name == "Contiguous") return B::Contiguous;
    json::fail(file, field, "is \"" + name + "\", which is not a known split behavior");
}

} // namespace

const char* PreTokenizer::gpt2Pattern()
{
    return R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
}

PreTokenizer PreTokenizer::fromJson(const nlohmann::json& spec, const std::filesystem::path& file)
{
    PreTokenizer p;
    if (spec.is_null())
        throw UnsupportedFormat(file.string() +
                                ": field pre_tokenizer is null, so this is not a byte-level BPE tokenizer.");
    p.parse(spec, "pre_tokenizer", file);
    bool byteLevel = false;
    for (const auto& s : p.steps_)
        byteLevel = byteLevel || s.kind == Step::Kind::ByteLevel;
    if (!byteLevel)
        throw UnsupportedFormat(file.string() +
                                ": field pre_tokenizer has no ByteLevel step, so this is not a "
                                "byte-level BPE tokenizer.");
    return p;
}

void PreTokenizer::parse(const nlohmann::json& spec, const std::string& field,
                         const std::filesystem::path& file)
{
    const std::string type = json::stringOr(spec, "type", "", field + ".type", file);
    if (type.empty())
        json::fail(file, field + ".type", "is missing");

    if (type == "Sequence") {
        const auto& list = json::require(spec, "pretokenizers", field + ".pretokenizers", file);
        if (!list.is_array())
            json::fail(file, field + ".pretokenizers", "must be an array");
        for (std::size_t i = 0; i < list.size(); ++i)
            parse(list[i], field + ".pretokenizers[" + std::to_string(i) + "]", file);
    } else if (type == "Split") {
        const auto& pattern = json::require(spec, "pattern", field + ".pattern", file);
        Step step;
        if (const auto* re = json::find(pattern, "Regex"); re && re->is_string())
            step.regex = compile(re->get<std::string>(), false, field + ".pattern.Regex", file);
        else if (const auto* str = json::find(pattern, "String"); str && str->is_string())
            step.regex = compile(str->get<std::string>(), true, field + ".pattern.String", file);
        else
            json::fail(file, field + ".pattern", "must be {\"Regex\": ...} or {\"String\": ...}");
        step.behavior = parseBehavior(
            json::stringOr(spec, "behavior", "Isolated", field + ".behavior", file),
            field + ".behavior", file);
        step.invert = json::boolOr(spec, "invert", false, field + ".invert", file);
        steps_.push_back(std::move(step));
    } else if (type == "Digits") {
        Step step;
        const bool individual =
            json::boolOr(spec, "individual_digits", false, field + ".individual_digits", file);
        step.regex = compile(individual ? R"(\p{N})" : R"(\p{N}+)", false, field, file);
        step.behavior = Behavior::Isolated;
        steps_.push_back(std::move(step));
    } else if (type == "ByteLevel") {
        Step step;
        step.kind = Step::Kind::ByteLevel;
        step.addPrefixSpace =
            json::boolOr(spec, "add_prefix_space", true, field + ".add_prefix_space", file);
        if (json::boolOr(spec, "use_regex", true, field + ".use_regex", file))
            step.regex = compile(gpt2Pattern(), false, field, file);
        steps_.push_back(std::move(step));
    } else {
        throw UnsupportedFormat(file.string() + ": field " + field + ".type is \"" + type +
                                "\", a pre-tokenizer this tokenizer does not support.");
    }
}

void PreTokenizer::split(std::string_view text, std::vector<std::string>& words) const
{
    // Invariant: before the ByteLevel step `pieces` hold raw text, after it
    // byte-level-mapped text (later Split steps then see mapped characters,
    // as in HF).
    std::vector<std::string> pieces;
    if (!text.empty())
        pieces.emplace_back(text);
    for (const Step& step : steps_) {
        std::vector<std::string> next;
        next.reserve(pieces.size() * 2);
        for (std::string& piece : pieces) {
            if (step.kind == Step::Kind::ByteLevel && step.addPrefixSpace &&
                piece.front() != ' ')
                piece.insert(piece.begin(), ' ');
            if (!step.regex) {
                next.push_back(std::move(piece));
                continue;
            }
            const auto ranges = splitRanges(findMatches(*step.regex, piece),
                                            step.behavior, step.invert);
            for (const auto& [b, e] : ranges)
                if (e > b)
                    next.push_back(piece.substr(b, e - b));
        }
        if (step.kind == Step::Kind::ByteLevel) {
            const ByteLevel& map = ByteLevel::instance();
            for (std::string& piece : next)
                piece = map.encode(piece);
        }
        pieces = std::move(next);
    }
    for (std::string& piece : pieces)
        words.push_back(std::move(piece));
}

} // namespace hialign::tok

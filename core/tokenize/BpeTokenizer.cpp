#include "tokenize/BpeTokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>

#include "tokenize/ByteLevel.h"
#include "tokenize/JsonFile.h"
#include "tokenize/UnsupportedFormat.h"
#include "tokenize/Utf8.h"

namespace hialign::tok {

namespace fs = std::filesystem;

BpeTokenizer::BpeTokenizer(const fs::path& tokenizerJson)
{
    load(json::readFile(tokenizerJson), tokenizerJson);
}

BpeTokenizer::BpeTokenizer(const nlohmann::json& spec, const fs::path& origin)
{
    load(spec, origin);
}

void BpeTokenizer::load(const nlohmann::json& spec, const fs::path& file)
{
    if (!spec.is_object())
        throw InputError(file.string() + ": the top level must be a JSON object.");
    model_ = BpeModel::fromJson(json::require(spec, "model", "model", file), file);
    normalizer_ = Normalizer::fromJson(spec.value("normalizer", nlohmann::json()), file);
    preTokenizer_ = PreTokenizer::fromJson(spec.value("pre_tokenizer", nlohmann::json()), file);
    parseDecoder(spec.value("decoder", nlohmann::json()), file);

    std::int32_t size = 0;
    for (const auto& [token, id] : model_.vocab())
        size = std::max(size, id + 1);
    tokens_.assign(static_cast<std::size_t>(size), std::string());
    flags_.assign(static_cast<std::size_t>(size), 0);
    for (const auto& [token, id] : model_.vocab()) {
        tokens_[id] = token;
        flags_[id] = kPresent;
    }
    parseAddedTokens(spec, file);
    parsePostProcessor(spec.value("post_processor", nlohmann::json()), file);
}

void BpeTokenizer::parseAddedTokens(const nlohmann::json& spec, const fs::path& file)
{
    const nlohmann::json* list = json::find(spec, "added_tokens");
    if (!list)
        return;
    if (!list->is_array())
        json::fail(file, "added_tokens", "must be an array");
    std::vector<AddedToken> raw, normalized;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto& t = (*list)[i];
        const std::string field = "added_tokens[" + std::to_string(i) + "]";
        AddedToken tok;
        const auto& id = json::require(t, "id", field + ".id", file);
        if (!id.is_number_integer() || id.get<std::int64_t>() < 0 || id.get<std::int64_t>() > INT32_MAX)
            json::fail(file, field + ".id", "must be a non-negative id");
        tok.id = id.get<std::int32_t>();
        const auto& content = json::require(t, "content", field + ".content", file);
        if (!content.is_string())
            json::fail(file, field + ".content", "must be a string");
        tok.content = content.get<std::string>();
        tok.special = json::boolOr(t, "special", false, field + ".special", file);
        tok.lstrip = json::boolOr(t, "lstrip", false, field + ".lstrip", file);
        tok.rstrip = json::boolOr(t, "rstrip", false, field + ".rstrip", file);
        tok.singleWord = json::boolOr(t, "single_word", false, field + ".single_word", file);
        // HF's default: special tokens are matched in raw text, others in
        // normalized text.
        tok.normalized = json::boolOr(t, "normalized", !tok.special, field + ".normalized", file);

        if (static_cast<std::size_t>(tok.id) >= tokens_.size()) {
            tokens_.resize(static_cast<std::size_t>(tok.id) + 1);
            flags_.resize(static_cast<std::size_t>(tok.id) + 1, 0);
        }
        tokens_[tok.id] = tok.content;
        flags_[tok.id] = kPresent | kAdded | (tok.special ? kSpecial : 0);
        addedIds_[tok.content] = tok.id;
        (tok.normalized ? normalized : raw).push_back(tok);
        added_.push_back(std::move(tok));
    }
    rawMatcher_ = AddedTokenMatcher(std::move(raw));
    normalizedMatcher_ = AddedTokenMatcher(std::move(normalized));
}

void BpeTokenizer::parseDecoder(const nlohmann::json& spec, const fs::path& file)
{
    // Only the ByteLevel decoder is meaningful for byte-level BPE; accept it
    // alone or inside a Sequence.
    std::function<bool(const nlohmann::json&)> hasByteLevel = [&](const nlohmann::json& d) {
        const std::string type = json::stringOr(d, "type", "", "decoder.type", file);
        if (type == "ByteLevel")
            return true;
        if (type == "Sequence")
            if (const auto* list = json::find(d, "decoders"); list && list->is_array())
                for (const auto& item : *list)
                    if (hasByteLevel(item))
                        return true;
        return false;
    };
    if (spec.is_null() || !hasByteLevel(spec))
        throw UnsupportedFormat(file.string() +
                                ": field decoder is not ByteLevel, so this is not a byte-level "
                                "BPE tokenizer.");
}

void BpeTokenizer::parsePostProcessor(const nlohmann::json& spec, const fs::path& file)
{
    if (spec.is_null())
        return;
    const std::string type = json::stringOr(spec, "type", "", "post_processor.type", file);
    if (type == "Sequence") {
        if (const auto* list = json::find(spec, "processors"); list && list->is_array())
            for (const auto& item : *list)
                parsePostProcessor(item, file);
        return;
    }
    if (type != "TemplateProcessing")
        return;
    const auto* single = json::find(spec, "single");
    if (!single || !single->is_array())
        json::fail(file, "post_processor.single", "must be an array");

    // The ids a SpecialToken item stands for: post_processor.special_tokens
    // first, the vocabulary otherwise.
    auto idsOf = [&](const std::string& name) {
        std::vector<std::int32_t> ids;
        if (const auto* table = json::find(spec, "special_tokens"))
            if (const auto* entry = json::find(*table, name.c_str()))
                if (const auto* list = json::find(*entry, "ids"); list && list->is_array())
                    for (const auto& v : *list)
                        if (v.is_number_integer())
                            ids.push_back(v.get<std::int32_t>());
        if (ids.empty())
            if (const auto id = pieceToId(name))
                ids.push_back(*id);
        return ids;
    };
    std::vector<std::int32_t> before, after;
    bool seenSequence = false;
    for (const auto& item : *single) {
        if (json::find(item, "Sequence")) {
            seenSequence = true;
        } else if (const auto* special = json::find(item, "SpecialToken")) {
            const std::string name =
                json::stringOr(*special, "id", "", "post_processor.single.SpecialToken.id", file);
            for (const std::int32_t id : idsOf(name))
                (seenSequence ? after : before).push_back(id);
        }
    }
    if (before.size() == 1)
        templateBos_ = before.front();
    if (after.size() == 1)
        templateEos_ = after.front();
}

std::vector<std::int32_t> BpeTokenizer::encodeRaw(std::string_view input) const
{
    // Rust strings are valid UTF-8 by construction; here ill-formed input is
    // repaired first (U+FFFD), as Python's decode(errors="replace") would.
    const std::string repaired = utf8::isValid(input) ? std::string() : utf8::sanitize(input);
    const std::string_view text = repaired.empty() ? input : std::string_view(repaired);

    std::vector<std::int32_t> ids;
    ids.reserve(text.size() / 3 + 1);
    for (const auto& piece : rawMatcher_.split(text)) {
        if (piece.id >= 0)
            ids.push_back(piece.id);
        else
            encodeText(text.substr(piece.begin, piece.end - piece.begin), ids);
    }
    return ids;
}

void BpeTokenizer::encodeText(std::string_view raw, std::vector<std::int32_t>& out) const
{
    const std::string normalized = normalizer_.apply(raw);
    std::vector<std::string> words;
    for (const auto& piece : normalizedMatcher_.split(normalized)) {
        if (piece.id >= 0) {
            out.push_back(piece.id);
            continue;
        }
        words.clear();
        preTokenizer_.split(std::string_view(normalized).substr(piece.begin, piece.end - piece.begin),
                            words);
        for (const std::string& word : words)
            model_.encodeWord(word, out);
    }
}

std::string BpeTokenizer::decode(const std::vector<std::int32_t>& ids, bool skipSpecial) const
{
    const ByteLevel& map = ByteLevel::instance();
    std::string bytes;
    bytes.reserve(ids.size() * 4);
    for (const std::int32_t id : ids) {
        if (id < 0 || static_cast<std::size_t>(id) >= tokens_.size() || !(flags_[id] & kPresent))
            continue;
        if (skipSpecial && (flags_[id] & kSpecial))
            continue;
        // HF's ByteLevel decoder: a token made only of mapped characters
        // becomes their bytes, any other token is taken as is.
        if (!map.decode(tokens_[id], bytes))
            bytes += tokens_[id];
    }
    return utf8::sanitize(bytes);
}

std::string BpeTokenizer::piece(std::int32_t id) const
{
    if (id < 0 || static_cast<std::size_t>(id) >= tokens_.size() || !(flags_[id] & kPresent))
        throw InputError("Token id " + std::to_string(id) + " is not in the vocabulary.");
    return tokens_[id];
}

std::optional<std::int32_t> BpeTokenizer::pieceToId(std::string_view piece) const
{
    if (const auto it = addedIds_.find(std::string(piece)); it != addedIds_.end())
        return it->second;
    return model_.tokenToId(piece);
}

bool BpeTokenizer::isSpecial(std::int32_t id) const
{
    return id >= 0 && static_cast<std::size_t>(id) < flags_.size() && (flags_[id] & kSpecial);
}

} // namespace hialign::tok

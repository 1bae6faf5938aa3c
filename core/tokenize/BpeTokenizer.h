// Byte-level BPE from a Hugging Face tokenizer.json (GPT-2 style: Llama 3,
// Qwen2/2.5/3 and the like).
//
// Encoding follows HF's pipeline:
//   1. added tokens with normalized=false are matched in the raw text;
//   2. the rest is normalized (NFC etc.), then added tokens with
//      normalized=true are matched in it;
//   3. the remaining text is pre-tokenized (regex Split + ByteLevel) into
//      byte-level-mapped words;
//   4. each word is merged by BPE rank (ignore_merges honoured).
// Decoding maps each token's characters back to bytes (HF's ByteLevel
// decoder) and replaces ill-formed UTF-8 by U+FFFD (errors="replace").
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tokenize/AddedToken.h"
#include "tokenize/AddedTokenMatcher.h"
#include "tokenize/BpeModel.h"
#include "tokenize/Normalizer.h"
#include "tokenize/PreTokenizer.h"
#include "tokenize/Tokenizer.h"

namespace hialign::tok {

class BpeTokenizer final : public Tokenizer {
public:
    // Reads a tokenizer.json. Throws InputError naming the file (and the
    // field) when it is malformed, UnsupportedFormat (an InputError) when it
    // is valid but not byte-level BPE. Special tokens are left empty here;
    // loadTokenizer() fills them from the folder's config files.
    explicit BpeTokenizer(const std::filesystem::path& tokenizerJson);
    // Same from parsed JSON; `origin` names the file in errors.
    BpeTokenizer(const nlohmann::json& spec, const std::filesystem::path& origin);

    std::string kind() const override { return "bpe"; }
    // One past the largest id of the vocabulary and the added tokens.
    std::int32_t vocabSize() const override { return static_cast<std::int32_t>(tokens_.size()); }
    std::vector<std::int32_t> encodeRaw(std::string_view text) const override;
    // Ids without a token (e.g. padding rows of a larger embedding) are
    // skipped, as HF does.
    std::string decode(const std::vector<std::int32_t>& ids,
                       bool skipSpecial = false) const override;
    // The byte-level token string (e.g. "Ġworld"), or the added token's text.
    std::string piece(std::int32_t id) const override;
    std::optional<std::int32_t> pieceToId(std::string_view piece) const override;

    const std::vector<AddedToken>& addedTokens() const { return added_; }
    bool isSpecial(std::int32_t id) const;

    // The special tokens that post_processor's TemplateProcessing puts
    // before / after a single sequence (nullopt when there is no such
    // template, or it adds more than one id there).
    std::optional<std::int32_t> templateBos() const { return templateBos_; }
    std::optional<std::int32_t> templateEos() const { return templateEos_; }

private:
    void load(const nlohmann::json& spec, const std::filesystem::path& file);
    void parseAddedTokens(const nlohmann::json& spec, const std::filesystem::path& file);
    void parseDecoder(const nlohmann::json& spec, const std::filesystem::path& file);
    void parsePostProcessor(const nlohmann::json& spec, const std::filesystem::path& file);
    // Steps 2-4 for a stretch of raw text between non-normalized added tokens.
    void encodeText(std::string_view raw, std::vector<std::int32_t>& out) const;

    enum Flags : std::uint8_t { kPresent = 1, kAdded = 2, kSpecial = 4 };

    Normalizer normalizer_;
    PreTokenizer preTokenizer_;
    BpeModel model_;
    std::vector<AddedToken> added_;
    AddedTokenMatcher rawMatcher_;          // normalized=false tokens
    AddedTokenMatcher normalizedMatcher_;   // normalized=true tokens
    std::unordered_map<std::string, std::int32_t> addedIds_;   // content -> id
    // id -> token string and Flags; ids without a token have no kPresent.
    std::vector<std::string> tokens_;
    std::vector<std::uint8_t> flags_;
    std::optional<std::int32_t> templateBos_;
    std::optional<std::int32_t> templateEos_;
};

} // namespace hialign::tok

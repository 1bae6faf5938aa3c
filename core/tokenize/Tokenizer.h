// Tokenizer interface shared by the SentencePiece and byte-level BPE
// implementations, plus the BOS/EOS conventions of a model folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/Error.h"

namespace hialign::tok {

// Special-token conventions read from tokenizer_config.json and
// generation_config.json (eos may be a list there).
struct SpecialTokens {
    std::optional<std::int32_t> bos;
    std::vector<std::int32_t> eos;       // every id that ends generation
    std::optional<std::int32_t> pad;
    bool addBos = false;                 // prepend bos when encoding with specials
    bool addEos = false;                 // append eos when encoding with specials
};

class Tokenizer {
public:
    virtual ~Tokenizer() = default;

    // "sentencepiece" or "bpe".
    virtual std::string kind() const = 0;
    virtual std::int32_t vocabSize() const = 0;

    // Text to ids with no BOS/EOS added. Added/special tokens written in the
    // text are matched as single ids where the format does that (HF default).
    virtual std::vector<std::int32_t> encodeRaw(std::string_view text) const = 0;

    // Ids to text. skipSpecial drops control/special tokens.
    virtual std::string decode(const std::vector<std::int32_t>& ids,
                               bool skipSpecial = false) const = 0;

    // The stored piece (token string) of an id, for display.
    virtual std::string piece(std::int32_t id) const = 0;

    // Id of a piece/token string, if it exists.
    virtual std::optional<std::int32_t> pieceToId(std::string_view piece) const = 0;

    // Encoding as a model expects it: addSpecial adds BOS/EOS as the
    // special-token conventions say.
    std::vector<std::int32_t> encode(std::string_view text, bool addSpecial = true) const;

    const SpecialTokens& special() const { return special_; }
    void setSpecial(SpecialTokens s) { special_ = std::move(s); }
    bool isEos(std::int32_t id) const;

private:
    SpecialTokens special_;
};

// Loads the tokenizer of a model folder (tokenizer.json preferred, else
// tokenizer.model) or a tokenizer file directly, with the special-token
// conventions of tokenizer_config.json / generation_config.json /
// config.json beside it. Throws InputError naming the file and field.
std::unique_ptr<Tokenizer> loadTokenizer(const std::filesystem::path& dirOrFile);

// transformers' clean_up_tokenization (decode with
// clean_up_tokenization_spaces=True): removes the space before . ? ! , and
// before the English contractions n't 'm 's 've 're, and turns " ' " into "'".
std::string cleanUpTokenizationSpaces(std::string text);

// The text `continuation` adds after `context`: decode(context + continuation)
// minus decode(context). Unlike decode(continuation) alone, it keeps a
// leading space that starts the continuation.
std::string decodeContinuation(const Tokenizer& tokenizer, const std::vector<std::int32_t>& context,
                               const std::vector<std::int32_t>& continuation, bool skipSpecial = true);
// The same for callers that decode a growing sequence: `all` is context +
// continuation and `contextText` is decode(context), computed once.
std::string decodeContinuation(const Tokenizer& tokenizer, const std::vector<std::int32_t>& all,
                               std::size_t contextLength, const std::string& contextText,
                               bool skipSpecial = true);

// Turns a growing id sequence into text pieces for streaming output. It emits
// only complete UTF-8 and holds back bytes of a character split across tokens.
class StreamDecoder {
public:
    explicit StreamDecoder(const Tokenizer& tokenizer, bool skipSpecial = true)
        : tokenizer_(tokenizer), skipSpecial_(skipSpecial) {}
    // Starts after `context` (a prompt): its text is never emitted, and the
    // first continuation piece keeps the space the tokenizer would drop at
    // the start of a lone decode (sentencepiece's leading "▁").
    void prime(const std::vector<std::int32_t>& context);
    // Returns the new text that the id completes (possibly empty).
    std::string push(std::int32_t id);
    // Returns what is left at the end (an incomplete tail is decoded as is).
    std::string finish();

private:
    const Tokenizer& tokenizer_;
    bool skipSpecial_;
    std::vector<std::int32_t> ids_;
    std::size_t emitted_ = 0;   // bytes of decode(ids_) already returned
};

} // namespace hialign::tok

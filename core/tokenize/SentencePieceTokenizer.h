// SentencePiece tokenizer (tokenizer.model), run through the dlopen()ed
// bridge so that sentencepiece's protobuf stays out of the process's global
// symbol namespace (see SpmLibrary.h).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "tokenize/Tokenizer.h"

struct HialignSpmModel;

namespace hialign::tok {

class SpmLibrary;

class SentencePieceTokenizer final : public Tokenizer {
public:
    // Loads a serialized ModelProto file. Throws InputError naming the file
    // when it cannot be read or parsed, hialign::Error when the bridge is
    // missing. Special tokens default to the model's own bos/eos/pad ids with
    // addBos true (the Llama convention); loadTokenizer() refines them.
    explicit SentencePieceTokenizer(const std::filesystem::path& modelFile);
    // Same from the bytes of a ModelProto; `origin` names them in errors.
    static std::unique_ptr<SentencePieceTokenizer> fromBytes(std::string_view bytes,
                                                             const std::string& origin);
    ~SentencePieceTokenizer() override;

    SentencePieceTokenizer(const SentencePieceTokenizer&) = delete;
    SentencePieceTokenizer& operator=(const SentencePieceTokenizer&) = delete;

    std::string kind() const override { return "sentencepiece"; }
    std::int32_t vocabSize() const override { return size_; }
    // Plain sentencepiece encoding: control pieces written as text (e.g.
    // "<s>") are not matched, as with sentencepiece itself.
    std::vector<std::int32_t> encodeRaw(std::string_view text) const override;
    // skipSpecial=true drops control and unknown ids (as HF skip_special_tokens);
    // skipSpecial=false writes them as their piece text ("<s>", "<unk>"), and
    // decodes the runs between them with sentencepiece. Ids outside the
    // vocabulary are skipped.
    std::string decode(const std::vector<std::int32_t>& ids,
                       bool skipSpecial = false) const override;
    std::string piece(std::int32_t id) const override;
    std::optional<std::int32_t> pieceToId(std::string_view piece) const override;

    bool isControl(std::int32_t id) const;
    bool isUnknown(std::int32_t id) const;
    bool isByte(std::int32_t id) const;

    // Reserved ids of the model proto (nullopt where the model has none).
    std::optional<std::int32_t> modelBos() const;
    std::optional<std::int32_t> modelEos() const;
    std::optional<std::int32_t> modelPad() const;
    std::optional<std::int32_t> modelUnk() const;

private:
    SentencePieceTokenizer(std::shared_ptr<const SpmLibrary> lib, HialignSpmModel* model);
    void initSpecial();
    std::string decodeRun(const std::int32_t* ids, std::size_t n) const;
    void checkId(std::int32_t id) const;

    std::shared_ptr<const SpmLibrary> lib_;
    HialignSpmModel* model_ = nullptr;   // owned; released through the bridge
    std::int32_t size_ = 0;
};

} // namespace hialign::tok

#include "tokenize/SentencePieceTokenizer.h"

#include <system_error>

#include "tokenize/SpmLibrary.h"
#include "util/Error.h"

namespace hialign::tok {

namespace {

std::optional<std::int32_t> idOrNone(std::int32_t id)
{
    return id >= 0 ? std::optional<std::int32_t>(id) : std::nullopt;
}

} // namespace

SentencePieceTokenizer::SentencePieceTokenizer(const std::filesystem::path& modelFile)
    : lib_(SpmLibrary::load())
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(modelFile, ec))
        throw InputError(modelFile.string() + ": the sentencepiece model file does not exist.");
    model_ = lib_->loadFile(modelFile.c_str());
    if (!model_)
        throw InputError(modelFile.string() + ": not a valid sentencepiece model (" +
                         lib_->lastError() + ").");
    initSpecial();
}

SentencePieceTokenizer::SentencePieceTokenizer(std::shared_ptr<const SpmLibrary> lib,
                                               HialignSpmModel* model)
    : lib_(std::move(lib)), model_(model)
{
    initSpecial();
}

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::fromBytes(std::string_view bytes,
                                                                          const std::string& origin)
{
    auto lib = SpmLibrary::load();
    HialignSpmModel* model = lib->loadBytes(bytes.data(), bytes.size());
    if (!model)
        throw InputError(origin + ": not a valid sentencepiece model (" + lib->lastError() + ").");
    return std::unique_ptr<SentencePieceTokenizer>(new SentencePieceTokenizer(std::move(lib), model));
}

SentencePieceTokenizer::~SentencePieceTokenizer()
{
    if (model_)
        lib_->freeModel(model_);
}

void SentencePieceTokenizer::initSpecial()
{
    size_ = lib_->pieceSize(model_);
    SpecialTokens s;
    s.bos = modelBos();
    if (auto eos = modelEos())
        s.eos.push_back(*eos);
    s.pad = modelPad();
    s.addBos = s.bos.has_value();
    setSpecial(std::move(s));
}

std::vector<std::int32_t> SentencePieceTokenizer::encodeRaw(std::string_view text) const
{
    std::int32_t* buffer = nullptr;
    const std::int64_t n = lib_->encode(model_, text.data(), text.size(), &buffer);
    if (n < 0)
        throw Error("sentencepiece could not encode the text: " + lib_->lastError() + ".");
    std::vector<std::int32_t> ids(buffer, buffer + n);
    lib_->freeBuffer(buffer);
    return ids;
}

std::string SentencePieceTokenizer::decodeRun(const std::int32_t* ids, std::size_t n) const
{
    if (n == 0)
        return {};
    char* buffer = nullptr;
    const std::int64_t len = lib_->decode(model_, ids, n, &buffer);
    if (len < 0)
        throw Error("sentencepiece could not decode the ids: " + lib_->lastError() + ".");
    std::string text(buffer, static_cast<std::size_t>(len));
    lib_->freeBuffer(buffer);
    return text;
}

void SentencePieceTokenizer::checkId(std::int32_t id) const
{
    if (id < 0 || id >= size_)
        throw InputError("Token id " + std::to_string(id) + " is outside the vocabulary of " +
                         std::to_string(size_) + " pieces.");
}

std::string SentencePieceTokenizer::decode(const std::vector<std::int32_t>& ids,
                                           bool skipSpecial) const
{
    // Runs of ordinary ids go to sentencepiece in one call, so byte pieces
    // combine into characters and the dummy-prefix space is removed as
    // sentencepiece does; control/unknown ids split the runs.
    std::string out;
    std::vector<std::int32_t> run;
    run.reserve(ids.size());
    for (const std::int32_t id : ids) {
        if (id < 0 || id >= size_)
            continue;   // e.g. padding rows of a larger embedding (as BpeTokenizer)
        if (isControl(id) || isUnknown(id)) {
            if (skipSpecial)
                continue;
            out += decodeRun(run.data(), run.size());
            run.clear();
            out += piece(id);
        } else {
            run.push_back(id);
        }
    }
    out += decodeRun(run.data(), run.size());
    return out;
}

std::string SentencePieceTokenizer::piece(std::int32_t id) const
{
    std::size_t len = 0;
    const char* p = lib_->idToPiece(model_, id, &len);
    if (!p)
        checkId(id);   // throws for ids out of range
    return p ? std::string(p, len) : std::string();
}

std::optional<std::int32_t> SentencePieceTokenizer::pieceToId(std::string_view piece) const
{
    return idOrNone(lib_->pieceToId(model_, piece.data(), piece.size()));
}

bool SentencePieceTokenizer::isControl(std::int32_t id) const
{
    return lib_->isControl(model_, id) != 0;
}

bool SentencePieceTokenizer::isUnknown(std::int32_t id) const
{
    return lib_->isUnknown(model_, id) != 0;
}

bool SentencePieceTokenizer::isByte(std::int32_t id) const
{
    return lib_->isByte(model_, id) != 0;
}

std::optional<std::int32_t> SentencePieceTokenizer::modelBos() const
{
    return idOrNone(lib_->bosId(model_));
}

std::optional<std::int32_t> SentencePieceTokenizer::modelEos() const
{
    return idOrNone(lib_->eosId(model_));
}

std::optional<std::int32_t> SentencePieceTokenizer::modelPad() const
{
    return idOrNone(lib_->padId(model_));
}

std::optional<std::int32_t> SentencePieceTokenizer::modelUnk() const
{
    return idOrNone(lib_->unkId(model_));
}

} // namespace hialign::tok

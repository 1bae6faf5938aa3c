#include "tokenize/Tokenizer.h"

#include <algorithm>
#include <string_view>
#include <utility>
#include <system_error>

#include "tokenize/BpeTokenizer.h"
#include "tokenize/SentencePieceTokenizer.h"
#include "tokenize/SpecialTokensConfig.h"
#include "tokenize/UnsupportedFormat.h"

namespace hialign::tok {

namespace fs = std::filesystem;

std::vector<std::int32_t> Tokenizer::encode(std::string_view text, bool addSpecial) const
{
    std::vector<std::int32_t> raw = encodeRaw(text);
    if (!addSpecial)
        return raw;
    const bool bos = special_.addBos && special_.bos;
    const bool eos = special_.addEos && !special_.eos.empty();
    if (!bos && !eos)
        return raw;
    std::vector<std::int32_t> ids;
    ids.reserve(raw.size() + 2);
    if (bos)
        ids.push_back(*special_.bos);
    ids.insert(ids.end(), raw.begin(), raw.end());
    if (eos)
        ids.push_back(special_.eos.front());
    return ids;
}

bool Tokenizer::isEos(std::int32_t id) const
{
    return std::find(special_.eos.begin(), special_.eos.end(), id) != special_.eos.end();
}

std::string cleanUpTokenizationSpaces(std::string text)
{
    // The replacements run one after another over the whole text, in
    // transformers' order.
    static const std::pair<const char*, const char*> kReplacements[] = {
        {" .", "."},   {" ?", "?"},     {" !", "!"},     {" ,", ","},     {" ' ", "'"},
        {" n't", "n't"}, {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}};
    for (const auto& [from, to] : kReplacements) {
        const std::string_view f(from), t(to);
        std::string out;
        out.reserve(text.size());
        std::size_t pos = 0;
        for (std::size_t hit; (hit = text.find(f, pos)) != std::string::npos; pos = hit + f.size())
            out.append(text, pos, hit - pos).append(t);
        out.append(text, pos, std::string::npos);
        text = std::move(out);
    }
    return text;
}

namespace {

bool isFile(const fs::path& p)
{
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

std::unique_ptr<Tokenizer> loadBpe(const fs::path& file)
{
    auto tok = std::make_unique<BpeTokenizer>(file);
    // The tokenizer file's own convention: its post-processor template.
    SpecialTokens defaults;
    defaults.bos = tok->templateBos();
    defaults.addBos = defaults.bos.has_value();
    if (const auto eos = tok->templateEos()) {
        defaults.eos = {*eos};
        defaults.addEos = true;
    }
    tok->setSpecial(readSpecialTokens(*tok, file.parent_path(), defaults, tok->templateBos()));
    return tok;
}

std::unique_ptr<Tokenizer> loadSentencePiece(const fs::path& file)
{
    auto tok = std::make_unique<SentencePieceTokenizer>(file);
    // Defaults from the model proto: bos/eos/pad ids, addBos (Llama).
    tok->setSpecial(readSpecialTokens(*tok, file.parent_path(), tok->special()));
    return tok;
}

} // namespace

std::unique_ptr<Tokenizer> loadTokenizer(const fs::path& dirOrFile)
{
    std::error_code ec;
    if (fs::is_directory(dirOrFile, ec)) {
        const fs::path json = dirOrFile / "tokenizer.json";
        const fs::path model = dirOrFile / "tokenizer.model";
        if (isFile(json)) {
            try {
                return loadBpe(json);
            } catch (const UnsupportedFormat&) {
                // e.g. a Llama 2 / Mistral folder whose tokenizer.json is a
                // sentencepiece conversion: use the original model instead.
                if (!isFile(model))
                    throw;
            }
        }
        if (isFile(model))
            return loadSentencePiece(model);
        throw InputError(dirOrFile.string() +
                         ": the folder has neither tokenizer.json nor tokenizer.model.");
    }
    if (!isFile(dirOrFile))
        throw InputError(dirOrFile.string() + ": no such tokenizer file or folder.");
    const std::string ext = dirOrFile.extension().string();
    if (ext == ".json")
        return loadBpe(dirOrFile);
    if (ext == ".model")
        return loadSentencePiece(dirOrFile);
    throw InputError(dirOrFile.string() +
                     ": unknown tokenizer file type (expected tokenizer.json or a sentencepiece "
                     ".model file).");
}

} // namespace hialign::tok

#include "align/TokenizedPair.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "util/Error.h"

namespace hialign::align {

namespace {

// "▁" (U+2581), sentencepiece's visible space.
constexpr const char* kSpaceMark = "\xE2\x96\x81";

// True when the tokenizer writes a space before the first word itself
// (sentencepiece add_dummy_prefix, Metaspace with prepend): its piece for
// "a" then starts with "▁".
bool addsDummyPrefix(const tok::Tokenizer& tokenizer)
{
    const std::vector<std::int32_t> ids = tokenizer.encodeRaw("a");
    return !ids.empty() && tokenizer.piece(ids.front()).rfind(kSpaceMark, 0) == 0;
}

std::optional<std::int32_t> leadingBos(const tok::Tokenizer& tokenizer)
{
    const tok::SpecialTokens& s = tokenizer.special();
    if (s.addBos && s.bos)
        return s.bos;
    return std::nullopt;
}

std::string recordName(const PreferenceRecord& record)
{
    return record.line ? "the preference record at line " + std::to_string(record.line)
                       : std::string("a preference record");
}

// Cuts a prompt to n tokens from the chosen side; a leading BOS survives a
// cut from the start.
void truncatePrompt(std::vector<std::int32_t>& prompt, std::size_t n, bool keepEnd,
                    bool hasBos)
{
    if (prompt.size() <= n)
        return;
    if (!keepEnd) {
        prompt.resize(n);
        return;
    }
    const std::size_t head = (hasBos && n >= 1) ? 1 : 0;
    const std::size_t tail = n - head;
    std::vector<std::int32_t> cut(prompt.begin(), prompt.begin() + static_cast<std::ptrdiff_t>(head));
    cut.insert(cut.end(), prompt.end() - static_cast<std::ptrdiff_t>(tail), prompt.end());
    prompt = std::move(cut);
}

} // namespace

std::size_t TokenizedPair::length() const
{
    return prompt.size() + std::max(chosen.size(), rejected.size());
}

std::vector<std::int32_t> encodeChatText(const std::string& text, const tok::Tokenizer& tokenizer,
                                         ChatFormat format)
{
    // Only the special tokens this tokenizer has: others stay plain text.
    std::vector<std::pair<std::string, std::int32_t>> specials;
    for (const auto& s : chatSpecialTokens(format))
        if (const auto id = tokenizer.pieceToId(s))
            specials.emplace_back(s, *id);

    std::vector<std::int32_t> ids;
    auto encodeRun = [&](std::size_t from, std::size_t to) {
        if (to > from) {
            const auto run = tokenizer.encodeRaw(std::string_view(text).substr(from, to - from));
            ids.insert(ids.end(), run.begin(), run.end());
        }
    };
    std::size_t pos = 0, runStart = 0;
    while (pos < text.size()) {
        bool matched = false;
        for (const auto& [s, id] : specials) {
            if (text.compare(pos, s.size(), s) == 0) {
                encodeRun(runStart, pos);
                ids.push_back(id);
                pos += s.size();
                runStart = pos;
                matched = true;
                break;
            }
        }
        if (!matched)
            ++pos;
    }
    encodeRun(runStart, text.size());
    return ids;
}

namespace {

// The BOS that starts a prompt: the tokenizer's own, or for a conversational
// record the template's bos_token.
std::optional<std::int32_t> promptBos(const PreferenceRecord& record, const tok::Tokenizer& tokenizer,
                                      const ChatTemplate& chat)
{
    if (const auto bos = leadingBos(tokenizer))
        return bos;
    if (record.conversational && chat.writesBos && tokenizer.special().bos)
        return *tokenizer.special().bos;
    return std::nullopt;
}

// BOS + the rendered messages, as ids.
std::vector<std::int32_t> encodeConversation(const PreferenceRecord& record, const std::vector<Message>& messages,
                                             bool addGenerationPrompt, const tok::Tokenizer& tokenizer,
                                             const ChatTemplate& chat)
{
    std::vector<std::int32_t> ids;
    if (const auto bos = promptBos(record, tokenizer, chat))
        ids.push_back(*bos);
    const std::vector<std::int32_t> body =
        encodeChatText(renderChat(chat, messages, addGenerationPrompt), tokenizer, chat.format);
    ids.insert(ids.end(), body.begin(), body.end());
    return ids;
}

std::size_t commonPrefix(const std::vector<std::int32_t>& a, const std::vector<std::int32_t>& b)
{
    return static_cast<std::size_t>(std::mismatch(a.begin(), a.begin() + std::min(a.size(), b.size()), b.begin())
                                        .first - a.begin());
}

} // namespace

std::vector<std::int32_t> encodePrompt(const PreferenceRecord& record, const tok::Tokenizer& tokenizer,
                                       const ChatTemplate& chat)
{
    if (record.conversational)
        return encodeConversation(record, record.promptMessages, true, tokenizer, chat);
    std::vector<std::int32_t> ids;
    if (const auto bos = promptBos(record, tokenizer, chat))
        ids.push_back(*bos);
    const std::vector<std::int32_t> body = tokenizer.encodeRaw(record.prompt);
    ids.insert(ids.end(), body.begin(), body.end());
    return ids;
}

std::vector<std::int32_t> encodeUserPrompt(const std::string& text, const tok::Tokenizer& tokenizer,
                                           const ChatTemplate& chat)
{
    PreferenceRecord r;
    if (chat.format == ChatFormat::Plain) {
        r.prompt = text;
    } else {
        r.conversational = true;
        r.promptMessages.push_back({"user", text});
    }
    return encodePrompt(r, tokenizer, chat);
}

std::vector<std::int32_t> encodeCompletion(const std::string& text, const tok::Tokenizer& tokenizer,
                                           std::int32_t endId)
{
    std::string_view view(text);
    if (!view.empty() && view.front() == ' ' && addsDummyPrefix(tokenizer))
        view.remove_prefix(1);
    std::vector<std::int32_t> ids = tokenizer.encodeRaw(view);
    ids.push_back(endId);
    return ids;
}

std::int32_t completionEndId(ChatFormat format, bool conversational, const tok::Tokenizer& tokenizer)
{
    if (conversational && (format == ChatFormat::Llama3 || format == ChatFormat::ChatML))
        if (const auto id = tokenizer.pieceToId(endOfTurnText(format)))
            return *id;
    const auto& eos = tokenizer.special().eos;
    if (eos.empty())
        throw InputError("the tokenizer has no end-of-sequence token, so completions cannot be "
                         "closed; set eos_token in tokenizer_config.json.");
    return eos.front();
}

std::int32_t paddingId(const tok::Tokenizer& tokenizer)
{
    const auto& s = tokenizer.special();
    if (s.pad)
        return *s.pad;
    if (!s.eos.empty())
        return s.eos.front();
    return 0;
}

TokenizedPair tokenizePair(const PreferenceRecord& record, const tok::Tokenizer& tokenizer,
                           const TokenizeOptions& options)
{
    if (options.maxLength < 2)
        throw InputError("the maximum length is " + std::to_string(options.maxLength) +
                         " tokens; it must be at least 2 to hold a prompt and a completion.");
    if (options.maxPromptLength < 1)
        throw InputError("the maximum prompt length is " + std::to_string(options.maxPromptLength) +
                         " tokens; it must be at least 1.");

    TokenizedPair pair;
    pair.prompt = encodePrompt(record, tokenizer, options.chat);
    if (pair.prompt.empty())
        throw InputError(recordName(record) +
                         " has an empty prompt and the tokenizer adds no BOS token, so the first "
                         "completion token would have nothing to follow.");
    const bool hasBos = promptBos(record, tokenizer, options.chat).has_value();

    if (record.conversational && options.templateCompletions) {
        // TRL's split: the completion starts where the rendered prompt and the
        // rendered prompt + reply part (the shorter of the two agreements).
        auto whole = [&](const std::string& reply) {
            std::vector<Message> messages = record.promptMessages;
            messages.push_back({"assistant", reply});
            return encodeConversation(record, messages, false, tokenizer, options.chat);
        };
        const std::vector<std::int32_t> chosen = whole(record.chosen), rejected = whole(record.rejected);
        const std::size_t split = std::min(commonPrefix(pair.prompt, chosen), commonPrefix(pair.prompt, rejected));
        pair.prompt.resize(split);
        pair.chosen.assign(chosen.begin() + static_cast<std::ptrdiff_t>(split), chosen.end());
        pair.rejected.assign(rejected.begin() + static_cast<std::ptrdiff_t>(split), rejected.end());
        if (pair.prompt.empty() || pair.chosen.empty() || pair.rejected.empty())
            throw InputError(recordName(record) + " renders through the chat template with an empty " +
                             (pair.prompt.empty() ? "prompt" : "completion") +
                             " when the completion is taken from the template; use the default completions.");
    } else {
        const std::int32_t endId = completionEndId(options.chat.format, record.conversational, tokenizer);
        pair.chosen = encodeCompletion(record.chosen, tokenizer, endId);
        pair.rejected = encodeCompletion(record.rejected, tokenizer, endId);
    }

    const auto maxLength = static_cast<std::size_t>(options.maxLength);
    truncatePrompt(pair.prompt, static_cast<std::size_t>(options.maxPromptLength),
                   options.keepPromptEnd, hasBos);
    if (pair.prompt.size() + 1 > maxLength)   // leave room for one completion token
        truncatePrompt(pair.prompt, maxLength - 1, options.keepPromptEnd, hasBos);
    const std::size_t room = maxLength - pair.prompt.size();
    if (pair.chosen.size() > room)
        pair.chosen.resize(room);
    if (pair.rejected.size() > room)
        pair.rejected.resize(room);
    return pair;
}

std::vector<TokenizedPair> tokenizeAll(const std::vector<PreferenceRecord>& records,
                                       const tok::Tokenizer& tokenizer, const TokenizeOptions& options)
{
    std::vector<TokenizedPair> pairs;
    pairs.reserve(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        pairs.push_back(tokenizePair(records[i], tokenizer, options));
        pairs.back().index = i;
    }
    return pairs;
}

PairBatch collatePairs(const std::vector<TokenizedPair>& pairs,
                       const std::vector<std::size_t>& batch, std::int32_t padId)
{
    PairBatch b;
    b.pairs = static_cast<std::int64_t>(batch.size());
    for (std::size_t i : batch) {
        if (i >= pairs.size())
            throw Error("collatePairs: pair index " + std::to_string(i) + " is out of range (" +
                        std::to_string(pairs.size()) + " pairs).");
        b.width = std::max<std::int64_t>(b.width, static_cast<std::int64_t>(pairs[i].length()));
    }
    const std::size_t rows = 2 * batch.size();
    const auto width = static_cast<std::size_t>(b.width);
    b.inputIds.assign(rows * width, padId);
    b.attentionMask.assign(rows * width, 0);
    b.completionMask.assign(rows * width, 0);
    b.promptLengths.resize(rows);
    b.lengths.resize(rows);

    auto fill = [&](std::size_t row, const TokenizedPair& p, const std::vector<std::int32_t>& completion) {
        std::size_t t = row * width;
        for (std::int32_t id : p.prompt) {
            b.inputIds[t] = id;
            b.attentionMask[t++] = 1;
        }
        for (std::int32_t id : completion) {
            b.inputIds[t] = id;
            b.attentionMask[t] = 1;
            b.completionMask[t++] = 1;
        }
        b.promptLengths[row] = static_cast<std::int64_t>(p.prompt.size());
        b.lengths[row] = static_cast<std::int64_t>(p.prompt.size() + completion.size());
    };
    for (std::size_t k = 0; k < batch.size(); ++k) {
        const TokenizedPair& p = pairs[batch[k]];
        fill(k, p, p.chosen);
        fill(batch.size() + k, p, p.rejected);
        b.indices.push_back(p.index);
    }
    return b;
}

} // namespace hialign::align

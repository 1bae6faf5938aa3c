// Preference records as token ids, truncated as TRL's DPO does, and padded
// batches of them for the trainer (no LibTorch: plain row-major vectors).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "align/ChatTemplate.h"
#include "align/PreferenceData.h"
#include "tokenize/Tokenizer.h"

namespace hialign::align {

struct TokenizedPair {
    std::vector<std::int32_t> prompt;     // BOS + prompt tokens (after truncation)
    std::vector<std::int32_t> chosen;     // completion tokens incl. end-of-turn / EOS
    std::vector<std::int32_t> rejected;
    std::size_t index = 0;                // index into the record list (set by the caller)
    std::size_t length() const;           // prompt + max(chosen, rejected)
};

struct TokenizeOptions {
    int maxLength = 512;          // prompt + completion cap
    int maxPromptLength = 256;    // prompt cap (BOS included)
    bool keepPromptEnd = true;    // truncate the prompt from the start (keep its end), else keep the start
    // The model's chat template (detectChatTemplate). When it writes
    // bos_token, a conversational prompt starts with the BOS id even when the
    // tokenizer adds none to plain text (Llama 3), as transformers'
    // apply_chat_template gives.
    ChatTemplate chat;
    // Conversational completions as the template renders them (TRL's
    // processing): the template is rendered for prompt + reply, and the
    // completion is whatever follows the longest prefix it shares with the
    // rendered prompt, so text the template writes after the reply (Llama 3
    // Instruct's trailing assistant header, Qwen3's empty think block and
    // newline) is trained on too. false (the default): the completion is the
    // reply's tokens and the end-of-turn id, the tokens the model generates.
    bool templateCompletions = false;
};

// Token ids of a prompt as the model sees it before the reply:
//  - plain text: BOS (when the tokenizer's convention adds one) + encodeRaw(prompt);
//  - conversational: BOS (also when only the template writes bos_token) +
//    renderChat(chat, messages, true), where the format's special-token
//    strings become their single ids even for tokenizers that do not match
//    them in text (sentencepiece).
// EOS is never appended to a prompt, whatever the tokenizer's add_eos says.
std::vector<std::int32_t> encodePrompt(const PreferenceRecord& record, const tok::Tokenizer& tokenizer,
                                       const ChatTemplate& chat);
// A single user turn TEXT as encodePrompt encodes it: the plain text for a
// model without a chat template, else one user message in the template (the
// eval prompts of sweeps and of answers sampled during training).
std::vector<std::int32_t> encodeUserPrompt(const std::string& text, const tok::Tokenizer& tokenizer,
                                           const ChatTemplate& chat);

// Text of a rendered chat to ids (no BOS/EOS added): the text between the
// format's special tokens is encoded with encodeRaw, each special token that
// the tokenizer knows becomes its id.
std::vector<std::int32_t> encodeChatText(const std::string& text, const tok::Tokenizer& tokenizer,
                                         ChatFormat format);

// Completion text to ids: encodeRaw(text) + endId. For tokenizers that put
// a space before the first word themselves (sentencepiece's dummy prefix),
// one leading space of the text is dropped first, so " there was" after a
// prompt gives the ids that "prompt there was" has in one piece.
std::vector<std::int32_t> encodeCompletion(const std::string& text, const tok::Tokenizer& tokenizer,
                                           std::int32_t endId);

// The id that closes a completion: for conversational records in Llama3 /
// ChatML, the end-of-turn token ("<|eot_id|>" / "<|im_end|>", falling back to
// EOS); otherwise the tokenizer's first EOS id. It is also the stop token
// for generation in that format. Throws InputError when there is none.
std::int32_t completionEndId(ChatFormat format, bool conversational, const tok::Tokenizer& tokenizer);

// Padding id for batches: pad, else the first EOS, else 0. Padded positions
// are masked out, so the value only has to be a valid id.
std::int32_t paddingId(const tok::Tokenizer& tokenizer);

// Tokenises and truncates one record:
//  0. with options.templateCompletions, a conversational record's prompt and
//     completions come from the rendered template (see TokenizeOptions);
//  1. the prompt is cut to maxPromptLength (keepPromptEnd: drop tokens from
//     the start but keep a leading BOS; else keep the start);
//  2. if prompt + the longer completion exceeds maxLength, both completions
//     are cut to maxLength - prompt length; should the prompt leave no room
//     for one completion token, it is shortened further (same side).
// So length() <= maxLength always. Throws InputError for options that cannot
// hold a prompt and a completion token (maxLength < 2, maxPromptLength < 1)
// and for a record whose prompt has no token at all (empty prompt with a
// tokenizer that adds no BOS), naming the record's line.
TokenizedPair tokenizePair(const PreferenceRecord& record, const tok::Tokenizer& tokenizer,
                           const TokenizeOptions& options);

// tokenizePair over a record list, with TokenizedPair::index set to each
// record's position.
std::vector<TokenizedPair> tokenizeAll(const std::vector<PreferenceRecord>& records,
                                       const tok::Tokenizer& tokenizer, const TokenizeOptions& options);

// Chosen and rejected rows of some pairs, right-padded into one block: rows
// 0..B-1 are the chosen sequences, rows B..2B-1 the rejected ones of the same
// pairs, each prompt + completion.
struct PairBatch {
    std::int64_t pairs = 0;                    // B
    std::int64_t width = 0;                    // T: longest row
    std::vector<std::int32_t> inputIds;        // (2B, T) row-major, padded with padId
    std::vector<std::uint8_t> attentionMask;   // (2B, T) 1 on real tokens
    std::vector<std::uint8_t> completionMask;  // (2B, T) 1 where the token is a completion token:
                                               //   its log-prob (predicted from position t-1) counts
    std::vector<std::int64_t> promptLengths;   // (2B)
    std::vector<std::int64_t> lengths;         // (2B) prompt + completion
    std::vector<std::size_t> indices;          // (B) TokenizedPair::index of each pair
};

PairBatch collatePairs(const std::vector<TokenizedPair>& pairs,
                       const std::vector<std::size_t>& batch, std::int32_t padId);

} // namespace hialign::align

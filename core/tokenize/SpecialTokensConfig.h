// Reads the special-token conventions of a model folder into SpecialTokens.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include "tokenize/Tokenizer.h"

namespace hialign::tok {

// Starting from `defaults` (what the tokenizer file itself says), applies in
// order:
//   - tokenizer_config.json: add_bos_token, add_eos_token, and bos_token /
//     eos_token / pad_token (a string or {"content": ...}), resolved to ids
//     through `tokenizer`;
//   - generation_config.json, then config.json: bos_token_id / pad_token_id
//     when still unset, and eos_token_id (an int or a list) added to the eos
//     set.
// When tokenizer_config.json has no add_bos_token and `templateBos` is set
// (a BPE post-processor template that starts with that token), addBos is
// true iff the resolved bos is that token. addBos is false without a bos.
// Missing files are fine; a malformed one throws InputError naming it and
// the field. Tokens that `tokenizer` does not know are ignored.
SpecialTokens readSpecialTokens(const Tokenizer& tokenizer, const std::filesystem::path& dir,
                                SpecialTokens defaults,
                                std::optional<std::int32_t> templateBos = std::nullopt);

} // namespace hialign::tok

// One entry of tokenizer.json's "added_tokens" (HF AddedToken).
#pragma once

#include <cstdint>
#include <string>

namespace hialign::tok {

struct AddedToken {
    std::int32_t id = -1;
    std::string content;        // the text that is matched, as is
    bool special = false;       // dropped by decode(skipSpecial=true)
    bool lstrip = false;        // also swallows whitespace on its left
    bool rstrip = false;        // also swallows whitespace on its right
    bool singleWord = false;    // only matches when not inside a word
    bool normalized = false;    // matched in normalized rather than raw text
};

} // namespace hialign::tok

// Thrown for a well-formed tokenizer file that this implementation does not
// handle (e.g. a Unigram or WordPiece tokenizer.json, or a Metaspace
// pre-tokenizer). loadTokenizer() may then fall back to tokenizer.model.
#pragma once

#include "util/Error.h"

namespace hialign::tok {

class UnsupportedFormat : public InputError {
public:
    using InputError::InputError;
};

} // namespace hialign::tok

// Training of sentencepiece models through the bridge (e.g. a tokenizer for
// a demo corpus), without linking sentencepiece into the caller.
#pragma once

#include <string>

namespace hialign::tok {

// Runs sentencepiece::SentencePieceTrainer::Train with spm_train-style flags,
// e.g. "--input=corpus.txt --model_prefix=/tmp/tok --vocab_size=512
// --model_type=bpe". Throws hialign::Error with sentencepiece's message on
// failure (or when the bridge is missing).
void trainSentencePiece(const std::string& args);

} // namespace hialign::tok

// Training of sentencepiece models through the bridge (e.g. a tokenizer for
// a demo corpus), without linking sentencepiece into the caller.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace hialign::tok {

// Runs sentencepiece::SentencePieceTrainer::Train with spm_train-style flags,
// e.g. "--input=corpus.txt --model_prefix=/tmp/tok --vocab_size=512
// --model_type=bpe". Throws hialign::Error with sentencepiece's message on
// failure (or when the bridge is missing).
void trainSentencePiece(const std::string& args);

// One training run with the corpus and the output given as paths.
struct SentencePieceTraining {
    // The corpus (one sentence a line) and the output prefix: writes
    // <modelPrefix>.model and <modelPrefix>.vocab. Relative paths are taken
    // from the working directory, which is never changed.
    std::filesystem::path input;
    std::filesystem::path modelPrefix;
    // Further spm_train-style flags, without --input and --model_prefix,
    // e.g. "--vocab_size=512 --model_type=bpe".
    std::string flags;
    // The model records its input and model prefix in its trainer spec. When
    // set, these values are recorded instead of `input` / `modelPrefix` (e.g.
    // names relative to a lab folder, so that the model's bytes do not
    // depend on where it was trained).
    std::optional<std::string> recordedInput;
    std::optional<std::string> recordedModelPrefix;
};

// Trains as described; throws hialign::Error on failure.
void trainSentencePiece(const SentencePieceTraining& training);

} // namespace hialign::tok

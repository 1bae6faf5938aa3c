#include "tokenize/SentencePieceTrainer.h"

#include "tokenize/SpmLibrary.h"
#include "util/Error.h"

namespace hialign::tok {

void trainSentencePiece(const std::string& args)
{
    const auto lib = SpmLibrary::load();
    if (lib->train(args.c_str()) != 0)
        throw Error("sentencepiece training failed: " + lib->lastError() + ".");
}

void trainSentencePiece(const SentencePieceTraining& training)
{
    if (training.input.empty() || training.modelPrefix.empty())
        throw Error("sentencepiece training needs an input and a model prefix.");
    const auto lib = SpmLibrary::load();
    const std::string input = training.input.string();
    const std::string prefix = training.modelPrefix.string();
    const char* recordedInput = training.recordedInput ? training.recordedInput->c_str() : nullptr;
    const char* recordedPrefix =
        training.recordedModelPrefix ? training.recordedModelPrefix->c_str() : nullptr;
    if (lib->trainRecorded(training.flags.c_str(), input.c_str(), prefix.c_str(), recordedInput,
                           recordedPrefix) != 0)
        throw Error("sentencepiece training failed: " + lib->lastError() + ".");
}

} // namespace hialign::tok

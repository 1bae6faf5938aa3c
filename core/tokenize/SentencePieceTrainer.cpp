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

} // namespace hialign::tok

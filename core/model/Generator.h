// Text generation with a KV cache: a batch of prompts, left-padded, decoded
// step by step with a per-token callback for streaming.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/CausalLM.h"
#include "model/Sampler.h"
#include "settings/Generation.h"

namespace hialign::tok { class Tokenizer; }

namespace hialign::model {

struct GenerationStats {
    std::int64_t promptTokens = 0;          // real (unpadded) prompt tokens, all rows
    std::int64_t generatedTokens = 0;       // new tokens, all rows
    std::int64_t decodeTokens = 0;          // new tokens produced by decode steps (after the first)
    double prefillSeconds = 0.0;
    double decodeSeconds = 0.0;
    double prefillTokensPerSecond() const { return prefillSeconds > 0 ? promptTokens / prefillSeconds : 0.0; }
    double decodeTokensPerSecond() const { return decodeSeconds > 0 ? decodeTokens / decodeSeconds : 0.0; }
};

struct GenerationResult {
    std::vector<std::vector<std::int32_t>> tokens;   // per prompt: new ids (eos excluded)
    std::vector<std::string> texts;                  // per prompt: the text the continuation adds to the prompt
    std::vector<std::string> finishReasons;          // "eos", "stop", "length", "position_limit", "cancelled"
    GenerationStats stats;
};

// Called for each new token of each row; return false to stop everything.
using TokenCallback = std::function<bool(std::size_t row, std::int32_t id)>;

// prompts: token ids (with BOS etc. already added), one list per row.
// A row never outgrows the model's positions (max_position_embeddings):
// prompt + new tokens stop there, with finish reason "position_limit" when
// that cut the row short of maxNewTokens. A prompt that already fills the
// positions is refused (InputError).
GenerationResult generate(CausalLM& model, const tok::Tokenizer& tokenizer,
                          const std::vector<std::vector<std::int32_t>>& prompts,
                          const GenerationOptions& options, const TokenCallback& onToken = {});

// The same on token ids alone, for a model folder without a tokenizer: rows
// stop on config.json's eos ids (when stopAtEos), texts stay empty, and stop
// strings are refused (InputError).
GenerationResult generate(CausalLM& model, const std::vector<std::vector<std::int32_t>>& prompts,
                          const GenerationOptions& options, const TokenCallback& onToken = {});

// The one-line notice for finish reason "position_limit", e.g. "generation
// stopped at the model's 512 positions (max_position_embeddings)".
std::string positionLimitNotice(std::int64_t maxPositions);

} // namespace hialign::model

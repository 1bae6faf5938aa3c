// The hierarchical DPO + LoRA trainer: adapters only on the layers a
// LayerPlan selects, AdamW on those adapters alone, metrics per step through
// callbacks (the GUI and the CLI both use them), a run folder on disk, and
// exact resume from the newest complete checkpoint.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "settings/StepMetrics.h"
#include "settings/TrainConfig.h"
#include "align/TokenizedPair.h"

namespace hialign::train {

struct TrainOutcome {
    std::string status;        // "finished", "stopped" or "failed"
    std::string message;       // one sentence for the user
    std::int64_t steps = 0;    // optimizer steps completed
    std::int64_t totalSteps = 0;
};

// Settings a resume may change: they change how a step is computed, not what
// it computes, so the resumed run stays the same run.
struct ResumeOverrides {
    std::optional<std::string> device;            // e.g. another GPU
    std::optional<bool> gradientCheckpointing;    // after running out of memory
};

// The tokenizing settings of a run: the model's chat template (from
// detectChatTemplate) and the config's lengths. Whatever scores pairs as
// training does (the layer probe) tokenizes with these.
align::TokenizeOptions tokenizeOptions(const TrainConfig& config, const align::ChatTemplate& chat);

class DpoTrainer {
public:
    // Starts a new run in `runDir` (created; must not hold a run yet).
    // Bad settings or data throw InputError before anything is written.
    static TrainOutcome train(const TrainConfig& config, const std::filesystem::path& runDir,
                              const TrainCallbacks& callbacks = {}, CancelToken* cancel = nullptr);

    // Continues the run in `runDir` from its newest complete checkpoint with
    // the same data order, optimizer state and RNG state.
    static TrainOutcome resume(const std::filesystem::path& runDir, const TrainCallbacks& callbacks = {},
                               CancelToken* cancel = nullptr, const ResumeOverrides& overrides = {});

    // Tokenises config.dataFile as a run with these settings does (the
    // tokenizer and chat format of config.modelDir, which needs no weights)
    // and writes one JSON line per record to `out`: {"index", "line",
    // "prompt_ids", "chosen_ids", "rejected_ids"}. Returns the record count.
    static std::size_t writeTokenizedPairs(const TrainConfig& config, const std::filesystem::path& out);
};


} // namespace hialign::train

// The layer-specialization probe (docs/PROBE.md): for a model folder and one
// preference set per named dimension, which decoder layers carry each
// dimension's preference signal.
//  - ablate: the change in preference accuracy and in the mean log-prob
//    margin (chosen - rejected, summed completion log-probs as DPO scores
//    them) when a layer's attention output, MLP output or both are removed,
//    with paired 95% bootstrap intervals over pairs;
//  - gradient: the L2 norm of the DPO loss's gradient reaching each layer's
//    LoRA parameters at step 0 (LoRA on every layer, reference = the frozen
//    base), averaged over batches;
// and the suggested block cuts from the per-dimension importance profiles.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "probe/ProbeResult.h"
#include "probe/ProbeSettings.h"
#include "settings/StepMetrics.h"

namespace hialign::probe {

struct ProbeProgress {
    int done = 0;          // units finished (one unit: one batch of one method)
    int total = 0;
    std::string label;     // e.g. "ablate grammar 3/13"
};

struct ProbeCallbacks {
    std::function<void(const ProbeProgress&)> onProgress;
    std::function<void(const std::string&)> onMessage;   // notes for a log
};

// Runs the probe. Bad settings, data or model throw InputError before any
// forward pass. Returns nullopt when `cancel` is set (checked between
// batches); never creates threads of its own.
std::optional<ProbeResult> runProbe(const ProbeSettings& settings, const ProbeCallbacks& callbacks = {},
                                    train::CancelToken* cancel = nullptr);

} // namespace hialign::probe

// The judge of answers sampled during training (settings/Samples.h): the
// judge the run's sample settings name (sweep::makeJudge, docs/SWEEP.md),
// as the trainer's judgeSamples callback. Built before training starts, so
// a bad spec is refused before anything is written.
#pragma once

#include <filesystem>
#include <functional>
#include <vector>

#include "settings/Samples.h"
#include "settings/StepMetrics.h"
#include "settings/TrainConfig.h"

namespace hialign::sweep {

// Empty when the run does not sample or names no judge. Rubric judges keep
// their replies in RUN/judge-cache.jsonl.
train::SampleJudge sampleJudgeFor(const train::TrainConfig& config, const std::filesystem::path& runDir);

} // namespace hialign::sweep

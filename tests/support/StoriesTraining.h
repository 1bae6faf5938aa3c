// The training set-up that the trainer tests share: the stories260k fixture
// with the project's small preference file (tests/data), full LoRA r 8, 24
// steps of 4 pairs on the CPU, eval and checkpoints every 8 steps.
#pragma once

#include <filesystem>

#include "settings/TrainConfig.h"

namespace hialign::test {

inline std::filesystem::path storiesPreferences()
{
    return std::filesystem::path(HIALIGN_TEST_DATA) / "stories_preferences.jsonl";
}

inline train::TrainConfig storiesTrainConfig(const std::filesystem::path& model)
{
    train::TrainConfig c;
    c.modelDir = model.string();
    c.dataFile = storiesPreferences().string();
    c.strategy = "full";
    c.rank = 8;
    c.alpha = 16;
    c.learningRate = 2e-3;
    c.beta = 0.1;
    c.batchSize = 4;
    c.steps = 24;
    c.evalFraction = 0.2;
    c.evalEvery = 8;
    c.saveEvery = 8;
    c.device = "cpu";
    c.seed = 7;
    return c;
}

} // namespace hialign::test

// What train and resume print: the progress line and the outcome.
#pragma once

#include <string>

#include "train/DpoTrainer.h"

namespace hialign::cli {

// A one-line progress display on stderr: step, loss, margin, accuracy, ETA.
train::TrainCallbacks progressCallbacks(bool quiet);

// Prints a run's outcome (a failure on stderr) and returns the exit status.
int outcomeStatus(const train::TrainOutcome& outcome, const std::string& runDir);

} // namespace hialign::cli

// What the Run sweep dialog hands to the sweep controller: the core's
// settings of one strategy sweep (sweep::SweepSettings, used as they are),
// the folder to run it in, and whether the eval decoding came from a demo
// lab's card.json (the dialog then says so).
#pragma once

#include <QString>

#include "sweep/Sweep.h"

namespace hialign::app {

struct SweepJob {
    sweep::SweepSettings settings;
    QString outDir;
    bool labDecoding = false;
};

} // namespace hialign::app

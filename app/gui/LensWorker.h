// The logit lens as the window asks for it (lens::runLens on a worker
// thread, through QtConcurrent): what to read and what comes back, in Qt
// types. LibTorch stays in LensWorker.cpp.
#pragma once

#include <QString>
#include <QVector>

#include "widgets/LensView.h"

namespace hialign::app {

struct LensJob {
    QString modelDir;
    QString adapterDir;    // empty: Base only
    QString runName;       // the column title of the adapter's read-out
    QString prompt;        // a typed prompt, or ...
    QString dataFile;      // ... one pair of a preference file
    int pairIndex = -1;
};

struct LensOutcome {
    QString error;                        // one sentence; empty when it worked
    QVector<widgets::LensLayer> layers;   // [layer]
    QString runName;
};

// Runs on any thread; never throws.
LensOutcome computeLens(const LensJob& job);

} // namespace hialign::app

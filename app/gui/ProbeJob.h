// A layer probe as the window starts it: the core's settings (their defaults
// are probe::ProbeSettings') and the optional folder for probe.json,
// probe.csv and probe.html. What the worker hands back when it ends.
#pragma once

#include <QMetaType>
#include <QString>

#include <memory>

#include "probe/ProbeResult.h"
#include "probe/ProbeSettings.h"

namespace hialign::app {

struct ProbeJob {
    probe::ProbeSettings settings;
    QString outDir;   // empty: no files
};

struct ProbeOutcome {
    enum class Status { Finished, Stopped, Failed };
    Status status = Status::Failed;
    QString error;     // one sentence when failed
    QString outDir;    // where the files went (empty: none written)
    std::shared_ptr<const probe::ProbeResult> result;   // when finished
};

} // namespace hialign::app

Q_DECLARE_METATYPE(hialign::app::ProbeOutcome)

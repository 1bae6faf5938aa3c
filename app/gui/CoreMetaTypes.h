// Qt metatypes of the core's settings, which the window passes through
// QVariant and queued connections. Declared here because the core is Qt-free.
#pragma once

#include <QMetaType>

#include "sweep/Sweep.h"
#include "settings/Samples.h"
#include "settings/TrainConfig.h"

#include <vector>

Q_DECLARE_METATYPE(hialign::train::TrainConfig)
Q_DECLARE_METATYPE(hialign::sweep::SweepSettings)
Q_DECLARE_METATYPE(std::vector<hialign::train::SampleRecord>)

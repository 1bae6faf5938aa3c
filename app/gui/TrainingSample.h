// One logged training or evaluation step, as plain Qt data for queued
// signals from the training thread to the window (a copy of the core's
// StepMetrics without its JSON and LibTorch ties).
#pragma once

#include <QMap>
#include <QMetaType>
#include <QString>

#include <vector>

namespace hialign::app {

struct TrainingSample {
    qint64 step = 0;
    qint64 totalSteps = 0;
    double epoch = 0.0;
    bool eval = false;
    QMap<QString, double> values;       // TRL's names: loss, rewards/margins, ...
    std::vector<double> deltaNorm;      // per layer ||Delta W|| (zero without adapter)
    std::vector<double> gradNorm;       // per layer ||grad||
};

} // namespace hialign::app

Q_DECLARE_METATYPE(hialign::app::TrainingSample)

// How a training run ended, for the window.
#pragma once

#include <QMetaType>
#include <QString>

namespace hialign::app {

// How a run ended.
struct TrainingResult {
    QString status;     // finished, stopped, failed
    QString message;    // one sentence for the user
    qint64 steps = 0;
    qint64 totalSteps = 0;
    QString runDir;
};

} // namespace hialign::app

Q_DECLARE_METATYPE(hialign::app::TrainingResult)

// Runs one DPO training (new or resumed) on the thread it is moved to and
// reports through queued signals. The controller owns the thread; the
// CancelToken is shared so the GUI thread can pause and stop the run.
#pragma once

#include <QObject>
#include <QString>

#include <memory>

#include "app/gui/TrainingResult.h"
#include "app/gui/TrainingSample.h"
#include "app/gui/CoreMetaTypes.h"
#include "settings/TrainConfig.h"

namespace hialign::train { struct CancelToken; }

namespace hialign::app {

class TrainingWorker : public QObject {
    Q_OBJECT
public:
    // resume: continue the run in runDir from its newest checkpoint (config unused).
    TrainingWorker(train::TrainConfig config, QString runDir, bool resume,
                   std::shared_ptr<train::CancelToken> token);
    ~TrainingWorker() override;

public Q_SLOTS:
    void run();

Q_SIGNALS:
    void sampleReady(const hialign::app::TrainingSample& sample);
    void message(const QString& text);
    // One sampled step's answers over training (settings/Samples.h).
    void answersReady(const std::vector<hialign::train::SampleRecord>& records);
    void finished(const hialign::app::TrainingResult& result);

private:
    train::TrainConfig config_;
    QString runDir_;
    bool resume_ = false;
    std::shared_ptr<train::CancelToken> token_;
};

} // namespace hialign::app

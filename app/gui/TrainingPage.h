// Training from the workbench: the panel's Start, Pause and Stop, the
// training controller's reports on the panel, the layer stack, the training
// curves and the answers over training, resuming runs, and finished runs'
// curves and answers read back from their folders.
#pragma once

#include <QObject>
#include <QString>

#include <vector>

#include "app/gui/TrainingResult.h"
#include "app/gui/TrainingSample.h"

namespace hialign::widgets {
class LayerStackView;
class MetricsPlot;
class SamplesView;
}
namespace hialign::train { struct SampleRecord; }

namespace hialign::app {

class ComparePage;
class PageHost;
class RunsBrowser;
class TrainingController;
class TrainingPanel;

class TrainingPage : public QObject {
    Q_OBJECT
public:
    TrainingPage(PageHost& host, TrainingPanel* panel, widgets::LayerStackView* layers, widgets::MetricsPlot* plot,
                 widgets::SamplesView* answers, RunsBrowser* runs, ComparePage* compare, QObject* parent = nullptr);

    TrainingController* controller() const { return training_; }

    // Starts training with the panel's settings and the drawn plan.
    bool startTraining();
    // Continues the run in `dir` from its newest checkpoint.
    void resume(const QString& dir);
    // Loads a finished run's curves into the plots (overlaid).
    void openRun(const QString& dir);
    // Stops a training run and waits for its checkpoint.
    void stopAndWait();

private:
    void connectPanel();
    void connectController();
    void onSample(const TrainingSample& sample);
    void onFinished(const TrainingResult& result);
    void onAnswers(const std::vector<train::SampleRecord>& records);
    // A run folder's samples.jsonl into the answers view and the judged-score curve of plot run `plotRun`.
    void readAnswers(const QString& dir, const QString& name, int plotRun);
    // Each sampled step's mean judged score onto the judged-score curve of plot run `plotRun`.
    void plotJudgedScores(int plotRun, const std::vector<train::SampleRecord>& records);

    PageHost& host_;
    TrainingPanel* panel_;
    widgets::LayerStackView* layers_;
    widgets::MetricsPlot* plot_;
    widgets::SamplesView* answers_;
    RunsBrowser* runs_;
    ComparePage* compare_;
    TrainingController* training_ = nullptr;
    int liveRun_ = 0;            // MetricsPlot run id of the training run
    QString liveName_;           // its name (the answers view's run)
    qint64 firstStep_ = -1;      // first step seen in this session of the run (for the ETA)
};

} // namespace hialign::app

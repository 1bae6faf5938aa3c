// The workbench window: the training panel on the left; the layer stack,
// live plots, compare view, runs browser and sweep results as tabs. Owns the training and
// generation controllers (their threads end when the window does).
#pragma once

#include <QMainWindow>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

#include "app/gui/AppOptions.h"
#include "app/gui/TrainingResult.h"
#include "app/gui/TrainingSample.h"
#include "io/ModelConfig.h"

class QAction;
class QLabel;
class QFrame;
class QTabWidget;
class QMenu;
class QProgressBar;
class QScrollArea;
class QToolButton;

namespace hialign::probe { struct ProbeResult; }

namespace hialign::widgets {
class CompareView;
class LayerStackView;
class MetricsPlot;
class SweepView;
}

namespace hialign::app {

class CompareController;
class ProbeController;
struct ProbeJob;
struct ProbeOutcome;
class RunsBrowser;
class SweepController;
struct SweepJob;
class TrainingController;
class TrainingPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const AppOptions& options = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loading: on failure the core's message shows in the window's message
    // bar (and lastError()), and the window keeps its previous state.
    bool openModel(const QString& dir);
    bool openData(const QString& file);
    void setWorkspace(const QString& dir);
    QString lastError() const { return lastError_; }
    bool hasModel() const { return config_.has_value(); }

    // Starts training with the panel's settings and the drawn plan.
    bool startTraining();
    // Loads a finished run's curves into the plots (overlaid).
    void openRun(const QString& dir);
    // Merges a run's adapter into its base model and writes outDir (on a
    // worker thread); the result shows in the status bar, a failure in the
    // message bar. False when a merge is already running.
    bool mergeRun(const QString& runDir, const QString& outDir);
    // Opens a strategy sweep folder on the Sweep page (false: the page shows why).
    bool openSweep(const QString& dir);
    // Shows "layers", "training", "compare", "runs" or "sweep".
    void showView(const QString& name);
    // Compares the current prompt on the selected models.
    void compareCurrentPrompt();

    // Screenshot mode: optional probe and short training, then the view, rendered
    // and saved. Returns 0, or 1 with the reason in lastError().
    int runScreenshot(const AppOptions& options);

    // Asked when closing during training; the default shows a question dialog.
    void setCloseConfirmation(std::function<bool()> confirm);

    TrainingPanel* trainingPanel() const { return panel_; }
    widgets::LayerStackView* layerView() const { return layers_; }
    widgets::MetricsPlot* metricsPlot() const { return plot_; }
    widgets::CompareView* compareView() const { return compare_; }
    RunsBrowser* runsBrowser() const { return runs_; }
    widgets::SweepView* sweepView() const { return sweep_; }
    TrainingController* training() const { return training_; }
    CompareController* comparer() const { return comparer_; }
    SweepController* sweeps() const { return sweeps_; }
    // Starts a sweep on its worker thread; its report opens when it finishes.
    bool startSweep(const SweepJob& job);

    // The layer probe (docs/PROBE.md). startProbe runs it on its worker
    // thread (false, with the sentence in lastError(), when it cannot
    // start); when it finishes the layer stack shows its columns and, when
    // the job names a folder, its files are there.
    ProbeController* probes() const { return probes_; }
    bool startProbe(const ProbeJob& job);
    // Reads probe.json (a file or a folder holding one) onto the layer
    // stack; refused, with one sentence, for a probe of another layer count.
    bool openProbe(const QString& fileOrDir);
    // The probe on show (nullptr: none).
    const probe::ProbeResult* probeResult() const { return probe_.get(); }
    // The plan for training one dimension's block: the suggested cuts and the
    // strategy of the block assigned to that dimension. False without a
    // suggestion or while training.
    bool trainDimensionBlock(int dimension);

Q_SIGNALS:
    // A merge started by mergeRun ended (ok false: its message is in the message bar).
    void mergeFinished(const QString& outDir, bool ok);

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    // The constructor's steps, in order.
    void createControllers();
    void createPages();
    void createErrorBanner();
    void connectPanel();
    void connectTraining();
    void connectCompare();
    void connectRuns();
    void connectSweep();
    void buildMenus();
    // Settings, then the model, data, workspace and sweep to open first.
    void restoreSession(const AppOptions& options);
    void retranslate();
    void showError(const QString& message);
    void clearError();
    void onSample(const TrainingSample& sample);
    void onFinished(const TrainingResult& result);
    void refreshCompareCandidates();
    void setupJudge();
    void rememberRecent(const QString& dir);
    void rebuildRecentMenu();
    void loadSettings();
    void saveSettings() const;
    // File ▸ Run sweep… and the Sweep page's button: the sweep dialog, filled
    // in for the open model (the demo lab's data and exact judge for a lab
    // model), then startSweep(); while a sweep runs, the same action stops it.
    void runSweep();
    // Layers ▸ Probe layers…: the probe dialog, then startProbe(); while a
    // probe runs, the same action stops it.
    void runProbe();
    void connectProbe();
    void onProbeFinished(const ProbeOutcome& outcome);
    // Puts `result` on the layer stack; false (and *error) when it does not fit.
    bool showProbe(std::shared_ptr<const probe::ProbeResult> result, QString* error);
    void clearProbe();
    void rebuildProbeMenu();
    // One sentence in the banner and in a message box that does not block.
    void showProbeProblem(const QString& message);

    TrainingPanel* panel_ = nullptr;
    QScrollArea* panelScroll_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    widgets::LayerStackView* layers_ = nullptr;
    widgets::MetricsPlot* plot_ = nullptr;
    widgets::CompareView* compare_ = nullptr;
    RunsBrowser* runs_ = nullptr;
    widgets::SweepView* sweep_ = nullptr;
    QAction* exportSweepAction_ = nullptr;
    QAction* runSweepAction_ = nullptr;
    QFrame* banner_ = nullptr;
    QLabel* bannerText_ = nullptr;
    QMenu* fileMenu_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QMenu* layersMenu_ = nullptr;
    QMenu* trainBlockMenu_ = nullptr;
    QAction* probeAction_ = nullptr;
    QAction* openProbeAction_ = nullptr;
    QAction* clearProbeAction_ = nullptr;
    QProgressBar* probeProgress_ = nullptr;
    QToolButton* probeCancel_ = nullptr;
    QMenu* helpMenu_ = nullptr;

    TrainingController* training_ = nullptr;
    CompareController* comparer_ = nullptr;
    SweepController* sweeps_ = nullptr;
    ProbeController* probes_ = nullptr;
    std::shared_ptr<const probe::ProbeResult> probe_;
    std::optional<io::ModelConfig> config_;
    QString loadedModelDir_;     // absolute folder of config_
    QString lastError_;
    bool merging_ = false;
    int liveRun_ = 0;            // MetricsPlot run id of the training run
    qint64 firstStep_ = -1;      // first step seen in this session of the run (for the ETA)
    quint64 compareRequest_ = 0;
    std::function<bool()> confirmClose_;
    bool closing_ = false;
};

} // namespace hialign::app

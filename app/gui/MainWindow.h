// The workbench window: the training panel on the left; the layer stack,
// live plots, compare view, runs browser and sweep results as tabs. The
// window holds the menus, the message bar, the status bar and the open
// model; each page's work is in its page object (TrainingPage, ComparePage,
// RunsPage, SweepPage, ProbePage), which owns its controller (their threads
// end when the window does).
#pragma once

#include <QMainWindow>
#include <QString>

#include <functional>
#include <optional>

#include "app/gui/AppOptions.h"
#include "app/gui/PageHost.h"
#include "config/ModelConfig.h"

class QAction;
class QFrame;
class QLabel;
class QMenu;
class QProcess;
class QScrollArea;
class QTabWidget;

namespace hialign::probe { struct ProbeResult; }

namespace hialign::widgets {
class CompareView;
class LayerStackView;
class MetricsPlot;
class SamplesView;
class SweepView;
}

namespace hialign::app {

class CompareController;
class ComparePage;
class LensPage;
class Lesson;
class LessonPanel;
class ProbeController;
class ProbePage;
struct ProbeJob;
class RunsBrowser;
class RunsPage;
class SweepController;
struct SweepJob;
class SweepPage;
class TrainingController;
class TrainingPage;
class TrainingPanel;

class MainWindow : public QMainWindow, public PageHost {
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

    // The pages.
    TrainingPage* trainingPage() const { return trainingPage_; }
    ComparePage* comparePage() const { return comparePage_; }
    RunsPage* runsPage() const { return runsPage_; }
    SweepPage* sweepPage() const { return sweepPage_; }
    ProbePage* probePage() const { return probePage_; }
    LensPage* lensPage() const { return lensPage_; }

    // Starts training with the panel's settings and the drawn plan.
    bool startTraining();
    // Loads a finished run's curves into the plots (overlaid).
    void openRun(const QString& dir);
    // Merges a run's adapter into its base model (see RunsPage::mergeRun).
    bool mergeRun(const QString& runDir, const QString& outDir);
    // Opens a strategy sweep folder on the Sweep page (false: the page shows why).
    bool openSweep(const QString& dir);
    // Compares the current prompt on the selected models.
    void compareCurrentPrompt();
    // Starts a sweep on its worker thread; its report opens when it finishes.
    bool startSweep(const SweepJob& job);
    // The layer probe (see ProbePage).
    bool startProbe(const ProbeJob& job);
    bool openProbe(const QString& fileOrDir);
    const probe::ProbeResult* probeResult() const;
    bool trainDimensionBlock(int dimension);

    // The guided lesson (Help ▸ Lesson): made when first asked for.
    Lesson* lesson();
    LessonPanel* showLesson();
    LessonPanel* lessonPanel() const { return lessonPanel_; }
    // Writes the lesson's handout in a `hialign --export-handout` process of
    // its own (its steps run there, not in this window); false, with the
    // sentence in the message bar, when it cannot start.
    bool exportHandout(const QString& pdfFile);
    bool isExportingHandout() const { return handout_ != nullptr; }

    // Asked when closing during training; the default shows a question dialog.
    void setCloseConfirmation(std::function<bool()> confirm);

    TrainingPanel* trainingPanel() const { return panel_; }
    widgets::LayerStackView* layerView() const { return layers_; }
    widgets::MetricsPlot* metricsPlot() const { return plot_; }
    widgets::SamplesView* answersView() const { return answers_; }
    widgets::CompareView* compareView() const { return compare_; }
    RunsBrowser* runsBrowser() const { return runs_; }
    widgets::SweepView* sweepView() const { return sweep_; }
    TrainingController* training() const;
    CompareController* comparer() const;
    SweepController* sweeps() const;
    ProbeController* probes() const;

    // PageHost
    const std::optional<io::ModelConfig>& modelConfig() const override { return config_; }
    QString modelFolder() const override { return loadedModelDir_; }
    void showError(const QString& message) override;
    void clearError() override;
    void noteError(const QString& message) override { lastError_ = message; }
    void showStatus(const QString& text, int timeoutMs = 0) override;
    void clearStatus() override;
    void showView(const QString& name) override;
    void saveSettings() const override;
    QWidget* dialogParent() override { return this; }

Q_SIGNALS:
    // A merge started by mergeRun ended (ok false: its message is in the message bar).
    void mergeFinished(const QString& outDir, bool ok);

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    // The constructor's steps, in order.
    void createPages();
    void createLayout();
    void createErrorBanner();
    void connectPanel();
    void buildMenus();
    void buildFileMenu();
    void buildViewAndHelpMenus();
    // Settings, then the model, data, workspace and sweep to open first.
    void restoreSession(const AppOptions& options);
    void retranslate();
    void rebuildRecentMenu();
    void askForHandout();

    TrainingPanel* panel_ = nullptr;
    QScrollArea* panelScroll_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    widgets::LayerStackView* layers_ = nullptr;
    widgets::MetricsPlot* plot_ = nullptr;
    widgets::SamplesView* answers_ = nullptr;
    widgets::CompareView* compare_ = nullptr;
    RunsBrowser* runs_ = nullptr;
    widgets::SweepView* sweep_ = nullptr;
    QFrame* banner_ = nullptr;
    QLabel* bannerText_ = nullptr;
    QMenu* fileMenu_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QMenu* layersMenu_ = nullptr;
    QMenu* helpMenu_ = nullptr;
    QAction* openModelAction_ = nullptr;
    QAction* openDataAction_ = nullptr;
    QAction* quitAction_ = nullptr;
    QAction* lessonAction_ = nullptr;
    QAction* handoutAction_ = nullptr;
    QAction* aboutAction_ = nullptr;

    TrainingPage* trainingPage_ = nullptr;
    ComparePage* comparePage_ = nullptr;
    RunsPage* runsPage_ = nullptr;
    SweepPage* sweepPage_ = nullptr;
    ProbePage* probePage_ = nullptr;
    LensPage* lensPage_ = nullptr;
    Lesson* lesson_ = nullptr;
    LessonPanel* lessonPanel_ = nullptr;
    QProcess* handout_ = nullptr;
    std::optional<io::ModelConfig> config_;
    QString loadedModelDir_;     // absolute folder of config_
    QString lastError_;
    std::function<bool()> confirmClose_;
};

} // namespace hialign::app

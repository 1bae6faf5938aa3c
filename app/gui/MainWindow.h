// The workbench window: the training panel on the left; the layer stack,
// live plots, compare view and runs browser as tabs. Owns the training and
// generation controllers (their threads end when the window does).
#pragma once

#include <QMainWindow>
#include <QString>

#include <functional>
#include <optional>

#include "app/gui/AppOptions.h"
#include "app/gui/TrainingResult.h"
#include "app/gui/TrainingSample.h"
#include "io/ModelConfig.h"

class QLabel;
class QFrame;
class QTabWidget;
class QMenu;

namespace hialign::widgets {
class CompareView;
class LayerStackView;
class MetricsPlot;
}

namespace hialign::app {

class CompareController;
class RunsBrowser;
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
    // Shows "layers", "training", "compare" or "runs".
    void showView(const QString& name);
    // Compares the current prompt on the selected models.
    void compareCurrentPrompt();

    // Screenshot mode: optional short training, then the view, rendered and saved.
    int runScreenshot(const AppOptions& options);

    // Asked when closing during training; the default shows a question dialog.
    void setCloseConfirmation(std::function<bool()> confirm);

    TrainingPanel* trainingPanel() const { return panel_; }
    widgets::LayerStackView* layerView() const { return layers_; }
    widgets::MetricsPlot* metricsPlot() const { return plot_; }
    widgets::CompareView* compareView() const { return compare_; }
    RunsBrowser* runsBrowser() const { return runs_; }
    TrainingController* training() const { return training_; }
    CompareController* comparer() const { return comparer_; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void buildMenus();
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

    TrainingPanel* panel_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    widgets::LayerStackView* layers_ = nullptr;
    widgets::MetricsPlot* plot_ = nullptr;
    widgets::CompareView* compare_ = nullptr;
    RunsBrowser* runs_ = nullptr;
    QFrame* banner_ = nullptr;
    QLabel* bannerText_ = nullptr;
    QMenu* fileMenu_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QMenu* helpMenu_ = nullptr;

    TrainingController* training_ = nullptr;
    CompareController* comparer_ = nullptr;
    std::optional<io::ModelConfig> config_;
    QString lastError_;
    int liveRun_ = 0;            // MetricsPlot run id of the training run
    qint64 firstStep_ = -1;      // first step seen in this session of the run (for the ETA)
    quint64 compareRequest_ = 0;
    std::function<bool()> confirmClose_;
    bool closing_ = false;
};

} // namespace hialign::app

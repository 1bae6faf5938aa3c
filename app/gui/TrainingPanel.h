// The training side panel: model folder, preference file, workspace,
// strategy with LoRA and DPO settings (defaults and one-line explanations),
// Start / Pause / Stop and the progress of the current run.
#pragma once

#include <QString>
#include <QWidget>

#include "align/LayerPlan.h"
#include "settings/TrainConfig.h"

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QMenu;
class QToolButton;

namespace hialign::app {

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget* parent = nullptr);

    // Everything but the plan (which the layer stack owns), on top of
    // TrainConfig::interactiveDefaults(); setSettings shows the fields the
    // panel has (the panel starts with interactiveDefaults()).
    train::TrainConfig settings() const;
    void setSettings(const train::TrainConfig& settings);

    QString modelDir() const;
    void setModelDir(const QString& dir);
    void setModelSummary(const QString& text);
    QString dataFile() const;
    void setDataFile(const QString& file);
    void setDataSummary(const QString& text);
    QString workspace() const;
    void setWorkspace(const QString& dir);
    // Answers over training: a prompt file of the user's; empty: the demo
    // lab's held-out prompts for a lab model, no sampling for another.
    QString samplePrompts() const;
    void setSamplePrompts(const QString& file);
    QSpinBox* sampleEverySpin() const { return sampleEvery_; }

    void setStrategy(align::Strategy strategy);

    void setRunning(bool running);
    void setPaused(bool paused);
    // step of total; eta and throughput as text ("" hides them).
    void setProgress(qint64 step, qint64 total, const QString& detail);
    void setStatus(const QString& text);

    QPushButton* startButton() const { return start_; }
    QPushButton* pauseButton() const { return pause_; }
    QPushButton* stopButton() const { return stop_; }
    QProgressBar* progressBar() const { return progress_; }

Q_SIGNALS:
    void modelDirChosen(const QString& dir);
    void dataFileChosen(const QString& file);
    void workspaceChosen(const QString& dir);
    void strategyChosen(hialign::align::Strategy strategy);
    void startRequested();
    void pauseToggled(bool pause);
    void stopRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    // The constructor's steps: the four group boxes, then the signals.
    void createDataBox();
    void createLoraBox();
    void createDpoBox();
    void createDeviceChoice();
    void createRunBox();
    void createSampleRows(QFormLayout* form);
    void updateSampleHint();
    void connectControls();
    void fillHubMenu();   // the models in the Hugging Face cache (config/HubCache.h), read when the menu opens
    void retranslate();
    QLabel* explanation();
    QLabel* newLabel();   // a form label that retranslate() fills in

    QGroupBox* dataBox_ = nullptr;
    QGroupBox* loraBox_ = nullptr;
    QGroupBox* dpoBox_ = nullptr;
    QGroupBox* runBox_ = nullptr;
    QLineEdit* modelEdit_ = nullptr;
    QToolButton* modelBrowse_ = nullptr;   // click: a folder; its menu: a model from the Hugging Face cache
    QMenu* hubMenu_ = nullptr;
    QLabel* modelSummary_ = nullptr;
    QLineEdit* dataEdit_ = nullptr;
    QToolButton* dataBrowse_ = nullptr;
    QLabel* dataSummary_ = nullptr;
    QLineEdit* workspaceEdit_ = nullptr;
    QToolButton* workspaceBrowse_ = nullptr;
    QComboBox* strategy_ = nullptr;
    QComboBox* modules_ = nullptr;
    QSpinBox* rank_ = nullptr;
    QDoubleSpinBox* alpha_ = nullptr;
    QComboBox* loss_ = nullptr;
    QSpinBox* sampleEvery_ = nullptr;      // 0: off
    int shownSteps_ = 0;                   // the steps the sampling interval was last matched to
    QLineEdit* samplePromptsEdit_ = nullptr;
    QToolButton* samplePromptsBrowse_ = nullptr;
    QLabel* sampleHint_ = nullptr;
    QDoubleSpinBox* beta_ = nullptr;
    QDoubleSpinBox* learningRate_ = nullptr;
    QSpinBox* steps_ = nullptr;
    QSpinBox* batch_ = nullptr;
    QSpinBox* evalEvery_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QComboBox* device_ = nullptr;
    QLabel* loraHelp_ = nullptr;
    QLabel* dpoHelp_ = nullptr;
    QList<QLabel*> labels_;
    QPushButton* start_ = nullptr;
    QPushButton* pause_ = nullptr;
    QPushButton* stop_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* progressDetail_ = nullptr;
    QLabel* status_ = nullptr;
};

} // namespace hialign::app

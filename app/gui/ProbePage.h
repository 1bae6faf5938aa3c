// The layer probe in the workbench (docs/PROBE.md): the Layers menu's probe
// actions, the probe controller with its progress in the status bar, and
// the probe on show on the layer stack with the plans that follow from it.
#pragma once

#include <QObject>
#include <QString>

#include <memory>

class QAction;
class QMenu;
class QProgressBar;
class QStatusBar;
class QToolButton;

namespace hialign::probe { struct ProbeResult; }
namespace hialign::widgets { class LayerStackView; }

namespace hialign::app {

class PageHost;
class TrainingPanel;
class ProbeController;
struct ProbeJob;
struct ProbeOutcome;

class ProbePage : public QObject {
    Q_OBJECT
public:
    ProbePage(PageHost& host, widgets::LayerStackView* layers, TrainingPanel* panel, QObject* parent = nullptr);
    ~ProbePage() override;

    ProbeController* controller() const { return probes_; }
    // The probe on show (nullptr: none).
    const probe::ProbeResult* result() const { return probe_.get(); }

    // The progress bar and cancel button, added to `bar`.
    void addStatusWidgets(QStatusBar* bar);
    // Probe layers…, Open probe result…, Apply suggested cuts, Train a
    // dimension's block and Clear probe, appended to `menu`.
    void addActions(QMenu* menu);
    void retranslate();
    // Forgets the probe on show (another model opened).
    void forgetResult();

    // The probe dialog, then startProbe(); while a probe runs, it stops it.
    void runProbe();
    // Runs the probe on its worker thread (false, with the sentence in the
    // message bar, when it cannot start); when it finishes the layer stack
    // shows its columns and, when the job names a folder, its files are there.
    bool startProbe(const ProbeJob& job);
    // Reads probe.json (a file or a folder holding one) onto the layer
    // stack; refused, with one sentence, for a probe of another layer count.
    bool openProbe(const QString& fileOrDir);
    void clearProbe();
    // The plan for training one dimension's block: the suggested cuts and the
    // strategy of the block assigned to that dimension. False without a
    // suggestion or while training.
    bool trainDimensionBlock(int dimension);
    // The same block with the probe's per-layer ranks (probe::probeRanks,
    // docs/PROBE.md) within what the block costs at the panel's rank. False
    // (the core's sentence in the message bar) when they cannot be had.
    bool trainWithProbeRanks(int dimension);

private:
    void connectController();
    void onFinished(const ProbeOutcome& outcome);
    // Puts `result` on the layer stack; false (and *error) when it does not fit.
    bool showProbe(std::shared_ptr<const probe::ProbeResult> result, QString* error);
    void rebuildMenu();
    // One sentence in the message bar and in a message box that does not block.
    void showProblem(const QString& message);

    PageHost& host_;
    widgets::LayerStackView* layers_;
    ProbeController* probes_ = nullptr;
    std::shared_ptr<const probe::ProbeResult> probe_;
    QAction* probeAction_ = nullptr;
    QAction* openAction_ = nullptr;
    QAction* clearAction_ = nullptr;
    QMenu* trainBlockMenu_ = nullptr;
    QMenu* rankMenu_ = nullptr;
    TrainingPanel* panel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QToolButton* cancel_ = nullptr;
};

} // namespace hialign::app

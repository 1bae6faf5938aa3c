// The Sweep page: open, export and run strategy sweeps. Owns the sweep
// controller and the File menu's sweep actions; a finished sweep's report
// opens on the page.
#pragma once

#include <QObject>
#include <QString>

class QAction;
class QMenu;

namespace hialign::widgets {
class LayerStackView;
class SweepView;
}

namespace hialign::app {

class PageHost;
class SweepController;
struct SweepJob;
class TrainingPanel;

class SweepPage : public QObject {
    Q_OBJECT
public:
    SweepPage(PageHost& host, TrainingPanel* panel, widgets::LayerStackView* layers, widgets::SweepView* view,
              QObject* parent = nullptr);

    SweepController* controller() const { return sweeps_; }
    widgets::SweepView* view() const { return view_; }

    // Open sweep…, Export sweep report… and Run sweep…, appended to `menu`.
    void addActions(QMenu* menu);
    void retranslate();

    // Opens a strategy sweep folder on the page (false: the page shows why).
    bool openSweep(const QString& dir);
    // The sweep dialog, filled in for the open model (the demo lab's data and
    // exact judge for a lab model), then startSweep(); while a sweep runs,
    // the same action stops it.
    void runSweep();
    // Starts a sweep on its worker thread; its report opens when it finishes.
    bool startSweep(const SweepJob& job);

private:
    void connectView();
    void connectController();

    PageHost& host_;
    TrainingPanel* panel_;
    widgets::LayerStackView* layers_;
    widgets::SweepView* view_;
    SweepController* sweeps_ = nullptr;
    QAction* openAction_ = nullptr;
    QAction* exportAction_ = nullptr;
    QAction* runAction_ = nullptr;
};

} // namespace hialign::app

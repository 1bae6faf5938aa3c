// The Lens panel beside the layer stack: pick a pair of the open preference
// file or type a prompt, pick Base alone or a run (its final adapter or a
// checkpoint's), and Read: each layer's read-out through the final norm and
// head (lens::runLens, on a worker thread) shows in a LensView whose rows
// follow the layer stack's. It reads again when a run finishes while a
// read-out is on show.
#pragma once

#include <QFutureWatcher>
#include <QWidget>

#include <vector>

#include "app/gui/LensWorker.h"

class QComboBox;
class QLabel;
class QPushButton;

namespace hialign::align { struct PreferenceRecord; }
namespace hialign::widgets {
class LayerStackView;
class LensView;
}

namespace hialign::app {

class PageHost;
struct RunSummary;

class LensPage : public QWidget {
    Q_OBJECT
public:
    LensPage(PageHost& host, widgets::LayerStackView* layers, QWidget* parent = nullptr);
    ~LensPage() override;

    widgets::LensView* view() const { return view_; }
    QComboBox* inputBox() const { return input_; }
    QComboBox* runBox() const { return run_; }

    // The open preference file's pairs, as the input's choices.
    void setPairs(const QString& dataFile, const std::vector<align::PreferenceRecord>& records);
    // The workspace's runs with an adapter, and their complete checkpoints.
    void setRuns(const QList<RunSummary>& runs);
    // Chooses a run (its final adapter) as the read-out beside Base.
    bool selectRun(const QString& runDir);
    // Another model opened: the read-out on show no longer applies.
    void modelChanged();
    // A run finished: it becomes the one beside Base, and the lens reads again if it was showing.
    void runFinished(const QString& runDir);

    // Reads the chosen input; false (and the reason under the table) when it cannot start.
    bool read();
    bool isBusy() const;

Q_SIGNALS:
    void readFinished(bool ok);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void onFinished();

    PageHost& host_;
    widgets::LensView* view_ = nullptr;
    QComboBox* input_ = nullptr;
    QComboBox* run_ = nullptr;
    QPushButton* read_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* inputLabel_ = nullptr;
    QLabel* runLabel_ = nullptr;
    QString dataFile_;
    bool shown_ = false;   // a read-out is on show
    QFutureWatcher<LensOutcome>* watcher_ = nullptr;
};

} // namespace hialign::app

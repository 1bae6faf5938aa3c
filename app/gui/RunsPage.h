// The Runs page's requests: open a run's curves, resume it, compare runs,
// merge a run's adapter into its base model (on a worker thread) and choose
// the workspace.
#pragma once

#include <QObject>
#include <QString>

namespace hialign::app {

class ComparePage;
class PageHost;
class RunsBrowser;
class TrainingPage;

class RunsPage : public QObject {
    Q_OBJECT
public:
    RunsPage(PageHost& host, RunsBrowser* runs, TrainingPage* training, ComparePage* compare, QObject* parent = nullptr);

    RunsBrowser* browser() const { return runs_; }

    // Merges a run's adapter into its base model and writes outDir (on a
    // worker thread); the result shows in the status bar, a failure in the
    // message bar. False when a merge is already running.
    bool mergeRun(const QString& runDir, const QString& outDir);

Q_SIGNALS:
    // A merge started by mergeRun ended (ok false: its message is in the message bar).
    void mergeFinished(const QString& outDir, bool ok);
    // The user chose another folder for run folders.
    void workspaceChosen(const QString& dir);

private:
    PageHost& host_;
    RunsBrowser* runs_;
    TrainingPage* training_;
    ComparePage* compare_;
    bool merging_ = false;
};

} // namespace hialign::app

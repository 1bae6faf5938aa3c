// The Compare page: Base and trained adapters side by side on one prompt.
// Owns the generation controller, the judge for the open model (the demo
// lab's exact checkers for a lab model), the prompts and the candidates.
#pragma once

#include <QObject>
#include <QString>

#include <vector>

namespace hialign::align { struct PreferenceRecord; }
namespace hialign::widgets { class CompareView; }

namespace hialign::app {

class CompareController;
class PageHost;
class RunsBrowser;
class TrainingPanel;

class ComparePage : public QObject {
    Q_OBJECT
public:
    ComparePage(PageHost& host, TrainingPanel* panel, widgets::CompareView* view, RunsBrowser* runs,
                QObject* parent = nullptr);

    CompareController* controller() const { return comparer_; }
    widgets::CompareView* view() const { return view_; }

    // Compares the current prompt on the selected models.
    void compareCurrentPrompt();
    // Base and every run of the workspace that has an adapter.
    void refreshCandidates();
    // The judge for the panel's model folder.
    void setupJudge();
    // The data folder's held-out eval prompts (eval_*.jsonl) first, then the
    // data set's own: unique, in order, at most 60.
    void setPrompts(const QString& dataFile, const std::vector<align::PreferenceRecord>& records);

private:
    void connectController();

    PageHost& host_;
    TrainingPanel* panel_;
    widgets::CompareView* view_;
    RunsBrowser* runs_;
    CompareController* comparer_ = nullptr;
    quint64 request_ = 0;
};

} // namespace hialign::app

// The run folders of a workspace (the GUI's and the command line's alike):
// status and headline metrics, with open, resume, compare and delete.
#pragma once

#include <QList>
#include <QString>
#include <QWidget>

#include <functional>

#include "app/gui/RunSummary.h"

class QLabel;
class QPushButton;
class QTableWidget;

namespace hialign::app {

class RunsBrowser : public QWidget {
    Q_OBJECT
public:
    explicit RunsBrowser(QWidget* parent = nullptr);

    void setWorkspace(const QString& dir);
    QString workspace() const { return workspace_; }
    const QList<RunSummary>& runs() const { return runs_; }
    // The run that is training now (shown as running whatever run.json says).
    void setActiveRun(const QString& dir);

    QStringList selectedRuns() const;
    void selectRun(const QString& dir);

    // Asked before deleting; the default shows a question dialog.
    void setDeleteConfirmation(std::function<bool(const QString& dir)> confirm);

public Q_SLOTS:
    void refresh();
    void deleteSelected();

Q_SIGNALS:
    // runs() was read again from the workspace.
    void refreshed();
    void openRequested(const QString& dir);
    void resumeRequested(const QString& dir);
    void compareRequested(const QStringList& dirs);
    // Merge the run's adapter into its base model (a run with an adapter).
    void mergeRequested(const QString& dir);
    void chooseWorkspaceRequested();
    void runDeleted(const QString& dir);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void updateButtons();
    QString statusText(const RunSummary& run) const;

    QString workspace_;
    QString activeRun_;
    QList<RunSummary> runs_;
    QLabel* workspaceLabel_ = nullptr;
    QTableWidget* table_ = nullptr;
    QPushButton* chooseButton_ = nullptr;
    QPushButton* refreshButton_ = nullptr;
    QPushButton* openButton_ = nullptr;
    QPushButton* resumeButton_ = nullptr;
    QPushButton* compareButton_ = nullptr;
    QPushButton* mergeButton_ = nullptr;
    QPushButton* deleteButton_ = nullptr;
    std::function<bool(const QString&)> confirmDelete_;
};

} // namespace hialign::app

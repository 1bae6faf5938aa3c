#include "app/gui/RunsBrowser.h"

#include <QDir>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace hialign::app {

namespace {

enum Column { Name, Status, Strategy, Steps, Loss, Margin, Accuracy, Modified, ColumnCount };

QString number(double v, int decimals)
{
    return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'f', decimals);
}

} // namespace

RunsBrowser::RunsBrowser(QWidget* parent) : QWidget(parent)
{
    workspaceLabel_ = new QLabel(this);
    workspaceLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    chooseButton_ = new QPushButton(this);
    refreshButton_ = new QPushButton(this);
    table_ = new QTableWidget(0, ColumnCount, this);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setSortingEnabled(false);
    openButton_ = new QPushButton(this);
    resumeButton_ = new QPushButton(this);
    compareButton_ = new QPushButton(this);
    mergeButton_ = new QPushButton(this);
    deleteButton_ = new QPushButton(this);

    auto* top = new QHBoxLayout;
    top->addWidget(workspaceLabel_, 1);
    top->addWidget(chooseButton_);
    top->addWidget(refreshButton_);
    auto* actions = new QHBoxLayout;
    actions->addWidget(openButton_);
    actions->addWidget(resumeButton_);
    actions->addWidget(compareButton_);
    actions->addWidget(mergeButton_);
    actions->addStretch(1);
    actions->addWidget(deleteButton_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(table_, 1);
    layout->addLayout(actions);

    connect(chooseButton_, &QPushButton::clicked, this, &RunsBrowser::chooseWorkspaceRequested);
    connect(refreshButton_, &QPushButton::clicked, this, &RunsBrowser::refresh);
    connect(table_, &QTableWidget::itemSelectionChanged, this, &RunsBrowser::updateButtons);
    connect(table_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        if (row >= 0 && row < runs_.size())
            Q_EMIT openRequested(runs_[row].dir);
    });
    connect(openButton_, &QPushButton::clicked, this, [this] {
        for (const QString& d : selectedRuns())
            Q_EMIT openRequested(d);
    });
    connect(resumeButton_, &QPushButton::clicked, this, [this] {
        const QStringList dirs = selectedRuns();
        if (dirs.size() == 1)
            Q_EMIT resumeRequested(dirs.first());
    });
    connect(compareButton_, &QPushButton::clicked, this, [this] { Q_EMIT compareRequested(selectedRuns()); });
    connect(mergeButton_, &QPushButton::clicked, this, [this] {
        const QStringList dirs = selectedRuns();
        if (dirs.size() == 1)
            Q_EMIT mergeRequested(dirs.first());
    });
    connect(deleteButton_, &QPushButton::clicked, this, &RunsBrowser::deleteSelected);
    confirmDelete_ = [this](const QString& dir) {
        return QMessageBox::question(this, tr("Delete run"),
                                     tr("Delete the run folder %1 with its checkpoints and adapter? This cannot be undone.")
                                         .arg(QDir::toNativeSeparators(dir)),
                                     QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
            == QMessageBox::Yes;
    };
    retranslate();
}

void RunsBrowser::retranslate()
{
    table_->setHorizontalHeaderLabels({tr("Run"), tr("Status"), tr("Strategy (layers)"), tr("Steps"), tr("Loss"),
                                       tr("Margin"), tr("Accuracy"), tr("Last change")});
    chooseButton_->setText(tr("Choose workspace…"));
    refreshButton_->setText(tr("Refresh"));
    openButton_->setText(tr("Open"));
    openButton_->setToolTip(tr("Show the run's curves in the training plots"));
    resumeButton_->setText(tr("Resume"));
    resumeButton_->setToolTip(tr("Continue a stopped run from its newest checkpoint"));
    compareButton_->setText(tr("Compare"));
    compareButton_->setToolTip(tr("Overlay the selected runs' curves and add their adapters to the compare view"));
    mergeButton_->setText(tr("Merge into model…"));
    mergeButton_->setToolTip(tr("Write the base model with this run's adapter merged in, as a Hugging Face model folder"));
    deleteButton_->setText(tr("Delete…"));
    workspaceLabel_->setText(workspace_.isEmpty() ? tr("No workspace chosen")
                                                  : tr("Workspace: %1").arg(QDir::toNativeSeparators(workspace_)));
    refresh();
}

void RunsBrowser::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void RunsBrowser::setWorkspace(const QString& dir)
{
    workspace_ = dir;
    workspaceLabel_->setText(tr("Workspace: %1").arg(QDir::toNativeSeparators(dir)));
    refresh();
}

void RunsBrowser::setActiveRun(const QString& dir)
{
    activeRun_ = dir;
    refresh();
}

void RunsBrowser::setDeleteConfirmation(std::function<bool(const QString&)> confirm)
{
    confirmDelete_ = std::move(confirm);
}

QString RunsBrowser::statusText(const RunSummary& run) const
{
    if (!run.valid)
        return tr("unreadable");
    if (QDir(run.dir) == QDir(activeRun_) && !activeRun_.isEmpty())
        return tr("running");
    if (run.status == QLatin1String("finished"))
        return tr("finished");
    if (run.status == QLatin1String("stopped"))
        return run.hasCheckpoint ? tr("stopped (resumable)") : tr("stopped");
    if (run.status == QLatin1String("failed"))
        return tr("failed");
    // "running" in run.json but not ours: another process, or a killed one.
    return run.modified.secsTo(QDateTime::currentDateTime()) < 120 ? tr("running")
                                                                     : tr("interrupted (resumable)");
}

void RunsBrowser::refresh()
{
    const QStringList selected = selectedRuns();
    runs_ = workspace_.isEmpty() ? QList<RunSummary>{} : RunSummary::scan(workspace_);
    table_->setRowCount(static_cast<int>(runs_.size()));
    for (int row = 0; row < runs_.size(); ++row) {
        const RunSummary& r = runs_[row];
        const QString steps = r.totalSteps > 0 ? tr("%1 / %2").arg(r.steps).arg(r.totalSteps) : QString::number(r.steps);
        const QString strategy = r.layers.isEmpty() ? r.strategy : tr("%1 (%2)").arg(r.strategy, r.layers);
        const QStringList cells = {r.name, statusText(r), strategy, steps, number(r.loss, 3), number(r.margin, 3),
                                   std::isnan(r.accuracy) ? QStringLiteral("–") : QStringLiteral("%1%").arg(r.accuracy * 100, 0, 'f', 0),
                                   QLocale().toString(r.modified, QLocale::ShortFormat)};
        for (int c = 0; c < ColumnCount; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            item->setToolTip(r.valid ? (r.message.isEmpty() ? r.dir : r.message) : r.error);
            if (c >= Steps && c <= Accuracy)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table_->setItem(row, c, item);
        }
        if (selected.contains(r.dir))
            table_->selectRow(row);
    }
    table_->resizeColumnsToContents();
    updateButtons();
    Q_EMIT refreshed();
}

QStringList RunsBrowser::selectedRuns() const
{
    QStringList dirs;
    for (const auto& range : table_->selectedRanges())
        for (int row = range.topRow(); row <= range.bottomRow(); ++row)
            if (row < runs_.size())
                dirs << runs_[row].dir;
    return dirs;
}

void RunsBrowser::selectRun(const QString& dir)
{
    for (int row = 0; row < runs_.size(); ++row)
        if (runs_[row].dir == dir)
            table_->selectRow(row);
}

void RunsBrowser::updateButtons()
{
    const QStringList dirs = selectedRuns();
    bool resumable = false;
    bool mergeable = false;
    for (const auto& r : runs_)
        if (dirs.size() == 1 && r.dir == dirs.first()) {
            resumable = r.resumable() && r.dir != activeRun_;
            mergeable = r.hasAdapter && r.dir != activeRun_;
        }
    openButton_->setEnabled(!dirs.isEmpty());
    resumeButton_->setEnabled(resumable);
    compareButton_->setEnabled(!dirs.isEmpty());
    mergeButton_->setEnabled(mergeable);
    deleteButton_->setEnabled(!dirs.isEmpty() && !dirs.contains(activeRun_));
}

void RunsBrowser::deleteSelected()
{
    for (const QString& dir : selectedRuns()) {
        if (dir == activeRun_ || !confirmDelete_ || !confirmDelete_(dir))
            continue;
        if (QDir(dir).removeRecursively())
            Q_EMIT runDeleted(dir);
    }
    refresh();
}

} // namespace hialign::app

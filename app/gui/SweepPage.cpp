#include "app/gui/SweepPage.h"

#include <QAction>
#include <QDir>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>

#include "app/gui/PageHost.h"
#include "app/gui/SweepController.h"
#include "app/gui/SweepDialog.h"
#include "app/gui/TrainingPanel.h"
#include "app/gui/WorkbenchSettings.h"
#include "widgets/LayerStackView.h"
#include "widgets/SweepView.h"

namespace hialign::app {

SweepPage::SweepPage(PageHost& host, TrainingPanel* panel, widgets::LayerStackView* layers, widgets::SweepView* view,
                     QObject* parent)
    : QObject(parent), host_(host), panel_(panel), layers_(layers), view_(view)
{
    sweeps_ = new SweepController(this);
    connectView();
    connectController();
}

void SweepPage::connectView()
{
    connect(view_, &widgets::SweepView::sweepOpened, this, [this](const QString& dir) {
        WorkbenchSettings::setSweepDir(dir);
        exportAction_->setEnabled(true);
        host_.showView(QStringLiteral("sweep"));
    });
    connect(view_, &widgets::SweepView::errorOccurred, this, [this](const QString& message) {
        host_.noteError(message);
        exportAction_->setEnabled(view_->hasReport());
        host_.showStatus(message, 10000);
    });
    connect(view_, &widgets::SweepView::exported, this, [this](const QString& dir) {
        host_.showStatus(tr("Wrote the sweep report to %1.").arg(QDir::toNativeSeparators(dir)), 10000);
    });
    connect(view_, &widgets::SweepView::runSweepRequested, this, &SweepPage::runSweep);
    view_->setRunSweepAvailable(true);
}

void SweepPage::connectController()
{
    connect(sweeps_, &SweepController::progress, this, [this](int done, int total, const QString& message) {
        view_->setRunProgress(true, done, total, message);
        host_.showStatus(tr("Sweep %1/%2: %3").arg(done).arg(total).arg(message));
    });
    connect(sweeps_, &SweepController::trainingStep, this,
            [this](const QString& task, qint64 step, qint64 total, double loss) {
                view_->setRunProgress(true, -1, -1, tr("training %1: step %2 of %3, loss %4")
                                                        .arg(task)
                                                        .arg(step)
                                                        .arg(total)
                                                        .arg(QLocale().toString(loss, 'f', 4)));
                host_.showStatus(tr("Sweep: training %1, step %2 of %3, loss %4")
                                     .arg(task)
                                     .arg(step)
                                     .arg(total)
                                     .arg(QLocale().toString(loss, 'f', 4)));
            });
    connect(sweeps_, &SweepController::finished, this, [this](bool ok, const QString& error, const QString& dir) {
        runAction_->setText(tr("Run sweep…"));
        view_->setRunProgress(false);
        if (ok) {
            openSweep(dir);
            host_.showView(QStringLiteral("sweep"));
            host_.showStatus(tr("The sweep finished; its report is in %1.").arg(QDir::toNativeSeparators(dir)), 15000);
        } else if (error.isEmpty()) {
            host_.showStatus(tr("The sweep stopped. Run it again with the same folder to resume."), 15000);
        } else {
            host_.showError(error);
            host_.clearStatus();
        }
    });
}

void SweepPage::addActions(QMenu* menu)
{
    openAction_ = menu->addAction(QString(), this, [this] {
        view_->chooseSweep();
        host_.showView(QStringLiteral("sweep"));
    });
    openAction_->setObjectName(QStringLiteral("openSweep"));
    exportAction_ = menu->addAction(QString(), view_, &widgets::SweepView::exportReport);
    exportAction_->setObjectName(QStringLiteral("exportSweepReport"));
    exportAction_->setEnabled(false);
    runAction_ = menu->addAction(QString(), this, &SweepPage::runSweep);
    runAction_->setObjectName(QStringLiteral("runSweep"));
}

void SweepPage::retranslate()
{
    openAction_->setText(tr("Open sweep…"));
    exportAction_->setText(tr("Export sweep report…"));
    runAction_->setText(sweeps_->isRunning() ? tr("Stop sweep") : tr("Run sweep…"));
}

bool SweepPage::openSweep(const QString& dir)
{
    const bool ok = view_->openSweep(dir);
    exportAction_->setEnabled(view_->hasReport());
    host_.showView(QStringLiteral("sweep"));
    return ok;
}

void SweepPage::runSweep()
{
    if (sweeps_->isRunning()) {
        if (QMessageBox::question(host_.dialogParent(), tr("Sweep in progress"),
                                  tr("Stop the running sweep? Finished strategies are kept and the sweep resumes "
                                     "when it is run again with the same folder."),
                                  QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes)
            sweeps_->stop();
        return;
    }
    SweepJob job = SweepDialog::defaultsFor(panel_->modelDir());
    // The layer stack's cuts, offered when they are not the thirds.
    const align::LayerPlan& plan = layers_->plan();
    if (plan.numLayers() >= 3) {
        const align::LayerPlan thirds(plan.numLayers());
        if (plan.cut1() != thirds.cut1() || plan.cut2() != thirds.cut2()) {
            job.settings.recipe.cut1 = plan.cut1();
            job.settings.recipe.cut2 = plan.cut2();
        }
    }
    SweepDialog dialog(job, host_.dialogParent());
    if (dialog.exec() != QDialog::Accepted) return;
    startSweep(dialog.request());
}

bool SweepPage::startSweep(const SweepJob& job)
{
    QString error;
    if (!sweeps_->start(job, &error)) {
        host_.showError(error);
        return false;
    }
    host_.clearError();
    runAction_->setText(tr("Stop sweep"));
    view_->setRunProgress(true, 0, 0, tr("Sweep started in %1.").arg(QDir::toNativeSeparators(job.outDir)));
    host_.showView(QStringLiteral("sweep"));
    host_.showStatus(tr("Sweep started in %1.").arg(QDir::toNativeSeparators(job.outDir)));
    return true;
}

} // namespace hialign::app

#include "app/gui/RunsPage.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QStringList>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

#include "app/gui/ComparePage.h"
#include "app/gui/PageHost.h"
#include "app/gui/RunsBrowser.h"
#include "app/gui/TrainingPage.h"
#include "settings/RunFolder.h"
#include "train/MergeAdapter.h"
#include "widgets/CompareView.h"
#include "widgets/PathText.h"

namespace hialign::app {

RunsPage::RunsPage(PageHost& host, RunsBrowser* runs, TrainingPage* training, ComparePage* compare, QObject* parent)
    : QObject(parent), host_(host), runs_(runs), training_(training), compare_(compare)
{
    connect(runs_, &RunsBrowser::openRequested, this, [this](const QString& dir) {
        training_->openRun(dir);
        host_.showView(QStringLiteral("training"));
    });
    connect(runs_, &RunsBrowser::resumeRequested, training_, &TrainingPage::resume);
    connect(runs_, &RunsBrowser::compareRequested, this, [this](const QStringList& dirs) {
        for (const QString& d : dirs)
            training_->openRun(d);
        compare_->refreshCandidates();
        QStringList ids{QStringLiteral("base")};
        ids << dirs;
        compare_->view()->setSelectedCandidates(ids);
        host_.showView(QStringLiteral("compare"));
    });
    connect(runs_, &RunsBrowser::chooseWorkspaceRequested, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(host_.dialogParent(), tr("Choose the folder for run folders"), runs_->workspace());
        if (!dir.isEmpty())
            Q_EMIT workspaceChosen(dir);
    });
    connect(runs_, &RunsBrowser::runDeleted, this, [this] { compare_->refreshCandidates(); });
    connect(runs_, &RunsBrowser::mergeRequested, this, [this](const QString& dir) {
        const QString out = QFileDialog::getSaveFileName(host_.dialogParent(), tr("Folder for the merged model"),
                                                         QDir(dir).filePath(QStringLiteral("merged")));
        if (!out.isEmpty())
            mergeRun(dir, out);
    });
}

bool RunsPage::mergeRun(const QString& runDir, const QString& outDir)
{
    if (merging_)
        return false;
    merging_ = true;
    const std::string adapter = train::RunFolder(widgets::toPath(runDir)).adapterDir().string();
    const std::string out = outDir.toStdString();
    host_.showStatus(tr("Merging the adapter of %1…").arg(QDir(runDir).dirName()));
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, outDir] {
        const QString message = watcher->result();
        watcher->deleteLater();
        merging_ = false;
        if (message.startsWith(QLatin1Char('!')))
            host_.showError(message.mid(1));
        else
            host_.showStatus(message, 10000);
        Q_EMIT mergeFinished(outDir, !message.startsWith(QLatin1Char('!')));
    });
    watcher->setFuture(QtConcurrent::run([adapter, out]() -> QString {
        try {
            train::MergeRequest r;
            r.adapterDir = adapter;
            r.outDir = out;
            const train::MergeResult m = train::mergeAdapter(r);
            return tr("Merged %n adapted projection(s) into a model folder: %1", nullptr,
                      static_cast<int>(m.mergedProjections))
                .arg(QDir::toNativeSeparators(QString::fromStdString(out)));
        } catch (const std::exception& e) {
            return QLatin1Char('!') + QString::fromStdString(e.what());
        }
    }));
    return true;
}

} // namespace hialign::app

#include "app/gui/ComparePage.h"

#include <QDir>
#include <QFile>
#include <QStringList>

#include <exception>
#include <filesystem>
#include <memory>
#include <set>

#include "settings/EvalPromptFile.h"
#include "settings/LabFolder.h"
#include "align/PreferenceData.h"
#include "app/gui/CompareController.h"
#include "app/gui/PageHost.h"
#include "app/gui/RunSummary.h"
#include "app/gui/RunsBrowser.h"
#include "app/gui/TrainingPanel.h"
#include "sweep/JudgeFactory.h"
#include "widgets/CompareView.h"
#include "widgets/PathText.h"

namespace hialign::app {

ComparePage::ComparePage(PageHost& host, TrainingPanel* panel, widgets::CompareView* view, RunsBrowser* runs,
                         QObject* parent)
    : QObject(parent), host_(host), panel_(panel), view_(view), runs_(runs)
{
    comparer_ = new CompareController(this);
    connectController();
}

void ComparePage::connectController()
{
    connect(view_, &widgets::CompareView::generateRequested, this, [this] { compareCurrentPrompt(); });
    connect(view_, &widgets::CompareView::stopRequested, comparer_, &CompareController::stop);
    connect(comparer_, &CompareController::textChunk, this, [this](quint64 id, int col, const QString& text) {
        if (id == request_)
            view_->appendText(col, text);
    });
    connect(comparer_, &CompareController::columnFinished, this, [this](quint64 id, int col, const QString& reason) {
        if (id == request_)
            view_->finishColumn(col, reason);
    });
    connect(comparer_, &CompareController::notice, this, [this](quint64 id, int, const QString& message) {
        if (id == request_) {
            view_->showNotice(message);
            host_.showStatus(message, 10000);
        }
    });
    connect(comparer_, &CompareController::scoresReady, this,
            [this](quint64 id, int col, const QList<widgets::ScoreEntry>& scores) {
                if (id == request_)
                    view_->setScores(col, scores);
            });
    connect(comparer_, &CompareController::failed, this, [this](quint64 id, const QString& message) {
        if (id == request_) {
            view_->showError(message);
            host_.showError(message);
        }
    });
    connect(comparer_, &CompareController::done, this, [this](quint64 id) {
        if (id == request_)
            view_->setBusy(false);
    });
}

void ComparePage::compareCurrentPrompt()
{
    if (!host_.modelConfig()) {
        host_.showError(tr("Choose a model folder first."));
        return;
    }
    const QString prompt = view_->currentPrompt();
    const QStringList ids = view_->selectedCandidates();
    if (prompt.isEmpty() || ids.isEmpty()) {
        view_->showError(tr("Pick a prompt and at least one model."));
        return;
    }
    QStringList titles, adapters;
    for (const QString& id : ids) {
        if (id == QLatin1String("base")) {
            titles << tr("Base");
            adapters << QString();
        } else {
            const RunSummary r = RunSummary::read(id);
            titles << tr("%1 (%2)").arg(r.name, r.strategy);
            adapters << id + QStringLiteral("/adapter");
        }
    }
    view_->beginComparison(prompt, ids, titles);
    view_->setBusy(true);
    request_ = comparer_->compare(panel_->modelDir(), prompt, ids, adapters, view_->decoding());
}

void ComparePage::refreshCandidates()
{
    QList<QPair<QString, QString>> candidates{{QStringLiteral("base"), tr("Base (no adapter)")}};
    for (const RunSummary& r : runs_->runs())
        if (r.hasAdapter)
            candidates.append({r.dir, tr("%1 · %2").arg(r.name, r.strategy)});
    view_->setCandidates(candidates);
}

void ComparePage::setupJudge()
{
    std::shared_ptr<judge::Judge> judge;
    // The demo lab's exact checkers, when the model lives in a demo lab folder.
    const QDir modelDir(panel_->modelDir());
    if (lab::LabFolder::ofModel(widgets::toPath(modelDir.absolutePath()))) {
        try {
            judge = sweep::makeJudge("exact", modelDir.absolutePath().toStdString(), {}, {});
        } catch (const std::exception& e) {
            host_.showStatus(tr("The demo lab's judge is unavailable: %1").arg(QString::fromUtf8(e.what())), 10000);
        }
    }
    comparer_->setJudge(judge);
    view_->setJudgeName(comparer_->judgeName());
}

void ComparePage::setPrompts(const QString& dataFile, const std::vector<align::PreferenceRecord>& records)
{
    // Prompts for the compare view: the demo lab's held-out eval prompts
    // first, then the data set's own (unique, in order).
    QStringList prompts;
    std::set<QString> seen;
    auto add = [&](const QString& p) {
        const QString t = p.trimmed();
        if (!t.isEmpty() && seen.insert(t).second && prompts.size() < 60)
            prompts << t;
    };
    const std::filesystem::path dataDir = widgets::toPath(dataFile).parent_path();
    for (const std::filesystem::path& file : lab::LabFolder::evalPromptFilesIn(dataDir)) {
        try {
            for (const eval::EvalPromptRecord& r : eval::readEvalPromptFile(file, 8))
                add(QString::fromStdString(r.prompt));
        } catch (const std::exception&) {
            // An unreadable eval file only leaves its prompts out of the list.
        }
    }
    for (const auto& r : records)
        add(QString::fromStdString(r.prompt));
    view_->setPrompts(prompts);
}

} // namespace hialign::app

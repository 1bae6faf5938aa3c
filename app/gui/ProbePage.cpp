#include "app/gui/ProbePage.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QStatusBar>
#include <QToolButton>

#include <algorithm>
#include <exception>
#include <map>

#include "app/gui/PageHost.h"
#include "app/gui/ProbeController.h"
#include "app/gui/ProbeDialog.h"
#include "app/gui/TrainingPanel.h"
#include "probe/CutSearch.h"
#include "probe/ProbeFiles.h"
#include "probe/ProbeRanks.h"
#include "settings/TrainConfig.h"
#include "widgets/LayerStackView.h"

namespace hialign::app {

namespace {

// The probe's profiles as the layer stack draws them.
widgets::LayerStackView::Probe probeView(const probe::ProbeResult& r)
{
    using View = widgets::LayerStackView::Probe;
    View v;
    for (const auto& d : r.dimensions)
        v.dimensions << QString::fromStdString(d.name);
    if (r.cuts.available) {
        v.importance = r.cuts.profiles;
        v.source = r.cuts.source == "gradient" ? View::Source::Gradient : View::Source::Ablation;
        v.suggestedCuts = std::make_pair(r.cuts.suggested.cut1, r.cuts.suggested.cut2);
        v.blockOf = r.cuts.suggested.blockOf;
    } else {
        v.importance = probe::normaliseProfiles(r.importance());
        v.source = r.ablate ? View::Source::Ablation : View::Source::Gradient;
    }
    return v;
}

} // namespace

ProbePage::ProbePage(PageHost& host, widgets::LayerStackView* layers, TrainingPanel* panel, QObject* parent)
    : QObject(parent), host_(host), layers_(layers), panel_(panel)
{
    probes_ = new ProbeController(this);
    connectController();
}

ProbePage::~ProbePage() = default;

void ProbePage::addStatusWidgets(QStatusBar* bar)
{
    progress_ = new QProgressBar;
    progress_->setMaximumWidth(220);
    progress_->setTextVisible(true);
    progress_->hide();
    cancel_ = new QToolButton;
    cancel_->setObjectName(QStringLiteral("cancelProbe"));
    cancel_->setText(tr("Cancel probe"));
    cancel_->hide();
    bar->addPermanentWidget(progress_);
    bar->addPermanentWidget(cancel_);
    connect(cancel_, &QToolButton::clicked, probes_, &ProbeController::stop);
}

void ProbePage::connectController()
{
    connect(probes_, &ProbeController::progress, this, [this](int done, int total, const QString& label) {
        progress_->setRange(0, std::max(1, total));
        progress_->setValue(std::clamp(done, 0, std::max(1, total)));
        host_.showStatus(tr("Probe: %1").arg(label));
    });
    connect(probes_, &ProbeController::message, this, [this](const QString& text) { host_.showStatus(text, 8000); });
    connect(probes_, &ProbeController::finished, this, &ProbePage::onFinished);
    connect(layers_, &widgets::LayerStackView::probeChanged, this, [this] {
        if (!layers_->hasProbe())
            probe_.reset();
        rebuildMenu();
    });
}

void ProbePage::addActions(QMenu* menu)
{
    probeAction_ = menu->addAction(QString(), this, &ProbePage::runProbe);
    probeAction_->setObjectName(QStringLiteral("probeLayers"));
    openAction_ = menu->addAction(QString(), this, [this] {
        const QString f = QFileDialog::getOpenFileName(host_.dialogParent(), tr("Open a probe result"), QString(),
                                                       tr("Probe result (probe.json *.json);;All files (*)"));
        if (!f.isEmpty())
            openProbe(f);
    });
    openAction_->setObjectName(QStringLiteral("openProbe"));
    menu->addSeparator();
    menu->addAction(layers_->applySuggestedCutsAction());
    trainBlockMenu_ = menu->addMenu(QString());
    trainBlockMenu_->setObjectName(QStringLiteral("trainDimensionBlock"));
    connect(trainBlockMenu_, &QMenu::aboutToShow, this, &ProbePage::rebuildMenu);
    rankMenu_ = menu->addMenu(QString());
    rankMenu_->setObjectName(QStringLiteral("trainWithProbeRanks"));
    connect(rankMenu_, &QMenu::aboutToShow, this, &ProbePage::rebuildMenu);
    clearAction_ = menu->addAction(QString(), this, &ProbePage::clearProbe);
    clearAction_->setObjectName(QStringLiteral("clearProbe"));
}

void ProbePage::retranslate()
{
    probeAction_->setText(probes_->isRunning() ? tr("Stop probe") : tr("Probe layers…"));
    probeAction_->setToolTip(tr("Measure which layers carry each dimension's preference signal and suggest cuts"));
    openAction_->setText(tr("Open probe result…"));
    trainBlockMenu_->setTitle(tr("Train a dimension's block"));
    rankMenu_->setTitle(tr("Train with the probe's ranks"));
    clearAction_->setText(tr("Clear probe"));
    if (cancel_)
        cancel_->setText(tr("Cancel probe"));
    rebuildMenu();
}

void ProbePage::forgetResult()
{
    probe_.reset();
}

void ProbePage::runProbe()
{
    if (probes_->isRunning()) {
        probes_->stop();
        return;
    }
    if (!host_.modelConfig()) {
        showProblem(tr("Open a model folder first; the probe runs on its layers."));
        return;
    }
    ProbeDialog dialog(ProbeDialog::defaultsFor(host_.modelFolder()), host_.dialogParent());
    if (dialog.exec() != QDialog::Accepted)
        return;
    startProbe(dialog.request());
}

bool ProbePage::startProbe(const ProbeJob& job)
{
    const auto& config = host_.modelConfig();
    if (!config) {
        showProblem(tr("Open a model folder first; the probe runs on its layers."));
        return false;
    }
    ProbeJob j = job;
    if (j.settings.modelDir.empty())
        j.settings.modelDir = host_.modelFolder().toStdString();
    // A folder holding another model's probe is refused now, not after the run.
    if (!j.outDir.isEmpty()) {
        try {
            probe::checkProbeFolder(j.outDir.toStdString(), j.settings.modelDir, config->numLayers);
        } catch (const std::exception& e) {
            showProblem(QString::fromUtf8(e.what()));
            return false;
        }
    }
    QString error;
    if (!probes_->start(j, &error)) {
        showProblem(error);
        return false;
    }
    host_.clearError();
    probeAction_->setText(tr("Stop probe"));
    progress_->setRange(0, 0);
    progress_->show();
    cancel_->show();
    host_.showStatus(tr("Probe: loading the model…"));
    return true;
}

void ProbePage::onFinished(const ProbeOutcome& outcome)
{
    probeAction_->setText(tr("Probe layers…"));
    progress_->hide();
    cancel_->hide();
    switch (outcome.status) {
    case ProbeOutcome::Status::Stopped:
        host_.showStatus(tr("The probe stopped; nothing was written."), 10000);
        return;
    case ProbeOutcome::Status::Failed:
        host_.clearStatus();
        showProblem(outcome.error);
        return;
    case ProbeOutcome::Status::Finished: break;
    }
    QString error;
    if (!showProbe(outcome.result, &error)) {
        showProblem(error);
        return;
    }
    host_.showView(QStringLiteral("layers"));
    const auto& cuts = probe_->cuts;
    QString text = cuts.available
        ? tr("Probe finished: suggested cuts %1 | %2 (separation %3, against %4 at the thirds %5 | %6).")
              .arg(cuts.suggested.cut1)
              .arg(cuts.suggested.cut2)
              .arg(QLocale().toString(cuts.suggested.objective, 'f', 2))
              .arg(QLocale().toString(cuts.thirds.objective, 'f', 2))
              .arg(cuts.thirds.cut1)
              .arg(cuts.thirds.cut2)
        : tr("Probe finished; a stack of fewer than 3 layers gets no suggested cuts.");
    if (!outcome.outDir.isEmpty())
        text += QLatin1Char(' ') + tr("Files in %1.").arg(QDir::toNativeSeparators(outcome.outDir));
    host_.showStatus(text, 30000);
}

bool ProbePage::openProbe(const QString& fileOrDir)
{
    const auto& config = host_.modelConfig();
    if (!config) {
        showProblem(tr("Open a model folder first; a probe result belongs to a model."));
        return false;
    }
    std::shared_ptr<const probe::ProbeResult> result;
    try {
        result = std::make_shared<const probe::ProbeResult>(probe::readProbeJson(fileOrDir.toStdString()));
    } catch (const std::exception& e) {
        showProblem(QString::fromUtf8(e.what()));
        return false;
    }
    if (result->numLayers != config->numLayers) {
        showProblem(tr("This probe is of a model with %1 layers, but the open model has %2.")
                        .arg(result->numLayers)
                        .arg(config->numLayers));
        return false;
    }
    QString error;
    if (!showProbe(result, &error)) {
        showProblem(error);
        return false;
    }
    host_.clearError();
    host_.showView(QStringLiteral("layers"));
    QString text = tr("Opened the probe in %1.").arg(QDir::toNativeSeparators(fileOrDir));
    if (QFileInfo(QString::fromStdString(result->modelDir)).absoluteFilePath() != host_.modelFolder())
        text += QLatin1Char(' ') + tr("It was measured on %1.").arg(QString::fromStdString(result->modelDir));
    host_.showStatus(text, 15000);
    return true;
}

bool ProbePage::showProbe(std::shared_ptr<const probe::ProbeResult> result, QString* error)
{
    if (!result) {
        *error = tr("The probe returned no result.");
        return false;
    }
    widgets::LayerStackView::Probe view;
    try {
        view = probeView(*result);
    } catch (const std::exception& e) {
        *error = QString::fromUtf8(e.what());
        return false;
    }
    if (!layers_->setProbe(view, error))
        return false;
    probe_ = std::move(result);
    rebuildMenu();
    return true;
}

void ProbePage::clearProbe()
{
    probe_.reset();
    layers_->clearProbe();
    rebuildMenu();
}

void ProbePage::rebuildMenu()
{
    if (!trainBlockMenu_)
        return;
    trainBlockMenu_->clear();
    const bool suggestion = probe_ && probe_->cuts.available;
    if (suggestion) {
        for (std::size_t d = 0; d < probe_->dimensions.size() && d < probe_->cuts.suggested.blockOf.size(); ++d) {
            auto* a = trainBlockMenu_->addAction(tr("Train %1's block (%2)")
                                                     .arg(QString::fromStdString(probe_->dimensions[d].name))
                                                     .arg(widgets::LayerStackView::blockTitle(
                                                         static_cast<align::Block>(probe_->cuts.suggested.blockOf[d]))),
                                                 this, [this, d] { trainDimensionBlock(static_cast<int>(d)); });
            a->setObjectName(QStringLiteral("trainBlock-%1").arg(d));
            a->setEnabled(layers_->isEditable());
        }
    }
    trainBlockMenu_->setEnabled(suggestion);
    rankMenu_->clear();
    if (suggestion) {
        for (std::size_t d = 0; d < probe_->dimensions.size(); ++d) {
            auto* a = rankMenu_->addAction(QString::fromStdString(probe_->dimensions[d].name), this,
                                           [this, d] { trainWithProbeRanks(static_cast<int>(d)); });
            a->setObjectName(QStringLiteral("trainRanks-%1").arg(d));
            a->setEnabled(layers_->isEditable());
        }
    }
    rankMenu_->setEnabled(suggestion);
    clearAction_->setEnabled(probe_ != nullptr);
}

bool ProbePage::trainDimensionBlock(int dimension)
{
    if (!probe_ || !probe_->cuts.available || dimension < 0
        || static_cast<std::size_t>(dimension) >= probe_->cuts.suggested.blockOf.size() || !layers_->isEditable())
        return false;
    if (!layers_->applySuggestedCuts())
        return false;
    const auto block = static_cast<align::Block>(probe_->cuts.suggested.blockOf[static_cast<std::size_t>(dimension)]);
    layers_->setStrategy(align::blockStrategy(block));
    const auto [first, end] = layers_->plan().blockRange(block);
    host_.showView(QStringLiteral("layers"));
    host_.showStatus(tr("The plan trains %1's block (%2, layers %3–%4) with the data in the panel; press Start "
                        "training to run it.")
                         .arg(QString::fromStdString(probe_->dimensions[static_cast<std::size_t>(dimension)].name))
                         .arg(widgets::LayerStackView::blockTitle(block))
                         .arg(first)
                         .arg(end - 1),
                     15000);
    return true;
}

bool ProbePage::trainWithProbeRanks(int dimension)
{
    if (!probe_ || !host_.modelConfig() || dimension < 0
        || static_cast<std::size_t>(dimension) >= probe_->dimensions.size() || !layers_->isEditable())
        return false;
    const std::string name = probe_->dimensions[static_cast<std::size_t>(dimension)].name;
    const train::TrainConfig settings = panel_->settings();
    probe::ProbeRanks ranks;
    try {
        ranks = probe::probeRanks(*probe_, *host_.modelConfig(), name, layers_->plan().targetModules(), settings.rank);
    } catch (const std::exception& e) {
        showProblem(QString::fromUtf8(e.what()));
        return false;
    }
    align::LayerPlan plan = layers_->plan();
    plan.setCuts(ranks.cut1, ranks.cut2);
    plan.setStrategy(align::blockStrategy(ranks.block));
    const std::map<int, int> perLayer = ranks.perLayer();
    plan.setLayerRanks(perLayer);
    layers_->setPlan(plan);
    QStringList list;
    for (const auto& [layer, rank] : perLayer)
        list << QStringLiteral("%1:%2").arg(layer).arg(rank);
    host_.showView(QStringLiteral("layers"));
    host_.showStatus(tr("The plan trains %1's block (%2) with the probe's ranks per layer, %3, within %4 adapter "
                        "parameters; press Start training to run it.")
                         .arg(QString::fromStdString(name))
                         .arg(widgets::LayerStackView::blockTitle(ranks.block))
                         .arg(list.join(QStringLiteral(" ")))
                         .arg(ranks.budget),
                     20000);
    return true;
}

void ProbePage::showProblem(const QString& message)
{
    host_.showError(message);
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Layer probe"), message, QMessageBox::Ok, host_.dialogParent());
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("probeProblem"));
    box->open();
}

} // namespace hialign::app

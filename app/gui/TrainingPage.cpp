#include "app/gui/TrainingPage.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include "app/gui/ComparePage.h"
#include "app/gui/PageHost.h"
#include "app/gui/RunSummary.h"
#include "app/gui/RunsBrowser.h"
#include "app/gui/TrainingController.h"
#include "app/gui/TrainingPanel.h"
#include "app/gui/WorkbenchSettings.h"
#include "settings/RunFolder.h"
#include "settings/Samples.h"
#include "settings/StepMetrics.h"
#include "widgets/CompareView.h"
#include "widgets/LayerStackView.h"
#include "widgets/MetricsPlot.h"
#include "widgets/PathText.h"
#include "widgets/SamplesView.h"

namespace hialign::app {

namespace {

QString formatDuration(double seconds)
{
    const auto s = static_cast<qint64>(seconds + 0.5);
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

// A run's metrics.jsonl onto the plot's run `id`: one line per step, each
// number but step and epoch a curve; "eval_" names are held-out values.
void readMetrics(const QString& dir, widgets::MetricsPlot* plot, int id)
{
    for (const train::StepMetrics& m : train::readMetricsFile(train::RunFolder(widgets::toPath(dir)).metricsPath()))
        for (const auto& [name, value] : m.values)
            plot->appendValue(id, QString::fromStdString(name), static_cast<double>(m.step), value, m.eval);
}

// A run folder's samples.jsonl (none when it has no file); `error` says why
// a file could not be read.
std::vector<train::SampleRecord> runAnswers(const QString& dir, QString* error)
{
    try {
        return train::readSamples(train::samplesFile(widgets::toPath(dir)));
    } catch (const std::exception& e) {
        *error = QString::fromUtf8(e.what());
        return {};
    }
}

} // namespace

TrainingPage::TrainingPage(PageHost& host, TrainingPanel* panel, widgets::LayerStackView* layers,
                           widgets::MetricsPlot* plot, widgets::SamplesView* answers, RunsBrowser* runs,
                           ComparePage* compare, QObject* parent)
    : QObject(parent), host_(host), panel_(panel), layers_(layers), plot_(plot), answers_(answers), runs_(runs),
      compare_(compare)
{
    training_ = new TrainingController(this);
    connectPanel();
    connectController();
}

// Layer stack <-> panel strategy; the panel's run buttons.
void TrainingPage::connectPanel()
{
    connect(layers_, &widgets::LayerStackView::planChanged, this,
            [this](const align::LayerPlan& plan) { panel_->setStrategy(plan.strategy()); });
    connect(panel_, &TrainingPanel::strategyChosen, this, [this](align::Strategy s) { layers_->setStrategy(s); });
    connect(panel_, &TrainingPanel::startRequested, this, &TrainingPage::startTraining);
    connect(panel_, &TrainingPanel::pauseToggled, this, [this](bool pause) {
        if (pause)
            training_->pause();
        else
            training_->unpause();
    });
    connect(panel_, &TrainingPanel::stopRequested, training_, &TrainingController::stop);
}

// The training controller's reports.
void TrainingPage::connectController()
{
    connect(training_, &TrainingController::sampleReady, this, &TrainingPage::onSample);
    connect(training_, &TrainingController::finished, this, &TrainingPage::onFinished);
    connect(training_, &TrainingController::answersReady, this, &TrainingPage::onAnswers);
    connect(training_, &TrainingController::pausedChanged, this, [this](bool paused) {
        panel_->setPaused(paused);
        panel_->setStatus(paused ? tr("Paused. Continue or stop (a checkpoint is written on stop).")
                                 : tr("Training…"));
    });
    connect(training_, &TrainingController::message, this, [this](const QString& text) { host_.showStatus(text, 8000); });
}

bool TrainingPage::startTraining()
{
    if (!host_.modelConfig()) {
        host_.showError(tr("Choose a model folder first."));
        return false;
    }
    if (panel_->dataFile().isEmpty()) {
        host_.showError(tr("Choose a preference data file first."));
        return false;
    }
    const align::LayerPlan plan = layers_->plan();
    if (plan.strategy() == align::Strategy::Base) {
        host_.showError(tr("The Base strategy trains nothing: pick a block, Full, or paint some layers."));
        return false;
    }
    train::TrainConfig s = panel_->settings();
    s.setPlan(plan);
    const QString name =
        QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-")) + QString::fromStdString(s.strategy);
    const QString workspace = panel_->workspace().isEmpty() ? WorkbenchSettings::defaultWorkspace() : panel_->workspace();
    const QString runDir = QDir(workspace).filePath(name);
    QString error;
    plot_->clearRuns();
    liveRun_ = plot_->addRun(name);
    liveName_ = name;
    answers_->clear();
    firstStep_ = -1;
    layers_->clearHeat();
    if (!training_->start(s, runDir, &error)) {
        host_.showError(error);
        return false;
    }
    host_.clearError();
    host_.saveSettings();
    panel_->setRunning(true);
    panel_->setProgress(0, s.steps, tr("loading the model…"));
    panel_->setStatus(tr("Training %1…").arg(name));
    layers_->setEditable(false);
    runs_->setActiveRun(runDir);
    return true;
}

void TrainingPage::resume(const QString& dir)
{
    QString error;
    const RunSummary run = RunSummary::read(dir);
    plot_->clearRuns();
    liveRun_ = plot_->addRun(run.name);
    liveName_ = run.name;
    answers_->clear();
    firstStep_ = -1;
    if (!training_->resume(dir, &error)) {
        host_.showError(error);
        return;
    }
    panel_->setRunning(true);
    layers_->setEditable(false);
    runs_->setActiveRun(dir);
    panel_->setStatus(tr("Resuming %1…").arg(run.name));
    host_.showView(QStringLiteral("training"));
}

void TrainingPage::onSample(const TrainingSample& sample)
{
    plot_->appendValues(liveRun_, static_cast<double>(sample.step), sample.values, sample.eval);
    if (sample.eval)
        return;
    layers_->setHeat(sample.deltaNorm, sample.gradNorm);
    if (firstStep_ < 0)
        firstStep_ = sample.step - 1;
    const double elapsed = training_->elapsedSeconds();
    const qint64 done = sample.step - firstStep_;
    QStringList parts;
    if (done > 0 && sample.totalSteps > sample.step)
        parts << tr("ETA %1").arg(formatDuration(elapsed / done * (sample.totalSteps - sample.step)));
    if (const auto it = sample.values.find(QStringLiteral("tokens_per_second")); it != sample.values.end())
        parts << tr("%1 tokens/s").arg(QString::number(it.value(), 'f', 0));
    if (const auto it = sample.values.find(QStringLiteral("gpu_memory_mb")); it != sample.values.end())
        parts << tr("GPU memory %1 GiB").arg(QString::number(it.value() / 1024.0, 'f', 1));
    if (const auto it = sample.values.find(QStringLiteral("loss")); it != sample.values.end())
        parts << tr("loss %1").arg(QString::number(it.value(), 'f', 3));
    panel_->setProgress(sample.step, sample.totalSteps, parts.join(QStringLiteral(" · ")));
}

// One sampled step's answers: the timeline and the judged-score curve, live.
void TrainingPage::onAnswers(const std::vector<train::SampleRecord>& records)
{
    answers_->addAnswers(liveName_, records);
    plotJudgedScores(liveRun_, records);
}

void TrainingPage::plotJudgedScores(int plotRun, const std::vector<train::SampleRecord>& records)
{
    for (const auto& [step, score] : widgets::SamplesView::meanScores(records))
        plot_->appendValue(plotRun, QLatin1String(widgets::kJudgedScoreMetric), static_cast<double>(step), score,
                           /*eval=*/true);
}

void TrainingPage::readAnswers(const QString& dir, const QString& name, int plotRun)
{
    QString error;
    const std::vector<train::SampleRecord> records = runAnswers(dir, &error);
    if (!error.isEmpty())
        host_.showError(tr("The run's answers could not be read: %1").arg(error));
    if (records.empty())
        return;
    answers_->setAnswers(name, records);
    plotJudgedScores(plotRun, records);
}

void TrainingPage::onFinished(const TrainingResult& result)
{
    panel_->setRunning(false);
    layers_->setEditable(true);
    runs_->setActiveRun(QString());
    compare_->refreshCandidates();
    const QString name = QFileInfo(result.runDir).fileName();
    // The whole timeline from the file (a resumed run's earlier steps too);
    // a file that cannot be read leaves the live answers (opening the run says why).
    QString error;
    if (const std::vector<train::SampleRecord> records = runAnswers(result.runDir, &error); !records.empty())
        answers_->setAnswers(liveName_, records);
    if (result.status == QLatin1String("finished")) {
        panel_->setStatus(tr("Finished %1 after %n step(s). Compare it with Base in the Compare tab.", nullptr,
                             static_cast<int>(result.steps)).arg(name));
        QStringList ids{QStringLiteral("base"), result.runDir};
        compare_->view()->setSelectedCandidates(ids);
    } else if (result.status == QLatin1String("stopped")) {
        panel_->setStatus(tr("Stopped %1 at step %2; resume it from the Runs tab.").arg(name).arg(result.steps));
    } else {
        panel_->setStatus(tr("Training failed."));
        host_.showError(tr("Training failed: %1").arg(result.message));
    }
}

void TrainingPage::openRun(const QString& dir)
{
    const RunSummary run = RunSummary::read(dir);
    if (!run.valid) {
        host_.showError(run.error);
        return;
    }
    for (int id : plot_->runs())
        if (plot_->runName(id) == run.name)
            plot_->removeRun(id);
    const int id = plot_->addRun(run.name);
    readMetrics(dir, plot_, id);
    readAnswers(dir, run.name, id);
}

void TrainingPage::stopAndWait()
{
    panel_->setStatus(tr("Stopping and writing a checkpoint…"));
    training_->stop();
    training_->waitForFinished(10 * 60 * 1000);
}

} // namespace hialign::app

#include "app/gui/Lesson.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>

#include <algorithm>

#include "align/LayerPlan.h"
#include "app/gui/CompareController.h"
#include "app/gui/ComparePage.h"
#include "app/gui/MainWindow.h"
#include "app/gui/ProbeController.h"
#include "app/gui/ProbeDialog.h"
#include "app/gui/RunSummary.h"
#include "app/gui/RunsBrowser.h"
#include "app/gui/SweepController.h"
#include "app/gui/SweepDialog.h"
#include "app/gui/TrainingController.h"
#include "app/gui/TrainingPanel.h"
#include "probe/ProbeResult.h"
#include "settings/LabFolder.h"
#include "settings/SweepSettings.h"
#include "settings/TrainConfig.h"
#include "util/Paths.h"
#include "widgets/CompareView.h"
#include "widgets/LayerStackView.h"
#include "widgets/PathText.h"
#include "widgets/SweepView.h"

namespace hialign::app {

namespace {

constexpr int kPollMs = 500;
// Step 4's run logs an eval point this often, so the curves have a held-out line.
constexpr int kLessonEvalEvery = 10;
// The preference set steps 1 and 4 train on, and the dimension step 3 aims at.
constexpr const char* kLessonPreferences = "mixed";
constexpr const char* kLessonDimension = "facts";

bool isOneBlock(align::Strategy s)
{
    return s == align::Strategy::Local || s == align::Strategy::Mid || s == align::Strategy::Global;
}

bool isOneBlock(const QString& strategyName)
{
    return strategyName == QLatin1String("local") || strategyName == QLatin1String("mid")
           || strategyName == QLatin1String("global");
}

} // namespace

// The user's settings before the lesson first changed them.
struct Lesson::Before {
    QString model;
    QString data;
    train::TrainConfig settings;
    align::LayerPlan plan;
};

Lesson::Lesson(MainWindow& window, QObject* parent) : QObject(parent), window_(window)
{
    poll_.setInterval(kPollMs);
    connect(&poll_, &QTimer::timeout, this, &Lesson::poll);
    restart();
    poll_.start();
}

Lesson::~Lesson() = default;

QString Lesson::labDir()
{
    const std::filesystem::path dir = demoLabDir();
    return dir.empty() ? QString() : QFileInfo(widgets::fromPath(dir)).absoluteFilePath();
}

void Lesson::restart()
{
    for (int i = 0; i < kSteps; ++i) {
        if (i == running_)
            continue;   // a step's work still running ends on its own and is then checked
        steps_[static_cast<std::size_t>(i)] = Step{};
        Q_EMIT stateChanged(i);
    }
    // Only runs made from here on count for step 4; the cuts as they are now are step 3's start.
    runsAtStart_.clear();
    for (const RunSummary& r : window_.runsBrowser()->runs())
        runsAtStart_.insert(r.dir);
    cut1AtStart_ = window_.layerView()->plan().cut1();
    cut2AtStart_ = window_.layerView()->plan().cut2();
    layersSeen_ = false;
    lessonRun_.clear();
}

// ---------------------------------------------------------------- doing a step

bool Lesson::doStep(int step)
{
    if (step < 0 || step >= kSteps)
        return false;
    if (running_ >= 0) {
        window_.showError(tr("Step %1 of the lesson is still running; wait for it or stop it first.").arg(running_ + 1));
        return false;
    }
    clock_.start();
    window_.clearError();
    using Action = bool (Lesson::*)();
    static constexpr std::array<Action, kSteps> actions{&Lesson::openLab,        &Lesson::startProbe,
                                                        &Lesson::applyCuts,      &Lesson::startTraining,
                                                        &Lesson::startComparison, &Lesson::startSweep};
    const bool started = (this->*actions[static_cast<std::size_t>(step)])();
    if (!started) {
        fail(step, window_.lastError());
        return false;
    }
    // Steps 1 and 3 are done when their action returns; the others run on a worker.
    if (step == 0 || step == 2) {
        if (step == 0)
            layersSeen_ = true;
        markDone(step);
        return true;
    }
    running_ = step;
    steps_[static_cast<std::size_t>(step)].state = StepState::Running;
    steps_[static_cast<std::size_t>(step)].status = tr("Running…");
    Q_EMIT stateChanged(step);
    return true;
}

bool Lesson::waitForStep(int step, int timeoutMs)
{
    if (state(step) == StepState::Running) {
        QEventLoop loop;
        connect(this, &Lesson::stateChanged, &loop, [&](int s) {
            if (s == step && state(step) != StepState::Running)
                loop.quit();
        });
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return isDone(step);
}

bool Lesson::openLab()
{
    const QString lab = labDir();
    if (lab.isEmpty()) {
        window_.showError(tr("The demo lab is not installed, so the lesson cannot open it (set HIALIGN_DEMO_DIR "
                             "to its folder)."));
        return false;
    }
    const lab::LabFolder folder(widgets::toPath(lab));
    const QString model = widgets::fromPath(folder.modelDir());
    const QString data = widgets::fromPath(folder.preferences(kLessonPreferences));
    if (!labOpen()) {
        rememberBefore();
        const QString was = window_.modelFolder();
        if (!window_.openModel(model))
            return false;
        noteChange(was.isEmpty() ? tr("The lesson opened the demo lab's model.")
                                 : tr("The lesson opened the demo lab's model (yours was %1).")
                                       .arg(QDir::toNativeSeparators(was)));
    }
    const QString dataWas = window_.trainingPanel()->dataFile();
    if (QFileInfo(dataWas).absoluteFilePath() != QFileInfo(data).absoluteFilePath()) {
        rememberBefore();
        if (!window_.openData(data))
            return false;
        noteChange(dataWas.isEmpty() ? tr("The lesson opened the demo lab's mixed preference set.")
                                     : tr("The lesson opened the demo lab's mixed preference set (yours was %1).")
                                           .arg(QDir::toNativeSeparators(dataWas)));
    }
    window_.showView(QStringLiteral("layers"));
    return true;
}

bool Lesson::startProbe()
{
    if (!openLab())
        return false;
    window_.showView(QStringLiteral("layers"));
    return window_.startProbe(ProbeDialog::defaultsFor(window_.modelFolder()));
}

bool Lesson::applyCuts()
{
    if (!openLab())
        return false;
    widgets::LayerStackView* layers = window_.layerView();
    if (!layers->isEditable()) {
        window_.showError(tr("The layer plan cannot change while a run trains."));
        return false;
    }
    rememberBefore();
    const probe::ProbeResult* probe = window_.probeResult();
    int dimension = -1;
    if (probe && probe->cuts.available)
        for (std::size_t d = 0; d < probe->dimensions.size(); ++d)
            if (probe->dimensions[d].name == kLessonDimension)
                dimension = static_cast<int>(d);
    if (dimension >= 0) {
        if (!window_.trainDimensionBlock(dimension))
            return false;
    } else {
        // No probe on show: the thirds, and the global block (facts, as the paper places them).
        align::LayerPlan plan(layers->plan().numLayers());
        plan.setStrategy(align::Strategy::Global);
        layers->setPlan(plan);
    }
    const align::LayerPlan& plan = layers->plan();
    const align::Block block = plan.strategy() == align::Strategy::Local ? align::Block::Local
                               : plan.strategy() == align::Strategy::Mid ? align::Block::Intermediate
                                                                         : align::Block::Global;
    const auto [first, end] = plan.blockRange(block);
    noteChange(tr("The lesson set the layer plan to cuts %1 and %2 and the %3 block (layers %4–%5).")
                   .arg(plan.cut1())
                   .arg(plan.cut2())
                   .arg(widgets::LayerStackView::blockTitle(block))
                   .arg(first)
                   .arg(end - 1));
    window_.showView(QStringLiteral("layers"));
    return true;
}

bool Lesson::startTraining()
{
    if (!openLab())
        return false;
    if (!isOneBlock(window_.layerView()->plan().strategy()) && !applyCuts())
        return false;
    rememberBefore();
    TrainingPanel* panel = window_.trainingPanel();
    // The sweep's recipe for the lab (sweep::SweepSettings), so that step 6 measures what step 4 trained.
    train::TrainConfig s = sweep::SweepSettings::forModel(widgets::toPath(window_.modelFolder())).recipe;
    const train::TrainConfig mine = panel->settings();
    s.device = mine.device;
    s.evalEvery = kLessonEvalEvery;
    s.saveEvery = train::TrainConfig::saveEveryFor(s.steps);
    panel->setSettings(s);
    noteChange(tr("The lesson set the training settings to the lab's sweep recipe: %1 steps of %2 pairs, learning "
                  "rate %3, rank %4.")
                   .arg(s.steps)
                   .arg(s.batchSize)
                   .arg(s.learningRate)
                   .arg(s.rank));
    window_.showView(QStringLiteral("training"));
    if (!window_.startTraining())
        return false;
    lessonRun_ = window_.training()->runDir();
    return true;
}

bool Lesson::startComparison()
{
    if (!openLab())
        return false;
    window_.runsBrowser()->refresh();
    window_.comparePage()->refreshCandidates();
    // The lesson's own run when there is one, else the newest run with an adapter.
    QString run;
    for (const RunSummary& r : window_.runsBrowser()->runs())
        if (r.hasAdapter && (run.isEmpty() || r.dir == lessonRun_))
            run = r.dir;
    if (run.isEmpty()) {
        window_.showError(tr("Compare needs a trained run beside Base: do step 4 first."));
        return false;
    }
    widgets::CompareView* compare = window_.compareView();
    compare->setSelectedCandidates({QStringLiteral("base"), run});
    if (compare->currentPrompt().isEmpty())
        compare->setCurrentPrompt(0);
    window_.showView(QStringLiteral("compare"));
    window_.compareCurrentPrompt();
    return true;
}

bool Lesson::startSweep()
{
    if (!openLab())
        return false;
    SweepJob job = SweepDialog::defaultsFor(window_.modelFolder());
    // Into the workspace, beside the lesson's runs; a fresh folder each time.
    const QDir workspace(window_.trainingPanel()->workspace());
    QString out = workspace.filePath(QStringLiteral("lesson-sweep"));
    for (int n = 2; QFileInfo::exists(out); ++n)
        out = workspace.filePath(QStringLiteral("lesson-sweep-%1").arg(n));
    job.outDir = out;
    window_.showView(QStringLiteral("sweep"));
    return window_.startSweep(job);
}

// ---------------------------------------------------------------- checks

bool Lesson::labOpen() const
{
    return window_.hasModel() && lab::LabFolder::ofModel(widgets::toPath(window_.modelFolder())).has_value();
}

bool Lesson::check(int step) const
{
    const align::LayerPlan& plan = window_.layerView()->plan();
    switch (step) {
    case 0:   // the lab open and its layer stack on show
        return labOpen() && layersSeen_;
    case 1: {   // a probe of this model on the layer stack, with its suggested cuts
        const probe::ProbeResult* p = window_.probeResult();
        return labOpen() && p && p->dimensions.size() >= 2 && p->cuts.available;
    }
    case 2: {   // one block chosen, with cuts moved by hand or taken from the probe
        if (!isOneBlock(plan.strategy()))
            return false;
        const probe::ProbeResult* p = window_.probeResult();
        const bool probeCuts = p && p->cuts.available && plan.cut1() == p->cuts.suggested.cut1
                               && plan.cut2() == p->cuts.suggested.cut2;
        return probeCuts || plan.cut1() != cut1AtStart_ || plan.cut2() != cut2AtStart_;
    }
    case 3:   // a run on one block, finished since the lesson began, with its adapter (as the runs browser read them)
        for (const RunSummary& r : window_.runsBrowser()->runs())
            if (!runsAtStart_.contains(r.dir) && r.hasAdapter && r.status == QLatin1String("finished")
                && isOneBlock(r.strategy))
                return true;
        return false;
    case 4: {   // Base and at least one more model answered the same prompt
        const widgets::CompareView* c = window_.compareView();
        if (window_.comparer()->isBusy() || c->columnCount() < 2)
            return false;
        for (int i = 0; i < c->columnCount(); ++i)
            if (c->columnText(i).trimmed().isEmpty())
                return false;
        return true;
    }
    case 5:   // a sweep's report on the Sweep page
        return window_.sweepView()->hasReport();
    default:
        return false;
    }
}

// Whether the worker a running step started is still at work.
void Lesson::poll()
{
    if (labOpen() && window_.layerView()->isVisible())
        layersSeen_ = true;
    if (running_ >= 0) {
        const bool busy = (running_ == 1 && window_.probes()->isRunning())
                          || (running_ == 3 && window_.training()->isRunning())
                          || (running_ == 4 && window_.comparer()->isBusy())
                          || (running_ == 5 && window_.sweeps()->isRunning());
        if (!busy) {
            const int step = running_;
            running_ = -1;
            if (check(step))
                markDone(step);
            else
                fail(step, window_.lastError().isEmpty() ? tr("The step ended without its result (it was stopped?).")
                                                         : window_.lastError());
        }
    }
    for (int i = 0; i < kSteps; ++i)
        if (i != running_ && !isDone(i) && check(i))
            markDone(i);
}

void Lesson::markDone(int step)
{
    Step& s = steps_[static_cast<std::size_t>(step)];
    const bool timed = clock_.isValid() && (s.state == StepState::Running || step == 0 || step == 2);
    s.state = StepState::Done;
    s.seconds = timed ? static_cast<double>(clock_.elapsed()) / 1000.0 : 0.0;
    s.status = timed && s.seconds >= 0.5 ? tr("Done in %1 s.").arg(s.seconds, 0, 'f', 1) : tr("Done.");
    clock_.invalidate();
    Q_EMIT stateChanged(step);
}

void Lesson::fail(int step, const QString& why)
{
    Step& s = steps_[static_cast<std::size_t>(step)];
    s.state = StepState::Failed;
    s.status = why;
    clock_.invalidate();
    Q_EMIT stateChanged(step);
}

// ---------------------------------------------------------------- the user's settings

void Lesson::rememberBefore()
{
    if (before_)
        return;
    before_ = std::make_unique<Before>();
    before_->model = window_.modelFolder();
    before_->data = window_.trainingPanel()->dataFile();
    before_->settings = window_.trainingPanel()->settings();
    before_->plan = window_.layerView()->plan();
}

void Lesson::noteChange(const QString& sentence)
{
    if (changes_.contains(sentence))
        return;
    changes_ << sentence;
    Q_EMIT changesChanged();
}

bool Lesson::restoreSettings()
{
    if (!before_)
        return true;
    if (running_ >= 0) {
        window_.showError(tr("Step %1 of the lesson is still running; your settings come back when it has ended.")
                              .arg(running_ + 1));
        return false;
    }
    const Before before = *before_;
    if (!before.model.isEmpty() && QFileInfo(before.model).absoluteFilePath() != window_.modelFolder()
        && !window_.openModel(before.model))
        return false;
    if (!before.data.isEmpty() && !window_.openData(before.data))
        return false;
    window_.trainingPanel()->setSettings(before.settings);
    if (before.plan.numLayers() == window_.layerView()->plan().numLayers())
        window_.layerView()->setPlan(before.plan);
    before_.reset();
    changes_.clear();
    Q_EMIT changesChanged();
    window_.showStatus(tr("Your model, preference file, training settings and layer plan are back."), 10000);
    return true;
}

} // namespace hialign::app

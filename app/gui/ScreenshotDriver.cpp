#include "app/gui/ScreenshotDriver.h"

#include <QApplication>
#include <QEventLoop>
#include <QImage>
#include <QTimer>

#include <algorithm>

#include "app/gui/CompareController.h"
#include "app/gui/ComparePage.h"
#include "app/gui/LensPage.h"
#include "app/gui/Lesson.h"
#include "app/gui/RunSummary.h"
#include "widgets/LensView.h"
#include "app/gui/MainWindow.h"
#include "app/gui/ProbeController.h"
#include "app/gui/ProbeDialog.h"
#include "app/gui/ProbePage.h"
#include "app/gui/RunsBrowser.h"
#include "app/gui/TrainingController.h"
#include "app/gui/TrainingPanel.h"
#include "widgets/CompareView.h"
#include "widgets/SamplesView.h"

namespace hialign::app {

int ScreenshotDriver::run(const AppOptions& o)
{
    window_.resize(o.width, o.height);
    window_.show();
    QApplication::processEvents();
    if (o.demoProbe && !runProbe())
        return 1;
    if (o.demoSteps > 0 && !runTraining(o.demoSteps))
        return 1;
    if (o.demoLens && !readLens())
        return 1;
    if (o.lessonSteps >= 0) {
        // The Lesson panel beside the window, its first steps done with Do it; the window stays on the last one's view.
        if (!runLesson(o.lessonSteps))
            return 1;
    } else {
        prepareView(o.view);
    }
    // Let the plots' redraw timer and the layout settle.
    QEventLoop settle;
    QTimer::singleShot(300, &settle, &QEventLoop::quit);
    settle.exec();
    return save(o.screenshot) ? 0 : 1;
}

bool ScreenshotDriver::runProbe()
{
    const ProbeJob job = ProbeDialog::defaultsFor(window_.modelFolder());
    if (!window_.startProbe(job))
        return false;
    if (!window_.probes()->waitForFinished(30 * 60 * 1000)) {
        window_.showError(tr("The probe did not finish within 30 minutes."));
        return false;
    }
    return window_.probeResult() != nullptr;
}

bool ScreenshotDriver::readLens()
{
    LensPage* lens = window_.lensPage();
    window_.runsBrowser()->refresh();
    for (const RunSummary& r : window_.runsBrowser()->runs())
        if (r.hasAdapter && lens->selectRun(r.dir))
            break;
    QEventLoop loop;
    bool ok = false;
    QObject::connect(lens, &LensPage::readFinished, &loop, [&](bool done) {
        ok = done;
        loop.quit();
    });
    if (!lens->read())
        return false;
    loop.exec();
    if (!ok)
        window_.showError(lens->view()->message());
    return ok;
}

bool ScreenshotDriver::runLesson(int steps)
{
    window_.showLesson();
    Lesson* lesson = window_.lesson();
    for (int i = 0; i < steps; ++i) {
        if (!lesson->doStep(i) || !lesson->waitForStep(i, 30 * 60 * 1000)) {
            window_.showError(tr("Step %1 of the lesson did not finish: %2").arg(i + 1).arg(lesson->stepStatus(i)));
            return false;
        }
    }
    if (steps == 0)
        window_.showView(QStringLiteral("layers"));
    return true;
}

bool ScreenshotDriver::runTraining(int steps)
{
    TrainingPanel* panel = window_.trainingPanel();
    train::TrainConfig s = panel->settings();
    s.steps = steps;
    s.evalEvery = std::max(1, steps / 4);
    s.samples.every = std::max(1, steps / 4);
    panel->setSettings(s);
    window_.showView(QStringLiteral("training"));
    if (!window_.startTraining())
        return false;
    // "Mid-training" for the curves: stop waiting at the end of the run.
    if (!window_.training()->waitForFinished(30 * 60 * 1000)) {
        window_.showError(tr("The training run did not finish within 30 minutes."));
        return false;
    }
    window_.runsBrowser()->refresh();
    window_.comparePage()->refreshCandidates();
    window_.answersView()->selectFirstChange();
    return true;
}

void ScreenshotDriver::prepareView(const QString& view)
{
    window_.showView(view);
    RunsBrowser* runs = window_.runsBrowser();
    if (view == QLatin1String("runs") && !runs->runs().isEmpty())
        runs->selectRun(runs->runs().first().dir);
    if (view == QLatin1String("compare") && window_.hasModel())
        compareNewestRun();
}

// Base beside the newest trained run, unless the user chose already; waits
// for the generations.
void ScreenshotDriver::compareNewestRun()
{
    widgets::CompareView* compare = window_.compareView();
    if (compare->selectedCandidates().size() < 2) {
        for (const RunSummary& r : window_.runsBrowser()->runs()) {
            if (r.hasAdapter) {
                compare->setSelectedCandidates({QStringLiteral("base"), r.dir});
                break;
            }
        }
    }
    QEventLoop loop;
    QObject::connect(window_.comparer(), &CompareController::done, &loop, &QEventLoop::quit);
    QTimer::singleShot(10 * 60 * 1000, &loop, &QEventLoop::quit);
    window_.compareCurrentPrompt();
    if (window_.comparer()->isBusy())
        loop.exec();
}

bool ScreenshotDriver::save(const QString& file)
{
    const QImage image = window_.grab().toImage();
    if (!image.save(file)) {
        window_.showError(tr("Could not write the screenshot %1.").arg(file));
        return false;
    }
    return true;
}

} // namespace hialign::app

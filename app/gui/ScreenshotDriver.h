// Screenshot mode (--screenshot): an optional layer probe and short training
// run, then the asked-for view (or the Lesson panel after its first steps),
// rendered from the window and saved.
#pragma once

#include <QCoreApplication>
#include <QString>

#include "app/gui/AppOptions.h"

namespace hialign::app {

class MainWindow;

class ScreenshotDriver {
    Q_DECLARE_TR_FUNCTIONS(hialign::app::ScreenshotDriver)
public:
    explicit ScreenshotDriver(MainWindow& window) : window_(window) {}

    // Returns 0, or 1 with the reason in the window's lastError().
    int run(const AppOptions& options);

private:
    // The probe dialog's defaults, run to the end.
    bool runProbe();
    // `steps` training steps with the panel's other settings, run to the end.
    bool runTraining(int steps);
    // The logit lens on the first pair, beside the newest run with an adapter.
    bool readLens();
    // The Lesson panel, with its first `steps` steps done with Do it.
    bool runLesson(int steps);
    // The view, with a run selected (runs) or a comparison made (compare).
    void prepareView(const QString& view);
    void compareNewestRun();
    bool save(const QString& file);

    MainWindow& window_;
};

} // namespace hialign::app

// Command line of `hialign`:
//   hialign [MODEL_DIR] [--data FILE] [--workspace DIR] [--lang de|zh_CN|en]
//           [--sweep SWEEP_DIR]
//           [--screenshot FILE.png [--view layers|training|compare|runs|sweep] [--demo-steps N]
//                                  [--demo-probe]]
//                                  [--demo-lens] [--lesson N]]
//   hialign --export-report SWEEP_DIR --out DIR     (headless; no window opens)
//   hialign --export-handout FILE.pdf [--lang L]    (headless; the lesson's handout)
#pragma once

#include <QString>
#include <QStringList>

namespace hialign::app {

struct AppOptions {
    QString modelDir;
    QString dataFile;
    QString workspace;
    QString language;          // empty: the system locale
    QString sweepDir;          // a sweep folder to open on the Sweep page
    QString exportReport;      // a sweep folder whose report to export, then quit
    QString exportOut;         // where the exported report goes
    QString exportHandout;     // the lesson's handout to write (a .pdf), then quit
    QString screenshot;        // empty: normal interactive start
    QString view = QStringLiteral("layers");
    int demoSteps = 0;
    bool demoProbe = false;    // run the layer probe (the probe dialog's defaults) first
    bool demoLens = false;     // read the logit lens on the first pair (beside the newest run) first
    int lessonSteps = -1;      // >= 0: show the Lesson panel after doing its first N steps
    int width = 1600;
    int height = 1000;
    QString error;             // a usage error to print

    static AppOptions parse(const QStringList& arguments);
};

} // namespace hialign::app

// Command line of `hialign`:
//   hialign [MODEL_DIR] [--data FILE] [--workspace DIR] [--lang de|zh_CN|en]
//           [--screenshot FILE.png [--view layers|training|compare|runs] [--demo-steps N]]
#pragma once

#include <QString>
#include <QStringList>

namespace hialign::app {

struct AppOptions {
    QString modelDir;
    QString dataFile;
    QString workspace;
    QString language;          // empty: the system locale
    QString screenshot;        // empty: normal interactive start
    QString view = QStringLiteral("layers");
    int demoSteps = 0;
    int width = 1600;
    int height = 1000;
    QString error;             // a usage error to print

    static AppOptions parse(const QStringList& arguments);
};

} // namespace hialign::app

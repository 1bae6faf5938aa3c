// hialign: the desktop workbench. Everything lives in hialign_app; this file
// parses the command line, installs the translation and opens the window
// (or renders a screenshot and quits, or exports a sweep report or the
// lesson's handout headless).
#include "model/Threads.h"

#include <QApplication>
#include <QIcon>

#include <cstdio>
#include <cstring>

#include "app/gui/AppOptions.h"
#include "app/gui/LessonHandout.h"
#include "app/gui/MainWindow.h"
#include "app/gui/ScreenshotDriver.h"
#include "app/gui/Translations.h"
#include "widgets/SweepExport.h"

namespace {

// The headless exports print their own one-sentence errors; Qt's notes about
// the offscreen platform (no runtime folder, no window hints) are not for
// their users. Critical and fatal messages still go to stderr.
void quietExportMessages(QtMsgType type, const QMessageLogContext&, const QString& message)
{
    if (type == QtCriticalMsg || type == QtFatalMsg)
        std::fprintf(stderr, "%s\n", qPrintable(message));
}

} // namespace

int main(int argc, char* argv[])
{
    hialign::model::ensurePassiveOpenMpWait(argv);
    // Exporting a report or the handout opens no window: draw offscreen unless
    // told otherwise, so that it runs on a machine without a display.
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], "--export-report", 15) == 0 || std::strncmp(argv[i], "--export-handout", 16) == 0) {
            if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
                qputenv("QT_QPA_PLATFORM", "offscreen");
            qInstallMessageHandler(quietExportMessages);
        }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("HiAlign"));
    QApplication::setApplicationName(QStringLiteral("Workbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("HiAlign Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(HIALIGN_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("hialign"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/hialign.svg")));

    // Two languages may be asked for before the options are parsed: look ahead.
    QString language;
    const QStringList args = QApplication::arguments();
    for (int i = 1; i + 1 < args.size(); ++i)
        if (args[i] == QLatin1String("--lang"))
            language = args[i + 1];
    hialign::app::Translations::install(app, language);

    const auto options = hialign::app::AppOptions::parse(args);
    if (!options.error.isEmpty()) {
        std::fprintf(stderr, "hialign: %s\n", qPrintable(options.error));
        return 2;
    }
    if (!options.exportReport.isEmpty()) {
        QString error;
        if (!hialign::widgets::exportSweepReport(options.exportReport, options.exportOut, &error)) {
            std::fprintf(stderr, "hialign: %s\n", qPrintable(error));
            return 1;
        }
        return 0;
    }
    if (!options.exportHandout.isEmpty()) {
        hialign::model::configureThreads(/*reserve=*/1);
        return hialign::app::LessonHandout::exportHandout(options.exportHandout);
    }
    // One core stays with the GUI thread so that the window keeps up while training.
    hialign::model::configureThreads(/*reserve=*/1);

    hialign::app::MainWindow window(options);
    if (!options.screenshot.isEmpty()) {
        const int rc = hialign::app::ScreenshotDriver(window).run(options);
        if (rc != 0)
            std::fprintf(stderr, "hialign: %s\n", qPrintable(window.lastError()));
        return rc;
    }
    window.show();
    return QApplication::exec();
}

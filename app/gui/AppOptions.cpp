#include "app/gui/AppOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QList>

#include <algorithm>

namespace hialign::app {

namespace {

// The options of the command line (the positional MODEL_DIR aside).
struct CommandLine {
    const QCommandLineOption data{QStringLiteral("data"),
                                  QCoreApplication::translate("hialign::app::AppOptions", "Preference data file (JSONL)"),
                                  QStringLiteral("FILE")};
    const QCommandLineOption workspace{QStringLiteral("workspace"),
                                       QCoreApplication::translate("hialign::app::AppOptions", "Folder for run folders"),
                                       QStringLiteral("DIR")};
    const QCommandLineOption lang{QStringLiteral("lang"),
                                  QCoreApplication::translate("hialign::app::AppOptions", "User interface language: en, de, zh_CN"),
                                  QStringLiteral("LANG")};
    const QCommandLineOption shot{QStringLiteral("screenshot"),
                                  QCoreApplication::translate("hialign::app::AppOptions", "Render the window to FILE.png and quit"),
                                  QStringLiteral("FILE")};
    const QCommandLineOption sweep{QStringLiteral("sweep"),
                                   QCoreApplication::translate("hialign::app::AppOptions", "Open a strategy sweep folder on the Sweep page"),
                                   QStringLiteral("SWEEP_DIR")};
    const QCommandLineOption exportReport{
        QStringLiteral("export-report"),
        QCoreApplication::translate("hialign::app::AppOptions",
                                    "Write the sweep's report (HTML, PDF, CSV, JSON) into the --out folder and quit, without a window"),
        QStringLiteral("SWEEP_DIR")};
    const QCommandLineOption out{QStringLiteral("out"),
                                 QCoreApplication::translate("hialign::app::AppOptions", "Folder for --export-report"),
                                 QStringLiteral("DIR")};
    const QCommandLineOption exportHandout{
        QStringLiteral("export-handout"),
        QCoreApplication::translate("hialign::app::AppOptions",
                                    "Run the lesson's six steps on the demo lab offscreen and write its handout to FILE.pdf"),
        QStringLiteral("FILE")};
    const QCommandLineOption demoLens{
        QStringLiteral("demo-lens"),
        QCoreApplication::translate("hialign::app::AppOptions",
                                    "Read the logit lens on the first preference pair, beside the newest run, before the screenshot")};
    const QCommandLineOption lesson{
        QStringLiteral("lesson"),
        QCoreApplication::translate("hialign::app::AppOptions",
                                    "Show the Lesson panel in the screenshot after doing its first N steps"),
        QStringLiteral("N")};
    const QCommandLineOption view{QStringLiteral("view"),
                                  QCoreApplication::translate("hialign::app::AppOptions", "View for the screenshot: layers, training, compare, runs, sweep"),
                                  QStringLiteral("NAME"), QStringLiteral("layers")};
    const QCommandLineOption steps{QStringLiteral("demo-steps"),
                                   QCoreApplication::translate("hialign::app::AppOptions", "Train N steps before the screenshot"),
                                   QStringLiteral("N"), QStringLiteral("0")};
    const QCommandLineOption demoProbe{
        QStringLiteral("demo-probe"),
        QCoreApplication::translate("hialign::app::AppOptions",
                                    "Run the layer probe (the probe dialog's first values) before the screenshot")};
    const QCommandLineOption size{QStringLiteral("size"),
                                  QCoreApplication::translate("hialign::app::AppOptions", "Screenshot size WIDTHxHEIGHT"),
                                  QStringLiteral("WxH"), QStringLiteral("1600x1000")};

    QList<QCommandLineOption> all() const
    {
        return {data, workspace, lang, sweep, exportReport, out, exportHandout, shot, view, steps, demoProbe, demoLens, lesson, size};
    }
};

// The usage error in parsed options (empty: none); the last found wins.
QString usageError(const QCommandLineParser& p, const CommandLine& c, const AppOptions& o, QString error)
{
    const QStringList views = {QStringLiteral("layers"), QStringLiteral("training"), QStringLiteral("compare"),
                               QStringLiteral("runs"), QStringLiteral("sweep")};
    if (!views.contains(o.view))
        error = QCoreApplication::translate("hialign::app::AppOptions", "--view must be one of: %1.")
                    .arg(views.join(QStringLiteral(", ")));
    if (p.isSet(c.exportReport) && o.exportReport.isEmpty())
        error = QCoreApplication::translate("hialign::app::AppOptions", "--export-report needs a sweep folder.");
    else if (!o.exportReport.isEmpty() && o.exportOut.isEmpty())
        error = QCoreApplication::translate("hialign::app::AppOptions", "--export-report needs --out DIR for the report files.");
    else if (o.exportReport.isEmpty() && p.isSet(c.out))
        error = QCoreApplication::translate("hialign::app::AppOptions", "--out is only used with --export-report.");
    if (p.isSet(c.exportHandout) && o.exportHandout.isEmpty())
        error = QCoreApplication::translate("hialign::app::AppOptions", "--export-handout needs a file name (FILE.pdf).");
    if (p.isSet(c.lesson) && o.screenshot.isEmpty())
        error = QCoreApplication::translate("hialign::app::AppOptions", "--lesson is only used with --screenshot.");
    return error;
}

} // namespace

AppOptions AppOptions::parse(const QStringList& arguments)
{
    AppOptions o;
    QCommandLineParser p;
    p.setApplicationDescription(QCoreApplication::translate(
        "hialign::app::AppOptions", "HiAlign Workbench: DPO with LoRA on chosen functional blocks of a model's layers"));
    p.addHelpOption();
    p.addVersionOption();
    p.addPositionalArgument(QStringLiteral("MODEL_DIR"),
                            QCoreApplication::translate("hialign::app::AppOptions", "Hugging Face model folder to open"),
                            QStringLiteral("[MODEL_DIR]"));
    const CommandLine c;
    p.addOptions(c.all());
    if (!p.parse(arguments)) {
        o.error = p.errorText();
        return o;
    }
    if (p.isSet(QStringLiteral("help")) || p.isSet(QStringLiteral("version"))) {
        p.process(arguments);   // prints and exits, as command-line tools do
    }
    if (!p.positionalArguments().isEmpty())
        o.modelDir = p.positionalArguments().first();
    o.dataFile = p.value(c.data);
    o.workspace = p.value(c.workspace);
    o.language = p.value(c.lang);
    o.sweepDir = p.value(c.sweep);
    o.exportReport = p.value(c.exportReport);
    o.exportOut = p.value(c.out);
    o.screenshot = p.value(c.shot);
    o.view = p.value(c.view);
    o.demoProbe = p.isSet(c.demoProbe);
    o.demoLens = p.isSet(c.demoLens);
    o.exportHandout = p.value(c.exportHandout);
    bool ok = false;
    if (p.isSet(c.lesson)) {
        o.lessonSteps = p.value(c.lesson).toInt(&ok);
        if (!ok || o.lessonSteps < 0 || o.lessonSteps > 6)
            o.error = QCoreApplication::translate("hialign::app::AppOptions", "--lesson needs a number of steps from 0 to 6.");
    }
    o.demoSteps = p.value(c.steps).toInt(&ok);
    if (!ok || o.demoSteps < 0)
        o.error = QCoreApplication::translate("hialign::app::AppOptions", "--demo-steps needs a number of steps.");
    const QStringList wh = p.value(c.size).split(QLatin1Char('x'));
    if (wh.size() == 2) {
        o.width = std::max(640, wh[0].toInt());
        o.height = std::max(480, wh[1].toInt());
    }
    o.error = usageError(p, c, o, o.error);
    return o;
}

} // namespace hialign::app

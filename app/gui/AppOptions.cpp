#include "app/gui/AppOptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace hialign::app {

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
    const QCommandLineOption data(QStringLiteral("data"),
                                  QCoreApplication::translate("hialign::app::AppOptions", "Preference data file (JSONL)"),
                                  QStringLiteral("FILE"));
    const QCommandLineOption workspace(QStringLiteral("workspace"),
                                       QCoreApplication::translate("hialign::app::AppOptions", "Folder for run folders"),
                                       QStringLiteral("DIR"));
    const QCommandLineOption lang(QStringLiteral("lang"),
                                  QCoreApplication::translate("hialign::app::AppOptions", "User interface language: en, de, zh_CN"),
                                  QStringLiteral("LANG"));
    const QCommandLineOption shot(QStringLiteral("screenshot"),
                                  QCoreApplication::translate("hialign::app::AppOptions", "Render the window to FILE.png and quit"),
                                  QStringLiteral("FILE"));
    const QCommandLineOption sweep(QStringLiteral("sweep"),
                                   QCoreApplication::translate("hialign::app::AppOptions", "Open a strategy sweep folder on the Sweep page"),
                                   QStringLiteral("SWEEP_DIR"));
    const QCommandLineOption exportReport(
        QStringLiteral("export-report"),
        QCoreApplication::translate("hialign::app::AppOptions",
                                    "Write the sweep's report (HTML, PDF, CSV, JSON) into the --out folder and quit, without a window"),
        QStringLiteral("SWEEP_DIR"));
    const QCommandLineOption out(QStringLiteral("out"),
                                 QCoreApplication::translate("hialign::app::AppOptions", "Folder for --export-report"),
                                 QStringLiteral("DIR"));
    const QCommandLineOption view(QStringLiteral("view"),
                                  QCoreApplication::translate("hialign::app::AppOptions", "View for the screenshot: layers, training, compare, runs, sweep"),
                                  QStringLiteral("NAME"), QStringLiteral("layers"));
    const QCommandLineOption steps(QStringLiteral("demo-steps"),
                                   QCoreApplication::translate("hialign::app::AppOptions", "Train N steps before the screenshot"),
                                   QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption demoProbe(
        QStringLiteral("demo-probe"),
        QCoreApplication::translate("hialign::app::AppOptions",
                                    "Run the layer probe (the probe dialog's first values) before the screenshot"));
    const QCommandLineOption size(QStringLiteral("size"),
                                  QCoreApplication::translate("hialign::app::AppOptions", "Screenshot size WIDTHxHEIGHT"),
                                  QStringLiteral("WxH"), QStringLiteral("1600x1000"));
    p.addOptions({data, workspace, lang, sweep, exportReport, out, shot, view, steps, demoProbe, size});
    if (!p.parse(arguments)) {
        o.error = p.errorText();
        return o;
    }
    if (p.isSet(QStringLiteral("help")) || p.isSet(QStringLiteral("version"))) {
        p.process(arguments);   // prints and exits, as command-line tools do
    }
    if (!p.positionalArguments().isEmpty())
        o.modelDir = p.positionalArguments().first();
    o.dataFile = p.value(data);
    o.workspace = p.value(workspace);
    o.language = p.value(lang);
    o.sweepDir = p.value(sweep);
    o.exportReport = p.value(exportReport);
    o.exportOut = p.value(out);
    o.screenshot = p.value(shot);
    o.view = p.value(view);
    o.demoProbe = p.isSet(demoProbe);
    bool ok = false;
    o.demoSteps = p.value(steps).toInt(&ok);
    if (!ok || o.demoSteps < 0)
        o.error = QCoreApplication::translate("hialign::app::AppOptions", "--demo-steps needs a number of steps.");
    const QStringList wh = p.value(size).split(QLatin1Char('x'));
    if (wh.size() == 2) {
        o.width = std::max(640, wh[0].toInt());
        o.height = std::max(480, wh[1].toInt());
    }
    const QStringList views = {QStringLiteral("layers"), QStringLiteral("training"), QStringLiteral("compare"),
                               QStringLiteral("runs"), QStringLiteral("sweep")};
    if (!views.contains(o.view))
        o.error = QCoreApplication::translate("hialign::app::AppOptions", "--view must be one of: %1.")
                      .arg(views.join(QStringLiteral(", ")));
    if (p.isSet(exportReport) && o.exportReport.isEmpty())
        o.error = QCoreApplication::translate("hialign::app::AppOptions", "--export-report needs a sweep folder.");
    else if (!o.exportReport.isEmpty() && o.exportOut.isEmpty())
        o.error = QCoreApplication::translate("hialign::app::AppOptions", "--export-report needs --out DIR for the report files.");
    else if (o.exportReport.isEmpty() && p.isSet(out))
        o.error = QCoreApplication::translate("hialign::app::AppOptions", "--out is only used with --export-report.");
    return o;
}

} // namespace hialign::app

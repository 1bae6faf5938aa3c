#include "app/gui/LessonHandout.h"

#include <QBuffer>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QTimer>
#include <QUrl>

#include <cstdio>

#include "app/gui/AppOptions.h"
#include "app/gui/Lesson.h"
#include "app/gui/MainWindow.h"

namespace hialign::app {

namespace {

// The longest a step may take before the handout gives up on it.
constexpr int kStepTimeoutMs = 20 * 60 * 1000;
// Lets the plots' redraw timer and the layout settle before a picture.
void settle(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

bool LessonHandout::runSteps(MainWindow& window, Lesson& lesson, QList<QImage>* shots, QString* error,
                             const std::function<void(const QString&)>& log)
{
    shots->clear();
    for (int i = 0; i < Lesson::kSteps; ++i) {
        const bool ok = lesson.doStep(i) && lesson.waitForStep(i, kStepTimeoutMs);
        if (!ok) {
            *error = tr("Step %1 of the lesson (%2) did not finish: %3")
                         .arg(i + 1)
                         .arg(Lesson::text(i).title)
                         .arg(lesson.stepStatus(i).isEmpty() ? tr("it ran out of time") : lesson.stepStatus(i));
            return false;
        }
        settle(400);
        *shots << window.grab().toImage();
        if (log)
            log(tr("step %1 (%2): %3 s").arg(i + 1).arg(Lesson::text(i).title).arg(lesson.stepSeconds(i), 0, 'f', 1));
    }
    return true;
}

QString LessonHandout::problemWithOutput(const QString& file)
{
    const QFileInfo info(file);
    if (file.trimmed().isEmpty())
        return tr("Name the handout's file (a .pdf).");
    if (info.suffix().compare(QLatin1String("pdf"), Qt::CaseInsensitive) != 0)
        return tr("The handout is a PDF: name a file ending in .pdf, not %1.").arg(QDir::toNativeSeparators(file));
    if (!info.absoluteDir().exists())
        return tr("The folder %1 for the handout does not exist.").arg(QDir::toNativeSeparators(info.absolutePath()));
    if (info.isDir())
        return tr("%1 is a folder; name the handout's file in it.").arg(QDir::toNativeSeparators(file));
    return {};
}

bool LessonHandout::writePdf(const QString& file, const QList<QImage>& shots, QString* error)
{
    if (const QString problem = problemWithOutput(file); !problem.isEmpty()) {
        *error = problem;
        return false;
    }
    QTextDocument doc;
    QString html = QStringLiteral("<h1>%1</h1><p>%2</p>").arg(Lesson::title().toHtmlEscaped(),
                                                             Lesson::introduction().toHtmlEscaped());
    html += QStringLiteral("<ol>");
    for (int i = 0; i < Lesson::kSteps; ++i)
        html += QStringLiteral("<li>%1</li>").arg(Lesson::text(i).title.toHtmlEscaped());
    html += QStringLiteral("</ol><p><i>%1</i></p>")
                .arg(tr("HiAlign Workbench %1 · the pictures were drawn by the workbench on the shipped demo lab.")
                         .arg(QCoreApplication::applicationVersion())
                         .toHtmlEscaped());
    for (int i = 0; i < Lesson::kSteps; ++i) {
        const Lesson::StepText t = Lesson::text(i);
        html += QStringLiteral("<h2 style=\"page-break-before: always\">%1. %2</h2>%3<p><b>%4</b> %5</p>")
                    .arg(i + 1)
                    .arg(t.title.toHtmlEscaped(), t.body, tr("Do it:").toHtmlEscaped(), t.doIt.toHtmlEscaped());
        if (i < shots.size() && !shots[i].isNull()) {
            const QUrl name(QStringLiteral("shot%1.png").arg(i + 1));
            doc.addResource(QTextDocument::ImageResource, name, shots[i]);
            html += QStringLiteral("<p><img src=\"%1\" width=\"%2\"></p>").arg(name.toString()).arg(640);
        }
    }
    doc.setHtml(html);

    QPdfWriter writer(file);
    writer.setTitle(Lesson::title());
    writer.setCreator(QStringLiteral("HiAlign Workbench"));
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout::Millimeter);
    doc.print(&writer);
    if (QFileInfo(file).size() <= 0) {
        *error = tr("Could not write the handout %1.").arg(QDir::toNativeSeparators(file));
        return false;
    }
    return true;
}

int LessonHandout::exportHandout(const QString& file)
{
    const QString absolute = QFileInfo(file).absoluteFilePath();
    if (const QString problem = problemWithOutput(absolute); !problem.isEmpty()) {
        std::fprintf(stderr, "hialign: %s\n", qPrintable(problem));
        return 1;
    }
    if (Lesson::labDir().isEmpty()) {
        std::fprintf(stderr, "hialign: %s\n",
                     qPrintable(tr("The handout is drawn on the demo lab, which is not installed (set "
                                   "HIALIGN_DEMO_DIR to its folder).")));
        return 1;
    }
    // A workspace and settings of its own: the user's stay as they are.
    QTemporaryDir scratch;
    if (!scratch.isValid()) {
        std::fprintf(stderr, "hialign: %s\n", qPrintable(tr("Could not make a temporary folder for the handout's runs.")));
        return 1;
    }
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, scratch.filePath(QStringLiteral("settings")));
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, scratch.filePath(QStringLiteral("settings")));
    AppOptions options;
    options.workspace = scratch.filePath(QStringLiteral("workspace"));
    MainWindow window(options);
    window.setCloseConfirmation([] { return true; });
    window.resize(options.width, options.height);
    window.show();
    Lesson lesson(window);
    QList<QImage> shots;
    QString error;
    const auto log = [](const QString& line) {
        std::printf("%s\n", qPrintable(line));
        std::fflush(stdout);
    };
    if (!runSteps(window, lesson, &shots, &error, log) || !writePdf(absolute, shots, &error)) {
        std::fprintf(stderr, "hialign: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("%s\n", qPrintable(QDir::toNativeSeparators(absolute)));
    return 0;
}

} // namespace hialign::app

// The lesson's printable handout (docs/LESSON.md): the six steps' words with
// the window as a class will see it after each step, rendered by the window
// itself, as a PDF. `hialign --export-handout FILE.pdf` (and so
// `hialign-cli lesson --out FILE.pdf` and File ▸ Export handout…) runs the
// six steps with Do it in a window of its own, offscreen, with a temporary
// workspace and settings of its own, and writes the file.
#pragma once

#include <QCoreApplication>
#include <QImage>
#include <QList>
#include <QString>

#include <functional>

namespace hialign::app {

class Lesson;
class MainWindow;

class LessonHandout {
    Q_DECLARE_TR_FUNCTIONS(hialign::app::LessonHandout)
public:
    // Performs every step of `lesson` in `window` with Do it, each waited
    // for, and grabs the window after each. `log` gets one line per step
    // with its time. False with one sentence in *error when a step fails.
    static bool runSteps(MainWindow& window, Lesson& lesson, QList<QImage>* shots, QString* error,
                         const std::function<void(const QString&)>& log = {});
    // Writes the handout PDF: a title page, then each step on a page with
    // its text and `shots[step]` (a step without a picture gets none).
    static bool writePdf(const QString& file, const QList<QImage>& shots, QString* error);
    // Checks where a handout may go: a .pdf file in an existing folder.
    static QString problemWithOutput(const QString& file);

    // `hialign --export-handout FILE`: the whole run in an offscreen window
    // with a temporary workspace and settings; returns the exit status.
    static int exportHandout(const QString& file);
};

} // namespace hialign::app

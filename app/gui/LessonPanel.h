// The Lesson panel (Help ▸ Lesson): a dock beside the window with the six
// steps of the lesson (app/gui/Lesson.h), each with its text, a Do it
// button and its state; what the lesson changed of the user's settings
// with a button to put them back; Restart and Export handout….
#pragma once

#include <QDockWidget>
#include <QList>

class QLabel;
class QPushButton;

namespace hialign::app {

class Lesson;

class LessonPanel : public QDockWidget {
    Q_OBJECT
public:
    LessonPanel(Lesson& lesson, QWidget* parent = nullptr);

    QPushButton* doItButton(int step) const { return rows_.at(step).doIt; }
    QString stepHeader(int step) const;

Q_SIGNALS:
    void exportHandoutRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Row {
        QLabel* header = nullptr;
        QLabel* body = nullptr;
        QPushButton* doIt = nullptr;
        QLabel* status = nullptr;
    };
    QWidget* buildSteps();
    QWidget* buildFooter();
    void retranslate();
    void refreshStep(int step);
    void refreshChanges();

    Lesson& lesson_;
    QLabel* title_ = nullptr;
    QLabel* intro_ = nullptr;
    QList<Row> rows_;
    QLabel* changesTitle_ = nullptr;
    QLabel* changes_ = nullptr;
    QPushButton* restore_ = nullptr;
    QPushButton* restart_ = nullptr;
    QPushButton* export_ = nullptr;
};

} // namespace hialign::app

// The guided lesson (Help ▸ Lesson, docs/LESSON.md): six steps for a
// 45-minute class on the demo lab. Each step has a text, a "Do it" action
// that performs it in the window with the lab's settings, and a check that
// reads the window's state, so a step done by hand is marked done too.
// Whatever a "Do it" changes of the user's own settings (the open model and
// data, the training settings, the layer plan) is listed in changes() and
// can be put back with restoreSettings().
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <array>
#include <memory>

namespace hialign::app {

class MainWindow;

class Lesson : public QObject {
    Q_OBJECT
public:
    static constexpr int kSteps = 6;
    enum class StepState { Open, Running, Done, Failed };

    // A step's words, in the interface's language.
    struct StepText {
        QString title;
        QString body;       // rich text: what to look for, what the paper claims, what the lab shows
        QString doIt;       // what "Do it" does
    };
    static StepText text(int step);
    static QString title();
    static QString introduction();

    explicit Lesson(MainWindow& window, QObject* parent = nullptr);
    ~Lesson() override;

    StepState state(int step) const { return steps_[static_cast<std::size_t>(step)].state; }
    bool isDone(int step) const { return state(step) == StepState::Done; }
    // The step's last outcome: "done in 31 s", or why it failed.
    QString stepStatus(int step) const { return steps_[static_cast<std::size_t>(step)].status; }
    // Seconds from "Do it" to done (0 for a step done by hand).
    double stepSeconds(int step) const { return steps_[static_cast<std::size_t>(step)].seconds; }
    bool isRunning() const { return running_ >= 0; }

    // Performs `step` (0-based) with the demo lab's settings. Steps that
    // start work (the probe, training, the sweep, a comparison) return at
    // once; stepFinished() says when they end. False, with the sentence in
    // the window's message bar, when the step cannot start.
    bool doStep(int step);
    // Waits for a started step to end; true when it is done.
    bool waitForStep(int step, int timeoutMs);

    // Forgets the progress (the window keeps what the steps made).
    void restart();

    // What the lesson changed of the user's own settings, one sentence each.
    QStringList changes() const { return changes_; }
    bool canRestore() const { return before_ != nullptr; }
    // Reopens the user's model and data and puts back their training
    // settings and layer plan as they were before the lesson's first change.
    bool restoreSettings();

    // The demo lab's folder (empty when it is not installed).
    static QString labDir();

Q_SIGNALS:
    void stateChanged(int step);
    void changesChanged();

private:
    struct Step {
        StepState state = StepState::Open;
        QString status;
        double seconds = 0.0;
    };
    struct Before;

    // The "Do it" of each step.
    bool openLab();
    bool startProbe();
    bool applyCuts();
    bool startTraining();
    bool startComparison();
    bool startSweep();
    // The checks, read from the window.
    bool check(int step) const;
    bool labOpen() const;
    void poll();
    void markDone(int step);
    void fail(int step, const QString& why);
    void rememberBefore();
    void noteChange(const QString& sentence);
    void connectWindow();

    MainWindow& window_;
    std::array<Step, kSteps> steps_{};
    int running_ = -1;
    QElapsedTimer clock_;
    QTimer poll_;
    QSet<QString> runsAtStart_;
    int cut1AtStart_ = -1;
    int cut2AtStart_ = -1;
    bool layersSeen_ = false;
    QString lessonRun_;             // the run step 4 started
    std::unique_ptr<Before> before_;
    QStringList changes_;
};

} // namespace hialign::app

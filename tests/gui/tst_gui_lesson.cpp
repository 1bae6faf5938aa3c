// The guided lesson (Help ▸ Lesson) on the shipped demo lab: Do it drives
// all six steps and each leaves its result in the window (the lab open, the
// probe's columns and cuts, the block chosen, a finished run, a comparison,
// a sweep's report); the handout PDF is written from the window's pictures;
// the user's own model and settings come back with "Put my settings back".
// Steps done by hand are ticked too, Restart clears the ticks, and steps
// that cannot run say why.
#include <QFile>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "app/gui/CompareController.h"
#include "app/gui/Lesson.h"
#include "app/gui/LessonHandout.h"
#include "app/gui/LessonPanel.h"
#include "app/gui/MainWindow.h"
#include "app/gui/RunSummary.h"
#include "app/gui/RunsBrowser.h"
#include "app/gui/TrainingController.h"
#include "app/gui/TrainingPanel.h"
#include "probe/ProbeResult.h"
#include "support/Fixtures.h"
#include "widgets/CompareView.h"
#include "widgets/LayerStackView.h"
#include "widgets/SweepView.h"

using hialign::app::Lesson;
using hialign::app::LessonHandout;
using hialign::app::MainWindow;

namespace {

const QString kLab = QStringLiteral(HIALIGN_TEST_DATA "/../../resources/demo-lab");
constexpr int kStepTimeoutMs = 15 * 60 * 1000;

int count(const QByteArray& data, const QByteArray& what)
{
    int n = 0;
    for (qsizetype at = data.indexOf(what); at >= 0; at = data.indexOf(what, at + 1))
        ++n;
    return n;
}

} // namespace

class TestLesson : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> workspace_;
    std::unique_ptr<MainWindow> window_;

    void openWindow(const QString& model, const QString& data)
    {
        hialign::app::AppOptions o;
        o.modelDir = model;
        o.dataFile = data;
        workspace_ = std::make_unique<QTemporaryDir>();
        o.workspace = workspace_->path();
        window_ = std::make_unique<MainWindow>(o);
        window_->setCloseConfirmation([] { return true; });
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("HIALIGN_DEMO_DIR", kLab.toUtf8());
    }

    void cleanup()
    {
        window_.reset();
        workspace_.reset();
        qputenv("HIALIGN_DEMO_DIR", kLab.toUtf8());
    }

    // Do it through all six steps, from a window on the user's own model.
    void doItDrivesAllSixSteps()
    {
        HIALIGN_FIXTURE(stories, "stories260k");
        const QString mine = QString::fromStdString(stories.string());
        const QString myData = QStringLiteral(HIALIGN_TEST_DATA "/stories_preferences.jsonl");
        openWindow(mine, myData);
        auto mySettings = window_->trainingPanel()->settings();
        mySettings.rank = 4;
        mySettings.steps = 7;
        window_->trainingPanel()->setSettings(mySettings);

        hialign::app::LessonPanel* panel = window_->showLesson();
        QVERIFY(panel->isVisible());
        Lesson* lesson = window_->lesson();
        for (int i = 0; i < Lesson::kSteps; ++i)
            QCOMPARE(lesson->state(i), Lesson::StepState::Open);
        QVERIFY(!lesson->canRestore());
        QList<QImage> shots;
        const auto doStep = [&](int step) {
            QTest::mouseClick(panel->doItButton(step), Qt::LeftButton);
            QVERIFY2(lesson->waitForStep(step, kStepTimeoutMs), qPrintable(lesson->stepStatus(step)));
            QVERIFY(panel->stepHeader(step).contains(QStringLiteral("✔")));
            shots << window_->grab().toImage();
        };

        // 1: the lab's model and mixed preferences, the layer stack on show; the change is said.
        doStep(0);
        QCOMPARE(QFileInfo(window_->modelFolder()).canonicalFilePath(), QFileInfo(kLab + "/model").canonicalFilePath());
        QCOMPARE(QFileInfo(window_->trainingPanel()->dataFile()).canonicalFilePath(),
                 QFileInfo(kLab + "/data/preferences_mixed.jsonl").canonicalFilePath());
        QVERIFY(window_->layerView()->isVisible());
        QVERIFY(lesson->canRestore());
        QVERIFY(lesson->changes().join(QLatin1Char(' ')).contains(QStringLiteral("stories260k")));

        // 2: the probe of the three dimensions, with suggested cuts.
        doStep(1);
        const hialign::probe::ProbeResult* probe = window_->probeResult();
        QVERIFY(probe);
        QCOMPARE(probe->dimensions.size(), std::size_t{3});
        QCOMPARE(probe->dimensions[2].name, std::string("facts"));
        QVERIFY(probe->cuts.available);
        QVERIFY(window_->layerView()->hasProbe());

        // 3: the probe's cuts and the block it gives to facts.
        doStep(2);
        const auto& plan = window_->layerView()->plan();
        QCOMPARE(plan.cut1(), probe->cuts.suggested.cut1);
        QCOMPARE(plan.cut2(), probe->cuts.suggested.cut2);
        const auto factsBlock = static_cast<hialign::align::Block>(probe->cuts.suggested.blockOf[2]);
        QCOMPARE(plan.strategy(), hialign::align::blockStrategy(factsBlock));

        // 4: a finished run on that block, with the lab's sweep recipe.
        doStep(3);
        const QList<hialign::app::RunSummary> runs = hialign::app::RunSummary::scan(workspace_->path());
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs[0].status, QStringLiteral("finished"));
        QVERIFY(runs[0].hasAdapter);
        QCOMPARE(runs[0].steps, qint64{60});
        QCOMPARE(runs[0].strategy, QString::fromLatin1(hialign::align::strategyName(plan.strategy())));
        QVERIFY(std::isfinite(runs[0].margin));

        // 5: Base beside the run on a held-out prompt, both answered and judged.
        doStep(4);
        const hialign::widgets::CompareView* compare = window_->compareView();
        QCOMPARE(compare->columnCount(), 2);
        for (int c = 0; c < 2; ++c) {
            QVERIFY(!compare->columnText(c).trimmed().isEmpty());
            QVERIFY(compare->scoresVisible(c));
        }

        // 6: the sweep's report of Base and the four strategies, in the workspace.
        doStep(5);
        const hialign::widgets::SweepView* sweep = window_->sweepView();
        QVERIFY(sweep->hasReport());
        QCOMPARE(QFileInfo(sweep->sweepDir()).dir().canonicalPath(), QDir(workspace_->path()).canonicalPath());
        QCOMPARE(sweep->report().strategies().size(), 5);
        for (int i = 0; i < Lesson::kSteps; ++i) {
            QVERIFY(lesson->isDone(i));
            QVERIFY2(lesson->stepSeconds(i) < 180.0, qPrintable(lesson->stepStatus(i)));
        }

        // The handout: a title page and one page per step, each with its picture.
        const QString pdf = workspace_->filePath(QStringLiteral("handout.pdf"));
        QString error;
        QVERIFY2(LessonHandout::writePdf(pdf, shots, &error), qPrintable(error));
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.startsWith("%PDF"));
        QCOMPARE(count(bytes, "/Type /Page\n") + count(bytes, "/Type /Page\r") + count(bytes, "/Type /Page "), 7);
        QVERIFY(count(bytes, "/Subtype /Image") >= 6);

        // The user's model, data, settings and plan come back.
        QVERIFY(lesson->restoreSettings());
        QCOMPARE(QFileInfo(window_->modelFolder()).canonicalFilePath(), QFileInfo(mine).canonicalFilePath());
        QCOMPARE(QFileInfo(window_->trainingPanel()->dataFile()).canonicalFilePath(), QFileInfo(myData).canonicalFilePath());
        QCOMPARE(window_->trainingPanel()->settings().rank, 4);
        QCOMPARE(window_->trainingPanel()->settings().steps, 7);
        QVERIFY(lesson->changes().isEmpty());
        QVERIFY(!lesson->canRestore());
    }

    // Done by hand, the steps are ticked too; Restart clears the ticks, and only new runs count.
    void stepsDoneByHandAreTicked()
    {
        openWindow(kLab + "/model", kLab + "/data/preferences_mixed.jsonl");
        window_->showView(QStringLiteral("layers"));
        Lesson* lesson = window_->showLesson() ? window_->lesson() : nullptr;
        QVERIFY(lesson);
        QTRY_VERIFY_WITH_TIMEOUT(lesson->isDone(0), 5000);

        // 3: the cuts moved and one block picked, on the layer stack itself.
        QVERIFY(!lesson->isDone(2));
        window_->layerView()->setCuts(3, 7);
        window_->layerView()->setStrategy(hialign::align::Strategy::Mid);
        QTRY_VERIFY_WITH_TIMEOUT(lesson->isDone(2), 5000);

        // 4: a short run started from the panel.
        auto s = window_->trainingPanel()->settings();
        s.steps = 3;
        s.batchSize = 4;
        s.evalEvery = 0;
        window_->trainingPanel()->setSettings(s);
        QSignalSpy finished(window_->training(), &hialign::app::TrainingController::finished);
        QVERIFY(window_->startTraining());
        QVERIFY(finished.wait(180000));
        QTRY_VERIFY_WITH_TIMEOUT(lesson->isDone(3), 5000);

        // 5: a comparison made on the Compare tab.
        window_->runsBrowser()->refresh();
        const QString run = window_->runsBrowser()->runs().first().dir;
        window_->compareView()->setSelectedCandidates({QStringLiteral("base"), run});
        window_->compareView()->setCurrentPrompt(0);
        QSignalSpy compared(window_->comparer(), &hialign::app::CompareController::done);
        window_->compareCurrentPrompt();
        QVERIFY(compared.wait(120000));
        QTRY_VERIFY_WITH_TIMEOUT(lesson->isDone(4), 5000);
        QVERIFY(!lesson->isDone(1));
        QVERIFY(!lesson->isDone(5));
        // The lesson changed nothing of the user's settings.
        QVERIFY(lesson->changes().isEmpty());
        QVERIFY(!lesson->canRestore());

        // Restart: the run made before does not tick step 4 again; the comparison on show does tick step 5.
        QTest::mouseClick(window_->lessonPanel()->findChild<QPushButton*>(QStringLiteral("lessonRestart")), Qt::LeftButton);
        QCOMPARE(lesson->state(3), Lesson::StepState::Open);
        QTest::qWait(1500);
        QVERIFY(!lesson->isDone(3));
        QVERIFY(lesson->isDone(4));
    }

    // File ▸ Export handout…: the same program, headless, writes the handout; the window's workspace stays empty.
    void exportHandoutFromTheWindow()
    {
        openWindow(kLab + "/model", kLab + "/data/preferences_mixed.jsonl");
        const QString pdf = workspace_->filePath(QStringLiteral("lesson.pdf"));
        QVERIFY2(window_->exportHandout(pdf), qPrintable(window_->lastError()));
        QVERIFY(window_->isExportingHandout());
        QVERIFY(!window_->exportHandout(pdf));   // one at a time
        QTRY_VERIFY_WITH_TIMEOUT(!window_->isExportingHandout(), kStepTimeoutMs);
        QFile f(pdf);
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(window_->lastError()));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.startsWith("%PDF"));
        QVERIFY(count(bytes, "/Subtype /Image") >= 6);
        QVERIFY(hialign::app::RunSummary::scan(workspace_->path()).isEmpty());
        QCOMPARE(QDir(workspace_->path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList{"lesson.pdf"});
    }

    // Steps that cannot run say why, in one sentence, and change nothing.
    void stepsThatCannotRunSayWhy()
    {
        openWindow(kLab + "/model", kLab + "/data/preferences_mixed.jsonl");
        Lesson* lesson = window_->lesson();
        QVERIFY(!lesson->doStep(4));
        QCOMPARE(lesson->state(4), Lesson::StepState::Failed);
        QCOMPARE(lesson->stepStatus(4), QStringLiteral("Compare needs a trained run beside Base: do step 4 first."));
        QCOMPARE(window_->lastError(), lesson->stepStatus(4));

        window_.reset();
        qputenv("HIALIGN_DEMO_DIR", "/nonexistent");
        HIALIGN_FIXTURE(stories, "stories260k");
        openWindow(QString::fromStdString(stories.string()), QStringLiteral(HIALIGN_TEST_DATA "/stories_preferences.jsonl"));
        lesson = window_->lesson();
        QVERIFY(!lesson->doStep(0));
        QVERIFY(lesson->stepStatus(0).startsWith(QStringLiteral("The demo lab is not installed")));
        QVERIFY(window_->modelFolder().endsWith(QStringLiteral("stories260k")));
        QVERIFY(lesson->changes().isEmpty());

        // Where a handout may go.
        QCOMPARE(LessonHandout::problemWithOutput(workspace_->filePath(QStringLiteral("h.txt"))),
                 QStringLiteral("The handout is a PDF: name a file ending in .pdf, not %1.")
                     .arg(workspace_->filePath(QStringLiteral("h.txt"))));
        QVERIFY(LessonHandout::problemWithOutput(QStringLiteral("/nonexistent/h.pdf")).contains(QStringLiteral("does not exist")));
        QVERIFY(LessonHandout::problemWithOutput(workspace_->filePath(QStringLiteral("h.pdf"))).isEmpty());
        QVERIFY(!window_->exportHandout(workspace_->filePath(QStringLiteral("h.txt"))));
        QVERIFY(!QFile::exists(workspace_->filePath(QStringLiteral("h.txt"))));
    }
};

QTEST_MAIN(TestLesson)
#include "tst_gui_lesson.moc"

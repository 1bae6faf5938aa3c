// The Lens panel beside the layer stack on the demo lab: a pair of the open
// preference file read at every layer for Base and beside a trained run,
// equal to the core's lens::runLens; rows level with the stack's; a picked
// checkpoint reads again; a typed prompt has no margins; a prompt past the
// model's positions is refused in one sentence.
#include "lens/LogitLens.h"

#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "app/gui/LensPage.h"
#include "app/gui/MainWindow.h"
#include "app/gui/RunsBrowser.h"
#include "app/gui/TrainingController.h"
#include "app/gui/TrainingPanel.h"
#include "widgets/LayerStackView.h"
#include "widgets/LensView.h"

using hialign::app::LensPage;
using hialign::app::MainWindow;

namespace {
const QString kLab = QStringLiteral(HIALIGN_TEST_DATA "/../../resources/demo-lab");
}

class TestLens : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
    }

    void readsEveryLayerBesideTheStack()
    {
        QTemporaryDir workspace;
        hialign::app::AppOptions o;
        o.modelDir = kLab + "/model";
        o.dataFile = kLab + "/data/preferences_facts.jsonl";
        o.workspace = workspace.path();
        MainWindow window(o);
        window.setCloseConfirmation([] { return true; });
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        LensPage* lens = window.lensPage();
        QVERIFY(lens->isVisible());
        QCOMPARE(lens->inputBox()->count(), 200);

        // Base alone on pair 2.
        lens->inputBox()->setCurrentIndex(1);
        QSignalSpy done(lens, &LensPage::readFinished);
        QVERIFY(lens->read());
        QVERIFY(done.wait(60000));
        QCOMPARE(done.last().at(0).toBool(), true);
        const hialign::widgets::LensView* view = lens->view();
        QCOMPARE(view->layers().size(), 12);
        QVERIFY(view->hasMargins());

        hialign::lens::LensRequest q;
        q.modelDir = (kLab + "/model").toStdString();
        q.dataFile = (kLab + "/data/preferences_facts.jsonl").toStdString();
        q.firstPair = 1;
        q.pairs = 1;
        q.topK = 1;
        const hialign::lens::LensResult base = hialign::lens::runLens(q);
        for (int layer = 0; layer < 12; ++layer) {
            const auto L = static_cast<std::size_t>(layer);
            QCOMPARE(view->layers()[layer].baseMargin, base.cases[0].base.margin[L]);
            QCOMPARE(view->layers()[layer].baseToken,
                     QString::fromStdString(base.tokens.at(base.cases[0].base.top[L][0].id)));
            QVERIFY(view->cellText(layer, 1).isEmpty());
        }
        // The rows are level with the layer stack's.
        const QRect stackRow = window.layerView()->layerRect(5);
        const int stackY = window.layerView()->mapToGlobal(stackRow.topLeft()).y();
        QCOMPARE(view->mapToGlobal(view->rowRect(5).topLeft()).y(), stackY);
        QCOMPARE(view->rowRect(5).height(), stackRow.height());
        QVERIFY(view->rect().contains(view->rowRect(0)) && view->rect().contains(view->rowRect(11)));

        // A short run on the global block: when it finishes it goes beside Base and the lens reads again.
        auto s = window.trainingPanel()->settings();
        s.steps = 12;   // the window checkpoints every max(10, steps / 4) steps
        s.batchSize = 4;
        s.evalEvery = 0;
        s.learningRate = 5e-3;
        window.trainingPanel()->setSettings(s);
        window.layerView()->setStrategy(hialign::align::Strategy::Global);
        const int before = done.count();
        QVERIFY(window.startTraining());
        QTRY_VERIFY_WITH_TIMEOUT(done.count() > before, 180000);
        QCOMPARE(done.last().at(0).toBool(), true);
        const QString runName = lens->runBox()->currentText();
        QVERIFY(!lens->runBox()->currentData().toString().isEmpty());
        q.adapterDir = lens->runBox()->currentData().toString().toStdString();
        const hialign::lens::LensResult adapted = hialign::lens::runLens(q);
        const auto plan = window.layerView()->plan();
        for (int layer = 0; layer < 12; ++layer) {
            const auto L = static_cast<std::size_t>(layer);
            QCOMPARE(view->layers()[layer].runMargin, adapted.cases[0].adapted->margin[L]);
            QCOMPARE(view->layers()[layer].baseMargin, base.cases[0].base.margin[L]);
            // Below the trained block the run reads exactly as Base.
            if (layer < plan.cut2())
                QCOMPARE(view->layers()[layer].runMargin, view->layers()[layer].baseMargin);
        }
        QVERIFY(view->layers()[11].runMargin != view->layers()[11].baseMargin);
        QVERIFY(view->cellText(11, 2).contains(QStringLiteral("→")));

        // A checkpoint picked: read again, with its name.
        const int checkpoint = lens->runBox()->findText(runName + QStringLiteral(" · step 10"));
        QVERIFY(checkpoint > 0);
        const int beforePick = done.count();
        lens->runBox()->setCurrentIndex(checkpoint);
        QTRY_VERIFY_WITH_TIMEOUT(done.count() > beforePick, 60000);
        QCOMPARE(done.last().at(0).toBool(), true);

        // A typed prompt: top tokens, no margins.
        lens->inputBox()->setEditText(QStringLiteral("nagi likes"));
        QVERIFY(lens->read());
        QVERIFY(done.wait(60000));
        QVERIFY(!view->hasMargins());
        QVERIFY(!view->cellText(11, 0).isEmpty());

        // A prompt past the model's positions: one sentence, nothing on show.
        QStringList words;
        for (int i = 0; i < 2000; ++i)
            words << QStringLiteral("nagi");
        lens->inputBox()->setEditText(words.join(QLatin1Char(' ')));
        QVERIFY(lens->read());
        QVERIFY(done.wait(60000));
        QCOMPARE(done.last().at(0).toBool(), false);
        QVERIFY(view->layers().isEmpty());
        QVERIFY2(view->message().contains(QStringLiteral("position")), qPrintable(view->message()));
    }
};

QTEST_MAIN(TestLens)
#include "tst_gui_lens.moc"

// MetricsPlot: redraws on its timer (never per value), overlays runs,
// smooths, reads out under the mouse and exports PNG, SVG, PDF and CSV.
//
// No test waits for a time: each waits until no redraw is pending (the
// widget's single-shot redraw timer has fired and the queued replots are
// delivered). The timeouts only bound a hang.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest/QtTest>

#include <cmath>

#include "widgets/MetricsPlot.h"

using hialign::widgets::MetricsPlot;

namespace {
constexpr int kHangGuardMs = 60000;
}

class TestMetricsPlot : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<MetricsPlot> plot_;

    // The widget's redraw timer (its only direct QTimer child, single-shot):
    // active while a redraw is pending.
    QTimer* redrawTimer() const
    {
        const auto timers = plot_->findChildren<QTimer*>(QString(), Qt::FindDirectChildrenOnly);
        return timers.size() == 1 && timers.first()->isSingleShot() ? timers.first() : nullptr;
    }

    // Until nothing is pending: the redraw timer has fired (redraw() replots
    // synchronously) and the queued events, QCustomPlot's queued replot
    // included, are delivered. A state, not a time.
    void settle()
    {
        QTimer* timer = redrawTimer();
        QVERIFY2(timer, "MetricsPlot has no single-shot redraw timer");
        QTRY_VERIFY_WITH_TIMEOUT(!timer->isActive(), kHangGuardMs);
        QCoreApplication::sendPostedEvents();
        QCoreApplication::processEvents();
        QVERIFY(!timer->isActive());
    }

private Q_SLOTS:
    void init()
    {
        plot_ = std::make_unique<MetricsPlot>();
        plot_->resize(1400, 800);
        plot_->show();
        QVERIFY(QTest::qWaitForWindowExposed(plot_.get()));
        // The first layout replot has happened and none is pending.
        QTRY_VERIFY_WITH_TIMEOUT(plot_->replotCount() > 0, kHangGuardMs);
        settle();
    }
    void cleanup() { plot_.reset(); }

    void tenThousandPointsReplotOnce()
    {
        const int run = plot_->addRun(QStringLiteral("global"));
        settle();
        if (QTest::currentTestFailed())
            return;
        QSignalSpy spy(plot_.get(), &MetricsPlot::replotted);
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 10000; ++i) {
            QMap<QString, double> values{{QStringLiteral("loss"), std::exp(-i / 3000.0)},
                                         {QStringLiteral("rewards/margins"), i / 10000.0},
                                         {QStringLiteral("rewards/accuracies"), (i % 10) / 10.0}};
            plot_->appendValues(run, i, values);
        }
        const qint64 appendMs = timer.elapsed();
        QCOMPARE(spy.count(), 0);   // storing never draws
        QVERIFY(redrawTimer()->isActive());   // ... it schedules one redraw
        // Until the redraw happened and nothing else is pending: the 30k
        // appends were coalesced into exactly one replot.
        settle();
        QCOMPARE(spy.count(), 1);   // one timer tick, one replot
        QCOMPARE(plot_->pointCount(run, QStringLiteral("loss")), 10000);
        qInfo("appending 30k values took %lld ms", appendMs);
    }

    void unknownMetricsAreIgnored()
    {
        const int run = plot_->addRun(QStringLiteral("a"));
        plot_->appendValue(run, QStringLiteral("logits/chosen"), 1, 2.0);
        plot_->appendValue(run, QStringLiteral("loss"), 1, std::nan(""));
        QCOMPARE(plot_->pointCount(run, QStringLiteral("logits/chosen")), 0);
        QCOMPARE(plot_->pointCount(run, QStringLiteral("loss")), 0);
        QVERIFY(plot_->plottedMetrics().contains(QStringLiteral("rewards/margins")));
        QVERIFY(plot_->plottedMetrics().contains(QStringLiteral("learning_rate")));
        QVERIFY(plot_->plottedMetrics().contains(QStringLiteral("grad_norm")));
    }

    void runsOverlayAndRemove()
    {
        const int a = plot_->addRun(QStringLiteral("local"));
        const int b = plot_->addRun(QStringLiteral("global"));
        for (int i = 0; i < 50; ++i) {
            plot_->appendValue(a, QStringLiteral("loss"), i, 0.69 - i * 0.001);
            plot_->appendValue(b, QStringLiteral("loss"), i, 0.69 - i * 0.004);
        }
        plot_->appendValue(a, QStringLiteral("loss"), 49, 0.7, true);
        QCOMPARE(plot_->runs().size(), 2);
        QCOMPARE(plot_->pointCount(a, QStringLiteral("loss"), true), 1);
        plot_->removeRun(a);
        QCOMPARE(plot_->runs(), QList<int>{b});
        QCOMPARE(plot_->pointCount(a, QStringLiteral("loss")), 0);
        QCOMPARE(plot_->pointCount(b, QStringLiteral("loss")), 50);
    }

    void resumedRunReplacesRepeatedSteps()
    {
        const int a = plot_->addRun(QStringLiteral("a"));
        for (int i = 1; i <= 10; ++i)
            plot_->appendValue(a, QStringLiteral("loss"), i, 1.0);
        // Resumed from the checkpoint at step 6.
        for (int i = 7; i <= 12; ++i)
            plot_->appendValue(a, QStringLiteral("loss"), i, 0.5);
        QCOMPARE(plot_->pointCount(a, QStringLiteral("loss")), 12);
    }

    void readoutAndSmoothing()
    {
        const int a = plot_->addRun(QStringLiteral("a"));
        for (int i = 0; i < 100; ++i)
            plot_->appendValue(a, QStringLiteral("loss"), i, i % 2 ? 1.0 : 0.0);
        plot_->setSmoothing(0.9);
        settle();   // smoothed values and axis ranges are computed by the redraw
        // Somewhere in the middle of the first panel (the loss).
        const QWidget* area = plot_->plotArea();
        QString text;
        for (int y = 40; y < area->height() / 2 && text.isEmpty(); y += 10)
            text = plot_->readoutAt(QPoint(area->width() / 8, y));
        QVERIFY2(text.contains(QStringLiteral("smoothed")), qPrintable(text));
        plot_->setSmoothing(0.0);
        QCOMPARE(plot_->smoothing(), 0.0);
        settle();
        QVERIFY(plot_->readoutAt(QPoint(-5, -5)).isEmpty());
    }

    void exports()
    {
        const int a = plot_->addRun(QStringLiteral("run \"one\""));
        for (int i = 0; i < 20; ++i) {
            plot_->appendValue(a, QStringLiteral("loss"), i, 1.0 / (i + 1));
            plot_->appendValue(a, QStringLiteral("rewards/chosen"), i, 0.1 * i);
            plot_->appendValue(a, QStringLiteral("rewards/rejected"), i, -0.1 * i);
        }
        QTemporaryDir dir;
        QVERIFY(plot_->exportPng(dir.filePath(QStringLiteral("c.png"))));
        QVERIFY(plot_->exportSvg(dir.filePath(QStringLiteral("c.svg"))));
        QVERIFY(plot_->exportPdf(dir.filePath(QStringLiteral("c.pdf"))));
        QVERIFY(plot_->exportCsv(dir.filePath(QStringLiteral("c.csv"))));
        QVERIFY(!QImage(dir.filePath(QStringLiteral("c.png"))).isNull());
        QFile svg(dir.filePath(QStringLiteral("c.svg")));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QVERIFY(svg.readAll().contains("<svg"));
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("c.pdf"))).size() > 1000);
        QFile csv(dir.filePath(QStringLiteral("c.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 61);
        QCOMPARE(lines.first(), QStringLiteral("run,metric,split,step,value,smoothed"));
        QVERIFY(lines.at(1).startsWith(QStringLiteral("\"run \"\"one\"\"\",loss,train,0,1,")));
        if (const QByteArray out = qgetenv("HIALIGN_GUI_SNAPSHOT_DIR"); !out.isEmpty())
            plot_->exportPng(QString::fromLocal8Bit(out) + QStringLiteral("/metricsplot.png"));
    }
};

QTEST_MAIN(TestMetricsPlot)
#include "tst_gui_metricsplot.moc"

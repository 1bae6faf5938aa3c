// LayerStackView: presets, band clicks, dragging the cuts, painting custom
// layer sets with the mouse, the keyboard, and the plan it reports; the
// layer probe's columns, their refusals and Apply suggested cuts.
#include <QAction>
#include <QComboBox>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QToolButton>
#include <QtTest/QtTest>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "widgets/LayerStackView.h"

using hialign::align::LayerPlan;
using hialign::align::Strategy;
using hialign::widgets::LayerStackView;

Q_DECLARE_METATYPE(Strategy)

namespace {

hialign::io::ModelConfig twelveLayers()
{
    hialign::io::ModelConfig c;
    c.modelType = "llama";
    c.hiddenSize = 64;
    c.intermediateSize = 172;
    c.numLayers = 12;
    c.numHeads = 8;
    c.numKvHeads = 4;
    c.headDim = 8;
    c.vocabSize = 512;
    c.maxPositions = 512;
    c.tieWordEmbeddings = true;
    return c;
}

// Three dimensions on 12 layers, each peaked in its own third, with cuts
// suggested at 3 and 7.
LayerStackView::Probe threeDimensions(int layers = 12)
{
    LayerStackView::Probe p;
    p.dimensions = {QStringLiteral("grammar"), QStringLiteral("logic"), QStringLiteral("facts")};
    for (int d = 0; d < 3; ++d) {
        std::vector<double> profile(static_cast<std::size_t>(layers), 0.02);
        profile[static_cast<std::size_t>(std::min(layers - 1, 1 + 4 * d))] = 0.5;
        p.importance.push_back(profile);
    }
    p.suggestedCuts = std::make_pair(3, 7);
    p.blockOf = {0, 1, 2};
    return p;
}

std::vector<int> range(int begin, int end)
{
    std::vector<int> v;
    for (int i = begin; i < end; ++i)
        v.push_back(i);
    return v;
}

void send(QWidget* w, QEvent::Type type, QPoint pos, Qt::MouseButtons buttons)
{
    const Qt::MouseButton button = type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton;
    QMouseEvent e(type, QPointF(pos), w->mapToGlobal(QPointF(pos)), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

// A press, moves in small steps (as a real hand does), and a release.
void drag(QWidget* w, QPoint from, QPoint to)
{
    send(w, QEvent::MouseButtonPress, from, Qt::LeftButton);
    const int steps = 8;
    for (int i = 1; i <= steps; ++i)
        send(w, QEvent::MouseMove, from + (to - from) * i / steps, Qt::LeftButton);
    send(w, QEvent::MouseButtonRelease, to, Qt::NoButton);
}

} // namespace

class TestLayerStack : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<LayerStackView> view_;

    QPoint rowCenter(int layer) const { return view_->layerRect(layer).center(); }
    QPoint bandPoint(int y) const { return QPoint(view_->bandColumnRect().center().x(), y); }
    // y of the boundary below `layer` (boundary k lies between layers k-1 and k).
    int boundaryY(int k) const
    {
        return k == 0 ? view_->layerRect(0).bottom() + 1 : view_->layerRect(k - 1).top();
    }

private Q_SLOTS:
    void init()
    {
        view_ = std::make_unique<LayerStackView>();
        view_->resize(1200, 900);
        view_->setModelConfig(twelveLayers());
        view_->setStrategy(Strategy::Global);
        view_->show();
        QVERIFY(QTest::qWaitForWindowExposed(view_.get()));
    }
    void cleanup() { view_.reset(); }

    void defaultCutsAreThirds()
    {
        QCOMPARE(view_->plan().numLayers(), 12);
        QCOMPARE(view_->plan().cut1(), 4);
        QCOMPARE(view_->plan().cut2(), 8);
        QCOMPARE(view_->plan().targetedLayers(), range(8, 12));
    }

    void layerZeroIsAtTheBottom()
    {
        QVERIFY(view_->layerRect(0).top() > view_->layerRect(11).top());
        for (int i = 1; i < 12; ++i)
            QVERIFY(view_->layerRect(i).bottom() < view_->layerRect(i - 1).bottom());
        QVERIFY(view_->cutY(0) > view_->cutY(1));
    }

    void presets_data()
    {
        QTest::addColumn<Strategy>("strategy");
        QTest::addColumn<std::vector<int>>("layers");
        QTest::newRow("base") << Strategy::Base << std::vector<int>{};
        QTest::newRow("full") << Strategy::Full << range(0, 12);
        QTest::newRow("local") << Strategy::Local << range(0, 4);
        QTest::newRow("mid") << Strategy::Mid << range(4, 8);
        QTest::newRow("global") << Strategy::Global << range(8, 12);
    }
    void presets()
    {
        QFETCH(Strategy, strategy);
        QFETCH(std::vector<int>, layers);
        if (strategy == Strategy::Global)
            view_->setStrategy(Strategy::Full);
        QSignalSpy spy(view_.get(), &LayerStackView::planChanged);
        QToolButton* button = view_->presetButton(strategy);
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(view_->plan().strategy(), strategy);
        QCOMPARE(view_->plan().targetedLayers(), layers);
        QVERIFY(button->isChecked());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).value<LayerPlan>().targetedLayers(), layers);
    }

    void clickingABandSelectsItsBlock_data()
    {
        QTest::addColumn<int>("layer");
        QTest::addColumn<Strategy>("strategy");
        QTest::newRow("local band") << 1 << Strategy::Local;
        QTest::newRow("intermediate band") << 6 << Strategy::Mid;
        QTest::newRow("global band") << 10 << Strategy::Global;
    }
    void clickingABandSelectsItsBlock()
    {
        QFETCH(int, layer);
        QFETCH(Strategy, strategy);
        view_->setStrategy(Strategy::Full);
        QTest::mouseClick(view_.get(), Qt::LeftButton, {}, bandPoint(rowCenter(layer).y()));
        QCOMPARE(view_->plan().strategy(), strategy);
    }

    void draggingTheCutsMovesThem()
    {
        QSignalSpy spy(view_.get(), &LayerStackView::planChanged);
        // Lower cut from boundary 4 up to boundary 6.
        drag(view_.get(), bandPoint(view_->cutY(0)), bandPoint(boundaryY(6)));
        QCOMPARE(view_->plan().cut1(), 6);
        QCOMPARE(view_->plan().cut2(), 8);
        // Upper cut from 8 to 10: Global-Align follows the cut.
        drag(view_.get(), bandPoint(view_->cutY(1)), bandPoint(boundaryY(10)));
        QCOMPARE(view_->plan().cut2(), 10);
        QCOMPARE(view_->plan().targetedLayers(), range(10, 12));
        QVERIFY(spy.count() >= 2);
        QCOMPARE(spy.last().at(0).value<LayerPlan>().cut2(), 10);
        // The line is drawn where the plan says.
        QVERIFY(std::abs(view_->cutY(1) - boundaryY(10)) <= 1);
    }

    void cutsKeepEveryBlockNonEmpty()
    {
        // Drag the lower cut far above the upper one, then the upper cut to the top.
        drag(view_.get(), bandPoint(view_->cutY(0)), bandPoint(boundaryY(11)));
        QCOMPARE(view_->plan().cut1(), 7);
        drag(view_.get(), bandPoint(view_->cutY(1)), bandPoint(boundaryY(12) - 50));
        QCOMPARE(view_->plan().cut2(), 11);
        drag(view_.get(), bandPoint(view_->cutY(0)), bandPoint(boundaryY(0) + 50));
        QCOMPARE(view_->plan().cut1(), 1);
        QVERIFY(view_->plan().cut1() < view_->plan().cut2());
    }

    void paintingACustomSet()
    {
        // Global {8..11}; paint 2..5 in: the stroke adds because layer 2 was off.
        drag(view_.get(), rowCenter(2), rowCenter(5));
        QCOMPARE(view_->plan().strategy(), Strategy::Custom);
        std::vector<int> expected{2, 3, 4, 5, 8, 9, 10, 11};
        QCOMPARE(view_->plan().targetedLayers(), expected);
        // A stroke starting on a trained layer removes.
        drag(view_.get(), rowCenter(9), rowCenter(10));
        expected = {2, 3, 4, 5, 8, 11};
        QCOMPARE(view_->plan().targetedLayers(), expected);
        QCOMPARE(view_->plan().customLayers(), expected);
    }

    void paintingBackUndoesTheOvershoot()
    {
        view_->setStrategy(Strategy::Base);
        send(view_.get(), QEvent::MouseButtonPress, rowCenter(1), Qt::LeftButton);
        send(view_.get(), QEvent::MouseMove, rowCenter(7), Qt::LeftButton);
        QCOMPARE(view_->plan().targetedLayers(), range(1, 8));
        send(view_.get(), QEvent::MouseMove, rowCenter(3), Qt::LeftButton);
        send(view_.get(), QEvent::MouseButtonRelease, rowCenter(3), Qt::NoButton);
        QCOMPARE(view_->plan().targetedLayers(), range(1, 4));
    }

    void erasingEverythingIsBase()
    {
        drag(view_.get(), rowCenter(11), rowCenter(8));
        QCOMPARE(view_->plan().strategy(), Strategy::Base);
        QVERIFY(view_->plan().targetedLayers().empty());
    }

    void planRoundTripsThroughJson()
    {
        drag(view_.get(), rowCenter(0), rowCenter(1));
        drag(view_.get(), bandPoint(view_->cutY(0)), bandPoint(boundaryY(3)));
        const LayerPlan drawn = view_->plan();
        drawn.validate();
        const LayerPlan back = LayerPlan::fromJson(drawn.toJson());
        QCOMPARE(back.targetedLayers(), drawn.targetedLayers());
        QCOMPARE(back.cut1(), 3);
        QCOMPARE(back.strategy(), Strategy::Custom);
        std::vector<int> expected{0, 1, 8, 9, 10, 11};
        QCOMPARE(back.targetedLayers(), expected);
    }

    void keyboard()
    {
        view_->setFocus();
        view_->setFocusLayer(0);
        QTest::keyClick(view_.get(), Qt::Key_Up);
        QTest::keyClick(view_.get(), Qt::Key_Up);
        QCOMPARE(view_->focusLayer(), 2);
        QTest::keyClick(view_.get(), Qt::Key_Space);
        std::vector<int> expected{2, 8, 9, 10, 11};
        QCOMPARE(view_->plan().targetedLayers(), expected);
        QTest::keyClick(view_.get(), Qt::Key_Space);
        QCOMPARE(view_->plan().targetedLayers(), range(8, 12));
        // Focus 2 is nearest to cut1 (4): + moves it up, - down.
        QTest::keyClick(view_.get(), Qt::Key_Plus);
        QCOMPARE(view_->plan().cut1(), 5);
        QTest::keyClick(view_.get(), Qt::Key_Minus);
        QTest::keyClick(view_.get(), Qt::Key_Minus);
        QCOMPARE(view_->plan().cut1(), 3);
        QTest::keyClick(view_.get(), Qt::Key_End);
        QCOMPARE(view_->focusLayer(), 11);
        QTest::keyClick(view_.get(), Qt::Key_Minus);
        QCOMPARE(view_->plan().cut2(), 7);
        QTest::keyClick(view_.get(), Qt::Key_L);
        QCOMPARE(view_->plan().targetedLayers(), range(0, 3));
    }

    void notEditableWhileTraining()
    {
        view_->setEditable(false);
        drag(view_.get(), rowCenter(2), rowCenter(5));
        drag(view_.get(), bandPoint(view_->cutY(0)), bandPoint(boundaryY(6)));
        QCOMPARE(view_->plan().targetedLayers(), range(8, 12));
        QCOMPARE(view_->plan().cut1(), 4);
    }

    void heatOverlayAndLegendPaint()
    {
        std::vector<double> delta(12, 0.0), grad(12, 0.0);
        for (int i = 8; i < 12; ++i) {
            delta[i] = 0.01 * (i - 7);
            grad[i] = 0.5 / (i - 7);
        }
        view_->setHeat(delta, grad);
        QSignalSpy spy(view_.get(), &LayerStackView::heatKindChanged);
        auto* combo = view_->findChild<QComboBox*>();
        QVERIFY(combo);
        combo->setCurrentIndex(2);
        Q_EMIT combo->activated(2);
        QCOMPARE(view_->heatKind(), LayerStackView::HeatKind::GradNorm);
        QCOMPARE(spy.count(), 1);
        view_->setFocusLayer(9);
        view_->setFocus();
        const QImage img = view_->grab().toImage();
        QVERIFY(!img.isNull());
        // For looking at it: HIALIGN_GUI_SNAPSHOT_DIR=/tmp ./tst_gui_layerstack
        if (const QByteArray dir = qgetenv("HIALIGN_GUI_SNAPSHOT_DIR"); !dir.isEmpty())
            QVERIFY(img.save(QString::fromLocal8Bit(dir) + QStringLiteral("/layerstack_heat.png")));
        view_->setHeatKind(LayerStackView::HeatKind::Off);
        const QImage off = view_->grab().toImage();
        // The heat is painted: switching it off changes pixels.
        QCOMPARE(off.size(), img.size());
        QVERIFY(off != img);
    }

    void probeSuggestedCutsApplyThroughTheAction()
    {
        QAction* apply = view_->applySuggestedCutsAction();
        QVERIFY(apply);
        QVERIFY(!apply->isEnabled());   // no probe yet
        QString error;
        QSignalSpy probeSpy(view_.get(), &LayerStackView::probeChanged);
        QVERIFY2(view_->setProbe(threeDimensions(), &error), qPrintable(error));
        QCOMPARE(probeSpy.size(), 1);
        QVERIFY(view_->hasProbe());
        QVERIFY(apply->isEnabled());
        QCOMPARE(view_->plan().cut1(), 4);
        QCOMPARE(view_->plan().cut2(), 8);

        // The columns sit right of the layer parts, side by side, inside the view.
        for (int d = 0; d < 3; ++d) {
            const QRect c = view_->probeColumnRect(d);
            QVERIFY(!c.isEmpty());
            QVERIFY(c.left() > view_->layerRect(0).right());
            QVERIFY(view_->rect().contains(c));
            if (d > 0)
                QVERIFY(c.left() > view_->probeColumnRect(d - 1).right());
        }
        QVERIFY(view_->accessibleDescription().contains(QStringLiteral("Suggested cuts at 3 and 7")));

        QSignalSpy planSpy(view_.get(), &LayerStackView::planChanged);
        apply->trigger();
        QCOMPARE(view_->plan().cut1(), 3);
        QCOMPARE(view_->plan().cut2(), 7);
        QCOMPARE(planSpy.size(), 1);
        QCOMPARE(view_->plan().targetedLayers(), range(7, 12));   // Global follows its cut

        // Keyboard editing still works with the probe shown.
        view_->setFocus();
        view_->setFocusLayer(7);
        QTest::keyClick(view_.get(), Qt::Key_Plus);
        QCOMPARE(view_->plan().cut2(), 8);

        // Not while the plan is locked (a run trains on it).
        view_->setEditable(false);
        QVERIFY(!apply->isEnabled());
        QVERIFY(!view_->applySuggestedCuts());
        QCOMPARE(view_->plan().cut2(), 8);
        view_->setEditable(true);
        QVERIFY(apply->isEnabled());

        // It paints (tooltips and colour cells) without trouble, and clears.
        const QImage img = view_->grab().toImage();
        QVERIFY(!img.isNull());
        view_->clearProbe();
        QVERIFY(!view_->hasProbe());
        QVERIFY(!apply->isEnabled());
        QVERIFY(view_->probeColumnRect(0).isEmpty());
    }

    void probeRefusesWhatDoesNotFit()
    {
        QString error;
        // Another layer count.
        QVERIFY(!view_->setProbe(threeDimensions(10), &error));
        QCOMPARE(error, QStringLiteral("The probe is of a 10-layer model; this layer stack has 12 layers."));
        QVERIFY(!view_->hasProbe());
        QVERIFY(!view_->applySuggestedCutsAction()->isEnabled());
        // Cuts outside the stack.
        auto p = threeDimensions();
        p.suggestedCuts = std::make_pair(7, 3);
        QVERIFY(!view_->setProbe(p, &error));
        QVERIFY2(error.contains(QStringLiteral("do not fit")), qPrintable(error));
        // Names and profiles that disagree; a negative value.
        p = threeDimensions();
        p.dimensions.removeLast();
        QVERIFY(!view_->setProbe(p, &error));
        p = threeDimensions();
        p.importance[1][2] = -0.1;
        QVERIFY(!view_->setProbe(p, &error));
        QVERIFY(!view_->hasProbe());
        // A valid probe, then a refused one: the valid one stays.
        QVERIFY(view_->setProbe(threeDimensions()));
        QVERIFY(!view_->setProbe(threeDimensions(10)));
        QVERIFY(view_->hasProbe());
        // Another model clears it.
        auto c = twelveLayers();
        c.numLayers = 10;
        view_->setModelConfig(c);
        QVERIFY(!view_->hasProbe());
        QVERIFY(view_->setProbe(threeDimensions(10), &error));
    }

    void probeWithoutSuggestionShowsColumnsOnly()
    {
        auto p = threeDimensions();
        p.suggestedCuts.reset();
        p.blockOf.clear();
        QVERIFY(view_->setProbe(p));
        QVERIFY(!view_->applySuggestedCutsAction()->isEnabled());
        QVERIFY(!view_->applySuggestedCuts());
        QVERIFY(!view_->probeColumnRect(2).isEmpty());
        // Narrow: the columns still fit inside the view.
        view_->resize(640, 600);
        QVERIFY(view_->rect().contains(view_->probeColumnRect(2)));
        QVERIFY(view_->probeColumnRect(0).left() > view_->layerRect(0).right());
    }

    void smallAndLargeStacks_data()
    {
        QTest::addColumn<int>("layers");
        QTest::newRow("2 layers") << 2;
        QTest::newRow("5 layers") << 5;
        QTest::newRow("80 layers") << 80;
    }
    void smallAndLargeStacks()
    {
        QFETCH(int, layers);
        auto c = twelveLayers();
        c.numLayers = layers;
        view_->setModelConfig(c);
        QCOMPARE(view_->plan().numLayers(), layers);
        // A stroke from the bottom row (untrained under the default plan) to
        // the top one paints a custom set that holds both ends.
        drag(view_.get(), rowCenter(0), rowCenter(layers - 1));
        QCOMPARE(view_->plan().strategy(), Strategy::Custom);
        const auto targeted = view_->plan().targetedLayers();
        QVERIFY(std::find(targeted.begin(), targeted.end(), 0) != targeted.end());
        QVERIFY(std::find(targeted.begin(), targeted.end(), layers - 1) != targeted.end());
    }
};

QTEST_MAIN(TestLayerStack)
#include "tst_gui_layerstack.moc"

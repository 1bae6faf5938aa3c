// LayerStackView's edits by mouse and keyboard: dragging the cuts, clicking
// a band, painting custom layer sets, focus moves and the preset keys.
#include "widgets/LayerStackView.h"

#include <QKeyEvent>
#include <QMouseEvent>

#include <algorithm>
#include <cmath>
#include <set>

#include "widgets/LayerStackInternal.h"

namespace hialign::widgets {

using align::Block;
using align::LayerPlan;
using align::Strategy;

using namespace layerstack;

void LayerStackView::applyPaintStroke(int fromLayer, int toLayer)
{
    std::set<int> layers(paintBase_.begin(), paintBase_.end());
    const int lo = std::min(fromLayer, toLayer);
    const int hi = std::max(fromLayer, toLayer);
    for (int i = lo; i <= hi; ++i) {
        if (paintAdds_)
            layers.insert(i);
        else
            layers.erase(i);
    }
    LayerPlan next = plan_;
    next.setLayerRanks({});
    if (layers.empty())
        next.setStrategy(Strategy::Base);
    else
        next.setCustomLayers(std::vector<int>(layers.begin(), layers.end()));
    if (!samePlan(next, plan_)) {
        plan_ = next;
        commit();
    }
}

void LayerStackView::moveCut(int cutIndex, int boundary)
{
    const int n = plan_.numLayers();
    if (n < 3)
        return;
    int c1 = plan_.cut1();
    int c2 = plan_.cut2();
    if (cutIndex == 0)
        c1 = std::clamp(boundary, 1, c2 - 1);
    else
        c2 = std::clamp(boundary, c1 + 1, n - 1);
    if (c1 == plan_.cut1() && c2 == plan_.cut2())
        return;
    plan_.setLayerRanks({});
    plan_.setCuts(c1, c2);
    commit();
}

void LayerStackView::toggleLayer(int layer)
{
    if (layer < 0 || layer >= plan_.numLayers())
        return;
    paintBase_ = plan_.targetedLayers();
    paintAdds_ = !plan_.targets(layer);
    applyPaintStroke(layer, layer);
}

void LayerStackView::mousePressEvent(QMouseEvent* event)
{
    setFocus(Qt::MouseFocusReason);
    if (!editable_ || event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    const QPoint pos = event->position().toPoint();
    if (const int cut = cutNear(pos); cut >= 0) {
        drag_ = Drag::Cut;
        dragCut_ = cut;
        return;
    }
    if (const auto band = bandAt(pos)) {
        setStrategy(*band == Block::Local ? Strategy::Local
                    : *band == Block::Intermediate ? Strategy::Mid
                                                   : Strategy::Global);
        return;
    }
    const Layout l = computeLayout();
    const int layer = layerAt(pos.y());
    if (layer >= 0 && pos.x() >= l.labelX && pos.x() < l.partsX + l.partsW) {
        drag_ = Drag::Paint;
        focusLayer_ = layer;
        paintAnchor_ = layer;
        paintBase_ = plan_.targetedLayers();
        paintAdds_ = !plan_.targets(layer);
        applyPaintStroke(layer, layer);
        update();
    }
}

void LayerStackView::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (drag_ == Drag::Cut) {
        moveCut(dragCut_, boundaryAt(pos.y()));
        return;
    }
    if (drag_ == Drag::Paint) {
        const Layout l = computeLayout();
        int layer = layerAt(pos.y());
        if (layer < 0)
            layer = pos.y() < l.stackTop ? l.n - 1 : 0;
        focusLayer_ = layer;
        applyPaintStroke(paintAnchor_, layer);
        return;
    }
    if (editable_ && cutNear(pos) >= 0)
        setCursor(Qt::SizeVerCursor);
    else if (editable_ && bandAt(pos))
        setCursor(Qt::PointingHandCursor);
    else
        unsetCursor();
    const int hover = layerAt(pos.y());
    if (hover != hoverLayer_) {
        hoverLayer_ = hover;
        update();
    }
}

void LayerStackView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        drag_ = Drag::None;
    QWidget::mouseReleaseEvent(event);
}

void LayerStackView::keyPressEvent(QKeyEvent* event)
{
    const int n = plan_.numLayers();
    switch (event->key()) {
    case Qt::Key_Up: setFocusLayer(focusLayer_ + 1); return;
    case Qt::Key_Down: setFocusLayer(focusLayer_ - 1); return;
    case Qt::Key_Home: setFocusLayer(0); return;
    case Qt::Key_End: setFocusLayer(n - 1); return;
    default: break;
    }
    if (!editable_) {
        QWidget::keyPressEvent(event);
        return;
    }
    const double mid = focusLayer_ + 0.5;
    const int nearest = std::fabs(plan_.cut1() - mid) <= std::fabs(plan_.cut2() - mid) ? 0 : 1;
    const int cut = nearest == 0 ? plan_.cut1() : plan_.cut2();
    switch (event->key()) {
    case Qt::Key_Space: toggleLayer(focusLayer_); return;
    case Qt::Key_Plus:
    case Qt::Key_Equal: moveCut(nearest, cut + 1); return;
    case Qt::Key_Minus: moveCut(nearest, cut - 1); return;
    case Qt::Key_B: setStrategy(Strategy::Base); return;
    case Qt::Key_F: setStrategy(Strategy::Full); return;
    case Qt::Key_L: setStrategy(Strategy::Local); return;
    case Qt::Key_M: setStrategy(Strategy::Mid); return;
    case Qt::Key_G: setStrategy(Strategy::Global); return;
    default: break;
    }
    QWidget::keyPressEvent(event);
}

} // namespace hialign::widgets

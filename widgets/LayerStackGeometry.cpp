// LayerStackView's layout at the current size, the hit tests on it (rows,
// boundaries, cuts, bands) and the placement of the buttons and heat combo.
#include "widgets/LayerStackView.h"

#include <QComboBox>
#include <QFontMetrics>
#include <QResizeEvent>
#include <QToolButton>

#include <algorithm>
#include <cmath>

#include "widgets/LayerStackInternal.h"

namespace hialign::widgets {

using align::Block;

using namespace layerstack;

LayerStackView::Layout LayerStackView::computeLayout() const
{
    Layout l;
    l.n = std::max(0, plan_.numLayers());
    const int w = width();
    const int h = height();
    l.header = QRect(0, 0, w, kHeaderHeight);
    l.footer = QRect(0, h - kFooterHeight, w, kFooterHeight);
    const double avail = std::max(40, h - kHeaderHeight - kFooterHeight);
    // Head and embedding boxes: about one and a half rows, within reason.
    const double guessRow = avail / std::max(1, l.n + 3);
    const int boxH = static_cast<int>(std::clamp(guessRow * 1.3, 22.0, 36.0));
    const int gap = 6;
    l.stackTop = kHeaderHeight + boxH + gap;
    l.stackBottom = h - kFooterHeight - boxH - gap;
    l.rowH = l.n > 0 ? (l.stackBottom - l.stackTop) / l.n : 0;

    l.bandColumn = QRect(kMargin, static_cast<int>(l.stackTop), kBandWidth,
                         static_cast<int>(l.stackBottom - l.stackTop));
    l.labelX = kMargin + kBandWidth + 6;
    l.partsX = l.labelX + kLabelWidth;
    const int dims = probe_ ? static_cast<int>(probe_->dimensions.size()) : 0;
    if (dims > 0) {
        // Wide enough for the longest name (within reason); narrower for many dimensions.
        QFont nameFont = font();
        nameFont.setPointSizeF(font().pointSizeF() * 0.9);
        nameFont.setBold(true);
        int nameW = 0;
        for (const QString& name : probe_->dimensions)
            nameW = std::max(nameW, QFontMetrics(nameFont).horizontalAdvance(name) + 10);
        l.probeColW = dims <= 3 ? std::clamp(nameW, 66, 96) : std::clamp(264 / dims, 30, 66);
        l.probeW = dims * l.probeColW + (dims - 1) * kProbeGap;
    }
    const bool showInfo = w >= 560 + l.probeW && l.rowH >= 13;
    l.infoW = !showInfo ? 0
        : l.probeW > 0  ? std::clamp(static_cast<int>(w * 0.22), 190, 260)
                        : std::clamp(static_cast<int>(w * 0.30), 200, 340);
    l.heatW = heatKind_ == HeatKind::Off ? 0 : kHeatWidth;
    auto partsWidth = [&] {
        return w - l.partsX - l.heatW - l.infoW - kMargin - (l.heatW ? 10 : 0) - (l.infoW ? 10 : 0)
            - (l.probeW ? l.probeW + kProbeLead : 0);
    };
    // Narrow: the info column goes first, then the heat column.
    if (partsWidth() < 200 && l.infoW > 0)
        l.infoW = 0;
    if (partsWidth() < 220 && l.heatW > 0 && l.probeW > 0)
        l.heatW = 0;
    l.partsW = std::max(60, partsWidth());
    double attFrac = 0.4;
    if (config_) {
        const double a = static_cast<double>(config_->attentionParameters());
        const double m = static_cast<double>(config_->mlpParameters());
        if (a + m > 0)
            attFrac = std::clamp(a / (a + m), 0.3, 0.5);
    }
    l.attentionW = static_cast<int>(l.partsW * attFrac);
    int x = l.partsX + l.partsW;
    if (l.probeW > 0) {
        l.probeX = x + kProbeLead;
        x = l.probeX + l.probeW;
    }
    l.heatX = x + 10;
    l.infoX = l.heatX + l.heatW + (l.heatW ? 10 : 0);
    l.headBox = QRect(l.partsX, kHeaderHeight, l.partsW, boxH);
    l.embedBox = QRect(l.partsX, static_cast<int>(l.stackBottom) + gap, l.partsW, boxH);
    return l;
}

QRect LayerStackView::layerRect(int layer) const
{
    const Layout l = computeLayout();
    if (layer < 0 || layer >= l.n)
        return {};
    const int top = static_cast<int>(std::round(l.rowTop(layer)));
    const int bottom = static_cast<int>(std::round(l.rowTop(layer) + l.rowH));
    return QRect(l.partsX, top, l.partsW, bottom - top);
}

QRect LayerStackView::bandColumnRect() const
{
    return computeLayout().bandColumn;
}

int LayerStackView::cutY(int cutIndex) const
{
    const Layout l = computeLayout();
    const int cut = cutIndex == 0 ? plan_.cut1() : plan_.cut2();
    return static_cast<int>(std::round(l.boundaryY(cut)));
}

int LayerStackView::layerAt(int y) const
{
    const Layout l = computeLayout();
    if (l.n == 0 || l.rowH <= 0 || y < l.stackTop || y >= l.stackBottom)
        return -1;
    return std::clamp(static_cast<int>((l.stackBottom - y) / l.rowH), 0, l.n - 1);
}

int LayerStackView::boundaryAt(int y) const
{
    const Layout l = computeLayout();
    if (l.rowH <= 0)
        return 0;
    return std::clamp(static_cast<int>(std::lround((l.stackBottom - y) / l.rowH)), 0, l.n);
}

int LayerStackView::cutNear(const QPoint& pos) const
{
    const Layout l = computeLayout();
    if (l.n < 3 || pos.x() < l.bandColumn.left() - 4 || pos.x() >= l.partsX)
        return -1;
    const double grab = std::max(7.0, l.rowH * 0.4);
    int best = -1;
    double bestD = grab;
    for (int i = 0; i < 2; ++i) {
        const double d = std::fabs(pos.y() - l.boundaryY(i == 0 ? plan_.cut1() : plan_.cut2()));
        if (d <= bestD) {
            bestD = d;
            best = i;
        }
    }
    return best;
}

std::optional<Block> LayerStackView::bandAt(const QPoint& pos) const
{
    const Layout l = computeLayout();
    if (!l.bandColumn.contains(pos) || l.n < 3)
        return std::nullopt;
    const int layer = layerAt(pos.y());
    if (layer < 0)
        return std::nullopt;
    return plan_.blockOf(layer);
}

QSize LayerStackView::sizeHint() const
{
    return QSize(900, 760);
}

QSize LayerStackView::minimumSizeHint() const
{
    return QSize(420, kHeaderHeight + kFooterHeight + 160);
}

void LayerStackView::resizeEvent(QResizeEvent* event)
{
    if (event)
        QWidget::resizeEvent(event);
    int x = kMargin;
    const int y = 8;
    for (auto* b : presets_) {
        b->adjustSize();
        const QSize s(std::max(b->sizeHint().width() + 10, 64), 34);
        b->setGeometry(QRect(QPoint(x, y), s));
        x += s.width() + 4;
    }
    if (applyCutsButton_->isVisibleTo(this)) {
        x += 8;
        const QSize s(applyCutsButton_->sizeHint().width() + 6, 34);
        applyCutsButton_->setGeometry(QRect(QPoint(x, y), s));
        // Too narrow for the button: the action stays in the window's menu.
        if (x + s.width() > width() - kMargin)
            applyCutsButton_->setGeometry(QRect(-s.width() - 10, y, s.width(), s.height()));
        else
            x += s.width() + 4;
    }
    const int comboW = std::clamp(width() - x - 2 * kMargin, 120, 380);
    heatCombo_->setGeometry(width() - comboW - kMargin, y, comboW, 34);
    heatCombo_->setVisible(width() - comboW - kMargin > x);
}

} // namespace hialign::widgets

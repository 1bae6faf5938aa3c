// LayerStackView's layer probe: checking and showing a probe, its suggested
// cuts and their action, the probe columns' geometry, tooltips, painting
// and legend.
#include "widgets/LayerStackView.h"

#include <QAction>
#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>
#include <QStringList>
#include <QToolButton>

#include <algorithm>
#include <cmath>

#include "widgets/LayerStackInternal.h"

namespace hialign::widgets {

using align::Block;

using namespace layerstack;

bool LayerStackView::setProbe(const Probe& probe, QString* error)
{
    const int n = plan_.numLayers();
    const auto dims = static_cast<std::size_t>(probe.dimensions.size());
    QString problem;
    if (dims == 0 || probe.importance.size() != dims) {
        problem = tr("The probe names %n dimension(s) but holds %1 importance profile(s).", nullptr,
                     static_cast<int>(dims))
                      .arg(probe.importance.size());
    } else {
        for (const auto& profile : probe.importance) {
            if (static_cast<int>(profile.size()) != n) {
                problem = tr("The probe is of a %1-layer model; this layer stack has %2 layers.")
                              .arg(profile.size())
                              .arg(n);
                break;
            }
            for (double v : profile)
                if (!std::isfinite(v) || v < 0)
                    problem = tr("The probe holds an importance value that is negative or not a number.");
            if (!problem.isEmpty())
                break;
        }
    }
    if (problem.isEmpty() && probe.suggestedCuts) {
        const auto [c1, c2] = *probe.suggestedCuts;
        if (!(0 < c1 && c1 < c2 && c2 < n))
            problem = tr("The suggested cuts %1 and %2 do not fit a stack of %3 layers.").arg(c1).arg(c2).arg(n);
    }
    if (problem.isEmpty() && !probe.blockOf.empty()) {
        if (probe.blockOf.size() != dims
            || std::any_of(probe.blockOf.begin(), probe.blockOf.end(), [](int b) { return b < 0 || b > 2; }))
            problem = tr("The probe's block assignment does not match its dimensions.");
    }
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    probe_ = probe;
    updateProbeAction();
    updateAccessibleDescription();
    resizeEvent(nullptr);
    update();
    Q_EMIT probeChanged();
    return true;
}

void LayerStackView::clearProbe()
{
    if (!probe_)
        return;
    probe_.reset();
    updateProbeAction();
    updateAccessibleDescription();
    resizeEvent(nullptr);
    update();
    Q_EMIT probeChanged();
}

bool LayerStackView::applySuggestedCuts()
{
    if (!editable_ || !probe_ || !probe_->suggestedCuts || plan_.numLayers() < 3)
        return false;
    const auto [c1, c2] = *probe_->suggestedCuts;
    if (c1 != plan_.cut1() || c2 != plan_.cut2())
        setCuts(c1, c2);
    return true;
}

void LayerStackView::updateProbeAction()
{
    const bool can = editable_ && probe_ && probe_->suggestedCuts.has_value();
    applyCutsAction_->setEnabled(can);
    if (probe_ && probe_->suggestedCuts)
        applyCutsAction_->setToolTip(tr("Move the plan's cuts to the probe's suggestion: %1 | %2")
                                         .arg(probe_->suggestedCuts->first)
                                         .arg(probe_->suggestedCuts->second));
    else
        applyCutsAction_->setToolTip(tr("Run or open a layer probe to get suggested cuts"));
    applyCutsButton_->setVisible(probe_ && probe_->suggestedCuts.has_value());
}

double LayerStackView::probeMax() const
{
    double m = 0;
    if (probe_)
        for (const auto& profile : probe_->importance)
            for (double v : profile)
                m = std::max(m, v);
    return m;
}

QRect LayerStackView::probeColumnRect(int dimension) const
{
    const Layout l = computeLayout();
    if (!probe_ || l.probeW <= 0 || dimension < 0 || dimension >= probe_->dimensions.size())
        return {};
    return QRect(l.probeX + dimension * (l.probeColW + kProbeGap), static_cast<int>(l.stackTop), l.probeColW,
                 static_cast<int>(l.stackBottom - l.stackTop));
}

int LayerStackView::probeColumnAt(const QPoint& pos) const
{
    if (!probe_)
        return -1;
    for (int d = 0; d < probe_->dimensions.size(); ++d) {
        QRect r = probeColumnRect(d);
        r.setTop(computeLayout().headBox.top());
        if (r.contains(pos))
            return d;
    }
    return -1;
}

QString LayerStackView::probeToolTip(int dimension, int layer) const
{
    const QString name = probe_->dimensions[dimension];
    const double v = probe_->importance[static_cast<std::size_t>(dimension)][static_cast<std::size_t>(layer)];
    QStringList lines;
    lines << tr("Layer %1 · %2").arg(layer).arg(name);
    lines << (probe_->source == Probe::Source::Ablation
                  ? tr("%1 of %2's ablation effect (the drop in preference margin when the layer is removed)")
                  : tr("%1 of %2's DPO gradient (how strongly the first training step pulls on the layer)"))
                 .arg(formatShare(v), name);
    if (probe_->suggestedCuts) {
        const auto [c1, c2] = *probe_->suggestedCuts;
        const QString block = blockTitle(layer < c1 ? Block::Local : layer < c2 ? Block::Intermediate : Block::Global);
        lines << tr("Under the suggested cuts this layer is in the %1 block.").arg(block);
    }
    return lines.join(QLatin1Char('\n'));
}

QString LayerStackView::probeHeaderToolTip(int dimension) const
{
    const QString name = probe_->dimensions[dimension];
    QString text = tr("%1: each cell is the layer's share of this dimension's importance; all columns share one "
                      "colour scale.").arg(name);
    if (static_cast<std::size_t>(dimension) < probe_->blockOf.size() && probe_->suggestedCuts) {
        const int b = probe_->blockOf[static_cast<std::size_t>(dimension)];
        const auto [c1, c2] = *probe_->suggestedCuts;
        const int n = plan_.numLayers();
        const int lo = b == 0 ? 0 : b == 1 ? c1 : c2;
        const int hi = (b == 0 ? c1 : b == 1 ? c2 : n) - 1;
        const QString block = blockTitle(static_cast<Block>(b));
        text += QLatin1Char('\n') + tr("Assigned to the %1 block (layers %2–%3) under the suggested cuts.")
                                         .arg(block)
                                         .arg(lo)
                                         .arg(hi);
    }
    return text;
}

// The probe's small multiples: per dimension its name and assigned block on
// top, one cell per layer coloured by its share (one scale for all), the
// plan's cuts as thin solid lines and the suggested cuts as dashed ones.
void LayerStackView::paintProbe(QPainter& p, const Layout& l) const
{
    if (!probe_ || l.probeW <= 0)
        return;
    const RowStyle s = rowStyle(l);
    const double top = probeMax();
    for (int d = 0; d < probe_->dimensions.size(); ++d) {
        paintProbeHeader(p, l, s, d);
        paintProbeCells(p, l, s, d, top);
    }
    paintProbeCuts(p, l, s);
}

// Above column d: the name, and below it the block the suggestion assigns
// (a labelled chip where the head box is tall enough, else a coloured bar).
void LayerStackView::paintProbeHeader(QPainter& p, const Layout& l, const RowStyle& s, int d) const
{
    QFont nameFont = font();
    nameFont.setPointSizeF(font().pointSizeF() * 0.9);
    nameFont.setBold(true);
    QFont chipFont = font();
    chipFont.setPixelSize(std::clamp(l.headBox.height() / 3, 9, 12));
    const QString blockShort[] = {tr("local"), tr("mid"), tr("global")};
    const int x = l.probeX + d * (l.probeColW + kProbeGap);
    const bool hasBlock = static_cast<std::size_t>(d) < probe_->blockOf.size();
    const bool twoLines = hasBlock && l.headBox.height() >= 30;
    const QRect head(x, l.headBox.top(), l.probeColW, l.headBox.height());
    const QRect nameRect = twoLines ? QRect(head.left(), head.top(), head.width(), head.height() / 2 + 1) : head;
    p.setFont(nameFont);
    p.setPen(s.text);
    p.drawText(nameRect, Qt::AlignCenter,
               QFontMetrics(nameFont).elidedText(probe_->dimensions[d], Qt::ElideRight, l.probeColW));
    if (!hasBlock)
        return;
    const int b = probe_->blockOf[static_cast<std::size_t>(d)];
    const QColor bc = Palette::block(static_cast<Block>(b));
    if (twoLines) {
        const QRectF chip(head.left() + 3, head.top() + head.height() / 2 + 2, head.width() - 6,
                          head.height() / 2 - 3);
        QPainterPath path;
        path.addRoundedRect(chip, 3, 3);
        p.fillPath(path, bc);
        p.setFont(chipFont);
        p.setPen(Qt::white);
        const QFontMetrics fm(chipFont);
        const QString full = blockTitle(static_cast<Block>(b));
        const QString label = fm.horizontalAdvance(full) + 4 <= chip.width() ? full : blockShort[b];
        p.drawText(chip, Qt::AlignCenter, fm.elidedText(label, Qt::ElideRight, static_cast<int>(chip.width())));
    } else {
        p.fillRect(QRectF(head.left() + 3, head.bottom() - 2, head.width() - 6, 3), bc);
    }
}

// Column d's cells, each coloured by its share of `top` (the shared scale's
// maximum) and labelled where there is room, and the column's frame.
void LayerStackView::paintProbeCells(QPainter& p, const Layout& l, const RowStyle& s, int d, double top) const
{
    QFont small = font();
    small.setPixelSize(static_cast<int>(std::clamp(l.rowH * 0.42, 9.0, 13.0)));
    const int x = l.probeX + d * (l.probeColW + kProbeGap);
    const auto& profile = probe_->importance[static_cast<std::size_t>(d)];
    for (int i = 0; i < l.n; ++i) {
        const QRectF cell(x, l.rowTop(i) + s.inset, l.probeColW, l.rowH - 2 * s.inset);
        const double v = profile[static_cast<std::size_t>(i)];
        const double t = top > 0 ? std::clamp(v / top, 0.0, 1.0) : 0.0;
        p.fillRect(cell, Palette::heat(t));
        if (l.rowH >= 14 && l.probeColW >= 34) {
            p.setFont(small);
            p.setPen(t > 0.55 ? QColor(20, 20, 20) : QColor(Qt::white));
            p.drawText(cell, Qt::AlignCenter, formatShare(v));
        }
    }
    p.setPen(QPen(blend(s.window, s.text, 0.35), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(x + 0.5, l.stackTop + 0.5, l.probeColW - 1, l.stackBottom - l.stackTop - 1));
}

// Across the probe columns: the plan's cuts, thin and solid, so that the two
// can be compared, and the suggested cuts dashed, each with an arrowhead on
// the left that points at the stack.
void LayerStackView::paintProbeCuts(QPainter& p, const Layout& l, const RowStyle& s) const
{
    const double left = l.probeX - kProbeLead + 4;
    const double right = l.probeX + l.probeW + 4;
    if (l.n >= 3) {
        p.setPen(QPen(s.text, 1.5));
        for (int c : {plan_.cut1(), plan_.cut2()})
            p.drawLine(QPointF(l.probeX - 3, l.boundaryY(c)), QPointF(right - 4, l.boundaryY(c)));
    }
    if (!probe_->suggestedCuts)
        return;
    QPen pen(suggestedCutColour(), 3, Qt::DashLine, Qt::FlatCap);
    pen.setDashPattern({2.5, 1.5});
    p.setPen(pen);
    for (int c : {probe_->suggestedCuts->first, probe_->suggestedCuts->second}) {
        const double y = l.boundaryY(c);
        p.drawLine(QPointF(left, y), QPointF(right, y));
        QPainterPath arrow;
        arrow.moveTo(left - 1, y);
        arrow.lineTo(left + 6, y - 5);
        arrow.lineTo(left + 6, y + 5);
        arrow.closeSubpath();
        p.fillPath(arrow, suggestedCutColour());
    }
}
// Under the probe columns: the colour bar with its range. In the footer,
// right of its own text: what the colour means and the two kinds of cut line.
void LayerStackView::paintProbeLegend(QPainter& p, const Layout& l, int textRight) const
{
    if (!probe_ || l.probeW <= 0)
        return;
    const QColor text = palette().color(QPalette::WindowText);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    p.setFont(small);
    const QFontMetrics fm(small);
    const QRectF bar(l.probeX, l.embedBox.top() + 4, l.probeW, 12);
    p.fillRect(bar, Palette::heatGradient(bar.topLeft(), bar.topRight()));
    p.setPen(text);
    const QRectF labels(l.probeX, bar.bottom() + 1, l.probeW, l.embedBox.bottom() - bar.bottom());
    p.drawText(labels, Qt::AlignLeft | Qt::AlignTop, QStringLiteral("0%"));
    p.drawText(labels, Qt::AlignRight | Qt::AlignTop, formatShare(probeMax()));

    const QRect r = l.footer.adjusted(kMargin, 4, -kMargin, -4);
    const int x0 = std::max(textRight + 28, std::min(l.probeX, r.right() - 260));
    if (x0 >= r.right() - 120)
        return;
    const QRect area(x0, r.top(), r.right() - x0, r.height());
    const QString meaning = probe_->source == Probe::Source::Ablation
        ? tr("Probe colour: each layer's share of the dimension's ablation effect (margin drop when removed)")
        : tr("Probe colour: each layer's share of the dimension's DPO gradient at step 0");
    p.setPen(text);
    const QRect meaningRect(area.left(), area.top(), area.width(), area.height() / 2);
    p.drawText(meaningRect, Qt::AlignVCenter | Qt::AlignLeft | Qt::TextWordWrap,
               fm.elidedText(meaning, Qt::ElideRight, area.width() * 2 - 20));
    // Line samples.
    const int y = area.top() + area.height() * 3 / 4;
    int x = area.left();
    auto sample = [&](const QPen& pen, const QString& label) {
        p.setPen(pen);
        p.drawLine(QPointF(x, y), QPointF(x + 26, y));
        x += 32;
        p.setPen(text);
        const int w = fm.horizontalAdvance(label);
        p.drawText(QRect(x, y - fm.height() / 2 - 1, w + 4, fm.height() + 2), Qt::AlignVCenter | Qt::AlignLeft, label);
        x += w + 18;
    };
    if (probe_->suggestedCuts) {
        QPen dashed(suggestedCutColour(), 3, Qt::DashLine, Qt::FlatCap);
        dashed.setDashPattern({2.5, 1.5});
        sample(dashed, tr("suggested cuts %1 | %2").arg(probe_->suggestedCuts->first).arg(probe_->suggestedCuts->second));
    }
    if (l.n >= 3)
        sample(QPen(text, 1.5), tr("current cuts %1 | %2").arg(plan_.cut1()).arg(plan_.cut2()));
}

} // namespace hialign::widgets

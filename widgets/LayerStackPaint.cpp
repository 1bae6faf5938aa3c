// LayerStackView's painting: column captions, the end boxes and layer rows,
// the block bands with their cuts, the heat legend and the footer.
#include "widgets/LayerStackView.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

#include "widgets/LayerStackInternal.h"
#include "widgets/ParameterCount.h"

namespace hialign::widgets {

using align::Block;
using align::Strategy;

using namespace layerstack;

void LayerStackView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.fillRect(rect(), palette().window());
    const Layout l = computeLayout();
    if (l.n == 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("Choose a model folder to see its layer stack."));
        return;
    }
    paintHeader(p, l);
    paintStack(p, l);
    paintBands(p, l);
    paintHeatLegend(p, l);
    paintProbe(p, l);
    const int footerRight = paintFooter(p, l);
    paintProbeLegend(p, l, footerRight);
}

void LayerStackView::paintHeader(QPainter& p, const Layout& l) const
{
    const QColor text = palette().color(QPalette::WindowText);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    p.setFont(small);
    p.setPen(blend(text, palette().color(QPalette::Window), 0.35));
    // Column captions just above the head box, right-aligned in their columns.
    const int y = l.header.bottom() - 2;
    Q_UNUSED(y);
    if (l.heatW > 0)
        p.drawText(QRect(l.heatX, l.headBox.top(), l.heatW, l.headBox.height()), Qt::AlignCenter,
                   heatKind_ == HeatKind::DeltaNorm ? tr("‖ΔW‖") : tr("‖gradient‖"));
    if (l.infoW > 0)
        p.drawText(QRect(l.infoX, l.headBox.top(), l.infoW, l.headBox.height()), Qt::AlignVCenter | Qt::AlignLeft,
                   tr("parameters · adapter · share"));
}

// The colours, fonts and heat scale the rows use at this row height.
LayerStackView::RowStyle LayerStackView::rowStyle(const Layout& l) const
{
    RowStyle s;
    s.window = palette().color(QPalette::Window);
    s.text = palette().color(QPalette::WindowText);
    s.frozen = blend(s.window, s.text, 0.10);
    s.dark = s.window.lightness() < 128;
    s.rowFont = font();
    s.rowFont.setPixelSize(static_cast<int>(std::clamp(l.rowH * 0.52, 9.0, 17.0)));
    s.rowBold = s.rowFont;
    s.rowBold.setBold(true);
    s.inset = l.rowH >= 10 ? 1.5 : 0.5;
    s.heat = &heatValues();
    for (double v : *s.heat)
        if (std::isfinite(v))
            s.heatMax = std::max(s.heatMax, v);
    return s;
}

void LayerStackView::paintStack(QPainter& p, const Layout& l) const
{
    paintEndBoxes(p, l);
    const RowStyle s = rowStyle(l);
    for (int i = 0; i < l.n; ++i) {
        const double top = l.rowTop(i);
        if (i == hoverLayer_ || (i == focusLayer_ && hasFocus()))
            p.fillRect(QRectF(l.labelX, top, l.infoX + l.infoW - l.labelX, l.rowH), blend(s.window, s.text, 0.06));
        paintLayerParts(p, l, s, i);
        paintLayerNumber(p, l, s, i);
        paintHeatCell(p, l, s, i);
        paintLayerInfo(p, l, s, i);
        // Keyboard focus.
        if (i == focusLayer_ && hasFocus()) {
            p.setPen(QPen(palette().color(QPalette::Highlight), 2, Qt::DashLine));
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(QRectF(l.labelX + 2, top + 1, l.partsX + l.partsW - l.labelX - 1, l.rowH - 2), 4, 4);
        }
    }
}

// The LM head above the stack and the token embedding below it.
void LayerStackView::paintEndBoxes(QPainter& p, const Layout& l) const
{
    const QColor window = palette().color(QPalette::Window);
    const QColor text = palette().color(QPalette::WindowText);
    auto box = [&](const QRect& r, const QString& label) {
        QPainterPath path;
        path.addRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);
        p.fillPath(path, blend(window, text, 0.16));
        p.setPen(QPen(blend(window, text, 0.35), 1));
        p.drawPath(path);
        p.setPen(text);
        p.drawText(r.adjusted(10, 0, -10, 0), Qt::AlignVCenter | Qt::AlignLeft, label);
    };
    QFont f = font();
    p.setFont(f);
    QString headLabel = tr("LM head");
    QString embedLabel = tr("Token embedding");
    if (config_) {
        headLabel = config_->tieWordEmbeddings
            ? tr("LM head + final norm · tied to the embedding")
            : tr("LM head + final norm · %1").arg(ParameterCount::format(config_->headParameters()));
        embedLabel = tr("Token embedding · %1").arg(ParameterCount::format(config_->embeddingParameters()));
    }
    box(l.headBox, headLabel);
    box(l.embedBox, embedLabel);
}

// Layer i's attention and MLP boxes, in its block's colour where adapted.
void LayerStackView::paintLayerParts(QPainter& p, const Layout& l, const RowStyle& s, int i) const
{
    const double top = l.rowTop(i);
    const QRectF row(l.partsX, top + s.inset, l.partsW, l.rowH - 2 * s.inset);
    const QColor bc = Palette::block(plan_.blockOf(i));
    const bool attOn = targetsAttention(plan_, i);
    const bool mlpOn = targetsMlp(plan_, i);
    const QColor tint = blend(s.window, bc, s.dark ? 0.22 : 0.14);

    const QRectF att(row.left(), row.top(), l.attentionW - 2, row.height());
    const QRectF mlp(row.left() + l.attentionW, row.top(), row.width() - l.attentionW, row.height());
    const double radius = std::min(5.0, row.height() / 3);
    for (const auto& [r, on] : {std::pair{att, attOn}, std::pair{mlp, mlpOn}}) {
        QPainterPath path;
        path.addRoundedRect(r, radius, radius);
        p.fillPath(path, on ? bc : (plan_.strategy() == Strategy::Base ? s.frozen : tint));
        p.setPen(QPen(on ? bc.darker(135) : blend(s.window, bc, 0.45), 1));
        p.drawPath(path);
    }
    if (l.rowH >= 16) {
        p.setFont(s.rowFont);
        const QColor onText = Qt::white;
        const QColor offText = blend(s.window, s.text, 0.55);
        // "· LoRA" only where it fits (the fill colour says it too); else elided.
        const QFontMetrics fm(s.rowFont);
        const auto label = [&](const QRectF& r, const QString& withLora, const QString& plain, bool on) {
            const int w = static_cast<int>(r.width());
            const QString text = on && fm.horizontalAdvance(withLora) <= w ? withLora : plain;
            p.setPen(on ? onText : offText);
            p.drawText(r, Qt::AlignVCenter | Qt::AlignLeft, fm.elidedText(text, Qt::ElideRight, w));
        };
        label(att.adjusted(8, 0, -4, 0), tr("attention · LoRA"), tr("attention"), attOn);
        label(mlp.adjusted(8, 0, -4, 0), tr("MLP · LoRA"), tr("MLP"), mlpOn);
    }
}

void LayerStackView::paintLayerNumber(QPainter& p, const Layout& l, const RowStyle& s, int i) const
{
    if (l.rowH < 9)
        return;
    p.setFont(plan_.targets(i) ? s.rowBold : s.rowFont);
    p.setPen(plan_.targets(i) ? s.text : blend(s.window, s.text, 0.6));
    p.drawText(QRectF(l.labelX, l.rowTop(i), kLabelWidth - 8, l.rowH), Qt::AlignVCenter | Qt::AlignRight,
               QString::number(i));
}

// Heat column: a bar whose length and colour both show the value.
void LayerStackView::paintHeatCell(QPainter& p, const Layout& l, const RowStyle& s, int i) const
{
    if (l.heatW <= 0)
        return;
    const QRectF cell(l.heatX, l.rowTop(i) + s.inset, l.heatW, l.rowH - 2 * s.inset);
    p.fillRect(cell, blend(s.window, s.text, 0.05));
    const auto& heat = *s.heat;
    if (i >= static_cast<int>(heat.size()) || s.heatMax <= 0)
        return;
    const double t = std::clamp(heat[i] / s.heatMax, 0.0, 1.0);
    if (t > 0)
        p.fillRect(QRectF(cell.left(), cell.top(), std::max(2.0, cell.width() * t), cell.height()), Palette::heat(t));
    if (l.rowH >= 14) {
        // The value sits at the right end: on the bar when the bar reaches
        // there (dark or light text by the bar's colour), else on the empty
        // cell in the normal text colour.
        p.setFont(s.rowFont);
        const QColor onBar = t > 0.55 ? QColor(20, 20, 20) : QColor(Qt::white);
        p.setPen(t > 0.62 ? onBar : (t > 0 ? s.text : blend(s.window, s.text, 0.5)));
        p.drawText(cell.adjusted(4, 0, -4, 0), Qt::AlignVCenter | Qt::AlignRight, formatNorm(heat[i]));
    }
}

// Info column: parameters, adapter, share.
void LayerStackView::paintLayerInfo(QPainter& p, const Layout& l, const RowStyle& s, int i) const
{
    if (l.infoW <= 0 || !config_)
        return;
    p.setFont(s.rowFont);
    const auto adapter = plan_.trainableParametersOfLayer(*config_, i);
    const QString info = adapter > 0
        ? tr("%1 · +%2 · %3")
              .arg(ParameterCount::format(config_->layerParameters()))
              .arg(ParameterCount::format(adapter))
              .arg(ParameterCount::formatShare(static_cast<double>(adapter)
                                               / std::max<std::int64_t>(1, config_->layerParameters())))
        : tr("%1 · frozen").arg(ParameterCount::format(config_->layerParameters()));
    p.setPen(adapter > 0 ? s.text : blend(s.window, s.text, 0.55));
    p.drawText(QRectF(l.infoX, l.rowTop(i), l.infoW, l.rowH), Qt::AlignVCenter | Qt::AlignLeft, info);
}

void LayerStackView::paintBands(QPainter& p, const Layout& l) const
{
    if (l.n < 3)
        return;
    const QColor text = palette().color(QPalette::WindowText);
    QFont bandFont = font();
    bandFont.setBold(true);
    const Block active = plan_.strategy() == Strategy::Local ? Block::Local
        : plan_.strategy() == Strategy::Mid                  ? Block::Intermediate
                                                              : Block::Global;
    const bool oneBlock = plan_.strategy() == Strategy::Local || plan_.strategy() == Strategy::Mid
        || plan_.strategy() == Strategy::Global;
    for (Block b : {Block::Local, Block::Intermediate, Block::Global}) {
        const auto [b0, b1] = plan_.blockRange(b);
        const QRectF r(l.bandColumn.left(), l.boundaryY(b1), l.bandColumn.width(), l.boundaryY(b0) - l.boundaryY(b1));
        QColor c = Palette::block(b);
        if (oneBlock && b != active)
            c = blend(c, palette().color(QPalette::Window), 0.45);
        p.fillRect(r.adjusted(0, 1, 0, -1), c);
        if (oneBlock && b == active) {
            p.setPen(QPen(text, 2.5));
            p.setBrush(Qt::NoBrush);
            p.drawRect(r.adjusted(1, 2, -1, -2));
        }
        const QString name = blockTitle(b);
        p.save();
        p.setFont(bandFont);
        p.setPen(Qt::white);
        p.translate(r.center());
        p.rotate(-90);
        const QRectF textRect(-r.height() / 2, -r.width() / 2, r.height(), r.width());
        const QFontMetrics fm(bandFont);
        if (fm.horizontalAdvance(name) + 6 < r.height())
            p.drawText(textRect, Qt::AlignCenter, name);
        else if (fm.horizontalAdvance(name.left(1)) < r.height())
            p.drawText(textRect, Qt::AlignCenter, name.left(1).toUpper());
        p.restore();
    }
    // The cuts: a line across the stack and a grip on the band column.
    for (int i = 0; i < 2; ++i) {
        const double y = l.boundaryY(i == 0 ? plan_.cut1() : plan_.cut2());
        p.setPen(QPen(text, 2.5, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(l.bandColumn.left(), y), QPointF(l.partsX + l.partsW, y));
        const QRectF grip(l.bandColumn.left() - 4, y - 6, l.bandColumn.width() + 8, 12);
        p.setBrush(palette().color(QPalette::Base));
        p.setPen(QPen(text, 1.5));
        p.drawRoundedRect(grip, 5, 5);
        for (int k = -1; k <= 1; ++k)
            p.drawLine(QPointF(grip.center().x() - 8, y + 2.5 * k), QPointF(grip.center().x() + 8, y + 2.5 * k));
    }
}

void LayerStackView::paintHeatLegend(QPainter& p, const Layout& l) const
{
    if (l.heatW <= 0)
        return;
    const auto& heat = heatValues();
    double heatMax = 0;
    for (double v : heat)
        if (std::isfinite(v))
            heatMax = std::max(heatMax, v);
    const QRectF bar(l.heatX, l.embedBox.top() + 4, l.heatW, 12);
    p.fillRect(bar, Palette::heatGradient(bar.topLeft(), bar.topRight()));
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    p.setFont(small);
    p.setPen(palette().color(QPalette::WindowText));
    const QRectF labels(l.heatX, bar.bottom() + 1, l.heatW, l.embedBox.bottom() - bar.bottom());
    if (heatMax > 0) {
        p.drawText(labels, Qt::AlignLeft | Qt::AlignTop, QStringLiteral("0"));
        p.drawText(labels, Qt::AlignRight | Qt::AlignTop, formatNorm(heatMax));
    } else {
        p.drawText(labels, Qt::AlignHCenter | Qt::AlignTop, tr("after training"));
    }
}

int LayerStackView::paintFooter(QPainter& p, const Layout& l) const
{
    const QColor text = palette().color(QPalette::WindowText);
    const QRect r = l.footer.adjusted(kMargin, 4, -kMargin, -4);
    QFont big = font();
    big.setPointSizeF(font().pointSizeF() * 1.1);
    big.setBold(true);

    QString strategyText;
    switch (plan_.strategy()) {
    case Strategy::Base: strategyText = tr("Base: no adapters"); break;
    case Strategy::Full: strategyText = tr("Full-DPO: every layer"); break;
    case Strategy::Local: strategyText = tr("Local-Align"); break;
    case Strategy::Mid: strategyText = tr("Mid-Align"); break;
    case Strategy::Global: strategyText = tr("Global-Align"); break;
    case Strategy::Custom: strategyText = tr("Custom layer set"); break;
    }
    const auto layers = plan_.targetedLayers();
    QStringList ranges;
    for (std::size_t i = 0; i < layers.size();) {
        std::size_t j = i;
        while (j + 1 < layers.size() && layers[j + 1] == layers[j] + 1)
            ++j;
        ranges << (i == j ? QString::number(layers[i]) : QStringLiteral("%1–%2").arg(layers[i]).arg(layers[j]));
        i = j + 1;
    }
    if (!layers.empty())
        strategyText += tr(" · layers %1").arg(ranges.join(QStringLiteral(", ")));
    if (plan_.numLayers() >= 3)
        strategyText += tr(" · cuts at %1 | %2").arg(plan_.cut1()).arg(plan_.cut2());

    p.setFont(big);
    p.setPen(text);
    p.drawText(QRect(r.left(), r.top(), r.width(), r.height() / 2), Qt::AlignVCenter | Qt::AlignLeft, strategyText);
    int right = r.left() + QFontMetrics(big).horizontalAdvance(strategyText);

    QString totals;
    if (config_) {
        const auto total = config_->totalParameters();
        const auto adapter = plan_.trainableParameters(*config_);
        totals = tr("Model %1 parameters · adapters %2 · %3 of the model trained")
                     .arg(ParameterCount::format(total))
                     .arg(ParameterCount::format(adapter))
                     .arg(ParameterCount::formatShare(plan_.trainableShare(*config_)));
    } else {
        totals = tr("%n layer(s); choose a model folder for parameter counts", nullptr, plan_.numLayers());
    }
    p.setFont(font());
    p.drawText(QRect(r.left(), r.top() + r.height() / 2, r.width(), r.height() / 2),
               Qt::AlignVCenter | Qt::AlignLeft, totals);
    return std::max(right, r.left() + QFontMetrics(font()).horizontalAdvance(totals));
}

} // namespace hialign::widgets

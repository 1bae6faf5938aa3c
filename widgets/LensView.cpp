#include "widgets/LensView.h"

#include <QEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "widgets/LayerStackView.h"
#include "widgets/Palette.h"

namespace hialign::widgets {

namespace {

QString tokenCell(const QString& token, double prob)
{
    if (token.isNull())
        return {};
    // Spaces and line breaks made visible, as a token's text is mostly its leading space.
    QString shown = token;
    shown.replace(QLatin1Char('\n'), QStringLiteral("⏎"));
    return QStringLiteral("“%1” %2%").arg(shown).arg(qRound(prob * 100.0));
}

} // namespace

LensView::LensView(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("lensView"));
    setMinimumWidth(220);
}

void LensView::setLayerStack(LayerStackView* stack)
{
    if (stack_)
        stack_->removeEventFilter(this);
    stack_ = stack;
    if (stack_)
        stack_->installEventFilter(this);
    update();
}

void LensView::setLayers(const QVector<LensLayer>& layers, const QString& runName)
{
    layers_ = layers;
    runName_ = runName;
    message_.clear();
    update();
}

void LensView::clear(const QString& message)
{
    layers_.clear();
    runName_.clear();
    message_ = message;
    update();
}

bool LensView::hasMargins() const
{
    return std::any_of(layers_.begin(), layers_.end(), [](const LensLayer& l) { return std::isfinite(l.baseMargin); });
}

QString LensView::cellText(int layer, int column) const
{
    if (layer < 0 || layer >= layers_.size())
        return {};
    const LensLayer& l = layers_[layer];
    switch (column) {
    case 0: return tokenCell(l.baseToken, l.baseProb);
    case 1: return runName_.isEmpty() ? QString() : tokenCell(l.runToken, l.runProb);
    case 2:
        if (!std::isfinite(l.baseMargin))
            return {};
        if (!std::isfinite(l.runMargin))
            return QString::number(l.baseMargin, 'f', 2);
        return QStringLiteral("%1 → %2").arg(l.baseMargin, 0, 'f', 1).arg(l.runMargin, 0, 'f', 1);
    default: return {};
    }
}

QSize LensView::sizeHint() const
{
    return {420, 600};
}

QRect LensView::rowRect(int layer) const
{
    if (!stack_)
        return {};
    const QRect r = stack_->layerRect(layer);
    if (r.isEmpty())
        return {};
    const QPoint top = mapFromGlobal(stack_->mapToGlobal(r.topLeft()));
    return {0, top.y(), width(), r.height()};
}

void LensView::paintHeader(QPainter& p, int y, const QVector<int>& x)
{
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(palette().color(QPalette::WindowText));
    const int h = fontMetrics().height() + 4;
    const QStringList titles = {tr("Base"), runName_, tr("margin")};
    for (int c = 0; c < 3; ++c) {
        if (titles[c].isEmpty() || (c == 2 && !hasMargins()))
            continue;
        const QRect cell(x[c], y - h, x[c + 1] - x[c] - 6, h);
        p.drawText(cell, Qt::AlignLeft | Qt::AlignVCenter, fontMetrics().elidedText(titles[c], Qt::ElideRight, cell.width()));
    }
    p.setFont(font());
}

void LensView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    if (layers_.isEmpty() || !stack_) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                   message_.isEmpty() ? tr("Pick a pair or type a prompt, then Read: each layer's read-out through the "
                                           "final norm and head shows here, beside its row.")
                                      : message_);
        return;
    }
    const bool run = !runName_.isEmpty();
    const bool margins = hasMargins();
    // Columns: Base, the run, the margin.
    const int w = width();
    const int marginWidth = margins ? (run ? 100 : 56) : 0;
    const int tokenWidth = (w - marginWidth - 8) / (run ? 2 : 1);
    const QVector<int> x = {4, 4 + tokenWidth, 4 + (run ? 2 : 1) * tokenWidth, w - 2};

    double lo = 0.0, hi = 0.0;
    for (const LensLayer& l : layers_)
        for (double m : {l.baseMargin, l.runMargin})
            if (std::isfinite(m)) {
                lo = std::min(lo, m);
                hi = std::max(hi, m);
            }
    int top = height();
    for (int layer = 0; layer < layers_.size(); ++layer) {
        const QRect row = rowRect(layer);
        if (row.isEmpty())
            continue;
        top = std::min(top, row.top());
        if (layer % 2 == 1)
            p.fillRect(row, palette().color(QPalette::AlternateBase));
        p.setPen(palette().color(QPalette::Text));
        for (int c = 0; c < (run ? 2 : 1); ++c) {
            const QRect cell(x[c], row.top(), x[c + 1] - x[c] - 6, row.height());
            p.drawText(cell, Qt::AlignLeft | Qt::AlignVCenter,
                       fontMetrics().elidedText(cellText(layer, c), Qt::ElideRight, cell.width()));
        }
        if (margins) {
            const LensLayer& l = layers_[layer];
            const double m = std::isfinite(l.runMargin) ? l.runMargin : l.baseMargin;
            const QRect cell(x[2], row.top() + 1, x[3] - x[2], row.height() - 2);
            if (std::isfinite(m)) {
                const QColor c = Palette::heat(hi > lo ? (m - lo) / (hi - lo) : 0.5);
                p.fillRect(cell, c);
                p.setPen(c.lightnessF() > 0.55 ? Qt::black : Qt::white);
                p.drawText(cell.adjusted(4, 0, -2, 0), Qt::AlignLeft | Qt::AlignVCenter,
                           fontMetrics().elidedText(cellText(layer, 2), Qt::ElideRight, cell.width() - 6));
            }
        }
    }
    paintHeader(p, top, x);
}

bool LensView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == stack_ && (event->type() == QEvent::Resize || event->type() == QEvent::Move
                              || event->type() == QEvent::Paint))
        update();
    return QWidget::eventFilter(watched, event);
}

void LensView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        update();
    QWidget::changeEvent(event);
}

} // namespace hialign::widgets

// What LayerStackView says about itself: the tooltips of cuts, bands, rows,
// probe columns and end boxes, and the accessible description.
#include "widgets/LayerStackView.h"

#include <QEvent>
#include <QHelpEvent>
#include <QStringList>
#include <QToolTip>

#include <algorithm>
#include <cstdint>

#include "widgets/LayerStackInternal.h"
#include "widgets/ParameterCount.h"

namespace hialign::widgets {

using align::Block;

using namespace layerstack;

bool LayerStackView::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QPoint pos = help->pos();
        QString text;
        if (const int cut = cutNear(pos); cut >= 0) {
            text = cut == 0 ? tr("Cut between the local and the intermediate block: drag it, or press +/−")
                            : tr("Cut between the intermediate and the global block: drag it, or press +/−");
        } else if (const auto band = bandAt(pos)) {
            text = bandToolTip(*band);
        } else if (const int dim = probeColumnAt(pos); dim >= 0) {
            const int layer = layerAt(pos.y());
            text = layer >= 0 ? probeToolTip(dim, layer) : probeHeaderToolTip(dim);
        } else if (const int layer = layerAt(pos.y()); layer >= 0 && pos.x() >= computeLayout().labelX) {
            text = layerToolTip(layer);
        } else {
            const Layout l = computeLayout();
            if (l.headBox.contains(pos))
                text = tr("Language-model head: turns the last hidden state into next-token scores. No adapters here.");
            else if (l.embedBox.contains(pos))
                text = tr("Token embedding: looks up one vector per input token. No adapters here.");
        }
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    if (event->type() == QEvent::Leave && hoverLayer_ != -1) {
        hoverLayer_ = -1;
        update();
    }
    return QWidget::event(event);
}

QString LayerStackView::bandToolTip(Block block) const
{
    const auto [b0, b1] = plan_.blockRange(block);
    QString what;
    switch (block) {
    case Block::Local: what = tr("Local block: the first layers, which shape syntax and fluency."); break;
    case Block::Intermediate: what = tr("Intermediate block: the middle layers, which carry logic and coherence."); break;
    case Block::Global: what = tr("Global block: the last layers, which hold facts and high-level reasoning."); break;
    }
    return tr("%1\nLayers %2–%3. Click to train this block only.").arg(what).arg(b0).arg(b1 - 1);
}

QString LayerStackView::layerToolTip(int layer) const
{
    const QString blockText = blockTitle(plan_.blockOf(layer));
    QStringList lines;
    lines << tr("Layer %1 (%2 block)").arg(layer).arg(blockText);
    if (config_) {
        lines << tr("Attention: %1 parameters").arg(ParameterCount::format(config_->attentionParameters()));
        lines << tr("MLP: %1 parameters").arg(ParameterCount::format(config_->mlpParameters()));
        const auto adapter = plan_.trainableParametersOfLayer(*config_, layer);
        lines << (adapter > 0 ? tr("LoRA adapter: %1 parameters (%2 of this layer)")
                                    .arg(ParameterCount::format(adapter))
                                    .arg(ParameterCount::formatShare(
                                        static_cast<double>(adapter) / std::max<std::int64_t>(1, config_->layerParameters())))
                              : tr("No adapter: this layer stays frozen"));
    } else {
        lines << (plan_.targets(layer) ? tr("Carries a LoRA adapter") : tr("No adapter: this layer stays frozen"));
    }
    if (layer < static_cast<int>(deltaNorm_.size()))
        lines << tr("‖ΔW‖ = %1").arg(formatNorm(deltaNorm_[layer]));
    if (layer < static_cast<int>(gradNorm_.size()))
        lines << tr("‖gradient‖ = %1").arg(formatNorm(gradNorm_[layer]));
    if (editable_)
        lines << tr("Click or drag to paint a custom set; Space toggles the focused layer.");
    return lines.join(QLatin1Char('\n'));
}

void LayerStackView::updateAccessibleDescription()
{
    QString text = tr("%n decoder layer(s), layer 0 at the bottom.", nullptr, plan_.numLayers());
    if (plan_.numLayers() >= 3)
        text += QLatin1Char(' ') + tr("Cuts at %1 and %2.").arg(plan_.cut1()).arg(plan_.cut2());
    const auto layers = plan_.targetedLayers();
    text += QLatin1Char(' ') + tr("%n layer(s) carry adapters.", nullptr, static_cast<int>(layers.size()));
    if (probe_) {
        QStringList peaks;
        for (int d = 0; d < probe_->dimensions.size(); ++d) {
            const auto& profile = probe_->importance[static_cast<std::size_t>(d)];
            const auto it = std::max_element(profile.begin(), profile.end());
            if (it != profile.end())
                peaks << tr("%1 peaks at layer %2").arg(probe_->dimensions[d]).arg(it - profile.begin());
        }
        text += QLatin1Char(' ') + tr("Layer probe: %1.").arg(peaks.join(QStringLiteral(", ")));
        if (probe_->suggestedCuts)
            text += QLatin1Char(' ')
                + tr("Suggested cuts at %1 and %2.").arg(probe_->suggestedCuts->first).arg(probe_->suggestedCuts->second);
    }
    text += QLatin1Char(' ') + tr("Up and Down move the focus, Space toggles a layer, plus and minus move the nearest cut.");
    setAccessibleDescription(text);
}

} // namespace hialign::widgets

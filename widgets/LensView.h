// The logit lens beside the layer stack (docs/ARCHITECTURE.md, "Logit
// lens"): one row per decoder layer, drawn at the height of that layer's row
// in the LayerStackView it follows, with the top next token each layer's
// read-out gives for Base and for a run, and, for a preference pair, the
// margin log p(chosen) − log p(rejected) read at that layer, coloured on the
// heat scale (the larger, the brighter). Plain data in; no LibTorch.
#pragma once

#include <QVector>
#include <QWidget>

#include <limits>

namespace hialign::widgets {

class LayerStackView;

struct LensLayer {
    QString baseToken;                 // the top next token's text
    double baseProb = std::numeric_limits<double>::quiet_NaN();
    QString runToken;                  // empty without a run
    double runProb = std::numeric_limits<double>::quiet_NaN();
    double baseMargin = std::numeric_limits<double>::quiet_NaN();   // NaN without a pair
    double runMargin = std::numeric_limits<double>::quiet_NaN();
};

class LensView : public QWidget {
    Q_OBJECT
public:
    explicit LensView(QWidget* parent = nullptr);

    // The layer stack whose rows this view's rows follow.
    void setLayerStack(LayerStackView* stack);
    // layers[L] for decoder layer L; runName empty: Base only.
    void setLayers(const QVector<LensLayer>& layers, const QString& runName);
    // No read-out; `message` (may be empty) shows instead.
    void clear(const QString& message = QString());
    const QVector<LensLayer>& layers() const { return layers_; }
    bool hasMargins() const;
    // A row's text as drawn: column 0 Base's token, 1 the run's, 2 the margin.
    QString cellText(int layer, int column) const;
    QString message() const { return message_; }
    // The stack's row for `layer`, in this view's coordinates (where that layer's read-out is drawn).
    QRect rowRect(int layer) const;

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void paintHeader(QPainter& p, int y, const QVector<int>& x);

    LayerStackView* stack_ = nullptr;
    QVector<LensLayer> layers_;
    QString runName_;
    QString message_;
};

} // namespace hialign::widgets

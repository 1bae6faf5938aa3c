// The layer stack of a decoder, drawn as the paper thinks of it: one row per
// layer (layer 0 at the bottom, information flows up), each row split into its
// attention and MLP parts, the embedding below and the head on top. Three
// coloured bands on the left are the functional blocks (local, intermediate,
// global) with two draggable cuts between them.
//
// Mouse: drag a cut in the band column to move it; click a band to train that
//        block only; press on a row and drag across rows to paint a custom
//        layer set (the first row decides whether the stroke adds or removes).
// Keys:  Up/Down move the focus row, Space toggles it, +/- move the cut
//        nearest to the focus row up/down, Home/End jump to the ends.
//
// The view holds a LayerPlan (plain data, no LibTorch) and emits planChanged
// whenever the user edits it. Per-layer heat (||Delta W|| or gradient norm)
// is overlaid in a column of its own with a colour legend.
//
// A layer probe (docs/PROBE.md) adds small multiples: one narrow heat column
// per dimension (its importance profile, on one colour scale shared by all
// columns), the dimension's name and assigned block on top, and the
// suggested cuts as dashed lines across the columns. applySuggestedCuts()
// (and its action) moves the plan's cuts there.
#pragma once

#include <QStringList>
#include <QWidget>

#include <optional>
#include <utility>
#include <vector>

#include "align/LayerPlan.h"
#include "config/ModelConfig.h"

class QAction;
class QComboBox;
class QToolButton;

namespace hialign::widgets {

class LayerStackView : public QWidget {
    Q_OBJECT
public:
    enum class HeatKind { Off, DeltaNorm, GradNorm };
    Q_ENUM(HeatKind)

    explicit LayerStackView(QWidget* parent = nullptr);
    ~LayerStackView() override;

    // A model's shape: resets the plan to the default cuts (keeping the strategy).
    void setModelConfig(const io::ModelConfig& config);
    // A bare layer count (no parameter figures); used before a model is chosen.
    void setLayerCount(int numLayers);
    const std::optional<io::ModelConfig>& modelConfig() const { return config_; }

    // A block's name as the window shows it: "local", "intermediate", "global" (translated).
    static QString blockTitle(align::Block block);

    const align::LayerPlan& plan() const { return plan_; }
    // Takes the cuts, strategy and custom layers of `plan` (same layer count).
    void setPlan(const align::LayerPlan& plan);
    void setStrategy(align::Strategy strategy);
    void setCuts(int cut1, int cut2);

    // Per-layer norms from the trainer (num_layers entries each; either may be empty).
    void setHeat(const std::vector<double>& deltaNorm, const std::vector<double>& gradNorm);
    void clearHeat();
    HeatKind heatKind() const { return heatKind_; }
    void setHeatKind(HeatKind kind);

    // A layer probe's result, as plain values.
    struct Probe {
        enum class Source { Ablation, Gradient };
        QStringList dimensions;
        std::vector<std::vector<double>> importance;   // [dimension][layer], >= 0 (normalised shares)
        Source source = Source::Ablation;               // what the importance measures (legend, tooltips)
        std::optional<std::pair<int, int>> suggestedCuts;   // 0 < cut1 < cut2 < layers
        std::vector<int> blockOf;                       // per dimension: 0 local, 1 intermediate, 2 global; or empty
    };
    // Shows the probe; false (and one sentence in *error) when it does not fit
    // the stack: another layer count, names and profiles that disagree,
    // values below 0 or not finite, or cuts outside the stack. A refused
    // probe leaves the view as it was.
    bool setProbe(const Probe& probe, QString* error = nullptr);
    void clearProbe();
    bool hasProbe() const { return probe_.has_value(); }
    const std::optional<Probe>& probe() const { return probe_; }
    // Moves the plan's cuts to the probe's suggested ones; false when there
    // are none or the plan is not editable.
    bool applySuggestedCuts();
    // "Apply suggested cuts": enabled while a probe with suggested cuts is
    // shown and the plan is editable. The view shows it as a button too.
    QAction* applySuggestedCutsAction() const { return applyCutsAction_; }
    // The probe column of dimension d (empty without a probe or when too narrow).
    QRect probeColumnRect(int dimension) const;

    // Editing can be switched off while a run trains on the plan.
    void setEditable(bool editable);
    bool isEditable() const { return editable_; }

    int focusLayer() const { return focusLayer_; }
    void setFocusLayer(int layer);

    // Geometry, in widget coordinates (also used by the tests).
    QRect layerRect(int layer) const;     // the whole row: attention + MLP parts
    QRect bandColumnRect() const;
    int cutY(int cutIndex) const;         // 0: cut1, 1: cut2; the line between two rows
    QToolButton* presetButton(align::Strategy strategy) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void planChanged(const hialign::align::LayerPlan& plan);
    void heatKindChanged(hialign::widgets::LayerStackView::HeatKind kind);
    void probeChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Layout;
    Layout computeLayout() const;
    int layerAt(int y) const;                 // -1 outside the rows
    int boundaryAt(int y) const;              // nearest layer boundary (0..N)
    int cutNear(const QPoint& pos) const;     // 0, 1 or -1
    std::optional<align::Block> bandAt(const QPoint& pos) const;
    void applyPaintStroke(int fromLayer, int toLayer);
    void moveCut(int cutIndex, int boundary);
    void toggleLayer(int layer);
    void commit();                            // update, emit planChanged
    void retranslate();
    void updateButtons();
    const std::vector<double>& heatValues() const;
    QString layerToolTip(int layer) const;
    QString bandToolTip(align::Block block) const;
    QString probeToolTip(int dimension, int layer) const;
    QString probeHeaderToolTip(int dimension) const;
    int probeColumnAt(const QPoint& pos) const;   // -1 outside the probe columns
    double probeMax() const;                      // the shared colour scale's top
    void updateProbeAction();
    void updateAccessibleDescription();

    void paintHeader(QPainter& p, const Layout& l) const;
    // paintStack: the end boxes, then per layer row its parts, number, heat
    // cell, info and focus frame.
    struct RowStyle;
    RowStyle rowStyle(const Layout& l) const;
    void paintStack(QPainter& p, const Layout& l) const;
    void paintEndBoxes(QPainter& p, const Layout& l) const;
    void paintLayerParts(QPainter& p, const Layout& l, const RowStyle& s, int i) const;
    void paintLayerNumber(QPainter& p, const Layout& l, const RowStyle& s, int i) const;
    void paintHeatCell(QPainter& p, const Layout& l, const RowStyle& s, int i) const;
    void paintLayerInfo(QPainter& p, const Layout& l, const RowStyle& s, int i) const;
    void paintBands(QPainter& p, const Layout& l) const;
    void paintHeatLegend(QPainter& p, const Layout& l) const;
    // paintProbe: per dimension its header and cells, then the cut lines.
    void paintProbe(QPainter& p, const Layout& l) const;
    void paintProbeHeader(QPainter& p, const Layout& l, const RowStyle& s, int dimension) const;
    void paintProbeCells(QPainter& p, const Layout& l, const RowStyle& s, int dimension, double top) const;
    void paintProbeCuts(QPainter& p, const Layout& l, const RowStyle& s) const;
    // textRight: where the footer's own text ends (the legend's text goes right of it).
    void paintProbeLegend(QPainter& p, const Layout& l, int textRight) const;
    int paintFooter(QPainter& p, const Layout& l) const;   // returns the right end of its text

    align::LayerPlan plan_;
    std::optional<io::ModelConfig> config_;
    std::vector<double> deltaNorm_;
    std::vector<double> gradNorm_;
    HeatKind heatKind_ = HeatKind::DeltaNorm;
    bool editable_ = true;
    int focusLayer_ = 0;

    // Mouse interaction state.
    enum class Drag { None, Cut, Paint };
    Drag drag_ = Drag::None;
    int dragCut_ = -1;
    int paintAnchor_ = -1;
    bool paintAdds_ = true;
    std::vector<int> paintBase_;   // targeted layers when the stroke began
    int hoverLayer_ = -1;

    std::vector<QToolButton*> presets_;   // Base, Full, Local, Mid, Global
    QComboBox* heatCombo_ = nullptr;
    std::optional<Probe> probe_;
    QAction* applyCutsAction_ = nullptr;
    QToolButton* applyCutsButton_ = nullptr;
};

} // namespace hialign::widgets

Q_DECLARE_METATYPE(hialign::align::LayerPlan)

// Live training curves (QCustomPlot): loss (train and eval), reward margin,
// the judged score of the answers over training (kJudgedScoreMetric), reward accuracy, chosen vs rejected rewards, chosen vs rejected
// log-probs, gradient norm, learning rate and throughput, one panel each,
// for one or several runs overlaid.
//
// Threading: GUI thread only. Values from a training thread reach the
// window through queued signals; the window calls appendValue(s), which
// only stores the numbers and marks the plot dirty. A single-shot 40 ms
// timer then copies the new points into the graphs and replots once, so a
// burst of any number of steps costs one redraw (PlotJuggler's rule).
//
// Mouse: wheel zooms and dragging pans the panel under the cursor;
// double-click fits it again (the panels follow new data until zoomed);
// hovering reads out every curve of a panel at the step under the cursor.
#pragma once

#include <QColor>
#include <QMap>
#include <QString>
#include <QWidget>

#include <memory>
#include <vector>

class QCustomPlot;
class QLabel;
class QSlider;
class QTimer;
class QToolButton;
class QMouseEvent;

namespace hialign::widgets {

// The curve of the answers' mean judged score per sampled step (not a TRL
// metric: the window computes it from samples.jsonl, settings/Samples.h).
inline constexpr const char* kJudgedScoreMetric = "judged_score";

class MetricsPlot : public QWidget {
    Q_OBJECT
public:
    explicit MetricsPlot(QWidget* parent = nullptr);
    ~MetricsPlot() override;

    // The metric names (TRL's) that have a panel.
    static QStringList plottedMetrics();

    // Runs: every run has its own colour once several are shown.
    int addRun(const QString& name);
    void removeRun(int run);
    void clearRuns();
    void setRunName(int run, const QString& name);
    QList<int> runs() const;
    QString runName(int run) const;

    // Stores a value; drawn at the next redraw tick. Unknown metrics are ignored.
    void appendValue(int run, const QString& metric, double step, double value, bool eval = false);
    void appendValues(int run, double step, const QMap<QString, double>& values, bool eval = false);
    // Number of stored points of one curve.
    int pointCount(int run, const QString& metric, bool eval = false) const;

    // Exponential moving average weight in [0, 0.99]; 0 = raw values.
    void setSmoothing(double weight);
    double smoothing() const { return smoothing_; }

    // Fits every panel to its data again and follows new data.
    void fitAll();

    bool exportPng(const QString& path, int width = 0, int height = 0);
    bool exportPdf(const QString& path);
    bool exportSvg(const QString& path);
    // Long format: run,metric,split,step,value,smoothed
    bool exportCsv(const QString& path) const;

    // How often the plot has been drawn (for tests and the status line).
    int replotCount() const { return replotCount_; }
    // The read-out text at a widget position of the plot area (empty outside panels).
    QString readoutAt(const QPoint& plotPos) const;
    QWidget* plotArea() const;

Q_SIGNALS:
    void replotted();

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Panel;
    struct Series;
    struct Run {
        int id = 0;
        QString name;
        QColor color;
    };

    void buildPanels();
    void createCursors();
    void buildExportMenu();                // MetricsPlotExport.cpp
    void exportAs(const QString& kind);    // "png", "svg", "pdf" or "csv": asks for a file, writes it
    void arrangePanels(int columns);
    void retranslate();
    Series* seriesFor(int run, const QString& metric, bool eval);
    void scheduleRedraw();
    void redraw();
    void restyleAll();
    void restyle(Series& s);
    void rebuildSmoothed(Series& s);
    void fitPanel(Panel& panel);
    int panelIndexAt(const QPoint& pos) const;
    void onPlotMouseMove(QMouseEvent* event);
    void onPlotDoubleClick(QMouseEvent* event);
    QString seriesLabel(const Series& s) const;

    QCustomPlot* plot_ = nullptr;
    QTimer* redrawTimer_ = nullptr;
    QSlider* smoothingSlider_ = nullptr;
    QLabel* smoothingLabel_ = nullptr;
    QToolButton* exportButton_ = nullptr;
    QToolButton* fitButton_ = nullptr;
    QLabel* hint_ = nullptr;

    std::vector<std::unique_ptr<Panel>> panels_;
    std::vector<std::unique_ptr<Series>> series_;
    std::vector<Run> runs_;
    int nextRunId_ = 1;
    int columns_ = 0;
    double smoothing_ = 0.6;
    bool restyleNeeded_ = false;
    bool rebuildNeeded_ = false;
    int replotCount_ = 0;
};

} // namespace hialign::widgets

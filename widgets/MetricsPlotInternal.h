// MetricsPlot's panels and curves, shared by its source files
// (MetricsPlot.cpp: drawing and the mouse; MetricsPlotExport.cpp: export).
#pragma once

#include <QString>

#include <cstddef>
#include <vector>

#include "widgets/MetricsPlot.h"

class QCPAxisRect;
class QCPGraph;
class QCPItemStraightLine;
class QCPLayoutGrid;
class QCPLegend;
class QCPTextElement;

namespace hialign::widgets {

struct MetricsPlot::Panel {
    QCPLayoutGrid* container = nullptr;
    QCPTextElement* title = nullptr;
    QCPAxisRect* rect = nullptr;
    QCPLegend* legend = nullptr;
    QCPItemStraightLine* cursor = nullptr;
    bool userView = false;        // zoomed or panned by the user: stop following
    bool fixedUnitRange = false;  // accuracies: always 0..1
};

struct MetricsPlot::Series {
    int run = 0;
    QString metric;
    bool eval = false;
    int panel = 0;
    int role = 0;
    std::vector<double> x, y, smoothed;
    std::size_t flushed = 0;     // points already in the graphs
    double emaAcc = 0.0;
    int emaCount = 0;
    QCPGraph* raw = nullptr;
    QCPGraph* smooth = nullptr;
};

} // namespace hialign::widgets

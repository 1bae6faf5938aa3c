// The workbench's stored settings (QSettings): the training panel's values,
// the views' choices, the window geometry, the recent models and the files
// to open at start.
#pragma once

#include <QString>
#include <QStringList>

#include "app/gui/AppOptions.h"

class QWidget;

namespace hialign::widgets {
class LayerStackView;
class MetricsPlot;
}

namespace hialign::app {

class TrainingPanel;

class WorkbenchSettings {
public:
    // The model, data file and workspace to open at start.
    struct Startup {
        QString model;
        QString data;
        QString workspace;
    };
    // Each from the command line, else the demo lab, else the last session.
    static Startup startup(const AppOptions& options);
    static QString defaultWorkspace();

    static void load(TrainingPanel* panel, widgets::LayerStackView* layers, widgets::MetricsPlot* plot, QWidget* window);
    static void save(const TrainingPanel* panel, const widgets::LayerStackView* layers, const widgets::MetricsPlot* plot,
                     const QWidget* window);

    static void setModelDir(const QString& dir);
    static void setDataFile(const QString& file);
    static void setWorkspace(const QString& dir);
    static void setSweepDir(const QString& dir);
    // The recent model folders, newest first (at most 8).
    static QStringList recentModels();
    static void rememberRecent(const QString& dir);
};

} // namespace hialign::app

#include "app/gui/WorkbenchSettings.h"

#include <QDir>
#include <QSettings>
#include <QSpinBox>
#include <QWidget>

#include <algorithm>
#include <exception>
#include <filesystem>

#include "app/gui/TrainingPanel.h"
#include "settings/LabFolder.h"
#include "settings/TrainConfig.h"
#include "util/Paths.h"
#include "widgets/LayerStackView.h"
#include "widgets/MetricsPlot.h"
#include "widgets/PathText.h"

namespace hialign::app {

namespace {

constexpr int kMaxRecent = 8;

// The demo lab's model and preference file, where the command line names none.
void labModelAndData(QString& model, QString& data)
{
    const std::filesystem::path demo = demoLabDir();
    if (model.isEmpty() && !demo.empty()) {
        const lab::LabFolder lab(demo);
        model = widgets::fromPath(lab.modelDir());
        if (data.isEmpty())
            data = widgets::fromPath(lab.preferences());
    }
}

} // namespace

WorkbenchSettings::Startup WorkbenchSettings::startup(const AppOptions& options)
{
    // Model: the command line, else the demo lab, else the last one, else ask.
    Startup s{options.modelDir, options.dataFile, options.workspace};
    labModelAndData(s.model, s.data);
    if (s.model.isEmpty())
        s.model = QSettings().value(QStringLiteral("model/dir")).toString();
    if (s.data.isEmpty())
        s.data = QSettings().value(QStringLiteral("data/file")).toString();
    if (s.workspace.isEmpty())
        s.workspace = QSettings().value(QStringLiteral("workspace"), defaultWorkspace()).toString();
    return s;
}

QString WorkbenchSettings::defaultWorkspace()
{
    return QDir::homePath() + QStringLiteral("/hialign-runs");
}

void WorkbenchSettings::load(TrainingPanel* panel, widgets::LayerStackView* layers, widgets::MetricsPlot* plot,
                             QWidget* window)
{
    QSettings settings;
    train::TrainConfig s = train::TrainConfig::interactiveDefaults();
    s.rank = settings.value(QStringLiteral("train/rank"), s.rank).toInt();
    s.alpha = settings.value(QStringLiteral("train/alpha"), s.alpha).toDouble();
    s.beta = settings.value(QStringLiteral("train/beta"), s.beta).toDouble();
    s.learningRate = settings.value(QStringLiteral("train/learning_rate"), s.learningRate).toDouble();
    s.steps = settings.value(QStringLiteral("train/steps"), s.steps).toInt();
    s.batchSize = settings.value(QStringLiteral("train/batch"), s.batchSize).toInt();
    s.evalEvery = settings.value(QStringLiteral("train/eval_every"), s.evalEvery).toInt();
    s.seed = settings.value(QStringLiteral("train/seed"), qulonglong(s.seed)).toULongLong();
    try {
        s.loss = train::parseLoss(
            settings.value(QStringLiteral("train/loss"), QString::fromLatin1(train::lossName(s.loss))).toString().toStdString());
    } catch (const std::exception&) {
        // An unknown stored name: keep the default.
    }
    s.device = settings.value(QStringLiteral("train/device"), QString::fromStdString(s.device)).toString().toStdString();
    s.samples.every = settings.value(QStringLiteral("train/sample_every"), train::TrainConfig::sampleEveryFor(s.steps)).toInt();
    panel->setSettings(s);
    panel->setSamplePrompts(settings.value(QStringLiteral("train/sample_prompts")).toString());
    const auto heat = settings.value(QStringLiteral("view/heat"), 1).toInt();
    layers->setHeatKind(static_cast<widgets::LayerStackView::HeatKind>(std::clamp(heat, 0, 2)));
    plot->setSmoothing(settings.value(QStringLiteral("view/smoothing"), 0.6).toDouble());
    if (settings.contains(QStringLiteral("window/geometry")))
        window->restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
}

void WorkbenchSettings::save(const TrainingPanel* panel, const widgets::LayerStackView* layers,
                             const widgets::MetricsPlot* plot, const QWidget* window)
{
    QSettings settings;
    const train::TrainConfig s = panel->settings();
    settings.setValue(QStringLiteral("train/rank"), s.rank);
    settings.setValue(QStringLiteral("train/alpha"), s.alpha);
    settings.setValue(QStringLiteral("train/beta"), s.beta);
    settings.setValue(QStringLiteral("train/learning_rate"), s.learningRate);
    settings.setValue(QStringLiteral("train/steps"), s.steps);
    settings.setValue(QStringLiteral("train/batch"), s.batchSize);
    settings.setValue(QStringLiteral("train/eval_every"), s.evalEvery);
    settings.setValue(QStringLiteral("train/seed"), qulonglong(s.seed));
    settings.setValue(QStringLiteral("train/loss"), QString::fromLatin1(train::lossName(s.loss)));
    settings.setValue(QStringLiteral("train/device"), QString::fromStdString(s.device));
    settings.setValue(QStringLiteral("train/sample_every"), panel->sampleEverySpin()->value());
    settings.setValue(QStringLiteral("train/sample_prompts"), panel->samplePrompts());
    settings.setValue(QStringLiteral("view/heat"), static_cast<int>(layers->heatKind()));
    settings.setValue(QStringLiteral("view/smoothing"), plot->smoothing());
    settings.setValue(QStringLiteral("window/geometry"), window->saveGeometry());
}

void WorkbenchSettings::setModelDir(const QString& dir)
{
    QSettings().setValue(QStringLiteral("model/dir"), dir);
}

void WorkbenchSettings::setDataFile(const QString& file)
{
    QSettings().setValue(QStringLiteral("data/file"), file);
}

void WorkbenchSettings::setWorkspace(const QString& dir)
{
    QSettings().setValue(QStringLiteral("workspace"), dir);
}

void WorkbenchSettings::setSweepDir(const QString& dir)
{
    QSettings().setValue(QStringLiteral("sweep/dir"), dir);
}

QStringList WorkbenchSettings::recentModels()
{
    return QSettings().value(QStringLiteral("model/recent")).toStringList();
}

void WorkbenchSettings::rememberRecent(const QString& dir)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("model/recent")).toStringList();
    recent.removeAll(dir);
    recent.prepend(dir);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QStringLiteral("model/recent"), recent);
}

} // namespace hialign::app

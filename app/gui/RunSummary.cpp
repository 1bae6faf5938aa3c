#include "app/gui/RunSummary.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>
#include <exception>

#include "settings/RunFolder.h"
#include "settings/RunInfo.h"
#include "widgets/PathText.h"

namespace hialign::app {

using widgets::fromPath;
using widgets::toPath;

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("hialign::app::RunSummary", text);
}

QString layerRanges(const std::vector<int>& layers)
{
    QStringList out;
    for (std::size_t i = 0; i < layers.size();) {
        std::size_t j = i;
        while (j + 1 < layers.size() && layers[j + 1] == layers[j] + 1)
            ++j;
        out << (i == j ? QString::number(layers[i])
                       : QStringLiteral("%1–%2").arg(layers[i]).arg(layers[j]));
        i = j + 1;
    }
    return out.join(QStringLiteral(", "));
}


} // namespace

RunSummary RunSummary::read(const QString& dir)
{
    RunSummary s;
    s.dir = dir;
    s.name = QFileInfo(dir).fileName();
    const train::RunFolder folder(toPath(dir));
    if (!QFileInfo(fromPath(folder.runJsonPath())).isReadable()) {
        s.error = tr("%1 has no readable run.json.").arg(dir);
        return s;
    }
    train::RunInfo run;
    try {
        run = train::readRunInfo(folder.dir());
    } catch (const std::exception& e) {   // InputError: one sentence naming the file
        s.error = QString::fromStdString(e.what());
        return s;
    }
    s.valid = true;
    s.status = QString::fromStdString(run.status);
    s.message = QString::fromStdString(run.message);
    s.modelDir = QString::fromStdString(run.modelDir);
    s.dataFile = QString::fromStdString(run.dataFile);
    s.totalSteps = run.totalSteps;
    s.strategy = QString::fromStdString(run.strategy);
    s.layers = layerRanges(run.trainedLayers);
    s.steps = run.lastStep;
    s.loss = run.loss.value_or(qQNaN());
    s.margin = run.margin.value_or(qQNaN());
    s.accuracy = run.accuracy.value_or(qQNaN());
    s.hasAdapter = run.hasAdapter;
    s.hasCheckpoint = run.hasCheckpoint;
    const QString metrics = fromPath(folder.metricsPath());
    s.modified = QFileInfo(QFileInfo::exists(metrics) ? metrics : fromPath(folder.runJsonPath())).lastModified();
    return s;
}

QList<RunSummary> RunSummary::scan(const QString& workspace)
{
    QList<RunSummary> runs;
    for (const auto& dir : train::runFoldersIn(workspace.toStdString()))
        runs << read(fromPath(dir));
    std::sort(runs.begin(), runs.end(), [](const RunSummary& a, const RunSummary& b) { return a.modified > b.modified; });
    return runs;
}

} // namespace hialign::app

#include "app/gui/RunSummary.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace hialign::app {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("hialign::app::RunSummary", text);
}

QString layerRanges(const QJsonArray& layers)
{
    QStringList out;
    for (int i = 0; i < layers.size();) {
        int j = i;
        while (j + 1 < layers.size() && layers[j + 1].toInt() == layers[j].toInt() + 1)
            ++j;
        out << (i == j ? QString::number(layers[i].toInt())
                       : QStringLiteral("%1–%2").arg(layers[i].toInt()).arg(layers[j].toInt()));
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
    QFile runJson(dir + QStringLiteral("/run.json"));
    if (!runJson.open(QIODevice::ReadOnly)) {
        s.error = tr("%1 has no readable run.json.").arg(dir);
        return s;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(runJson.readAll(), &parseError);
    if (!doc.isObject()) {
        s.error = tr("%1/run.json is not valid JSON: %2.").arg(dir, parseError.errorString());
        return s;
    }
    const QJsonObject run = doc.object();
    s.valid = true;
    s.status = run.value(QStringLiteral("status")).toString(QStringLiteral("running"));
    s.message = run.value(QStringLiteral("message")).toString();
    const QJsonObject config = run.value(QStringLiteral("config")).toObject();
    s.modelDir = config.value(QStringLiteral("model_dir")).toString(config.value(QStringLiteral("model")).toString());
    s.dataFile = config.value(QStringLiteral("data_file")).toString(config.value(QStringLiteral("data")).toString());
    s.totalSteps = run.value(QStringLiteral("total_steps")).toInteger(config.value(QStringLiteral("steps")).toInteger());
    const QJsonObject plan = run.value(QStringLiteral("layer_plan")).toObject();
    s.strategy = plan.value(QStringLiteral("strategy")).toString(config.value(QStringLiteral("strategy")).toString());
    QJsonArray targeted = plan.value(QStringLiteral("targeted_layers")).toArray();
    if (targeted.isEmpty())
        targeted = plan.value(QStringLiteral("layers")).toArray();
    s.layers = layerRanges(targeted);

    QFile metrics(dir + QStringLiteral("/metrics.jsonl"));
    if (metrics.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> lines = metrics.readAll().split('\n');
        for (const QByteArray& line : lines) {
            const QJsonObject m = QJsonDocument::fromJson(line).object();
            if (m.isEmpty())
                continue;
            s.steps = std::max<qint64>(s.steps, m.value(QStringLiteral("step")).toInteger());
            if (m.contains(QStringLiteral("loss"))) {
                s.loss = m.value(QStringLiteral("loss")).toDouble();
                s.margin = m.value(QStringLiteral("rewards/margins")).toDouble(qQNaN());
                s.accuracy = m.value(QStringLiteral("rewards/accuracies")).toDouble(qQNaN());
            }
        }
    }
    s.hasAdapter = QFileInfo::exists(dir + QStringLiteral("/adapter/adapter_config.json"));
    const QDir checkpoints(dir + QStringLiteral("/checkpoints"));
    s.hasCheckpoint = !checkpoints.entryList({QStringLiteral("step-*")}, QDir::Dirs | QDir::NoDotAndDotDot).isEmpty();
    s.modified = QFileInfo(metrics.exists() ? metrics.fileName() : runJson.fileName()).lastModified();
    return s;
}

QList<RunSummary> RunSummary::scan(const QString& workspace)
{
    QList<RunSummary> runs;
    const QDir root(workspace);
    for (const QFileInfo& info : root.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot))
        if (QFileInfo::exists(info.filePath() + QStringLiteral("/run.json")))
            runs << read(info.filePath());
    std::sort(runs.begin(), runs.end(), [](const RunSummary& a, const RunSummary& b) { return a.modified > b.modified; });
    return runs;
}

} // namespace hialign::app

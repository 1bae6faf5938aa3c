// What the runs browser shows of a run folder (docs/ARCHITECTURE.md, "Run folder"), read by the
// core (settings/RunInfo.h) and converted to Qt types: status from run.json,
// the layers the run trained (resolved from its layer plan), headline
// metrics from the last lines of metrics.jsonl. Reading never throws: a
// broken folder gives valid=false and the core's error sentence.
#pragma once

#include <QDateTime>
#include <QString>

namespace hialign::app {

struct RunSummary {
    bool valid = false;
    QString error;
    QString dir;
    QString name;              // folder name
    QString status;            // running, finished, stopped, failed (as run.json says)
    QString message;
    QString strategy;          // from the layer plan
    QString layers;            // the layers the run trained, e.g. "8–11"
    QString modelDir;
    QString dataFile;
    qint64 steps = 0;          // last logged step
    qint64 totalSteps = 0;
    double loss = qQNaN();
    double margin = qQNaN();
    double accuracy = qQNaN();
    bool hasAdapter = false;
    bool hasCheckpoint = false;
    QDateTime modified;

    bool resumable() const { return hasCheckpoint && status != QLatin1String("finished"); }

    static RunSummary read(const QString& dir);
    // Run folders directly under `workspace`, newest first.
    static QList<RunSummary> scan(const QString& workspace);
};

} // namespace hialign::app

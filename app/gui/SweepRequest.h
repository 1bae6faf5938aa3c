// What the Run sweep dialog asks for: the settings of one strategy sweep
// (core/sweep/Sweep.h), as plain Qt values.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace hialign::app {

struct SweepRequest {
    QString modelDir;
    QString dataFile;
    QStringList evalPromptFiles;
    int evalLimit = 0;                 // first N prompts of each file; 0 = all
    QString judgeSpec = QStringLiteral("exact");
    QStringList strategies{QStringLiteral("base"), QStringLiteral("full"), QStringLiteral("local"),
                           QStringLiteral("mid"), QStringLiteral("global")};
    QList<quint64> seeds{1};
    int steps = 60;
    int batchSize = 8;
    double learningRate = 2e-3;
    int rank = 8;
    double alpha = 16.0;
    double beta = 0.1;
    int maxNewTokens = 24;
    double temperature = 1.0;
    QString device = QStringLiteral("auto");
    QString outDir;
};

} // namespace hialign::app

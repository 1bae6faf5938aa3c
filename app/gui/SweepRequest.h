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
    // Generation: the core's defaults (greedy, top-p 1, 64 new tokens); on a
    // demo lab's model SweepDialog::defaultsFor fills in the lab card's
    // evaluation decoding instead (labDecoding true).
    int maxNewTokens = 64;
    double temperature = 0.0;          // 0 = greedy
    double topP = 1.0;
    bool labDecoding = false;
    QString device = QStringLiteral("auto");
    // The report's statistics (sweep::SweepSettings::report).
    int bootstrapResamples = 10000;
    double significance = 0.05;        // α of the paired tests; intervals at 1 − α
    QString outDir;
};

} // namespace hialign::app

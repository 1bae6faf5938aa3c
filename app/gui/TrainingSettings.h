// The settings of a training run as the window edits them: plain Qt values,
// turned into the core's TrainConfig inside TrainingWorker.cpp (the only
// place that may see LibTorch headers).
#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

#include "align/LayerPlan.h"

namespace hialign::app {

struct TrainingSettings {
    QString modelDir;
    QString dataFile;

    // Layer plan.
    QString strategy = QStringLiteral("global");   // base full local mid global custom
    QVector<int> layers;                           // custom only
    int cut1 = -1, cut2 = -1;                      // -1: default thirds
    QStringList targetModules;                     // empty: all seven
    int rank = 8;
    double alpha = 16.0;
    double dropout = 0.0;

    // DPO.
    QString loss = QStringLiteral("sigmoid");
    double beta = 0.1;
    double sftWeight = 0.0;

    // Optimisation.
    double learningRate = 1e-3;
    int steps = 100;
    int batchSize = 4;
    int gradAccum = 1;
    int maxLength = 256;
    double evalFraction = 0.1;
    int evalEvery = 20;
    int saveEvery = 25;
    QString device = QStringLiteral("auto");
    quint64 seed = 42;

    // Takes strategy, custom layers and cuts from a plan drawn in the layer stack.
    void setPlan(const align::LayerPlan& plan)
    {
        strategy = QString::fromLatin1(align::strategyName(plan.strategy()));
        layers.clear();
        if (plan.strategy() == align::Strategy::Custom)
            for (int l : plan.customLayers())
                layers << l;
        if (plan.numLayers() >= 3) {
            cut1 = plan.cut1();
            cut2 = plan.cut2();
        }
    }
};

} // namespace hialign::app

Q_DECLARE_METATYPE(hialign::app::TrainingSettings)

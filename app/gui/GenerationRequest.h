// One comparison: a prompt answered by several models (Base and adapters)
// under the same decoding settings.
#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

#include "settings/Generation.h"

namespace hialign::app {

struct GenerationRequest {
    quint64 id = 0;
    QString modelDir;
    QString prompt;
    QStringList columnIds;     // "base" or a run folder
    QStringList adapterDirs;   // per column; empty for Base
    model::GenerationOptions decoding;
};

} // namespace hialign::app

Q_DECLARE_METATYPE(hialign::app::GenerationRequest)

// Decoding settings shared by every column of a comparison, so Base and each
// adapter answer under the same conditions (same seed included).
#pragma once

#include <QMetaType>

namespace hialign::widgets {

struct DecodingSettings {
    int maxNewTokens = 48;
    double temperature = 0.0;   // 0: greedy
    int topK = 0;
    double topP = 1.0;
    quint64 seed = 1;
};

} // namespace hialign::widgets

Q_DECLARE_METATYPE(hialign::widgets::DecodingSettings)

// Short, readable parameter counts for labels: 512, 12.3k, 1.24M, 8.03B.
#pragma once

#include <QString>

#include <cstdint>

namespace hialign::widgets {

class ParameterCount {
public:
    static QString format(std::int64_t count);
    // A share in [0, 1] as a percentage with enough digits to be non-zero.
    static QString formatShare(double share);
};

} // namespace hialign::widgets

#include "settings/Generation.h"

#include <cmath>

#include "util/Error.h"

namespace hialign::model {

void SamplingOptions::validate() const
{
    if (!(temperature >= 0.0) || !std::isfinite(temperature))
        throw InputError("temperature must be 0 (greedy) or positive, got " + std::to_string(temperature));
    if (topK < 0)
        throw InputError("top-k must be 0 (off) or positive, got " + std::to_string(topK));
    if (!(topP > 0.0 && topP <= 1.0))
        throw InputError("top-p must lie in (0, 1], got " + std::to_string(topP));
    if (!(repetitionPenalty > 0.0) || !std::isfinite(repetitionPenalty))
        throw InputError("repetition penalty must be positive, got " + std::to_string(repetitionPenalty));
}

GenerationOptions GenerationOptions::interactiveDefaults()
{
    GenerationOptions o;
    o.maxNewTokens = 48;
    o.sampling.seed = 1;
    return o;
}

} // namespace hialign::model

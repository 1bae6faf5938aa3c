#include "world/Dimension.h"

namespace hialign::world {

std::string dimensionName(Dimension dimension)
{
    switch (dimension) {
    case Dimension::Grammar:
        return "grammar";
    case Dimension::Logic:
        return "logic";
    case Dimension::Facts:
        return "facts";
    }
    return "grammar";
}

std::optional<Dimension> parseDimension(const std::string& name)
{
    for (Dimension d : kAllDimensions) {
        if (dimensionName(d) == name)
            return d;
    }
    return std::nullopt;
}

std::string verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Correct:
        return "correct";
    case Verdict::Wrong:
        return "wrong";
    case Verdict::Unparseable:
        return "unparseable";
    }
    return "unparseable";
}

} // namespace hialign::world

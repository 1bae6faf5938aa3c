#include "settings/LossType.h"

#include "util/Error.h"

namespace hialign::train {

const char* lossName(LossType t)
{
    switch (t) {
    case LossType::Sigmoid: return "sigmoid";
    case LossType::Ipo: return "ipo";
    case LossType::Hinge: return "hinge";
    case LossType::Robust: return "robust";
    }
    return "sigmoid";
}

LossType parseLoss(const std::string& name)
{
    for (LossType t : {LossType::Sigmoid, LossType::Ipo, LossType::Hinge, LossType::Robust})
        if (name == lossName(t))
            return t;
    throw InputError("loss \"" + name + "\" is not one of sigmoid, ipo, hinge, robust");
}

} // namespace hialign::train

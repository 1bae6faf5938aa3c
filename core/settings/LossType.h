// The DPO family's loss types and their names. Torch-free, so that
// TrainConfig.h (and the GUI that edits one) needs no LibTorch header; the
// losses themselves are in DpoLoss.h.
#pragma once

#include <string>

namespace hialign::train {

enum class LossType { Sigmoid, Ipo, Hinge, Robust };

const char* lossName(LossType t);                  // "sigmoid", "ipo", "hinge", "robust"
LossType parseLoss(const std::string& name);       // throws InputError

} // namespace hialign::train

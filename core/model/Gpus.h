// The GPUs present, without LibTorch in the header (the GUI's device list
// includes it). Implemented in Device.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hialign::model {

// True when this binary was built against a LibTorch with CUDA.
bool builtWithCuda();

struct GpuInfo {
    int index = 0;
    std::string name;              // e.g. "NVIDIA H200"
    std::int64_t totalBytes = 0;   // device memory
    std::int64_t freeBytes = 0;    // free now, as the driver sees it
};

// The GPUs this process can use; empty without CUDA or without a GPU.
std::vector<GpuInfo> listGpus();

} // namespace hialign::model

// Devices: parsing a device name, the GPUs present, device memory, the
// device's random generator state and out-of-memory errors.
//
// Everything CUDA-specific lives in Device.cpp behind HIALIGN_WITH_CUDA, which
// CMake sets when the LibTorch found was built with CUDA (docs/GPU.md,
// "Devices"). Against a CPU-only LibTorch the same functions exist and report
// that no GPU is present, so callers never need #ifs of their own.
#pragma once

#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include "model/Gpus.h"

namespace hialign::model {

// Parses "auto", "cpu", "cuda" or "cuda:N". "auto" is the first GPU when one
// is present, else the CPU. Throws InputError, naming the value, for anything
// else, for CUDA when this build or machine has no GPU, and for an index past
// the GPUs present.
at::Device parseDevice(const std::string& name);


struct MemoryUse {
    double inUseMiB = 0;   // CUDA: bytes held by tensors; CPU: resident set
    double peakMiB = 0;    // since the last resetPeakMemory (CPU: the process's peak RSS)
};

// Memory of a device: the CUDA caching allocator's counters on a GPU, the
// process's resident memory on the CPU.
MemoryUse memoryUse(const at::Device& device);
void resetPeakMemory(const at::Device& device);

// Makes a GPU the thread's current CUDA device, so that nothing of the run
// (pinned buffers, streams) lands on cuda:0 by default; no-op on the CPU.
void useDevice(const at::Device& device);

// Returns the CUDA caching allocator's unused blocks to the driver (after an
// out-of-memory error, so that a long-lived process starts clean).
void releaseCachedMemory(const at::Device& device);

// Waits for the device's queued work (no-op on the CPU).
void synchronize(const at::Device& device);

// State of the default random generator of a device: the CPU generator, or
// the CUDA generator of that GPU (which drives dropout there). A CPU byte
// tensor, to be stored in checkpoints.
at::Tensor generatorState(const at::Device& device);
void setGeneratorState(const at::Device& device, const at::Tensor& state);

// Copies a CPU tensor to the device: through a pinned host buffer and an
// asynchronous copy on a GPU, a plain copy otherwise.
at::Tensor toDevice(const at::Tensor& cpu, const at::Device& device);

// True when e is LibTorch's out-of-memory error (GPU or host allocator).
bool isOutOfMemory(const std::exception& e);

} // namespace hialign::model

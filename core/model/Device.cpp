#include "model/Device.h"

#include <fstream>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/util/Exception.h>
#include <torch/cuda.h>

#ifdef HIALIGN_WITH_CUDA
#include <ATen/cuda/CUDAGeneratorImpl.h>
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#include <c10/cuda/CUDAGuard.h>
#include <cuda_runtime_api.h>
#endif

#include "util/Error.h"

namespace hialign::model {

namespace {

int gpuCount()
{
#ifdef HIALIGN_WITH_CUDA
    return torch::cuda::is_available() ? static_cast<int>(torch::cuda::device_count()) : 0;
#else
    return 0;
#endif
}

// A field of /proc/self/status in MiB ("VmRSS:", "VmHWM:").
double procStatusMiB(const std::string& field)
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0)
            return std::stod(line.substr(field.size())) / 1024.0;   // kB -> MiB
    return 0.0;
}

} // namespace

bool builtWithCuda()
{
#ifdef HIALIGN_WITH_CUDA
    return true;
#else
    return false;
#endif
}

at::Device parseDevice(const std::string& name)
{
    if (name.empty() || name == "auto")
        return gpuCount() > 0 ? at::Device(at::kCUDA, 0) : at::Device(at::kCPU);
    if (name == "cpu")
        return at::Device(at::kCPU);
    if (name.rfind("cuda", 0) != 0)
        throw InputError("device \"" + name + "\" is not one of auto, cpu, cuda, cuda:N");
    at::Device device(at::kCPU);
    try {
        device = at::Device(name);
    } catch (const std::exception&) {
        throw InputError("device \"" + name + "\" is not one of auto, cpu, cuda, cuda:N");
    }
    if (!builtWithCuda())
        throw InputError("device \"" + name + "\" was asked for, but this build of HiAlign uses a LibTorch "
                         "without CUDA (build with -DHIALIGN_LIBTORCH=python for the GPU)");
    const int count = gpuCount();
    if (count == 0)
        throw InputError("device \"" + name + "\" was asked for, but no GPU is present (or its driver is missing)");
    const int index = device.has_index() ? device.index() : 0;
    if (index >= count)
        throw InputError("device \"" + name + "\" was asked for, but this machine has " + std::to_string(count)
                         + (count == 1 ? " GPU (cuda:0)" : " GPUs (cuda:0 to cuda:" + std::to_string(count - 1) + ")"));
    return at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(index));
}

std::vector<GpuInfo> listGpus()
{
    std::vector<GpuInfo> out;
#ifdef HIALIGN_WITH_CUDA
    const int count = gpuCount();
    for (int i = 0; i < count; ++i) {
        GpuInfo g;
        g.index = i;
        cudaDeviceProp prop{};
        if (cudaGetDeviceProperties(&prop, i) == cudaSuccess) {
            g.name = prop.name;
            g.totalBytes = static_cast<std::int64_t>(prop.totalGlobalMem);
        }
        c10::cuda::CUDAGuard guard(static_cast<c10::DeviceIndex>(i));
        std::size_t freeBytes = 0, totalBytes = 0;
        if (cudaMemGetInfo(&freeBytes, &totalBytes) == cudaSuccess)
            g.freeBytes = static_cast<std::int64_t>(freeBytes);
        else
            (void)cudaGetLastError();   // clear the sticky error of a failed query
        out.push_back(g);
    }
#endif
    return out;
}

MemoryUse memoryUse(const at::Device& device)
{
    MemoryUse m;
#ifdef HIALIGN_WITH_CUDA
    if (device.is_cuda()) {
        const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(device.index() < 0 ? 0 : device.index());
        // Index 0 of each stat array is the aggregate over pool kinds.
        m.inUseMiB = static_cast<double>(stats.allocated_bytes[0].current) / (1024.0 * 1024.0);
        m.peakMiB = static_cast<double>(stats.allocated_bytes[0].peak) / (1024.0 * 1024.0);
        return m;
    }
#else
    (void)device;
#endif
    m.inUseMiB = procStatusMiB("VmRSS:");
    m.peakMiB = procStatusMiB("VmHWM:");
    return m;
}

void resetPeakMemory(const at::Device& device)
{
#ifdef HIALIGN_WITH_CUDA
    if (device.is_cuda()) {
        c10::cuda::CUDACachingAllocator::resetPeakStats(device.index() < 0 ? 0 : device.index());
        return;
    }
#else
    (void)device;
#endif
    // Linux resets the peak resident set (VmHWM) on "5" (proc(5), clear_refs).
    std::ofstream("/proc/self/clear_refs") << "5";
}

void useDevice(const at::Device& device)
{
#ifdef HIALIGN_WITH_CUDA
    if (device.is_cuda())
        c10::cuda::set_device(device.index() < 0 ? 0 : device.index());
#else
    (void)device;
#endif
}

void releaseCachedMemory(const at::Device& device)
{
#ifdef HIALIGN_WITH_CUDA
    if (device.is_cuda())
        c10::cuda::CUDACachingAllocator::emptyCache();
#else
    (void)device;
#endif
}

void synchronize(const at::Device& device)
{
    if (device.is_cuda())
        torch::cuda::synchronize(device.index() < 0 ? -1 : device.index());
}

namespace {

// The default generator of a device: the CPU's, or that GPU's.
at::Generator defaultGenerator(const at::Device& device)
{
#ifdef HIALIGN_WITH_CUDA
    if (device.is_cuda())
        return at::cuda::detail::getDefaultCUDAGenerator(device.index() < 0 ? 0 : device.index());
#endif
    if (device.is_cuda())
        throw Error("no CUDA generator in a build without CUDA");
    return at::detail::getDefaultCPUGenerator();
}

} // namespace

at::Tensor generatorState(const at::Device& device)
{
    at::Generator gen = defaultGenerator(device);
    std::lock_guard<std::mutex> lock(gen.mutex());
    return gen.get_state();
}

void setGeneratorState(const at::Device& device, const at::Tensor& state)
{
    at::Generator gen = defaultGenerator(device);
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(state);
}

at::Tensor toDevice(const at::Tensor& cpu, const at::Device& device)
{
    if (!device.is_cuda())
        return cpu.to(device);
    // Pinned (page-locked) host memory lets the copy run asynchronously; the
    // caching host allocator keeps the buffer alive until the copy is done.
    return cpu.pin_memory().to(device, /*non_blocking=*/true);
}

bool isOutOfMemory(const std::exception& e)
{
    if (dynamic_cast<const c10::OutOfMemoryError*>(&e))
        return true;
    // Some CUDA libraries report allocation failures as plain errors.
    const std::string what = e.what();
    return what.find("CUDA out of memory") != std::string::npos
           || what.find("CUDA error: out of memory") != std::string::npos
           || what.find("CUBLAS_STATUS_ALLOC_FAILED") != std::string::npos
           || what.find("CUDNN_STATUS_ALLOC_FAILED") != std::string::npos;
}

} // namespace hialign::model

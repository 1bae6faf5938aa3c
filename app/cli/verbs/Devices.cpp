// hialign-cli devices: the CPU and GPUs; --check compares a device's numerics with the CPU's.
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/version.h>

#include "../CliCommon.h"
#include "../Verbs.h"
#include "model/Device.h"
#include "model/DeviceCheck.h"
#include "model/Gpus.h"
#include "util/Error.h"

namespace hialign::cli {

namespace {

using nlohmann::json;

// The tolerances of packaging/gpu-check.sh: fp32 kernels differ in
// summation order only; bf16 keeps about 3 significant digits.
constexpr double kFp32Tolerance = 1e-4, kBf16Tolerance = 1e-2;

struct DevicesOptions {
    bool json = false;
    std::string checkModel;
    std::vector<std::string> checkPrompts;
    int checkTokens = 32;
    std::string device = kAutoDevice, dtype;
};

int listDevices(const DevicesOptions& o)
{
    const std::string torchVersion = std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR)
                                     + "." + std::to_string(TORCH_VERSION_PATCH);
    const auto gpus = model::listGpus();
    if (o.json) {
        json j{{"libtorch", torchVersion}, {"cuda_build", model::builtWithCuda()}, {"gpus", json::array()}};
        for (const auto& g : gpus)
            j["gpus"].push_back({{"device", "cuda:" + std::to_string(g.index)}, {"name", g.name},
                                 {"total_mb", g.totalBytes / (1024 * 1024)}, {"free_mb", g.freeBytes / (1024 * 1024)}});
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    std::printf("LibTorch %s, %s\n", torchVersion.c_str(),
                model::builtWithCuda() ? "built with CUDA" : "CPU only (no CUDA in this build)");
    std::printf("%-8s %s\n", "cpu", "the CPU");
    for (const auto& g : gpus)
        std::printf("cuda:%-3d %s, %.1f GiB (%.1f GiB free)\n", g.index, g.name.c_str(),
                    static_cast<double>(g.totalBytes) / (1 << 30), static_cast<double>(g.freeBytes) / (1 << 30));
    if (gpus.empty() && model::builtWithCuda())
        std::printf("no GPU is present (or its driver is missing)\n");
    return 0;
}

void printCheckJson(const DevicesOptions& o, const model::DeviceCheckResult& r, bool ok)
{
    json j{{"device", r.device}, {"model", o.checkModel}, {"fp32_relative", r.worstFp32},
           {"bf16_relative", r.worstBf16}, {"fp32_tolerance", kFp32Tolerance}, {"bf16_tolerance", kBf16Tolerance},
           {"greedy_equal", r.allGreedyEqual}, {"ok", ok}, {"cases", json::array()}};
    for (const auto& c : r.cases)
        j["cases"].push_back({{"prompt", c.prompt}, {"fp32_relative", c.fp32Relative},
                              {"bf16_relative", c.bf16Relative}, {"fp32_max_abs", c.fp32MaxAbs},
                              {"bf16_max_abs", c.bf16MaxAbs}, {"cpu_greedy", c.cpuGreedy},
                              {"device_greedy", c.deviceGreedy}, {"bf16_greedy", c.bf16Greedy},
                              {"greedy_equal", c.greedyEqual}});
    std::cout << j.dump(2) << "\n";
}

void printCheckTable(const DevicesOptions& o, const model::DeviceCheckResult& r, bool ok)
{
    std::printf("%s against cpu fp32 on %s\n%-40s %14s %14s %s\n", r.device.c_str(), o.checkModel.c_str(),
                "prompt", "fp32 rel diff", "bf16 rel diff", "greedy fp32");
    for (const auto& c : r.cases)
        std::printf("%-40.40s %14.2e %14.2e %s\n", c.prompt.c_str(), c.fp32Relative, c.bf16Relative,
                    c.greedyEqual ? "equal" : "DIFFERENT");
    std::printf("%s (fp32 <= %.0e, bf16 <= %.0e, greedy text equal)\n", ok ? "ok" : "FAILED", kFp32Tolerance,
                kBf16Tolerance);
}

int checkDevice(const DevicesOptions& o)
{
    const at::Device device = model::parseDevice(o.device);
    std::vector<std::string> prompts = o.checkPrompts;
    if (prompts.empty())
        prompts = {"Once upon a time", "The little bird was sad because", "Tom had 3 red apples and 12 blue balls."};
    if (o.checkTokens < 1)
        throw InputError("--tokens must be at least 1");
    const auto r = model::checkDevice(o.checkModel, device, prompts, o.checkTokens);
    const bool ok = r.worstFp32 <= kFp32Tolerance && r.worstBf16 <= kBf16Tolerance && r.allGreedyEqual;
    if (o.json)
        printCheckJson(o, r, ok);
    else
        printCheckTable(o, r, ok);
    return ok ? 0 : 1;
}

} // namespace

void addDevices(CLI::App& app, Verbs& verbs)
{
    auto o = std::make_shared<DevicesOptions>();
    CLI::App* cmd =
        app.add_subcommand("devices", "List the CPU and GPUs; --check compares a device's numerics with the CPU's");
    cmd->add_flag("--json", o->json, "JSON instead of a table");
    cmd->add_option("--check", o->checkModel,
                    "Model folder: logits and greedy text on --device (fp32 and bf16) against the CPU in fp32");
    cmd->add_option("--prompt", o->checkPrompts, "Prompt for --check (repeatable; default: three short texts)");
    cmd->add_option("--tokens", o->checkTokens, "Greedy tokens compared per prompt")->capture_default_str();
    addDeviceOptions(*cmd, o->device, o->dtype);
    verbs.push_back({cmd, [o] { return o->checkModel.empty() ? listDevices(*o) : checkDevice(*o); }});
}

} // namespace hialign::cli

// hialign-cli probe: which decoder layers carry each dimension's preference
// signal (ablation and DPO gradient), and the block cuts that separate the
// dimensions best. Defaults: probe::ProbeSettings. Objective and files:
// docs/PROBE.md.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "../CliCommon.h"
#include "../Verbs.h"
#include "config/ModelConfig.h"
#include "probe/Probe.h"
#include "probe/ProbeFiles.h"
#include "util/Error.h"

namespace hialign::cli {

namespace {

namespace fs = std::filesystem;

struct ProbeOptions {
    probe::ProbeSettings settings;   // options bound to its fields hold its defaults
    std::string modelDir;
    std::vector<std::string> data;   // NAME=FILE
    std::string methods = "ablate,gradient";
    std::string outDir;
    bool quiet = false;
};

// A CLI11 check from a core parser: its InputError becomes a usage error (exit 2).
template <typename Parse>
CLI::Validator coreCheck(const char* name, Parse parse)
{
    return CLI::Validator(
        [parse](std::string& value) -> std::string {
            try {
                parse(value);
                return {};
            } catch (const InputError& e) {
                return e.what();
            }
        },
        "", name);
}

int runProbe(const ProbeOptions& o)
{
    probe::ProbeSettings s = o.settings;
    s.modelDir = modelOrDemo(o.modelDir);
    for (const auto& d : o.data)
        s.dimensions.push_back(probe::parseDimensionSpec(d));
    s.methods = probe::parseMethods(o.methods);
    s.validate();
    if (!o.outDir.empty()) {
        // A cached probe of another model is refused before the long run.
        const io::ModelConfig config = io::ModelConfig::loadFolder(s.modelDir);
        probe::checkProbeFolder(o.outDir, fs::absolute(s.modelDir).lexically_normal().string(), config.numLayers);
    }
    probe::ProbeCallbacks cb;
    cb.onMessage = printToStderr;
    if (!o.quiet)
        cb.onProgress = [](const probe::ProbeProgress& p) {
            std::fprintf(stderr, "\r[%d/%d] %-40s", p.done, p.total, p.label.c_str());
            if (p.done == p.total)
                std::fprintf(stderr, "\n");
            std::fflush(stderr);
        };
    const auto t0 = std::chrono::steady_clock::now();
    const auto result = probe::runProbe(s, cb);
    if (!result)
        return 1;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%s", probe::probeTable(*result).c_str());
    std::fprintf(stderr, "probe took %.1f s\n", seconds);
    if (!o.outDir.empty()) {
        probe::writeProbeFolder(*result, o.outDir);
        std::printf("%s\n", (fs::path(o.outDir) / "probe.html").string().c_str());
    }
    return 0;
}

} // namespace

void addProbe(CLI::App& app, Verbs& verbs)
{
    auto o = std::make_shared<ProbeOptions>();
    probe::ProbeSettings& s = o->settings;
    CLI::App* cmd = app.add_subcommand(
        "probe", "Find the layers that carry each dimension's preferences (ablation, DPO gradient) and suggest cuts");
    cmd->add_option("MODEL_DIR", o->modelDir, "Hugging Face model folder (default: the demo lab's model)");
    cmd->add_option("--data", o->data, "A dimension and its preference file, NAME=FILE (repeat per dimension)")
        ->required()
        ->check(coreCheck("NAME=FILE", [](const std::string& v) { probe::parseDimensionSpec(v); }));
    cmd->add_option("--methods", o->methods, "ablate, gradient or both, comma-separated")
        ->capture_default_str()
        ->check(coreCheck("METHODS", [](const std::string& v) { probe::parseMethods(v); }));
    cmd->add_option("--out", o->outDir, "Folder for probe.json, probe.csv and probe.html");
    cmd->add_option("--pairs", s.maxPairs, "Pairs per dimension at most (a seeded sample)")
        ->check(CLI::PositiveNumber)->capture_default_str();
    cmd->add_option("--batch", s.batchSize, "Pairs per forward pass")->check(CLI::PositiveNumber)->capture_default_str();
    cmd->add_option("--bootstrap", s.bootstrapResamples, "Bootstrap resamples for the intervals")
        ->check(CLI::PositiveNumber)->capture_default_str();
    cmd->add_option("--beta", s.beta, "DPO beta of the gradient method's loss")->capture_default_str();
    cmd->add_option("--seed", s.seed, "Seed for the pair sample, the bootstrap and the LoRA A matrices")
        ->capture_default_str();
    cmd->add_flag("--quiet", o->quiet, "No progress line");
    addDeviceOptions(*cmd, s.device, s.dtype);
    verbs.push_back({cmd, [o] { return runProbe(*o); }});
}

} // namespace hialign::cli

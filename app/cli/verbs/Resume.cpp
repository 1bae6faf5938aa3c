// hialign-cli resume: continue a stopped or killed run from its newest checkpoint.
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "../CliCommon.h"
#include "../TrainProgress.h"
#include "../Verbs.h"
#include "model/Device.h"
#include "train/DpoTrainer.h"

namespace hialign::cli {

namespace {

struct ResumeOptions {
    std::string runDir;
    bool quiet = false;
    std::string device;
    const CLI::Option* deviceOption = nullptr;   // not given: the run's own device
    bool gradientCheckpointing = false;
};

int runResume(const ResumeOptions& o)
{
    train::ResumeOverrides over;
    if (o.deviceOption->count() > 0) {
        model::parseDevice(o.device);   // refuse a missing GPU before touching the run
        over.device = o.device;
    }
    if (o.gradientCheckpointing)
        over.gradientCheckpointing = true;
    return outcomeStatus(train::DpoTrainer::resume(o.runDir, progressCallbacks(o.quiet), nullptr, over), o.runDir);
}

} // namespace

void addResume(CLI::App& app, Verbs& verbs)
{
    auto o = std::make_shared<ResumeOptions>();
    CLI::App* cmd = app.add_subcommand("resume", "Continue a stopped or killed run from its newest checkpoint");
    cmd->add_option("RUN_DIR", o->runDir, "Run folder")->required();
    cmd->add_flag("--quiet", o->quiet, "No progress line");
    o->deviceOption = cmd->add_option("--device", o->device,
                                      "Continue on another device: cpu, cuda or cuda:N (default: the run's)");
    cmd->add_flag("--gradient-checkpointing", o->gradientCheckpointing,
                  "Recompute layer activations in backward from here on (after running out of memory)");
    verbs.push_back({cmd, [o] { return runResume(*o); }});
}

} // namespace hialign::cli

// hialign-cli world build | eval | table: the demo lab, a synthetic world with
// exact judges. Defaults: lab::BuildOptions, lab::EvalOptions, lab::TableOptions.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "../CliCommon.h"
#include "../Verbs.h"
#include "lab/DemoLab.h"
#include "sweep/LabTable.h"
#include "model/Device.h"
#include "sweep/LabTable.h"
#include "settings/LabFolder.h"
#include "util/Error.h"
#include "util/Paths.h"
#include "world/Dimension.h"
#include "config/ModelConfig.h"

namespace hialign::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct WorldBuildOptions {
    lab::BuildOptions build;
    std::string out;
};

struct WorldEvalOptions {
    lab::EvalOptions eval;
    std::string modelDir;   // empty: the demo lab's model
    std::string adapter;
    bool greedy = false;
    bool json = false;
    std::string device = kAutoDevice, dtype;
};

struct WorldTableOptions {
    lab::TableOptions table;
    std::string labDir;    // empty: the shipped demo lab
    std::string runsDir;   // empty: LAB_DIR/runs
    bool greedy = false;
    std::string device = kAutoDevice;
};

int runBuild(const WorldBuildOptions& opts)
{
    lab::BuildOptions o = opts.build;
    o.out = opts.out;
    lab::presetByName(o.preset);   // validate before doing anything
    o.onMessage = printToStderr;
    lab::buildDemoLab(o);
    std::printf("lab written to %s\n", opts.out.c_str());
    return 0;
}

int runEval(const WorldEvalOptions& opts)
{
    lab::EvalOptions o = opts.eval;
    o.modelDir = modelOrDemo(opts.modelDir);
    o.adapterDir = opts.adapter;
    o.device = opts.device == kAutoDevice ? "cpu" : opts.device;
    if (opts.greedy)
        o.temperature = 0.0;
    const auto results = lab::evaluateLab(o);
    if (opts.json) {
        json j = lab::resultsToJson(results);
        j["model_dir"] = o.modelDir.string();
        if (!opts.adapter.empty())
            j["adapter"] = opts.adapter;
        std::cout << j.dump() << "\n";
        return 0;
    }
    std::printf("%-8s %9s   %-17s %8s %6s %12s\n", "dimension", "accuracy", "95% interval", "correct", "wrong",
                "unparseable");
    for (const auto& r : results)
        std::printf("%-9s %8.3f   [%.3f, %.3f]    %8zu %6zu %12zu\n", world::dimensionName(r.dimension).c_str(),
                    r.accuracy.accuracy, r.accuracy.low, r.accuracy.high, r.accuracy.correct, r.accuracy.wrong,
                    r.accuracy.unparseable);
    return 0;
}

int runTable(const WorldTableOptions& opts)
{
    lab::TableOptions o = opts.table;
    if (!opts.labDir.empty()) {
        o.labDir = opts.labDir;
    } else {
        o.labDir = demoLabDir();
        if (o.labDir.empty())
            throw InputError("no LAB_DIR was given and no demo lab is installed");
    }
    const lab::LabFolder lab(o.labDir);
    if (!lab.exists() || !io::isModelFolder(lab.modelDir()))
        throw InputError(o.labDir.string() + " is not a demo lab folder (world.json and model/ are needed)");
    o.runsDir = opts.runsDir.empty() ? lab.runsDir() : fs::path(opts.runsDir);
    if (opts.greedy)
        o.temperature = 0.0;
    o.device = model::parseDevice(opts.device).str();
    o.onMessage = printToStderr;
    const auto table = lab::runLabTable(o);
    lab::writeModelCard(o.labDir, table, o);
    std::printf("%s\n", lab.modelCardFile().string().c_str());
    return 0;
}

void addBuild(CLI::App& world, Verbs& verbs)
{
    auto o = std::make_shared<WorldBuildOptions>();
    CLI::App* cmd = world.add_subcommand(
        "build", "Build a lab: world, corpus, tokenizer, pretrained model, preference sets, eval prompts, card");
    cmd->add_option("--out", o->out, "Lab folder to write")->required();
    cmd->add_option("--seed", o->build.seed, "World and training seed")->capture_default_str();
    cmd->add_option("--preset", o->build.preset, "tiny (for CI) or demo (what ships)")->capture_default_str();
    verbs.push_back({cmd, [o] { return runBuild(*o); }});
}

void addEval(CLI::App& world, Verbs& verbs)
{
    auto o = std::make_shared<WorldEvalOptions>();
    CLI::App* cmd =
        world.add_subcommand("eval", "Accuracy per dimension (grammar, logic, facts) with 95% intervals");
    cmd->add_option("MODEL_DIR", o->modelDir, "The lab's model folder (default: the demo lab's model)");
    cmd->add_option("--adapter", o->adapter, "PEFT LoRA adapter folder");
    cmd->add_option("--samples", o->eval.samples, "Prompts per dimension (default: all)");
    cmd->add_option("--seed", o->eval.seed, "Seed for the sample")->capture_default_str();
    cmd->add_flag("--json", o->json, "Print one JSON object");
    cmd->add_flag("--greedy", o->greedy,
                  "Greedy decoding instead of sampling at temperature " + shortNumber(o->eval.temperature));
    addDeviceOptions(*cmd, o->device, o->dtype);
    verbs.push_back({cmd, [o] { return runEval(*o); }});
}

void addTable(CLI::App& world, Verbs& verbs)
{
    auto o = std::make_shared<WorldTableOptions>();
    lab::TableOptions& t = o->table;
    CLI::App* cmd = world.add_subcommand(
        "table", "Train Full-DPO, Local-, Mid- and Global-Align on each preference set, evaluate, write the card");
    cmd->add_option("LAB_DIR", o->labDir, "Lab folder (default: the shipped demo lab)");
    cmd->add_option("--runs", o->runsDir, "Where the run folders go (default: LAB_DIR/runs)");
    cmd->add_option("--steps", t.training.recipe.steps, "Optimizer steps per run")->capture_default_str();
    cmd->add_option("--batch", t.training.recipe.batchSize, "Pairs per step")->capture_default_str();
    cmd->add_option("--lr", t.training.recipe.learningRate, "Learning rate")->capture_default_str();
    cmd->add_option("--rank", t.training.recipe.rank, "LoRA rank")->capture_default_str();
    cmd->add_option("--alpha", t.training.recipe.alpha, "LoRA alpha")->capture_default_str();
    cmd->add_option("--beta", t.training.recipe.beta, "DPO beta")->capture_default_str();
    cmd->add_option("--seed", t.seed, "Seed")->capture_default_str();
    cmd->add_option("--samples", t.samples, "Eval prompts per dimension (default: all)");
    cmd->add_flag("--greedy", o->greedy,
                  "Greedy decoding instead of sampling at temperature " + shortNumber(t.temperature));
    cmd->add_option("--device", o->device, "auto, cpu, cuda or cuda:N (training and evaluation)")
        ->capture_default_str();
    verbs.push_back({cmd, [o] { return runTable(*o); }});
}

} // namespace

void addWorld(CLI::App& app, Verbs& verbs)
{
    CLI::App* world = app.add_subcommand("world", "The demo lab: a synthetic world with exact judges");
    world->require_subcommand(1);
    addBuild(*world, verbs);
    addEval(*world, verbs);
    addTable(*world, verbs);
}

} // namespace hialign::cli

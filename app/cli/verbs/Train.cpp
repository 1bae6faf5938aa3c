// hialign-cli train: DPO with LoRA adapters on a chosen block of layers.
// Every default is train::TrainConfig's.
#include <array>
#include <filesystem>
#include <type_traits>
#include <iostream>
#include <cstdint>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "../CliCommon.h"
#include "../TrainProgress.h"
#include "../Verbs.h"
#include "config/ModelConfig.h"
#include "probe/ProbeRanks.h"
#include "train/DpoTrainer.h"
#include "settings/TrainConfig.h"
#include "settings/LabFolder.h"
#include "util/Error.h"

namespace hialign::cli {

namespace {

namespace fs = std::filesystem;

struct TrainOptions {
    train::TrainConfig config;   // options bound to its fields hold its defaults
    std::string modelDir;        // empty: the demo lab's model
    std::string runDir;
    std::string layersList, cutsList, cutsFrom, modulesList;
    std::string rankText, alphaText;   // "16" or "local=4,mid=8,global=16"
    std::string loss = train::lossName(train::TrainConfig{}.loss);
    std::string schedule = train::scheduleName(train::TrainConfig{}.schedule);
    bool noPrefixSharing = !train::TrainConfig{}.prefixSharing;
    bool noPromptSharing = !train::TrainConfig{}.promptSharing;
    bool noShuffle = !train::TrainConfig{}.shuffle;
    bool templateCompletions = train::TrainConfig{}.templateCompletions;
    std::vector<std::string> samplePrompts;   // answers over training (settings/Samples.h)
    int sampleEvery = 0;
    int sampleLimit = -1;        // -1: SampleSettings' default
    std::string judge;           // the samples' judge; empty: the lab's exact judge for a lab model
    std::string rankFrom, dimension;   // per-layer ranks from a probe (docs/PROBE.md)
    std::int64_t rankBudget = 0;       // 0: the block's parameters at the uniform rank
    bool strategyGiven = false;
    std::string dumpTokens;      // write the tokenized pairs here instead of training
    bool quiet = false;
};

// "0,1,5-7" -> {0, 1, 5, 6, 7}
std::vector<int> parseIntList(const std::string& text, const char* what)
{
    std::vector<int> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        if (item.empty())
            continue;
        try {
            const auto dash = item.find('-', 1);
            size_t used = 0;
            if (dash == std::string::npos) {
                out.push_back(std::stoi(item, &used));
                if (used != item.size())
                    throw std::invalid_argument(item);
            } else {
                const int a = std::stoi(item.substr(0, dash));
                const int b = std::stoi(item.substr(dash + 1), &used);
                if (used != item.size() - dash - 1 || b < a)
                    throw std::invalid_argument(item);
                for (int i = a; i <= b; ++i)
                    out.push_back(i);
            }
        } catch (const std::exception&) {
            throw InputError(std::string(what) + " \"" + text + "\" is not a list like 0,1,5-7");
        }
    }
    return out;
}

// --rank / --alpha: "16" for every block, or "local=4,mid=8,global=16" per
// block (blocks not named keep the plain value, given first, or the default).
template <class T>
void applyBlockValues(const std::string& text, const char* flag, T& all, std::array<T, 3>& blocks)
{
    if (text.empty())
        return;
    for (const auto& item : splitList(text)) {
        const auto eq = item.find('=');
        const std::string value = eq == std::string::npos ? item : item.substr(eq + 1);
        T v{};
        try {
            size_t used = 0;
            const double d = std::stod(value, &used);
            if (used != value.size() || !(d > 0) || (std::is_integral_v<T> && d != static_cast<int>(d)))
                throw std::invalid_argument(value);
            v = static_cast<T>(d);
        } catch (const std::exception&) {
            throw InputError(std::string(flag) + " \"" + text + "\": \"" + value + "\" is not a positive "
                             + (std::is_integral_v<T> ? "whole number" : "number"));
        }
        if (eq == std::string::npos) {
            all = v;
            continue;
        }
        const std::string block = item.substr(0, eq);
        int b = -1;
        if (block == "local") b = 0;
        else if (block == "mid" || block == "intermediate") b = 1;
        else if (block == "global") b = 2;
        if (b < 0)
            throw InputError(std::string(flag) + " \"" + text + "\": \"" + block
                             + "\" is not a block (local, mid or global)");
        blocks[static_cast<size_t>(b)] = v;
    }
}

// The preference file: --data, or the demo lab's mixed set beside its model.
std::string dataFileFor(const TrainOptions& o, const std::string& modelDir)
{
    if (!o.config.dataFile.empty())
        return o.config.dataFile;
    const fs::path demoData = lab::LabFolder(fs::path(modelDir).parent_path()).preferences();
    if (o.modelDir.empty() && fs::exists(demoData))
        return demoData.string();
    throw InputError("--data is required: give a preference file (JSONL or JSON array)");
}

// --sample-every N [--sample-prompts FILE]... [--sample-limit K] [--judge SPEC]; for
// a demo lab's model the prompts, decoding and judge default to the lab's.
train::SampleSettings sampleSettingsFrom(const TrainOptions& o, const std::string& modelDir)
{
    if (o.sampleEvery == 0) {
        if (!o.samplePrompts.empty() || !o.judge.empty() || o.sampleLimit >= 0)
            throw InputError("--sample-prompts, --sample-limit and --judge are for answers sampled during training: "
                             "give --sample-every N too");
        return {};
    }
    train::SampleSettings s = train::SampleSettings::forModel(modelDir, o.sampleEvery);
    if (!o.samplePrompts.empty()) {
        s.promptFiles = o.samplePrompts;
        s.judge.clear();   // the lab's exact judge checks the lab's own prompts only
    }
    if (o.sampleLimit >= 0)
        s.limit = static_cast<std::size_t>(o.sampleLimit);
    if (!o.judge.empty())
        s.judge = o.judge;
    return s;
}

// --rank-from sets the cuts, the strategy and the layers itself.
void checkRankFromAlone(const TrainOptions& o)
{
    if (o.rankFrom.empty())
        return;
    if (!o.cutsList.empty() || !o.cutsFrom.empty() || !o.layersList.empty())
        throw InputError("--rank-from takes the cuts and layers from the probe; leave out --cuts, --cuts-from and "
                         "--layers");
}

train::TrainConfig configFrom(const TrainOptions& o, std::string* ranksLine = nullptr)
{
    checkRankFromAlone(o);
    train::TrainConfig c = o.config;
    c.modelDir = modelOrDemo(o.modelDir);
    c.dataFile = dataFileFor(o, c.modelDir);
    if (!o.layersList.empty())
        c.layers = parseIntList(o.layersList, "layer list");
    if (!o.cutsList.empty() && !o.cutsFrom.empty())
        throw InputError("give either --cuts or --cuts-from, not both");
    if (!o.cutsList.empty() || !o.cutsFrom.empty())
        std::tie(c.cut1, c.cut2) = o.cutsList.empty() ? cutsFromProbe(o.cutsFrom) : parseCuts(o.cutsList);
    c.targetModules = splitList(o.modulesList);
    applyBlockValues(o.rankText, "--rank", c.rank, c.blockRank);
    applyBlockValues(o.alphaText, "--alpha", c.alpha, c.blockAlpha);
    c.loss = train::parseLoss(o.loss);
    c.schedule = train::parseSchedule(o.schedule);
    c.prefixSharing = !o.noPrefixSharing;
    c.promptSharing = !o.noPromptSharing;
    c.shuffle = !o.noShuffle;
    c.templateCompletions = o.templateCompletions;
    c.samples = sampleSettingsFrom(o, c.modelDir);
    if (!o.rankFrom.empty()) {
        if (!std::filesystem::exists(o.rankFrom))
            throw InputError("--rank-from names " + o.rankFrom + ", which does not exist");
        const std::string given = c.strategy;
        const probe::ProbeRanks ranks = probe::applyProbeRanksFrom(
            c, o.rankFrom, o.dimension, o.rankBudget > 0 ? std::optional<std::int64_t>(o.rankBudget) : std::nullopt);
        if (o.strategyGiven && align::parseStrategy(given) != align::parseStrategy(c.strategy))
            throw InputError("--strategy " + given + " contradicts --rank-from, which trains " + o.dimension +
                             "'s block (" + c.strategy + "); leave out --strategy");
        if (ranksLine)
            *ranksLine = probe::probeRanksLine(ranks);
    }
    c.validate();
    return c;
}

int runTrain(const TrainOptions& o)
{
    std::string ranksLine;
    const train::TrainConfig c = configFrom(o, &ranksLine);
    // The plan must fit the model before anything is written.
    if (!o.rankFrom.empty())
        c.makePlan(io::ModelConfig::loadFolder(c.modelDir));
    if (!ranksLine.empty())
        std::cout << ranksLine << std::endl;
    if (!o.dumpTokens.empty()) {
        const std::size_t n = train::DpoTrainer::writeTokenizedPairs(c, o.dumpTokens);
        std::cout << "wrote " << n << " tokenized pairs to " << o.dumpTokens << "\n";
        return 0;
    }
    return outcomeStatus(train::DpoTrainer::train(c, o.runDir, progressCallbacks(o.quiet)), o.runDir);
}

} // namespace

void addTrain(CLI::App& app, Verbs& verbs)
{
    auto o = std::make_shared<TrainOptions>();
    train::TrainConfig& c = o->config;
    CLI::App* cmd = app.add_subcommand("train", "Train DPO with LoRA adapters on a chosen block of layers");
    cmd->add_option("MODEL_DIR", o->modelDir, "Hugging Face model folder (default: the demo lab's model)");
    cmd->add_option("--data", c.dataFile,
                    "Preference data, JSONL or JSON array (default with the demo model: its mixed set)");
    cmd->add_option("--out", o->runDir, "Run folder to create (required unless --dump-tokens)");
    auto* strategyOpt =
        cmd->add_option("--strategy", c.strategy, "full, local, mid, global or custom")->capture_default_str();
    cmd->add_option("--layers", o->layersList, "Custom layers, e.g. 0,1,5-7");
    cmd->add_option("--cuts", o->cutsList, "Block cuts A,B: local [0,A), intermediate [A,B), global [B,N)");
    cmd->add_option("--cuts-from", o->cutsFrom, "Block cuts a layer probe suggested (its probe.json or folder)");
    auto* rankFromOpt = cmd->add_option(
        "--rank-from", o->rankFrom,
        "Per-layer ranks a layer probe suggests (its probe.json or folder): its cuts, --dimension's block, ranks "
        "in proportion to each layer's share of the dimension's effect (docs/PROBE.md)");
    auto* dimensionOpt = cmd->add_option("--dimension", o->dimension, "The probe's dimension to rank for (with --rank-from)");
    auto* budgetOpt = cmd->add_option("--rank-budget", o->rankBudget,
                                      "Adapter parameters to share out (with --rank-from; default: the block's at "
                                      "the uniform --rank)")
                          ->check(CLI::PositiveNumber);
    dimensionOpt->needs(rankFromOpt);
    rankFromOpt->needs(dimensionOpt);
    budgetOpt->needs(rankFromOpt);
    cmd->add_option("--modules", o->modulesList, "Target modules, e.g. q_proj,v_proj (default: all seven)");
    auto* stepsOpt = cmd->add_option("--steps", c.steps, "Optimizer steps")->check(CLI::PositiveNumber);
    cmd->add_option("--epochs", c.epochs, "Epochs (when --steps is not given)")
        ->check(CLI::PositiveNumber)->excludes(stepsOpt)->capture_default_str();
    cmd->add_option("--lr", c.learningRate, "Peak learning rate")->capture_default_str();
    cmd->add_option("--beta", c.beta, "DPO beta")->capture_default_str();
    cmd->add_option("--rank", o->rankText,
                    "LoRA rank r, or per block: local=4,mid=8,global=16 (default " + std::to_string(c.rank) + ")");
    cmd->add_option("--alpha", o->alphaText,
                    "LoRA alpha, or per block like --rank (default " + shortNumber(c.alpha) + ")");
    cmd->add_option("--dropout", c.dropout, "LoRA dropout")->capture_default_str();
    cmd->add_flag("--rslora", c.rslora, "Scale by alpha/sqrt(r) (rsLoRA)");
    cmd->add_option("--batch", c.batchSize, "Pairs per micro-step")->capture_default_str();
    cmd->add_option("--grad-accum", c.gradAccum, "Micro-steps per optimizer step")->capture_default_str();
    cmd->add_option("--max-length", c.maxLength, "Prompt + completion tokens at most")->capture_default_str();
    cmd->add_option("--max-prompt-length", c.maxPromptLength, "Prompt tokens at most")->capture_default_str();
    cmd->add_option("--loss", o->loss, "sigmoid, ipo, hinge or robust")->capture_default_str();
    cmd->add_option("--label-smoothing", c.labelSmoothing, "For sigmoid/robust")->capture_default_str();
    cmd->add_option("--sft-weight", c.sftWeight, "Weight of an NLL term on chosen")->capture_default_str();
    cmd->add_option("--schedule", o->schedule, "cosine, linear or constant")->capture_default_str();
    cmd->add_option("--warmup", c.warmupSteps, "Warmup steps (default 10% of the steps)");
    cmd->add_option("--weight-decay", c.weightDecay, "AdamW weight decay")->capture_default_str();
    cmd->add_option("--max-grad-norm", c.maxGradNorm, "Gradient clipping (0 = off)")->capture_default_str();
    cmd->add_option("--eval-fraction", c.evalFraction, "Held-out share of the pairs")->capture_default_str();
    cmd->add_option("--eval-every", c.evalEvery, "Evaluate every K steps (0 = at the end)")->capture_default_str();
    cmd->add_option("--save-every", c.saveEvery, "Checkpoint every K steps (0 = at the end)")->capture_default_str();
    cmd->add_option("--seed", c.seed, "Seed for adapters, data order and dropout")->capture_default_str();
    cmd->add_flag("--skip-bad", c.skipBadRecords, "Skip (and count) bad records instead of failing");
    cmd->add_flag("--no-shuffle", o->noShuffle, "Batches in file order (TRL with a sequential sampler)");
    cmd->add_flag("--template-completions", o->templateCompletions,
                  "Conversational completions as the chat template renders them after the prompt (TRL's "
                  "processing), not the reply and its end-of-turn token");
    cmd->add_flag("--save-initial", c.saveInitial, "Also checkpoint step 0: the adapters before any update");
    cmd->add_option("--sample-every", o->sampleEvery,
                    "Answer the sample prompts at step 0 and every N steps into RUN/samples.jsonl (0 = off)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--sample-prompts", o->samplePrompts,
                    "Eval prompt file to sample (repeatable; default for a demo lab: its held-out prompts)");
    cmd->add_option("--sample-limit", o->sampleLimit,
                    "Prompts taken from each sample file (0 = all; default " + std::to_string(train::SampleSettings{}.limit) + ")")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--judge", o->judge, "Judge of the samples: exact, local:MODEL_DIR or openai:URL,... "
                                         "(default for a demo lab: exact)");
    cmd->add_option("--dump-tokens", o->dumpTokens,
                    "Write the tokenized pairs as JSON lines to FILE and exit without training");
    // A usage error (exit 2) like any missing required option.
    cmd->parse_complete_callback([o, strategyOpt] {
        o->strategyGiven = strategyOpt->count() > 0;
        if (o->runDir.empty() && o->dumpTokens.empty())
            throw CLI::RequiredError("--out");
    });
    cmd->add_flag("--no-prefix-sharing", o->noPrefixSharing, "Run the frozen lower layers twice (for comparison)");
    cmd->add_flag("--no-prompt-sharing", o->noPromptSharing,
                  "Run each prompt twice, once with chosen and once with rejected (for comparison)");
    cmd->add_flag("--precompute-ref", c.precomputeReference, "Compute reference log-probs once before training");
    cmd->add_flag("--gradient-checkpointing", c.gradientCheckpointing, "Recompute layer activations in backward");
    cmd->add_flag("--quiet", o->quiet, "No progress line");
    addDeviceOptions(*cmd, c.device, c.dtype);
    verbs.push_back({cmd, [o] { return runTrain(*o); }});
}

} // namespace hialign::cli

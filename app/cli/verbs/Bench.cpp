// hialign-cli bench dpo: mean DPO step time per strategy on one batch;
// hialign-cli bench head: the log-prob head's peak memory, plain and fused;
// hialign-cli bench samples: what answers over training cost a run.
// Defaults: train::BenchOptions.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <ftw.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "../CliCommon.h"
#include "../Verbs.h"
#include "settings/LabFolder.h"
#include "settings/Samples.h"
#include "settings/TrainConfig.h"
#include "sweep/SampleJudge.h"
#include "train/DpoTrainer.h"
#include "model/ModelBundle.h"
#include "model/WeightLoader.h"
#include "train/DpoBench.h"
#include "util/Error.h"

namespace hialign::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct BenchDpoOptions {
    std::string target;   // model folder or shape
    train::BenchOptions bench;
    bool noPrefixSharing = !train::BenchOptions{}.prefixSharing;
    bool noPromptSharing = !train::BenchOptions{}.promptSharing;
    bool json = false;
    std::string device = kAutoDevice, dtype;
};

// The benchmarked model: a folder's weights, or random ones of a shape.
struct BenchModel {
    model::CausalLM model{nullptr};
    std::string label;
    std::unique_ptr<model::ModelBundle> bundle;   // keeps a folder's model alive
};

BenchModel loadBenchModel(const BenchDpoOptions& o)
{
    const at::Device device = model::parseDevice(o.device);
    BenchModel m;
    if (const std::string dir = modelArg(o.target); fs::is_directory(dir)) {
        model::LoadOptions lo;
        lo.device = device;
        lo.loadTokenizer = false;
        if (!o.dtype.empty())
            lo.dtype = model::parseDtype(o.dtype);
        m.bundle = std::make_unique<model::ModelBundle>(model::loadModelBundle(dir, lo));
        m.model = m.bundle->model;
        m.label = o.target;
        return m;
    }
    const io::ModelConfig cfg = train::parseShape(o.target);
    const at::ScalarType dtype = !o.dtype.empty() ? model::parseDtype(o.dtype)
                                 : device.is_cuda() ? at::kBFloat16 : at::kFloat;
    auto loader = model::WeightLoader::random(0, 0.02, device, dtype);
    m.model = model::CausalLM(cfg, loader);
    m.label = "random " + o.target;
    return m;
}

void printJson(const BenchModel& m, const train::BenchOptions& o, const train::BenchResult& result)
{
    const auto& rows = result.rows;
    const auto& cfg = m.model->config();
    json j{{"model", m.label}, {"layers", cfg.numLayers}, {"hidden", cfg.hiddenSize},
           {"dtype", model::dtypeLabel(m.model->dtype())}, {"device", m.model->device().str()},
           {"pairs", o.pairs}, {"prompt_tokens", o.promptTokens}, {"completion_tokens", o.completionTokens},
           {"rank", o.rank}, {"warmup", o.warmup}, {"repeats", o.repeats},
           {"prefix_sharing", o.prefixSharing}, {"prompt_sharing", o.promptSharing}, {"rows", json::array()}};
    for (const auto& r : rows)
        j["rows"].push_back({{"strategy", r.strategy}, {"shared_layers", r.sharedLayers},
                             {"trainable_parameters", r.trainableParameters}, {"mean_ms", r.meanMs},
                             {"min_ms", r.minMs}, {"tokens_per_second", r.tokensPerSecond},
                             {"ratio_to_full", r.ratioToFull}, {"peak_memory_mb", r.peakMemoryMiB},
                             {"model_flops", r.modelFlops}, {"achieved_tflops", r.achievedTflops},
                             {"times_ms", r.timesMs}});
    if (result.profile) {
        json phases = json::array();
        for (const auto& [name, ms] : result.profile->phases)
            phases.push_back({{"phase", name}, {"ms", ms}});
        j["profile"] = {{"strategy", result.profile->strategy}, {"phases", phases},
                        {"attention_forward_ms", result.profile->attentionForwardMs}};
    }
    std::cout << j.dump(2) << "\n";
}

void printProfile(const train::BenchProfile& p)
{
    double total = 0;
    for (const auto& ph : p.phases)
        total += ph.second;
    std::printf("\nwhere one %s step's time goes (median of the profiled steps, %.1f ms in all):\n",
                p.strategy.c_str(), total);
    for (const auto& [name, ms] : p.phases)
        std::printf("  %-46s %9.1f ms %5.1f%%\n", name.c_str(), ms, 100.0 * ms / std::max(total, 1e-9));
    std::printf("  %-46s %9.1f ms %5.1f%%\n", "of the forward layers: attention kernels", p.attentionForwardMs,
                100.0 * p.attentionForwardMs / std::max(total, 1e-9));
}

void printTable(const std::vector<train::BenchRow>& rows)
{
    std::printf("%-8s %8s %12s %12s %12s %12s %9s %10s %8s\n", "strategy", "shared", "adapter par", "mean ms",
                "min ms", "tokens/s", "vs full", "peak MiB", "TFLOP/s");
    for (const auto& r : rows)
        std::printf("%-8s %8d %12lld %12.1f %12.1f %12.0f %8.2fx %10.0f %8.3f\n", r.strategy.c_str(), r.sharedLayers,
                    static_cast<long long>(r.trainableParameters), r.meanMs, r.minMs, r.tokensPerSecond,
                    r.ratioToFull, r.peakMemoryMiB, r.achievedTflops);
}

int runBenchDpo(const BenchDpoOptions& opts)
{
    BenchModel m = loadBenchModel(opts);
    train::BenchOptions o = opts.bench;
    o.prefixSharing = !opts.noPrefixSharing;
    o.promptSharing = !opts.noPromptSharing;
    if (o.pairs < 1 || o.promptTokens < 1 || o.completionTokens < 1 || o.repeats < 1)
        throw InputError("batch, token counts and repeats must be positive");
    const auto& cfg = m.model->config();
    if (!opts.json)
        std::printf("bench dpo: %s\n%d layers, hidden %lld, %s on %s; batch %d pairs x (%d prompt + %d completion) "
                    "tokens, rank %d, %d timed steps after %d warm-up\n\n",
                    m.label.c_str(), cfg.numLayers, static_cast<long long>(cfg.hiddenSize),
                    model::dtypeLabel(m.model->dtype()), m.model->device().str().c_str(), o.pairs, o.promptTokens,
                    o.completionTokens, o.rank, o.repeats, o.warmup);
    const auto result = train::benchDpo(m.model, o);
    if (opts.json) {
        printJson(m, o, result);
    } else {
        printTable(result.rows);
        if (result.profile)
            printProfile(*result.profile);
    }
    return 0;
}

struct BenchHeadOptions {
    std::int64_t vocab = 128256, hidden = 2048, tokens = 2048;
    std::string device = kAutoDevice, dtype;
};

int runBenchHead(const BenchHeadOptions& o)
{
    const at::Device device = model::parseDevice(o.device);
    const at::ScalarType dtype = !o.dtype.empty() ? model::parseDtype(o.dtype)
                                 : device.is_cuda() ? at::kBFloat16 : at::kFloat;
    std::printf("bench head: %lld completion tokens, hidden %lld, vocab %lld, %s on %s; forward + backward\n\n",
                static_cast<long long>(o.tokens), static_cast<long long>(o.hidden), static_cast<long long>(o.vocab),
                model::dtypeLabel(dtype), device.str().c_str());
    const auto rows = train::benchHead(o.vocab, o.hidden, o.tokens, dtype, device);
    std::printf("%-6s %12s %10s %14s %14s\n", "head", "peak MiB", "ms", "max |dlogp|", "max |dgrad|");
    for (const auto& r : rows)
        std::printf("%-6s %12.0f %10.0f %14.3g %14.3g\n", r.head.c_str(), r.peakMiB, r.ms, r.maxLogpDiff,
                    r.maxGradDiff);
    if (rows.size() == 2 && rows[1].peakMiB > 0)
        std::printf("\nfused / plain peak: 1/%.1f\n", rows[0].peakMiB / rows[1].peakMiB);
    return 0;
}

// bench samples: whole runs with the window's training defaults, without
// answers over training, with them (rounds beside the training), and with
// the training waiting for each round, in interleaved rounds.
struct BenchSamplesOptions {
    std::string modelDir;
    std::string dataFile;
    int rounds = 5;
    int every = 0;     // 0: SampleSettings::defaultEvery
    int limit = -1;    // -1: the settings' default
    int steps = train::TrainConfig::interactiveDefaults().steps;
};

// Removes a folder and everything in it. Not std::filesystem::remove_all:
// the wheel's libtorch.so exports its own copy of it, and that copy crashes
// when this program calls it.
void removeTree(const fs::path& dir)
{
    ::nftw(dir.c_str(), [](const char* path, const struct stat*, int, struct FTW*) { return ::remove(path); }, 16,
           FTW_DEPTH | FTW_PHYS);
}

double medianOf(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

int runBenchSamples(const BenchSamplesOptions& o)
{
    if (o.rounds < 1)
        throw InputError("--rounds must be at least 1");
    train::TrainConfig c = train::TrainConfig::interactiveDefaults();
    c.modelDir = modelOrDemo(o.modelDir);
    c.steps = o.steps;
    c.saveEvery = train::TrainConfig::saveEveryFor(c.steps);
    c.strategy = "global";
    c.dataFile = !o.dataFile.empty() ? o.dataFile : lab::LabFolder(fs::path(c.modelDir).parent_path()).preferences().string();
    if (!fs::exists(c.dataFile))
        throw InputError("no preference file: give --data (the demo lab's is used for its model)");
    train::TrainConfig sampled = c;
    sampled.samples = train::SampleSettings::forModel(c.modelDir, o.every > 0 ? o.every : train::TrainConfig::sampleEveryFor(c.steps));
    if (o.limit >= 0)
        sampled.samples.limit = static_cast<std::size_t>(o.limit);
    sampled.validate();
    c.validate();
    train::TrainCallbacks cb;
    cb.makeSampleJudge = sweep::sampleJudgeFor;
    const fs::path scratch = fs::temp_directory_path() / ("hialign-bench-samples-" + std::to_string(::getpid()));
    std::printf("bench samples: %s, %s, %d steps x %d pairs, %s; sampling every %d steps, %zu prompts per file, "
                "%d new tokens, judge %s; %d interleaved rounds\n\n",
                c.modelDir.c_str(), c.dataFile.c_str(), c.steps, c.batchSize, c.strategy.c_str(), sampled.samples.every,
                sampled.samples.limit, sampled.samples.decoding.maxNewTokens,
                sampled.samples.judge.empty() ? "none" : sampled.samples.judge.c_str(), o.rounds);
    train::TrainConfig waiting = sampled;
    waiting.samples.background = false;
    const train::TrainConfig* variants[] = {&c, &sampled, &waiting};
    const char* names[] = {"without", "with samples", "waiting for them"};
    std::vector<double> seconds[3];
    // One untimed run first: the first run of a process pays for warming up.
    removeTree(scratch);
    if (const train::TrainOutcome warm = train::DpoTrainer::train(c, scratch, cb); warm.status != "finished")
        throw Error("the benchmark run did not finish: " + warm.message);
    for (int r = 0; r < o.rounds; ++r) {
        for (int v = 0; v < 3; ++v) {
            removeTree(scratch);
            const auto t0 = std::chrono::steady_clock::now();
            const train::TrainOutcome out = train::DpoTrainer::train(*variants[v], scratch, cb);
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (out.status != "finished")
                throw Error("the benchmark run did not finish: " + out.message);
            seconds[v].push_back(s);
            std::printf("round %d  %-18s %7.2f s\n", r + 1, names[v], s);
        }
    }
    removeTree(scratch);
    const double minPlain = *std::min_element(seconds[0].begin(), seconds[0].end());
    const double medPlain = medianOf(seconds[0]);
    std::printf("\n%-18s %9s %9s %10s %10s\n", "", "min s", "median s", "cost min", "cost med");
    for (int v = 0; v < 3; ++v) {
        const double mn = *std::min_element(seconds[v].begin(), seconds[v].end());
        const double md = medianOf(seconds[v]);
        std::printf("%-18s %9.2f %9.2f %+9.1f%% %+9.1f%%\n", names[v], mn, md, 100.0 * (mn / minPlain - 1.0),
                    100.0 * (md / medPlain - 1.0));
    }
    return 0;
}

} // namespace

void addBench(CLI::App& app, Verbs& verbs)
{
    auto o = std::make_shared<BenchDpoOptions>();
    train::BenchOptions& b = o->bench;
    CLI::App* bench = app.add_subcommand("bench", "Benchmarks");
    bench->require_subcommand(1);
    CLI::App* cmd = bench->add_subcommand("dpo", "Mean DPO step time per strategy on one batch");
    cmd->add_option("MODEL_DIR_OR_SHAPE", o->target,
                    "Model folder, or a shape: layers=12,hidden=256,heads=8,kv_heads=4,intermediate=688,vocab=4096")
        ->required();
    cmd->add_option("--batch", b.pairs, "Pairs in the batch")->capture_default_str();
    cmd->add_option("--prompt-tokens", b.promptTokens, "Prompt tokens per pair")->capture_default_str();
    cmd->add_option("--completion-tokens", b.completionTokens, "Completion tokens per side")->capture_default_str();
    cmd->add_option("--repeats", b.repeats, "Timed steps per strategy")->capture_default_str();
    cmd->add_option("--rank", b.rank, "LoRA rank")->capture_default_str();
    cmd->add_flag("--no-prefix-sharing", o->noPrefixSharing, "Disable prefix sharing");
    cmd->add_flag("--no-prompt-sharing", o->noPromptSharing, "Run each prompt twice (chosen and rejected rows)");
    cmd->add_option("--strategies", b.strategies, "Strategies to time, the first also profiled")
        ->delimiter(',')->check(CLI::IsMember({"full", "local", "mid", "global"}))->capture_default_str();
    cmd->add_flag("--profile", b.profile, "Also print where the first strategy's step time goes");
    cmd->add_flag("--json", o->json, "One JSON object with every row instead of the table");
    addDeviceOptions(*cmd, o->device, o->dtype);
    verbs.push_back({cmd, [o] { return runBenchDpo(*o); }});

    auto h = std::make_shared<BenchHeadOptions>();
    CLI::App* head = bench->add_subcommand("head", "Peak memory and time of the log-prob head, plain and fused");
    head->add_option("--vocab", h->vocab, "Vocabulary size")->capture_default_str()->check(CLI::PositiveNumber);
    head->add_option("--hidden", h->hidden, "Hidden size")->capture_default_str()->check(CLI::PositiveNumber);
    head->add_option("--tokens", h->tokens, "Completion tokens scored")->capture_default_str()->check(CLI::PositiveNumber);
    addDeviceOptions(*head, h->device, h->dtype);
    verbs.push_back({head, [h] { return runBenchHead(*h); }});

    auto sm = std::make_shared<BenchSamplesOptions>();
    CLI::App* samples = bench->add_subcommand(
        "samples", "Whole runs with the window's training defaults: without answers over training, with them, and waiting for them");
    samples->add_option("MODEL_DIR", sm->modelDir, "Model folder (default: the demo lab's model)");
    samples->add_option("--data", sm->dataFile, "Preference file (default: the demo lab's)");
    samples->add_option("--rounds", sm->rounds, "Interleaved rounds")->capture_default_str();
    samples->add_option("--steps", sm->steps, "Optimizer steps per run")->capture_default_str()->check(CLI::PositiveNumber);
    samples->add_option("--every", sm->every, "Sampling interval (default: TrainConfig::sampleEveryFor, half the run)")
        ->check(CLI::NonNegativeNumber);
    samples->add_option("--limit", sm->limit, "Prompts per file (default: the settings' default)")
        ->check(CLI::NonNegativeNumber);
    verbs.push_back({samples, [sm] { return runBenchSamples(*sm); }});
}

} // namespace hialign::cli

// hialign-cli sweep: train each strategy, generate on eval prompts, judge, and
// report the strategy table. Defaults: sweep::SweepSettings, sweep::SlurmOptions.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "../CliCommon.h"
#include "../Verbs.h"
#include "judge/ReportText.h"
#include "settings/EvalDecoding.h"
#include "sweep/Sweep.h"
#include "util/Error.h"

namespace hialign::cli {

namespace {

namespace fs = std::filesystem;

struct SweepOptions {
    sweep::SweepSettings settings;   // options bound to its fields hold its defaults
    std::string path;                // MODEL_DIR, or SWEEP_DIR with --collect / --task
    std::string dataFile, judgeSpec, outPath, dimensionsList, cutsList, cutsFrom, rankFrom;
    std::vector<std::string> evalPrompts;
    std::string strategiesList = joinList(sweep::SweepSettings{}.strategies);
    std::string seedsList = joinList(sweep::SweepSettings{}.seeds);
    bool noPairwise = !sweep::SweepSettings{}.pairwise;
    bool collect = false, emitSlurm = false;
    int taskIndex = 0;
    sweep::SlurmOptions slurm;
    std::string cliPath;   // empty: this executable
    const CLI::App* command = nullptr;   // to ask which options were given

    bool given(const char* option) const { return command->count(option) > 0; }
};

sweep::SweepCallbacks progressCallbacks()
{
    sweep::SweepCallbacks cb;
    cb.onProgress = [](const sweep::SweepProgress& p) {
        if (p.message.empty()) return;
        if (p.tasksTotal > 0)
            std::fprintf(stderr, "[%d/%d] %s\n", p.tasksDone, p.tasksTotal, p.message.c_str());
        else
            std::fprintf(stderr, "%s\n", p.message.c_str());
    };
    return cb;
}

// --task INDEX of SWEEP_DIR (a Slurm array task).
int runTask(const SweepOptions& o, const sweep::SweepCallbacks& cb)
{
    const fs::path dir(o.path);
    const auto tasks = sweep::sweepTasks(sweep::readSweepSettings(dir));
    if (o.taskIndex < 0 || static_cast<std::size_t>(o.taskIndex) >= tasks.size())
        throw InputError("the sweep in " + dir.string() + " has tasks 0 to " + std::to_string(tasks.size() - 1) +
                         ", not " + std::to_string(o.taskIndex));
    return sweep::runTask(dir, tasks[static_cast<std::size_t>(o.taskIndex)].name, cb) ? 0 : 1;
}

// --collect SWEEP_DIR: the report from the finished tasks; --bootstrap and
// --significance, when given, replace the sweep's own report settings.
int runCollect(const SweepOptions& o, const sweep::SweepCallbacks& cb)
{
    const fs::path dir(o.path);
    const bool statsGiven = o.given("--bootstrap") || o.given("--significance");
    sweep::SweepSettings::ReportSettings stats;
    if (statsGiven) stats = sweep::readSweepSettings(dir).report;
    if (o.given("--bootstrap")) stats.bootstrapResamples = o.settings.report.bootstrapResamples;
    if (o.given("--significance")) stats.alpha = o.settings.report.alpha;
    const judge::SweepReportModel report = sweep::collect(dir, cb, statsGiven ? &stats : nullptr);
    std::printf("%s", judge::reportTable(report).c_str());
    std::printf("%s\n", judge::SweepReportModel::htmlFileIn(dir).string().c_str());
    return 0;
}

// On a demo lab's model the lab's own evaluation decoding is the default.
void applyLabDecoding(const SweepOptions& o, sweep::SweepSettings& s)
{
    const auto lab = lab::readEvalDecoding(s.modelDir);
    if (!lab) return;
    std::string applied;
    if (!o.given("--temperature")) {
        s.temperature = lab->temperature;
        applied += "temperature " + shortNumber(lab->temperature);
    }
    if (!o.given("--top-p")) {
        s.topP = lab->topP;
        applied += (applied.empty() ? "" : ", ") + std::string("top-p ") + shortNumber(lab->topP);
    }
    if (!o.given("--max-new-tokens")) {
        s.maxNewTokens = lab->maxNewTokens;
        applied += (applied.empty() ? "" : ", ") + std::to_string(lab->maxNewTokens) + " new tokens";
    }
    if (!applied.empty())
        std::fprintf(stderr, "evaluating as the demo lab's card says: %s\n", applied.c_str());
}

sweep::SweepSettings settingsFrom(const SweepOptions& o)
{
    if (o.path.empty()) throw InputError("sweep needs a MODEL_DIR");
    if (o.dataFile.empty()) throw InputError("sweep needs --data FILE");
    if (o.evalPrompts.empty()) throw InputError("sweep needs --eval-prompts FILE");
    if (o.judgeSpec.empty()) throw InputError("sweep needs --judge SPEC");
    if (o.outPath.empty()) throw InputError("sweep needs --out SWEEP_DIR");
    sweep::SweepSettings s = o.settings;
    s.modelDir = modelArg(o.path);
    s.dataFile = o.dataFile;
    for (const std::string& f : o.evalPrompts) s.evalPromptFiles.push_back(f);
    s.judgeSpec = o.judgeSpec;
    s.dimensions = splitList(o.dimensionsList);
    s.strategies = splitList(o.strategiesList);
    s.seeds = parseSeeds(o.seedsList);
    s.pairwise = !o.noPairwise;
    if (!o.cutsList.empty() && !o.cutsFrom.empty())
        throw InputError("give either --cuts or --cuts-from, not both");
    if (!o.cutsList.empty() || !o.cutsFrom.empty())
        std::tie(s.recipe.cut1, s.recipe.cut2) = o.cutsList.empty() ? cutsFromProbe(o.cutsFrom) : parseCuts(o.cutsList);
    if (s.recipe.cut1 >= 0) {
        s.validate();   // refuse cuts that do not fit before announcing them
        std::fprintf(stderr, "block cuts %d, %d%s\n", s.recipe.cut1, s.recipe.cut2, o.cutsFrom.empty() ? "" : " (from the probe)");
    }
    s.rankFrom = o.rankFrom;
    if (!s.rankFrom.empty()) {
        s.validate();   // refuse a probe that gives no ranks before anything is written
        for (const std::string& st : s.strategies)
            if (!sweep::probeRankedDimension(st).empty()) {
                std::string line;
                sweep::taskTrainConfig(s, st, s.seeds.front(), &line);
                std::fprintf(stderr, "%s\n", line.c_str());
            }
    }
    applyLabDecoding(o, s);
    return s;
}

int emitSlurmScript(const SweepOptions& o, const sweep::SweepSettings& s, const fs::path& dir)
{
    sweep::prepareSweep(s, dir);
    sweep::SlurmOptions slurm = o.slurm;
    slurm.cliPath = o.cliPath.empty() ? fs::canonical("/proc/self/exe").string() : o.cliPath;
    if (slurm.gpusPerTask < 0 || slurm.cpusPerTask < 1)
        throw InputError("--slurm-gpus must be 0 or more and --slurm-cpus 1 or more");
    const fs::path script = sweep::emitSlurm(dir, slurm);
    std::printf("%s\n", script.string().c_str());
    std::fprintf(stderr, "submit: jid=$(sbatch --parsable %s) && sbatch --dependency=afterany:$jid %s\n",
                 script.string().c_str(), (dir / "sweep-collect.slurm").string().c_str());
    return 0;
}

int runSweep(const SweepOptions& o)
{
    const sweep::SweepCallbacks cb = progressCallbacks();
    const bool task = o.given("--task");
    if (o.collect || task) {
        if (o.path.empty()) throw InputError("--collect and --task need the SWEEP_DIR");
        if (o.collect && task) throw InputError("use either --collect or --task, not both");
        return task ? runTask(o, cb) : runCollect(o, cb);
    }
    const sweep::SweepSettings s = settingsFrom(o);
    const fs::path dir(o.outPath);
    if (o.emitSlurm)
        return emitSlurmScript(o, s, dir);
    const auto t0 = std::chrono::steady_clock::now();
    if (!sweep::runSweep(s, dir, cb)) return 1;
    std::printf("%s", judge::reportTable(judge::SweepReportModel::read(judge::SweepReportModel::jsonFileIn(dir))).c_str());
    std::fprintf(stderr, "sweep finished in %.0f s\n",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    std::printf("%s\n", judge::SweepReportModel::htmlFileIn(dir).string().c_str());
    return 0;
}

void addSlurmOptions(CLI::App& cmd, SweepOptions& o)
{
    cmd.add_flag("--emit-slurm", o.emitSlurm, "Prepare the sweep folder and write a Slurm job-array script");
    cmd.add_option("--slurm-gpus", o.slurm.gpusPerTask, "GPUs per array task")->capture_default_str();
    cmd.add_option("--slurm-cpus", o.slurm.cpusPerTask, "CPUs per array task")->capture_default_str();
    cmd.add_option("--slurm-partition", o.slurm.partition, "Partition (default: the cluster's)");
    cmd.add_option("--slurm-time", o.slurm.timeLimit, "Time limit per task")->capture_default_str();
    cmd.add_option("--slurm-mem", o.slurm.memory, "Memory per task, e.g. 64G (default: the cluster's)");
    cmd.add_option("--cli-path", o.cliPath, "hialign-cli as the cluster nodes see it (default: this one)");
}

} // namespace

void addSweep(CLI::App& app, Verbs& verbs)
{
    auto o = std::make_shared<SweepOptions>();
    sweep::SweepSettings& s = o->settings;
    CLI::App* cmd = app.add_subcommand(
        "sweep", "Train each strategy, generate on eval prompts, judge, and report the strategy table");
    o->command = cmd;
    cmd->add_option("PATH", o->path, "MODEL_DIR to sweep; SWEEP_DIR with --collect or --task");
    cmd->add_option("--data", o->dataFile, "Preference data (JSONL or JSON)");
    cmd->add_option("--eval-prompts", o->evalPrompts, "Eval prompts JSONL (repeatable)");
    cmd->add_option("--eval-limit", s.evalLimit, "Use the first N prompts of each file (default: all)");
    cmd->add_option("--judge", o->judgeSpec, "exact[:LAB_DIR], local:MODEL_DIR[,...] or openai:URL,model=NAME[,...]");
    cmd->add_option("--out", o->outPath, "Sweep folder (re-running it resumes)");
    cmd->add_option("--strategies", o->strategiesList,
                    "Comma-separated: base, full, local, mid, global, probe-ranked:DIMENSION (with --rank-from)")
        ->capture_default_str();
    cmd->add_option("--seeds", o->seedsList, "Comma-separated training and sampling seeds")->capture_default_str();
    cmd->add_option("--dimensions", o->dimensionsList, "Comma-separated: grammar, logic, facts (default: all)");
    cmd->add_option("--steps", s.recipe.steps, "Optimizer steps per strategy")->capture_default_str();
    cmd->add_option("--batch", s.recipe.batchSize, "Pairs per step")->capture_default_str();
    cmd->add_option("--lr", s.recipe.learningRate, "Learning rate")->capture_default_str();
    cmd->add_option("--rank", s.recipe.rank, "LoRA rank")->capture_default_str();
    cmd->add_option("--alpha", s.recipe.alpha, "LoRA alpha")->capture_default_str();
    cmd->add_option("--beta", s.recipe.beta, "DPO beta")->capture_default_str();
    cmd->add_option("--cuts", o->cutsList, "Block cuts A,B for every strategy (default: the thirds)");
    cmd->add_option("--cuts-from", o->cutsFrom, "Block cuts a layer probe suggested (its probe.json or folder)");
    cmd->add_option("--rank-from", o->rankFrom,
                    "The layer probe (probe.json or folder) whose ranks probe-ranked:DIMENSION strategies train with");
    cmd->add_option("--max-length", s.recipe.maxLength, "Prompt + completion tokens in training")->capture_default_str();
    cmd->add_option("--max-new-tokens", s.maxNewTokens, "Tokens generated per eval prompt")->capture_default_str();
    cmd->add_option("--temperature", s.temperature, "Eval sampling temperature (0 = greedy)")->capture_default_str();
    cmd->add_option("--top-p", s.topP, "Eval nucleus sampling")->capture_default_str();
    cmd->add_option("--device", s.recipe.device, "auto, cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_flag("--no-pairwise", o->noPairwise, "Rubric judges: win rates from scores instead of pairwise judging");
    cmd->add_flag("--raw-prompts", s.rawPrompts, "Never wrap eval prompts in the model's chat template");
    cmd->add_option("--bootstrap", s.report.bootstrapResamples, "Bootstrap resamples of the report's intervals")
        ->capture_default_str();
    cmd->add_option("--significance", s.report.alpha,
                    "Significance level (alpha) of the paired tests; intervals at 1 - alpha")->capture_default_str();
    cmd->add_flag("--collect", o->collect, "Aggregate the finished tasks of SWEEP_DIR into the report");
    cmd->add_option("--task", o->taskIndex, "Run task INDEX of SWEEP_DIR (what a Slurm array task does)");
    addSlurmOptions(*cmd, *o);
    verbs.push_back({cmd, [o] { return runSweep(*o); }});
}

} // namespace hialign::cli

#include "CliCommands.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <iomanip>
#include <iostream>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <torch/version.h>

#include "align/LayerPlan.h"
#include "io/ModelConfig.h"
#include "model/DeviceCheck.h"
#include "model/Generator.h"
#include "model/ModelBundle.h"
#include "model/WeightLoader.h"
#include "train/DpoBench.h"
#include "train/DpoTrainer.h"
#include "train/PeftAdapter.h"
#include "lab/DemoLab.h"
#include "judge/JudgeSpec.h"
#include "judge/ReportText.h"
#include "lab/EvalDecoding.h"
#include "sweep/JudgeFactory.h"
#include "sweep/Sweep.h"
#include "train/RunFolder.h"
#include "util/Paths.h"
#include "world/Dimension.h"
#include "tokenize/Tokenizer.h"
#include "util/Error.h"

namespace hialign::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// 1, 0.9, 0.05: a number as a person writes it.
std::string shortNumber(double v)
{
    std::ostringstream o;
    o << v;
    return o.str();
}

std::string withThousands(std::int64_t n)
{
    std::string s = std::to_string(n);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
        s.insert(static_cast<size_t>(i), ",");
    return s;
}

const char* ropeLabel(io::RopeScaling::Type t)
{
    switch (t) {
    case io::RopeScaling::Type::None: return "none";
    case io::RopeScaling::Type::Linear: return "linear";
    case io::RopeScaling::Type::Llama3: return "llama3";
    }
    return "none";
}

} // namespace

Commands::Commands(CLI::App& app)
{
    inspectCmd_ = app.add_subcommand("inspect", "Show a model folder's architecture, layers and default blocks");
    inspectCmd_->add_option("MODEL_DIR", modelDir_, "Hugging Face model folder")->required();
    inspectCmd_->add_flag("--json", json_, "Print one JSON object");

    tokenizeCmd_ = app.add_subcommand(
        "tokenize", "Read JSON lines {\"text\": ...} on stdin, write {\"ids\": [...]} per line");
    tokenizeCmd_->add_option("TOKENIZER_OR_MODEL_DIR", modelDir_,
                             "Model folder, tokenizer.json or tokenizer.model")->required();
    tokenizeCmd_->add_flag("--no-special", noSpecial_, "Add no BOS/EOS");

    generateCmd_ = app.add_subcommand("generate", "Generate a continuation of a prompt, streamed to stdout");
    generateCmd_->add_option("MODEL_DIR", modelDir_, "Hugging Face model folder (default: the demo lab's model)");
    generateCmd_->add_option("--prompt", prompt_, "Prompt text")->required();
    generateCmd_->add_option("--max-new-tokens", maxNewTokens_, "Tokens to generate at most")
        ->check(CLI::NonNegativeNumber)->capture_default_str();
    generateCmd_->add_option("--temperature", temperature_, "0 = greedy")
        ->check(CLI::NonNegativeNumber)->capture_default_str();
    generateCmd_->add_option("--top-p", topP_, "Nucleus sampling mass, in (0, 1]")->capture_default_str();
    generateCmd_->add_option("--top-k", topK_, "Sample among the k best tokens (0 = off)")
        ->check(CLI::NonNegativeNumber)->capture_default_str();
    generateCmd_->add_option("--repetition-penalty", repetitionPenalty_, "1 = off")->capture_default_str();
    generateCmd_->add_option("--seed", seed_, "Random seed for sampling")->capture_default_str();
    generateCmd_->add_option("--stop", stop_, "Stop when the text contains this string (repeatable)");
    generateCmd_->add_flag("--stats", stats_, "Report prefill and decode tokens/s on stderr");
    generateCmd_->add_option("--adapter", adapter_, "PEFT LoRA adapter folder (e.g. RUN_DIR/adapter)");

    trainCmd_ = app.add_subcommand("train", "Train DPO with LoRA adapters on a chosen block of layers");
    trainCmd_->add_option("MODEL_DIR", modelDir_, "Hugging Face model folder (default: the demo lab's model)");
    trainCmd_->add_option("--data", dataFile_,
                          "Preference data, JSONL or JSON array (default with the demo model: its mixed set)");
    trainCmd_->add_option("--out", runDir_, "Run folder to create")->required();
    trainCmd_->add_option("--strategy", strategy_, "full, local, mid, global or custom")->capture_default_str();
    trainCmd_->add_option("--layers", layersList_, "Custom layers, e.g. 0,1,5-7");
    trainCmd_->add_option("--cuts", cutsList_, "Block cuts A,B: local [0,A), intermediate [A,B), global [B,N)");
    trainCmd_->add_option("--modules", modulesList_, "Target modules, e.g. q_proj,v_proj (default: all seven)");
    auto* stepsOpt = trainCmd_->add_option("--steps", steps_, "Optimizer steps")->check(CLI::PositiveNumber);
    trainCmd_->add_option("--epochs", epochs_, "Epochs (when --steps is not given)")
        ->check(CLI::PositiveNumber)->excludes(stepsOpt)->capture_default_str();
    trainCmd_->add_option("--lr", lr_, "Peak learning rate")->capture_default_str();
    trainCmd_->add_option("--beta", beta_, "DPO beta")->capture_default_str();
    trainCmd_->add_option("--rank", rank_, "LoRA rank r")->capture_default_str();
    trainCmd_->add_option("--alpha", alpha_, "LoRA alpha")->capture_default_str();
    trainCmd_->add_option("--dropout", dropout_, "LoRA dropout")->capture_default_str();
    trainCmd_->add_flag("--rslora", rslora_, "Scale by alpha/sqrt(r) (rsLoRA)");
    trainCmd_->add_option("--batch", batch_, "Pairs per micro-step")->capture_default_str();
    trainCmd_->add_option("--grad-accum", gradAccum_, "Micro-steps per optimizer step")->capture_default_str();
    trainCmd_->add_option("--max-length", maxLength_, "Prompt + completion tokens at most")->capture_default_str();
    trainCmd_->add_option("--max-prompt-length", maxPromptLength_, "Prompt tokens at most")->capture_default_str();
    trainCmd_->add_option("--loss", loss_, "sigmoid, ipo, hinge or robust")->capture_default_str();
    trainCmd_->add_option("--label-smoothing", labelSmoothing_, "For sigmoid/robust")->capture_default_str();
    trainCmd_->add_option("--sft-weight", sftWeight_, "Weight of an NLL term on chosen")->capture_default_str();
    trainCmd_->add_option("--schedule", schedule_, "cosine, linear or constant")->capture_default_str();
    trainCmd_->add_option("--warmup", warmup_, "Warmup steps (default 10% of the steps)");
    trainCmd_->add_option("--weight-decay", weightDecay_, "AdamW weight decay")->capture_default_str();
    trainCmd_->add_option("--max-grad-norm", maxGradNorm_, "Gradient clipping (0 = off)")->capture_default_str();
    trainCmd_->add_option("--eval-fraction", evalFraction_, "Held-out share of the pairs")->capture_default_str();
    trainCmd_->add_option("--eval-every", evalEvery_, "Evaluate every K steps (0 = at the end)")->capture_default_str();
    trainCmd_->add_option("--save-every", saveEvery_, "Checkpoint every K steps (0 = at the end)")->capture_default_str();
    trainCmd_->add_option("--seed", seed_, "Seed for adapters, data order and dropout")->capture_default_str();
    trainCmd_->add_flag("--skip-bad", skipBad_, "Skip (and count) bad records instead of failing");
    trainCmd_->add_flag("--no-prefix-sharing", noPrefixSharing_, "Run the frozen lower layers twice (for comparison)");
    trainCmd_->add_flag("--precompute-ref", precomputeRef_, "Compute reference log-probs once before training");
    trainCmd_->add_flag("--gradient-checkpointing", gradientCheckpointing_, "Recompute layer activations in backward");
    trainCmd_->add_flag("--quiet", quiet_, "No progress line");

    resumeCmd_ = app.add_subcommand("resume", "Continue a stopped or killed run from its newest checkpoint");
    resumeCmd_->add_option("RUN_DIR", runDir_, "Run folder")->required();
    resumeCmd_->add_flag("--quiet", quiet_, "No progress line");
    resumeCmd_->add_option("--device", device_, "Continue on another device: cpu, cuda or cuda:N (default: the run's)");
    resumeCmd_->add_flag("--gradient-checkpointing", gradientCheckpointing_,
                         "Recompute layer activations in backward from here on (after running out of memory)");

    benchCmd_ = app.add_subcommand("bench", "Benchmarks");
    benchCmd_->require_subcommand(1);
    benchDpoCmd_ = benchCmd_->add_subcommand("dpo", "Mean DPO step time per strategy on one batch");
    benchDpoCmd_->add_option("MODEL_DIR_OR_SHAPE", benchTarget_,
                             "Model folder, or a shape: layers=12,hidden=256,heads=8,kv_heads=4,intermediate=688,vocab=4096")
        ->required();
    benchDpoCmd_->add_option("--batch", batch_, "Pairs in the batch")->capture_default_str();
    benchDpoCmd_->add_option("--prompt-tokens", benchPrompt_, "Prompt tokens per pair")->capture_default_str();
    benchDpoCmd_->add_option("--completion-tokens", benchCompletion_, "Completion tokens per side")->capture_default_str();
    benchDpoCmd_->add_option("--repeats", benchRepeats_, "Timed steps per strategy")->capture_default_str();
    benchDpoCmd_->add_option("--rank", rank_, "LoRA rank")->capture_default_str();
    benchDpoCmd_->add_flag("--no-prefix-sharing", noPrefixSharing_, "Disable prefix sharing");
    benchDpoCmd_->add_flag("--json", json_, "One JSON object with every row instead of the table");

    worldCmd_ = app.add_subcommand("world", "The demo lab: a synthetic world with exact judges");
    worldCmd_->require_subcommand(1);
    worldBuildCmd_ = worldCmd_->add_subcommand(
        "build", "Build a lab: world, corpus, tokenizer, pretrained model, preference sets, eval prompts, card");
    worldBuildCmd_->add_option("--out", runDir_, "Lab folder to write")->required();
    worldBuildCmd_->add_option("--seed", seed_, "World and training seed")->capture_default_str();
    worldBuildCmd_->add_option("--preset", preset_, "tiny (for CI) or demo (what ships)")->capture_default_str();
    worldEvalCmd_ = worldCmd_->add_subcommand("eval", "Accuracy per dimension (grammar, logic, facts) with 95% intervals");
    worldEvalCmd_->add_option("MODEL_DIR", modelDir_, "The lab's model folder (default: the demo lab's model)");
    worldEvalCmd_->add_option("--adapter", adapter_, "PEFT LoRA adapter folder");
    worldEvalCmd_->add_option("--samples", samples_, "Prompts per dimension (default: all)");
    worldEvalCmd_->add_option("--seed", seed_, "Seed for the sample")->capture_default_str();
    worldEvalCmd_->add_flag("--json", json_, "Print one JSON object");
    worldEvalCmd_->add_flag("--greedy", greedy_, "Greedy decoding instead of sampling at temperature 1");

    worldTableCmd_ = worldCmd_->add_subcommand(
        "table", "Train Full-DPO, Local-, Mid- and Global-Align on each preference set, evaluate, write the card");
    worldTableCmd_->add_option("LAB_DIR", dataFile_, "Lab folder (default: the shipped demo lab)");
    worldTableCmd_->add_option("--runs", runDir_, "Where the run folders go (default: LAB_DIR/runs)");
    worldTableCmd_->add_option("--steps", tableSteps_, "Optimizer steps per run")->capture_default_str();
    worldTableCmd_->add_option("--batch", tableBatch_, "Pairs per step")->capture_default_str();
    worldTableCmd_->add_option("--lr", tableLr_, "Learning rate")->capture_default_str();
    worldTableCmd_->add_option("--rank", tableRank_, "LoRA rank")->capture_default_str();
    worldTableCmd_->add_option("--alpha", tableAlpha_, "LoRA alpha")->capture_default_str();
    worldTableCmd_->add_option("--beta", beta_, "DPO beta")->capture_default_str();
    worldTableCmd_->add_option("--seed", seed_, "Seed")->capture_default_str();
    worldTableCmd_->add_option("--samples", samples_, "Eval prompts per dimension (default: all)");
    worldTableCmd_->add_flag("--greedy", greedy_, "Greedy decoding instead of sampling at temperature 1");
    worldTableCmd_->add_option("--device", device_, "auto, cpu, cuda or cuda:N (training and evaluation)")
        ->capture_default_str();

    judgeCmd_ = app.add_subcommand("judge", "Judge generations (JSONL with prompt and response) with a judge spec");
    judgeCmd_->add_option("--judge", judgeSpec_, "exact[:LAB_DIR], local:MODEL_DIR[,...] or openai:URL,model=NAME[,...]")
        ->required();
    judgeCmd_->add_option("--input", inputFile_, "generations.jsonl: prompt, response, optional prompt_id and dimension")
        ->required();
    judgeCmd_->add_option("--out", outPath_, "judgments.jsonl to write")->required();
    judgeCmd_->add_option("--dimensions", dimensionsList_, "Comma-separated: grammar, logic, facts (default: all)");
    judgeCmd_->add_option("--model", modelDir_, "The judged model's folder (the plain exact judge finds its lab from it)");
    judgeCmd_->add_option("--cache", cacheFile_, "Reply cache (default: judge-cache.jsonl beside --out)");

    sweepCmd_ = app.add_subcommand(
        "sweep", "Train each strategy, generate on eval prompts, judge, and report the strategy table");
    sweepCmd_->add_option("PATH", sweepPath_, "MODEL_DIR to sweep; SWEEP_DIR with --collect or --task");
    sweepCmd_->add_option("--data", dataFile_, "Preference data (JSONL or JSON)");
    sweepCmd_->add_option("--eval-prompts", evalPrompts_, "Eval prompts JSONL (repeatable)");
    sweepCmd_->add_option("--eval-limit", evalLimit_, "Use the first N prompts of each file (default: all)");
    sweepCmd_->add_option("--judge", judgeSpec_, "exact[:LAB_DIR], local:MODEL_DIR[,...] or openai:URL,model=NAME[,...]");
    sweepCmd_->add_option("--out", outPath_, "Sweep folder (re-running it resumes)");
    sweepCmd_->add_option("--strategies", strategiesList_, "Comma-separated")->capture_default_str();
    sweepCmd_->add_option("--seeds", seedsList_, "Comma-separated training and sampling seeds")->capture_default_str();
    sweepCmd_->add_option("--dimensions", dimensionsList_, "Comma-separated: grammar, logic, facts (default: all)");
    sweepCmd_->add_option("--steps", sweepSteps_, "Optimizer steps per strategy")->capture_default_str();
    sweepCmd_->add_option("--batch", sweepBatch_, "Pairs per step")->capture_default_str();
    sweepCmd_->add_option("--lr", sweepLr_, "Learning rate")->capture_default_str();
    sweepCmd_->add_option("--rank", sweepRank_, "LoRA rank")->capture_default_str();
    sweepCmd_->add_option("--alpha", sweepAlpha_, "LoRA alpha")->capture_default_str();
    sweepCmd_->add_option("--beta", beta_, "DPO beta")->capture_default_str();
    sweepCmd_->add_option("--max-length", maxLength_, "Prompt + completion tokens in training")->capture_default_str();
    sweepCmd_->add_option("--max-new-tokens", sweepMaxNew_, "Tokens generated per eval prompt")->capture_default_str();
    sweepCmd_->add_option("--temperature", temperature_, "Eval sampling temperature (0 = greedy)")->capture_default_str();
    sweepCmd_->add_option("--top-p", sweepTopP_, "Eval nucleus sampling")->capture_default_str();
    sweepCmd_->add_option("--device", device_, "auto, cpu, cuda or cuda:N")->capture_default_str();
    sweepCmd_->add_flag("--no-pairwise", noPairwise_, "Rubric judges: win rates from scores instead of pairwise judging");
    sweepCmd_->add_flag("--raw-prompts", rawPrompts_, "Never wrap eval prompts in the model's chat template");
    bootstrap_ = sweep::SweepSettings::ReportSettings{}.bootstrapResamples;
    significance_ = sweep::SweepSettings::ReportSettings{}.alpha;
    sweepCmd_->add_option("--bootstrap", bootstrap_, "Bootstrap resamples of the report's intervals")->capture_default_str();
    sweepCmd_->add_option("--significance", significance_,
                          "Significance level (alpha) of the paired tests; intervals at 1 - alpha")->capture_default_str();
    sweepCmd_->add_flag("--collect", collect_, "Aggregate the finished tasks of SWEEP_DIR into the report");
    sweepCmd_->add_option("--task", taskIndex_, "Run task INDEX of SWEEP_DIR (what a Slurm array task does)");
    sweepCmd_->add_flag("--emit-slurm", emitSlurm_, "Prepare the sweep folder and write a Slurm job-array script");
    sweepCmd_->add_option("--slurm-gpus", slurmGpus_, "GPUs per array task")->capture_default_str();
    sweepCmd_->add_option("--slurm-cpus", slurmCpus_, "CPUs per array task")->capture_default_str();
    sweepCmd_->add_option("--slurm-partition", slurmPartition_, "Partition (default: the cluster's)");
    sweepCmd_->add_option("--slurm-time", slurmTime_, "Time limit per task")->capture_default_str();
    sweepCmd_->add_option("--slurm-mem", slurmMem_, "Memory per task, e.g. 64G (default: the cluster's)");
    sweepCmd_->add_option("--cli-path", cliPath_, "hialign-cli as the cluster nodes see it (default: this one)");

    logitsCmd_ = app.add_subcommand("logits", "Write a prompt's logits (and an adapter's effect) to a safetensors file");
    logitsCmd_->add_option("MODEL_DIR", modelDir_, "Hugging Face model folder")->required();
    logitsCmd_->add_option("--prompt", prompt_, "Text, encoded with the model's tokenizer and its special tokens");
    logitsCmd_->add_option("--ids", idsList_, "Token ids instead of --prompt, e.g. 1,403,407");
    logitsCmd_->add_option("--adapter", adapter_, "PEFT LoRA adapter folder applied on top of the model");
    logitsCmd_->add_option("--out", outPath_, "File to write: one tensor \"logits\", (T, vocab) float32")
        ->required();

    devicesCmd_ = app.add_subcommand("devices", "List the CPU and GPUs; --check compares a device's numerics with the CPU's");
    devicesCmd_->add_flag("--json", json_, "JSON instead of a table");
    devicesCmd_->add_option("--check", checkModel_,
                            "Model folder: logits and greedy text on --device (fp32 and bf16) against the CPU in fp32");
    devicesCmd_->add_option("--prompt", checkPrompts_, "Prompt for --check (repeatable; default: three short texts)");
    devicesCmd_->add_option("--tokens", checkTokens_, "Greedy tokens compared per prompt")->capture_default_str();

    for (CLI::App* c : {inspectCmd_, generateCmd_, trainCmd_, benchDpoCmd_, worldEvalCmd_, devicesCmd_, logitsCmd_}) {
        c->add_option("--device", device_, "auto, cpu, cuda or cuda:N")->capture_default_str();
        c->add_option("--dtype", dtype_, "float32, bfloat16 or float16 (default: float32 on CPU, the weights' on GPU)");
    }
}

int Commands::run()
{
    if (inspectCmd_->parsed())
        return inspect();
    if (devicesCmd_->parsed())
        return devices();
    if (logitsCmd_->parsed())
        return logits();
    if (tokenizeCmd_->parsed())
        return tokenize();
    if (generateCmd_->parsed())
        return generate();
    if (trainCmd_->parsed())
        return train();
    if (resumeCmd_->parsed())
        return resume();
    if (benchDpoCmd_->parsed())
        return bench();
    if (worldBuildCmd_->parsed())
        return worldBuild();
    if (worldEvalCmd_->parsed())
        return worldEval();
    if (worldTableCmd_->parsed())
        return worldTable();
    if (judgeCmd_->parsed())
        return judge();
    if (sweepCmd_->parsed())
        return sweep();
    return 2;
}

int Commands::inspect()
{
    const fs::path dir(modelDir_);
    const fs::path configPath = fs::is_directory(dir) ? dir / "config.json" : dir;
    if (!fs::exists(configPath))
        throw InputError("model folder " + dir.string() + " has no config.json");
    const io::ModelConfig c = io::ModelConfig::load(configPath);
    const io::WeightStore store(dir);
    std::string weightDtype = "unknown";
    if (store.contains("model.embed_tokens.weight"))
        weightDtype = io::dtypeName(store.entry("model.embed_tokens.weight").dtype);
    std::string tokKind = "none";
    std::int32_t tokVocab = 0;
    try {
        auto t = tok::loadTokenizer(dir);
        tokKind = t->kind();
        tokVocab = t->vocabSize();
    } catch (const Error& e) {
        tokKind = std::string("unavailable (") + e.what() + ")";
    }
    const io::BlockCuts cuts = c.defaultCuts();

    if (json_) {
        json j;
        j["model_dir"] = dir.string();
        j["model_type"] = c.modelType;
        j["architecture"] = c.architecture;
        j["num_layers"] = c.numLayers;
        j["hidden_size"] = c.hiddenSize;
        j["intermediate_size"] = c.intermediateSize;
        j["num_attention_heads"] = c.numHeads;
        j["num_key_value_heads"] = c.numKvHeads;
        j["head_dim"] = c.headDim;
        j["vocab_size"] = c.vocabSize;
        j["rope_theta"] = c.ropeTheta;
        j["rope_scaling"] = ropeLabel(c.ropeScaling.type);
        j["tie_word_embeddings"] = c.tieWordEmbeddings;
        j["qkv_bias"] = c.qkvBias;
        j["qk_norm"] = c.qkNorm;
        j["weights_dtype"] = weightDtype;
        j["weights_bytes"] = store.totalBytes();
        j["tokenizer"] = tokKind;
        j["tokenizer_vocab_size"] = tokVocab;
        j["parameters"] = {{"total", c.totalParameters()},
                           {"embedding", c.embeddingParameters()},
                           {"head", c.headParameters()},
                           {"per_layer", c.layerParameters()},
                           {"per_layer_attention", c.attentionParameters()},
                           {"per_layer_mlp", c.mlpParameters()}};
        j["blocks"] = {{"local", {0, cuts.cut1}},
                       {"intermediate", {cuts.cut1, cuts.cut2}},
                       {"global", {cuts.cut2, c.numLayers}}};
        std::cout << j.dump(2) << "\n";
        return 0;
    }

    std::cout << "model       " << dir.string() << "\n"
              << "type        " << c.modelType << " (" << c.architecture << ")\n"
              << "layers      " << c.numLayers << "\n"
              << "hidden      " << c.hiddenSize << ", intermediate " << c.intermediateSize << "\n"
              << "heads       " << c.numHeads << " query, " << c.numKvHeads << " key/value, head_dim "
              << c.headDim << "\n"
              << "vocab       " << c.vocabSize << ", tied embeddings " << (c.tieWordEmbeddings ? "yes" : "no")
              << "\n"
              << "rope        theta " << c.ropeTheta << ", scaling " << ropeLabel(c.ropeScaling.type) << "\n"
              << "extras      q/k/v bias " << (c.qkvBias ? "yes" : "no") << ", q/k norm "
              << (c.qkNorm ? "yes" : "no") << "\n"
              << "weights     " << weightDtype << ", " << withThousands(static_cast<std::int64_t>(store.totalBytes()))
              << " bytes\n"
              << "tokenizer   " << tokKind << (tokVocab ? ", " + std::to_string(tokVocab) + " tokens" : "") << "\n"
              << "parameters  " << withThousands(c.totalParameters()) << " total: embedding "
              << withThousands(c.embeddingParameters()) << ", head+norm " << withThousands(c.headParameters())
              << "\n\n";
    auto blockOf = [&](int i) {
        return i < cuts.cut1 ? "local" : i < cuts.cut2 ? "intermediate" : "global";
    };
    std::cout << "layer  block         attention          mlp        total\n";
    for (int i = c.numLayers - 1; i >= 0; --i) {
        std::cout << std::setw(5) << i << "  " << std::left << std::setw(12) << blockOf(i) << std::right
                  << std::setw(11) << withThousands(c.attentionParameters()) << std::setw(13)
                  << withThousands(c.mlpParameters()) << std::setw(13) << withThousands(c.layerParameters())
                  << "\n";
    }
    std::cout << "\nblocks      local [0, " << cuts.cut1 << ")  intermediate [" << cuts.cut1 << ", " << cuts.cut2
              << ")  global [" << cuts.cut2 << ", " << c.numLayers << ")\n";
    return 0;
}

int Commands::tokenize()
{
    const auto tokenizer = tok::loadTokenizer(modelDir_);
    std::string line;
    std::int64_t lineNo = 0;
    while (std::getline(std::cin, line)) {
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        json in;
        try {
            in = json::parse(line);
        } catch (const json::parse_error&) {
            throw InputError("stdin line " + std::to_string(lineNo) + " is not valid JSON");
        }
        if (!in.is_object() || !in.contains("text") || !in["text"].is_string())
            throw InputError("stdin line " + std::to_string(lineNo) + " has no string field \"text\"");
        const auto ids = tokenizer->encode(in["text"].get<std::string>(), !noSpecial_);
        std::cout << json{{"ids", ids}}.dump() << "\n";
    }
    return 0;
}

int Commands::generate()
{
    model::LoadOptions lo;
    lo.device = model::parseDevice(device_);
    if (!dtype_.empty())
        lo.dtype = model::parseDtype(dtype_);
    model::GenerationOptions go;
    go.maxNewTokens = maxNewTokens_;
    go.sampling.temperature = temperature_;
    go.sampling.topP = topP_;
    go.sampling.topK = topK_;
    go.sampling.repetitionPenalty = repetitionPenalty_;
    go.sampling.seed = seed_;
    go.stopStrings = stop_;
    go.sampling.validate();   // before the (slow) load

    model::ModelBundle bundle = model::loadModelBundle(modelOrDemo(), lo);
    std::unique_ptr<train::LoraModel> lora;
    if (!adapter_.empty())
        lora = train::loadPeftAdapter(adapter_, bundle.model);
    const auto promptIds = bundle.tokenizer->encode(prompt_, /*addSpecial=*/true);

    // Stream text as tokens arrive; hold back a stop string's beginning
    // until it is clear whether it completes.
    tok::StreamDecoder stream(*bundle.tokenizer);
    stream.prime(promptIds);
    std::string pending;
    auto flushSafe = [&](bool final) {
        size_t keep = 0;
        if (!final) {
            for (const auto& s : stop_)
                for (size_t k = std::min(s.size() - 1, pending.size()); k > 0; --k)
                    if (pending.compare(pending.size() - k, k, s, 0, k) == 0) {
                        keep = std::max(keep, k);
                        break;
                    }
        }
        std::cout << pending.substr(0, pending.size() - keep) << std::flush;
        pending.erase(0, pending.size() - keep);
    };
    auto onToken = [&](std::size_t, std::int32_t id) {
        pending += stream.push(id);
        if (!stop_.empty()) {
            for (const auto& s : stop_) {
                const size_t at = s.empty() ? std::string::npos : pending.find(s);
                if (at != std::string::npos) {
                    pending.resize(at);
                    flushSafe(true);
                    pending.clear();
                    return true;   // the generator ends the row itself
                }
            }
        }
        flushSafe(false);
        return true;
    };
    const model::GenerationResult r = model::generate(bundle.model, *bundle.tokenizer, {promptIds}, go, onToken);
    if (r.finishReasons[0] != "stop") {
        pending += stream.finish();
        flushSafe(true);
    }
    std::cout << "\n" << std::flush;
    if (r.finishReasons[0] == "position_limit")
        std::fprintf(stderr, "%s\n", model::positionLimitNotice(bundle.config.maxPositions).c_str());

    if (stats_) {
        const auto& s = r.stats;
        std::fprintf(stderr,
                     "prefill: %lld tokens in %.3f s (%.1f tokens/s)\n"
                     "decode:  %lld tokens in %.3f s (%.1f tokens/s)\n"
                     "device:  %s, %s; finish: %s\n",
                     static_cast<long long>(s.promptTokens), s.prefillSeconds, s.prefillTokensPerSecond(),
                     static_cast<long long>(s.decodeTokens), s.decodeSeconds, s.decodeTokensPerSecond(),
                     bundle.model->device().str().c_str(), model::dtypeLabel(bundle.model->dtype()),
                     r.finishReasons[0].c_str());
    }
    return 0;
}

} // namespace hialign::cli

namespace hialign::cli {

namespace {

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

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ','))
        if (!item.empty())
            out.push_back(item);
    return out;
}

std::string formatDuration(double seconds)
{
    const long s = std::lround(std::max(0.0, seconds));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

// A one-line progress display on stderr: step, loss, margin, accuracy, ETA.
train::TrainCallbacks progressCallbacks(bool quiet)
{
    auto start = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
    auto first = std::make_shared<std::int64_t>(-1);
    train::TrainCallbacks cb;
    cb.onMessage = [](const std::string& m) { std::fprintf(stderr, "\r\033[K%s\n", m.c_str()); };
    cb.onMetrics = [quiet, start, first](const train::StepMetrics& m) {
        if (quiet)
            return;
        if (m.eval) {
            std::fprintf(stderr, "\r\033[Keval @ step %lld: loss %.4f  margin %+.4f  accuracy %.2f\n",
                         static_cast<long long>(m.step), m.value("loss"), m.value("rewards/margins"),
                         m.value("rewards/accuracies"));
            return;
        }
        if (*first < 0) {
            *first = m.step - 1;
            *start = std::chrono::steady_clock::now() - std::chrono::milliseconds(
                                                            static_cast<long>(m.value("step_time_ms")));
        }
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - *start).count();
        const double perStep = elapsed / static_cast<double>(std::max<std::int64_t>(1, m.step - *first));
        const double eta = perStep * static_cast<double>(m.totalSteps - m.step);
        const int width = 24;
        const int filled = m.totalSteps > 0 ? static_cast<int>(width * m.step / m.totalSteps) : 0;
        std::string bar(static_cast<size_t>(filled), '#');
        bar.resize(static_cast<size_t>(width), '.');
        std::fprintf(stderr, "\r\033[K[%s] step %lld/%lld  loss %.4f  margin %+.4f  acc %.2f  %.0f tok/s  ETA %s",
                     bar.c_str(), static_cast<long long>(m.step), static_cast<long long>(m.totalSteps),
                     m.value("loss"), m.value("rewards/margins"), m.value("rewards/accuracies"),
                     m.value("tokens_per_second"), formatDuration(eta).c_str());
        if (m.step == m.totalSteps)
            std::fprintf(stderr, "\n");
        std::fflush(stderr);
    };
    return cb;
}

int outcomeStatus(const train::TrainOutcome& o, const std::string& runDir)
{
    if (o.status == "failed") {
        std::fprintf(stderr, "hialign-cli: %s\n", o.message.c_str());
        return 1;
    }
    std::printf("%s\n", o.message.c_str());
    if (o.status == "finished")
        std::printf("adapter: %s\n", (fs::path(runDir) / "adapter").string().c_str());
    return 0;
}

} // namespace

int Commands::train()
{
    train::TrainConfig c;
    c.modelDir = modelOrDemo();
    c.dataFile = dataFile_;
    if (c.dataFile.empty()) {
        const fs::path demoData = fs::path(c.modelDir).parent_path() / "data" / "preferences_mixed.jsonl";
        if (modelDir_.empty() && fs::exists(demoData))
            c.dataFile = demoData.string();
        else
            throw InputError("--data is required: give a preference file (JSONL or JSON array)");
    }
    c.strategy = strategy_;
    if (!layersList_.empty())
        c.layers = parseIntList(layersList_, "layer list");
    if (!cutsList_.empty()) {
        const auto cuts = parseIntList(cutsList_, "cuts");
        if (cuts.size() != 2)
            throw InputError("--cuts needs two numbers A,B, got \"" + cutsList_ + "\"");
        c.cut1 = cuts[0];
        c.cut2 = cuts[1];
    }
    c.targetModules = splitList(modulesList_);
    c.rank = rank_;
    c.alpha = alpha_;
    c.dropout = dropout_;
    c.rslora = rslora_;
    c.loss = train::parseLoss(loss_);
    c.beta = beta_;
    c.labelSmoothing = labelSmoothing_;
    c.sftWeight = sftWeight_;
    c.learningRate = lr_;
    c.weightDecay = weightDecay_;
    c.schedule = train::parseSchedule(schedule_);
    c.warmupSteps = warmup_;
    c.maxGradNorm = maxGradNorm_;
    c.batchSize = batch_;
    c.gradAccum = gradAccum_;
    c.steps = steps_;
    c.epochs = epochs_;
    c.maxLength = maxLength_;
    c.maxPromptLength = maxPromptLength_;
    c.evalFraction = evalFraction_;
    c.skipBadRecords = skipBad_;
    c.evalEvery = evalEvery_;
    c.saveEvery = saveEvery_;
    c.device = device_;
    c.dtype = dtype_;
    c.prefixSharing = !noPrefixSharing_;
    c.precomputeReference = precomputeRef_;
    c.gradientCheckpointing = gradientCheckpointing_;
    c.seed = seed_ ? seed_ : 42;
    c.validate();
    return outcomeStatus(train::DpoTrainer::train(c, runDir_, progressCallbacks(quiet_)), runDir_);
}

int Commands::devices()
{
    const std::string torchVersion = std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR)
                                     + "." + std::to_string(TORCH_VERSION_PATCH);
    if (checkModel_.empty()) {
        const auto gpus = model::listGpus();
        if (json_) {
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

    // The tolerances of packaging/gpu-check.sh: fp32 kernels differ in
    // summation order only; bf16 keeps about 3 significant digits.
    constexpr double kFp32Tolerance = 1e-4, kBf16Tolerance = 1e-2;
    const at::Device device = model::parseDevice(device_);
    std::vector<std::string> prompts = checkPrompts_;
    if (prompts.empty())
        prompts = {"Once upon a time", "The little bird was sad because", "Tom had 3 red apples and 12 blue balls."};
    if (checkTokens_ < 1)
        throw InputError("--tokens must be at least 1");
    const auto r = model::checkDevice(checkModel_, device, prompts, checkTokens_);
    const bool ok = r.worstFp32 <= kFp32Tolerance && r.worstBf16 <= kBf16Tolerance && r.allGreedyEqual;
    if (json_) {
        json j{{"device", r.device}, {"model", checkModel_}, {"fp32_relative", r.worstFp32},
               {"bf16_relative", r.worstBf16}, {"fp32_tolerance", kFp32Tolerance}, {"bf16_tolerance", kBf16Tolerance},
               {"greedy_equal", r.allGreedyEqual}, {"ok", ok}, {"cases", json::array()}};
        for (const auto& c : r.cases)
            j["cases"].push_back({{"prompt", c.prompt}, {"fp32_relative", c.fp32Relative},
                                  {"bf16_relative", c.bf16Relative}, {"fp32_max_abs", c.fp32MaxAbs},
                                  {"bf16_max_abs", c.bf16MaxAbs}, {"cpu_greedy", c.cpuGreedy},
                                  {"device_greedy", c.deviceGreedy}, {"bf16_greedy", c.bf16Greedy},
                                  {"greedy_equal", c.greedyEqual}});
        std::cout << j.dump(2) << "\n";
    } else {
        std::printf("%s against cpu fp32 on %s\n%-40s %14s %14s %s\n", r.device.c_str(), checkModel_.c_str(),
                    "prompt", "fp32 rel diff", "bf16 rel diff", "greedy fp32");
        for (const auto& c : r.cases)
            std::printf("%-40.40s %14.2e %14.2e %s\n", c.prompt.c_str(), c.fp32Relative, c.bf16Relative,
                        c.greedyEqual ? "equal" : "DIFFERENT");
        std::printf("%s (fp32 <= %.0e, bf16 <= %.0e, greedy text equal)\n", ok ? "ok" : "FAILED", kFp32Tolerance,
                    kBf16Tolerance);
    }
    return ok ? 0 : 1;
}

int Commands::logits()
{
    if (prompt_.empty() == idsList_.empty())
        throw InputError("give exactly one of --prompt and --ids");
    model::LoadOptions lo;
    lo.device = model::parseDevice(device_);
    if (!dtype_.empty())
        lo.dtype = model::parseDtype(dtype_);
    lo.loadTokenizer = !prompt_.empty();
    model::ModelBundle bundle = model::loadModelBundle(modelDir_, lo);
    std::unique_ptr<train::LoraModel> lora;
    if (!adapter_.empty())
        lora = train::loadPeftAdapter(adapter_, bundle.model);
    std::vector<std::int64_t> ids;
    if (!prompt_.empty()) {
        for (auto id : bundle.tokenizer->encode(prompt_, /*addSpecial=*/true))
            ids.push_back(id);
    } else {
        std::stringstream ss(idsList_);
        std::string item;
        while (std::getline(ss, item, ',')) {
            std::size_t used = 0;
            long long v = -1;
            try {
                v = std::stoll(item, &used);
            } catch (const std::exception&) {
            }
            if (used != item.size() || v < 0 || v >= bundle.config.vocabSize)
                throw InputError("--ids item \"" + item + "\" is not a token id below the vocabulary size "
                                 + std::to_string(bundle.config.vocabSize));
            ids.push_back(v);
        }
    }
    if (ids.empty())
        throw InputError("the prompt has no tokens");
    at::NoGradGuard noGrad;
    const at::Tensor idsT = at::tensor(ids, at::kLong);                                        // (T)
    const at::Tensor out = bundle.model->forward(idsT.unsqueeze(0).to(bundle.model->device()))  // (1, T, V)
                               .squeeze(0)
                               .to(at::kCPU, at::kFloat);                                        // (T, V)
    io::writeSafetensors(outPath_, {{"logits", out}});
    std::printf("%zu positions x %lld logits written to %s\n", ids.size(),
                static_cast<long long>(out.size(1)), outPath_.c_str());
    return 0;
}

int Commands::resume()
{
    train::ResumeOverrides over;
    if (resumeCmd_->count("--device") > 0) {
        model::parseDevice(device_);   // refuse a missing GPU before touching the run
        over.device = device_;
    }
    if (gradientCheckpointing_)
        over.gradientCheckpointing = true;
    return outcomeStatus(train::DpoTrainer::resume(runDir_, progressCallbacks(quiet_), nullptr, over), runDir_);
}

int Commands::bench()
{
    const at::Device device = model::parseDevice(device_);
    model::CausalLM model{nullptr};
    std::string label;
    std::unique_ptr<model::ModelBundle> bundle;
    if (fs::is_directory(benchTarget_)) {
        model::LoadOptions lo;
        lo.device = device;
        lo.loadTokenizer = false;
        if (!dtype_.empty())
            lo.dtype = model::parseDtype(dtype_);
        bundle = std::make_unique<model::ModelBundle>(model::loadModelBundle(benchTarget_, lo));
        model = bundle->model;
        label = benchTarget_;
    } else {
        const io::ModelConfig cfg = train::parseShape(benchTarget_);
        const at::ScalarType dtype = !dtype_.empty() ? model::parseDtype(dtype_)
                                     : device.is_cuda() ? at::kBFloat16 : at::kFloat;
        auto loader = model::WeightLoader::random(0, 0.02, device, dtype);
        model = model::CausalLM(cfg, loader);
        label = "random " + benchTarget_;
    }
    train::BenchOptions o;
    o.pairs = batch_;
    o.promptTokens = benchPrompt_;
    o.completionTokens = benchCompletion_;
    o.repeats = benchRepeats_;
    o.rank = rank_;
    o.prefixSharing = !noPrefixSharing_;
    if (o.pairs < 1 || o.promptTokens < 1 || o.completionTokens < 1 || o.repeats < 1)
        throw InputError("batch, token counts and repeats must be positive");
    const auto& cfg = model->config();
    if (!json_)
        std::printf("bench dpo: %s\n%d layers, hidden %lld, %s on %s; batch %d pairs x (%d prompt + %d completion) "
                    "tokens, rank %d, %d timed steps after %d warm-up\n\n",
                    label.c_str(), cfg.numLayers, static_cast<long long>(cfg.hiddenSize),
                    model::dtypeLabel(model->dtype()), model->device().str().c_str(), o.pairs, o.promptTokens,
                    o.completionTokens, o.rank, o.repeats, o.warmup);
    const auto rows = train::benchDpo(model, o);
    if (json_) {
        json j{{"model", label}, {"layers", cfg.numLayers}, {"hidden", cfg.hiddenSize},
               {"dtype", model::dtypeLabel(model->dtype())}, {"device", model->device().str()},
               {"pairs", o.pairs}, {"prompt_tokens", o.promptTokens}, {"completion_tokens", o.completionTokens},
               {"rank", o.rank}, {"warmup", o.warmup}, {"repeats", o.repeats},
               {"prefix_sharing", o.prefixSharing}, {"rows", json::array()}};
        for (const auto& r : rows)
            j["rows"].push_back({{"strategy", r.strategy}, {"shared_layers", r.sharedLayers},
                                 {"trainable_parameters", r.trainableParameters}, {"mean_ms", r.meanMs},
                                 {"min_ms", r.minMs}, {"tokens_per_second", r.tokensPerSecond},
                                 {"ratio_to_full", r.ratioToFull}, {"peak_memory_mb", r.peakMemoryMiB},
                                 {"model_flops", r.modelFlops}, {"achieved_tflops", r.achievedTflops}});
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    std::printf("%-8s %8s %12s %12s %12s %12s %9s %10s %8s\n", "strategy", "shared", "adapter par", "mean ms",
                "min ms", "tokens/s", "vs full", "peak MiB", "TFLOP/s");
    for (const auto& r : rows)
        std::printf("%-8s %8d %12lld %12.1f %12.1f %12.0f %8.2fx %10.0f %8.3f\n", r.strategy.c_str(), r.sharedLayers,
                    static_cast<long long>(r.trainableParameters), r.meanMs, r.minMs, r.tokensPerSecond,
                    r.ratioToFull, r.peakMemoryMiB, r.achievedTflops);
    return 0;
}

} // namespace hialign::cli

namespace hialign::cli {

std::string Commands::modelOrDemo() const
{
    if (!modelDir_.empty())
        return modelDir_;
    const fs::path demo = demoLabDir();
    if (demo.empty())
        throw InputError("no MODEL_DIR was given and no demo lab is installed; pass a model folder "
                         "or build a lab with 'hialign-cli world build --out DIR'");
    return (demo / "model").string();
}

int Commands::worldBuild()
{
    lab::BuildOptions o;
    o.out = runDir_;
    o.seed = seed_ ? seed_ : 1;
    o.preset = preset_;
    lab::presetByName(o.preset);   // validate before doing anything
    o.onMessage = [](const std::string& m) { std::fprintf(stderr, "%s\n", m.c_str()); };
    lab::buildDemoLab(o);
    std::printf("lab written to %s\n", runDir_.c_str());
    return 0;
}

int Commands::worldEval()
{
    lab::EvalOptions o;
    o.modelDir = modelOrDemo();
    o.adapterDir = adapter_;
    o.samples = samples_;
    o.seed = seed_ ? seed_ : 1;
    o.device = device_ == "auto" ? "cpu" : device_;
    o.temperature = greedy_ ? 0.0 : 1.0;
    const auto results = lab::evaluateLab(o);
    if (json_) {
        json j = lab::resultsToJson(results);
        j["model_dir"] = o.modelDir.string();
        if (!adapter_.empty())
            j["adapter"] = adapter_;
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

} // namespace hialign::cli

namespace hialign::cli {

int Commands::worldTable()
{
    lab::TableOptions o;
    if (!dataFile_.empty()) {
        o.labDir = dataFile_;
    } else {
        o.labDir = demoLabDir();
        if (o.labDir.empty())
            throw InputError("no LAB_DIR was given and no demo lab is installed");
    }
    if (!fs::exists(o.labDir / "world.json") || !fs::exists(o.labDir / "model" / "config.json"))
        throw InputError(o.labDir.string() + " is not a demo lab folder (world.json and model/ are needed)");
    o.runsDir = runDir_.empty() ? o.labDir / "runs" : fs::path(runDir_);
    o.steps = tableSteps_;
    o.batch = tableBatch_;
    o.learningRate = tableLr_;
    o.rank = tableRank_;
    o.alpha = tableAlpha_;
    o.beta = beta_;
    o.seed = seed_ ? seed_ : 1;
    o.samples = samples_;
    o.temperature = greedy_ ? 0.0 : 1.0;
    o.device = model::parseDevice(device_).str();
    o.onMessage = [](const std::string& m) { std::fprintf(stderr, "%s\n", m.c_str()); };
    const auto table = lab::runLabTable(o);
    lab::writeModelCard(o.labDir, table, o);
    std::printf("%s\n", (o.labDir / "MODEL_CARD.md").string().c_str());
    return 0;
}

namespace {

std::vector<std::uint64_t> parseSeeds(const std::string& text)
{
    std::vector<std::uint64_t> seeds;
    for (const std::string& p : splitList(text)) {
        if (p.empty() || p.find_first_not_of("0123456789") != std::string::npos || p.size() > 18)
            throw InputError("--seeds takes whole numbers separated by commas, and \"" + p + "\" is not one");
        seeds.push_back(std::stoull(p));
    }
    return seeds;
}

} // namespace

int Commands::judge()
{
    judge::parseJudgeSpec(judgeSpec_);   // a bad spec is named before any file is read
    const fs::path out(outPath_);
    const fs::path cache = cacheFile_.empty() ? out.parent_path() / "judge-cache.jsonl" : fs::path(cacheFile_);
    std::ifstream in(inputFile_);
    if (!in) throw InputError("cannot read the generations file " + inputFile_);
    std::vector<json> lines;
    std::vector<judge::JudgeItem> items;
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        json j = json::parse(line, nullptr, false);
        const std::string where = inputFile_ + " line " + std::to_string(n);
        if (j.is_discarded() || !j.is_object()) throw InputError(where + " is not a JSON object");
        for (const char* field : {"prompt", "response"})
            if (!j.contains(field) || !j[field].is_string())
                throw InputError(where + ": field \"" + field + "\" is missing or not a string");
        if (j.contains("dimension") && !j["dimension"].is_string())
            throw InputError(where + ": field \"dimension\" must be a string");
        if (!j.contains("prompt_id")) j["prompt_id"] = std::to_string(n);
        items.push_back({j["prompt"].get<std::string>(), j["response"].get<std::string>(), j.value("dimension", std::string())});
        lines.push_back(std::move(j));
    }
    if (items.empty()) throw InputError(inputFile_ + " holds no generations");
    if (!out.parent_path().empty()) fs::create_directories(out.parent_path());
    const std::vector<std::string> dims = splitList(dimensionsList_);
    auto j = sweep::makeJudge(judgeSpec_, modelDir_, cache, dims);
    const auto t0 = std::chrono::steady_clock::now();
    const auto scores = j->judgeMany(items, dims);
    std::string bytes;
    std::size_t judged = 0, unparsed = 0;
    std::map<std::string, std::size_t> verdicts;
    for (std::size_t i = 0; i < items.size(); ++i)
        for (const auto& sc : scores[i]) {
            json r = {{"prompt_id", lines[i]["prompt_id"]},
                      {"dimension", sc.dimension},
                      {"score", sc.score ? json(*sc.score) : json(nullptr)},
                      {"verdict", sc.verdict},
                      {"explanation", sc.explanation},
                      {"judge", j->name()}};
            for (const char* keep : {"task", "strategy", "seed"})
                if (lines[i].contains(keep)) r[keep] = lines[i][keep];
            if (!sc.reply.empty()) r["reply"] = sc.reply;
            if (sc.mass) {
                r["mass"] = *sc.mass;
                r["low_mass"] = sc.lowMass;
            }
            bytes += r.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
            ++judged;
            ++verdicts[sc.verdict];
            if (!sc.score) ++unparsed;
        }
    train::RunFolder::writeFileAtomic(out, bytes);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::string counts;
    for (const auto& [v, c] : verdicts) counts += (counts.empty() ? "" : ", ") + v + " " + std::to_string(c);
    std::fprintf(stderr, "%zu judgments (%zu without a score; %s) by %s in %.1f s -> %s\n", judged, unparsed,
                 counts.c_str(), j->name().c_str(), s, out.string().c_str());
    return 0;
}

int Commands::sweep()
{
    sweep::SweepCallbacks cb;
    cb.onProgress = [](const sweep::SweepProgress& p) {
        if (p.message.empty()) return;
        if (p.tasksTotal > 0)
            std::fprintf(stderr, "[%d/%d] %s\n", p.tasksDone, p.tasksTotal, p.message.c_str());
        else
            std::fprintf(stderr, "%s\n", p.message.c_str());
    };
    if (collect_ || taskIndex_ >= 0) {
        if (sweepPath_.empty()) throw InputError("--collect and --task need the SWEEP_DIR");
        if (collect_ && taskIndex_ >= 0) throw InputError("use either --collect or --task, not both");
        const fs::path dir(sweepPath_);
        if (taskIndex_ >= 0) {
            const auto tasks = sweep::sweepTasks(sweep::readSweepSettings(dir));
            if (static_cast<std::size_t>(taskIndex_) >= tasks.size())
                throw InputError("the sweep in " + dir.string() + " has tasks 0 to " + std::to_string(tasks.size() - 1) +
                                 ", not " + std::to_string(taskIndex_));
            return sweep::runTask(dir, tasks[static_cast<std::size_t>(taskIndex_)].name, cb) ? 0 : 1;
        }
        const bool statsGiven = sweepCmd_->get_option("--bootstrap")->count() > 0 ||
                                sweepCmd_->get_option("--significance")->count() > 0;
        sweep::SweepSettings::ReportSettings stats;
        if (statsGiven) stats = sweep::readSweepSettings(dir).report;
        if (sweepCmd_->get_option("--bootstrap")->count() > 0) stats.bootstrapResamples = bootstrap_;
        if (sweepCmd_->get_option("--significance")->count() > 0) stats.alpha = significance_;
        const json report = sweep::collect(dir, cb, statsGiven ? &stats : nullptr);
        std::printf("%s", judge::reportTable(report).c_str());
        std::printf("%s\n", (dir / "report.html").string().c_str());
        return 0;
    }
    if (sweepPath_.empty()) throw InputError("sweep needs a MODEL_DIR");
    if (dataFile_.empty()) throw InputError("sweep needs --data FILE");
    if (evalPrompts_.empty()) throw InputError("sweep needs --eval-prompts FILE");
    if (judgeSpec_.empty()) throw InputError("sweep needs --judge SPEC");
    if (outPath_.empty()) throw InputError("sweep needs --out SWEEP_DIR");
    sweep::SweepSettings s;
    s.modelDir = sweepPath_;
    s.dataFile = dataFile_;
    for (const std::string& f : evalPrompts_) s.evalPromptFiles.push_back(f);
    s.evalLimit = evalLimit_;
    s.judgeSpec = judgeSpec_;
    s.dimensions = splitList(dimensionsList_);
    s.strategies = splitList(strategiesList_);
    s.seeds = parseSeeds(seedsList_);
    s.pairwise = !noPairwise_;
    s.steps = sweepSteps_;
    s.batchSize = sweepBatch_;
    s.learningRate = sweepLr_;
    s.rank = sweepRank_;
    s.alpha = sweepAlpha_;
    s.beta = beta_;
    s.maxLength = maxLength_;
    s.device = device_;
    s.maxNewTokens = sweepMaxNew_;
    s.temperature = temperature_;
    s.topP = sweepTopP_;
    s.rawPrompts = rawPrompts_;
    s.report.bootstrapResamples = bootstrap_;
    s.report.alpha = significance_;
    // On a demo lab's model the lab's own evaluation decoding is the default.
    if (const auto lab = lab::readEvalDecoding(s.modelDir)) {
        std::string applied;
        if (sweepCmd_->get_option("--temperature")->count() == 0) {
            s.temperature = lab->temperature;
            applied += "temperature " + shortNumber(lab->temperature);
        }
        if (sweepCmd_->get_option("--top-p")->count() == 0) {
            s.topP = lab->topP;
            applied += (applied.empty() ? "" : ", ") + std::string("top-p ") + shortNumber(lab->topP);
        }
        if (sweepCmd_->get_option("--max-new-tokens")->count() == 0) {
            s.maxNewTokens = lab->maxNewTokens;
            applied += (applied.empty() ? "" : ", ") + std::to_string(lab->maxNewTokens) + " new tokens";
        }
        if (!applied.empty())
            std::fprintf(stderr, "evaluating as the demo lab's card says: %s\n", applied.c_str());
    }
    const fs::path dir(outPath_);
    if (emitSlurm_) {
        sweep::prepareSweep(s, dir);
        sweep::SlurmOptions o;
        o.cliPath = cliPath_.empty() ? fs::canonical("/proc/self/exe").string() : cliPath_;
        o.gpusPerTask = slurmGpus_;
        o.cpusPerTask = slurmCpus_;
        o.partition = slurmPartition_;
        o.timeLimit = slurmTime_;
        o.memory = slurmMem_;
        if (o.gpusPerTask < 0 || o.cpusPerTask < 1) throw InputError("--slurm-gpus must be 0 or more and --slurm-cpus 1 or more");
        const fs::path script = sweep::emitSlurm(dir, o);
        std::printf("%s\n", script.string().c_str());
        std::fprintf(stderr, "submit: jid=$(sbatch --parsable %s) && sbatch --dependency=afterany:$jid %s\n",
                     script.string().c_str(), (dir / "sweep-collect.slurm").string().c_str());
        return 0;
    }
    const auto t0 = std::chrono::steady_clock::now();
    if (!sweep::runSweep(s, dir, cb)) return 1;
    const json report = train::RunFolder::readJsonFile(dir / "report.json");
    std::printf("%s", judge::reportTable(report).c_str());
    std::fprintf(stderr, "sweep finished in %.0f s\n",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    std::printf("%s\n", (dir / "report.html").string().c_str());
    return 0;
}

} // namespace hialign::cli

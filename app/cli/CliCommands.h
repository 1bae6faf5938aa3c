// The verbs of hialign-cli, each a CLI11 subcommand bound to core calls.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace hialign::cli {

class Commands {
public:
    explicit Commands(CLI::App& app);
    // Runs the chosen verb; returns the exit status.
    int run();

private:
    int inspect();
    int tokenize();
    int generate();
    int train();
    int resume();
    int bench();
    int worldBuild();
    int worldEval();
    int worldTable();
    int judge();
    int sweep();
    int devices();
    int logits();
    // MODEL_DIR when given, else the shipped demo lab's model.
    std::string modelOrDemo() const;

    CLI::App* inspectCmd_ = nullptr;
    CLI::App* tokenizeCmd_ = nullptr;
    CLI::App* generateCmd_ = nullptr;
    CLI::App* trainCmd_ = nullptr;
    CLI::App* resumeCmd_ = nullptr;
    CLI::App* benchCmd_ = nullptr;
    CLI::App* benchDpoCmd_ = nullptr;
    CLI::App* worldCmd_ = nullptr;
    CLI::App* worldBuildCmd_ = nullptr;
    CLI::App* worldEvalCmd_ = nullptr;
    CLI::App* worldTableCmd_ = nullptr;
    CLI::App* judgeCmd_ = nullptr;
    CLI::App* sweepCmd_ = nullptr;
    CLI::App* devicesCmd_ = nullptr;
    CLI::App* logitsCmd_ = nullptr;
    std::string preset_ = "demo";
    std::size_t samples_ = 0;
    bool greedy_ = false;
    // world table: its own defaults (a table run wants bigger batches than train's default)
    int tableSteps_ = 60, tableBatch_ = 8, tableRank_ = 8;
    double tableLr_ = 2e-3, tableAlpha_ = 16.0;

    std::string modelDir_;
    std::string device_ = "auto";
    std::string dtype_;
    bool json_ = false;
    bool noSpecial_ = false;

    std::string prompt_;
    int maxNewTokens_ = 64;
    double temperature_ = 0.0;
    double topP_ = 1.0;
    int topK_ = 0;
    double repetitionPenalty_ = 1.0;
    std::uint64_t seed_ = 0;
    std::vector<std::string> stop_;
    bool stats_ = false;
    std::string adapter_;

    // train / resume
    std::string runDir_;
    std::string layersList_, cutsList_, modulesList_;
    std::string loss_ = "sigmoid", schedule_ = "cosine";
    int steps_ = 0;
    double epochs_ = 1.0;
    double lr_ = 1e-4, beta_ = 0.1, alpha_ = 32.0, dropout_ = 0.0, labelSmoothing_ = 0.0, sftWeight_ = 0.0;
    double evalFraction_ = 0.1, maxGradNorm_ = 1.0, weightDecay_ = 0.0;
    int rank_ = 16, batch_ = 2, gradAccum_ = 1, maxLength_ = 512, maxPromptLength_ = 256;
    int evalEvery_ = 0, saveEvery_ = 50, warmup_ = -1;
    bool rslora_ = false, skipBad_ = false, noPrefixSharing_ = false, precomputeRef_ = false,
         gradientCheckpointing_ = false, quiet_ = false;
    std::string strategy_ = "global", dataFile_;

    // judge / sweep
    std::string judgeSpec_, inputFile_, outPath_, cacheFile_, dimensionsList_, strategiesList_ = "base,full,local,mid,global",
        seedsList_ = "1", sweepPath_;
    std::vector<std::string> evalPrompts_;
    std::size_t evalLimit_ = 0;
    int sweepSteps_ = 60, sweepBatch_ = 8, sweepRank_ = 8, sweepMaxNew_ = 64;
    double sweepLr_ = 2e-3, sweepAlpha_ = 16.0, sweepTopP_ = 1.0;
    std::size_t bootstrap_ = 0;         // defaults: core/sweep/Sweep.h
    double significance_ = 0.0;
    bool noPairwise_ = false, rawPrompts_ = false, collect_ = false, emitSlurm_ = false;
    int taskIndex_ = -1;
    int slurmGpus_ = 1, slurmCpus_ = 8;
    std::string slurmPartition_, slurmTime_ = "04:00:00", slurmMem_, cliPath_;

    // logits
    std::string idsList_;

    // devices
    std::string checkModel_;
    std::vector<std::string> checkPrompts_;
    int checkTokens_ = 32;

    // bench dpo
    std::string benchTarget_;
    int benchRepeats_ = 5, benchPrompt_ = 64, benchCompletion_ = 64;
};

} // namespace hialign::cli

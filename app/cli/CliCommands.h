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

    CLI::App* inspectCmd_ = nullptr;
    CLI::App* tokenizeCmd_ = nullptr;
    CLI::App* generateCmd_ = nullptr;

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
};

} // namespace hialign::cli

// The verbs of hialign-cli, one file each in verbs/. Each add* function adds
// its CLI11 subcommand(s) with the options it has, and appends one Verb per
// subcommand that runs: main() runs the one that was parsed.
#pragma once

#include <functional>
#include <vector>

namespace CLI {
class App;
}

namespace hialign::cli {

struct Verb {
    const CLI::App* command;
    std::function<int()> run;   // returns the exit status
};
using Verbs = std::vector<Verb>;

void addInspect(CLI::App& app, Verbs& verbs);
void addTokenize(CLI::App& app, Verbs& verbs);
void addGenerate(CLI::App& app, Verbs& verbs);
void addTrain(CLI::App& app, Verbs& verbs);
void addResume(CLI::App& app, Verbs& verbs);
void addBench(CLI::App& app, Verbs& verbs);    // bench dpo
void addWorld(CLI::App& app, Verbs& verbs);    // world build, eval, table
void addJudge(CLI::App& app, Verbs& verbs);
void addSweep(CLI::App& app, Verbs& verbs);
void addLogits(CLI::App& app, Verbs& verbs);
void addMerge(CLI::App& app, Verbs& verbs);
void addDevices(CLI::App& app, Verbs& verbs);
void addProbe(CLI::App& app, Verbs& verbs);     // probe: layer specialization
void addLens(CLI::App& app, Verbs& verbs);      // lens: the logit lens, per layer
void addLesson(CLI::App& app, Verbs& verbs);    // lesson: the guided lesson's handout

} // namespace hialign::cli

// hialign-cli: the headless face of the core. Thin: parses flags, calls the
// core, prints. Errors: one sentence on stderr, exit 1; usage errors exit 2.
#include <CLI/CLI.hpp>

#include <iostream>

#include "Verbs.h"
#include "model/Threads.h"
#include "util/Error.h"

namespace {

// Every verb, in the order --help lists them.
hialign::cli::Verbs registerVerbs(CLI::App& app)
{
    using namespace hialign::cli;
    Verbs verbs;
    for (auto add : {addInspect, addTokenize, addGenerate, addTrain, addResume, addBench, addWorld, addJudge,
                     addSweep, addProbe, addLens, addLogits, addMerge, addDevices, addLesson})
        add(app, verbs);
    return verbs;
}

// Runs the verb that was parsed; returns its exit status.
int runParsed(const hialign::cli::Verbs& verbs)
{
    for (const hialign::cli::Verb& v : verbs)
        if (v.command->parsed())
            return v.run();
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    hialign::model::ensurePassiveOpenMpWait(argv);
    CLI::App app{"HiAlign Workbench command-line tool: hierarchical DPO + LoRA on chosen layer blocks",
                 "hialign-cli"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(HIALIGN_VERSION));
    const hialign::cli::Verbs verbs = registerVerbs(app);

    // CLI11 would only say "a subcommand is required": name the unknown verb.
    if (argc > 1 && argv[1][0] != '-') {
        std::string names;
        bool known = false;
        for (const CLI::App* c : app.get_subcommands({})) {
            names += (names.empty() ? "" : ", ") + c->get_name();
            known = known || c->check_name(argv[1]);
        }
        if (!known) {
            std::cerr << "hialign-cli: unknown command \"" << argv[1] << "\" (commands: " << names << ")\n";
            return 2;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "hialign-cli: " << e.what() << "\n";
        std::cerr << "Run 'hialign-cli --help' for usage.\n";
        return 2;
    }

    hialign::model::configureThreads();
    try {
        return runParsed(verbs);
    } catch (const hialign::Error& e) {
        std::cerr << "hialign-cli: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "hialign-cli: " << e.what() << "\n";
        return 1;
    }
}

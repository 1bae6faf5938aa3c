// hialign-cli: the headless face of the core. Thin: parses flags, calls the
// core, prints. Errors: one sentence on stderr, exit 1; usage errors exit 2.
#include <CLI/CLI.hpp>

#include <iostream>

#include "CliCommands.h"
#include "util/Error.h"

int main(int argc, char** argv)
{
    CLI::App app{"HiAlign Workbench command-line tool: hierarchical DPO + LoRA on chosen layer blocks",
                 "hialign-cli"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string(HIALIGN_VERSION));
    hialign::cli::Commands commands(app);

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

    try {
        return commands.run();
    } catch (const hialign::Error& e) {
        std::cerr << "hialign-cli: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "hialign-cli: " << e.what() << "\n";
        return 1;
    }
}

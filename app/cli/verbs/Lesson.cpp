// hialign-cli lesson: the guided lesson's printable handout (docs/LESSON.md).
// The handout's pictures are drawn by the desktop workbench, so this verb
// runs `hialign --export-handout` from the folder hialign-cli is in and
// passes its output and exit status through.
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "../Verbs.h"
#include "util/Paths.h"

extern char** environ;

namespace hialign::cli {

namespace {

struct LessonOptions {
    std::string out;
    std::string lang;
};

int writeHandout(const LessonOptions& o)
{
    namespace fs = std::filesystem;
    const fs::path gui = executableDir() / "hialign";
    std::error_code ec;
    if (!fs::is_regular_file(gui, ec)) {
        std::cerr << "hialign-cli: the handout is drawn by the desktop workbench, and " << gui.string()
                  << " is not there (this build has no GUI).\n";
        return 1;
    }
    std::vector<std::string> args{gui.string(), "--export-handout", o.out};
    if (!o.lang.empty()) {
        args.emplace_back("--lang");
        args.push_back(o.lang);
    }
    std::vector<char*> argv;
    for (std::string& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (const int rc = posix_spawn(&pid, gui.c_str(), nullptr, nullptr, argv.data(), environ); rc != 0) {
        std::cerr << "hialign-cli: could not start " << gui.string() << ": " << std::strerror(rc) << "\n";
        return 1;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            std::cerr << "hialign-cli: lost " << gui.string() << ": " << std::strerror(errno) << "\n";
            return 1;
        }
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    std::cerr << "hialign-cli: " << gui.string() << " ended with signal " << WTERMSIG(status) << "\n";
    return 1;
}

} // namespace

void addLesson(CLI::App& app, Verbs& verbs)
{
    auto o = std::make_shared<LessonOptions>();
    CLI::App* cmd = app.add_subcommand(
        "lesson", "Write the guided lesson's handout: its six steps done on the demo lab, with the window's pictures");
    cmd->add_option("--out", o->out, "The handout's file (FILE.pdf)")->required();
    cmd->add_option("--lang", o->lang, "Language of the handout: en, de, zh_CN (default: the system's)")
        ->check(CLI::IsMember({"en", "de", "zh_CN"}));
    verbs.push_back({cmd, [o] { return writeHandout(*o); }});
}

} // namespace hialign::cli

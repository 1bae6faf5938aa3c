// The sweep's Slurm job-array scripts (sweep/Sweep.h, emitSlurm): one array
// task per strategy × seed and a collecting job; each script's comments say
// how to submit it (docs/SWEEP.md, "The sweep folder").
#include "sweep/Sweep.h"

#include <algorithm>
#include <sstream>

#include "judge/JudgeSpec.h"
#include "util/AtomicFile.h"

namespace hialign::sweep {

namespace fs = std::filesystem;

fs::path emitSlurm(const fs::path& sweepDir, const SlurmOptions& o)
{
    const SweepSettings s = readSweepSettings(sweepDir);
    const std::vector<SweepTask> tasks = sweepTasks(s);
    const fs::path dir = fs::absolute(sweepDir).lexically_normal();
    auto quote = [](const std::string& v) {
        std::string out = "'";
        for (char ch : v) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
        return out + "'";
    };
    std::ostringstream sh;
    sh << "#!/bin/bash\n"
       << "# One array task per strategy x seed of the sweep in " << dir.string() << ":\n";
    for (std::size_t i = 0; i < tasks.size(); ++i) sh << "#   " << i << "  " << tasks[i].name << "\n";
    sh << "# Submit with:\n"
       << "#   jid=$(sbatch --parsable " << (dir / "sweep.slurm").string() << ")\n"
       << "#   sbatch --dependency=afterany:$jid " << (dir / "sweep-collect.slurm").string() << "\n"
       << "#SBATCH --job-name=hialign-sweep\n"
       << "#SBATCH --array=0-" << tasks.size() - 1 << "\n"
       << "#SBATCH --output=" << (dir / "slurm" / "task-%a.out").string() << "\n"
       << "#SBATCH --cpus-per-task=" << o.cpusPerTask << "\n";
    if (o.gpusPerTask > 0) sh << "#SBATCH --gres=gpu:" << o.gpusPerTask << "\n";
    if (!o.partition.empty()) sh << "#SBATCH --partition=" << o.partition << "\n";
    if (!o.timeLimit.empty()) sh << "#SBATCH --time=" << o.timeLimit << "\n";
    if (!o.memory.empty()) sh << "#SBATCH --mem=" << o.memory << "\n";
    sh << "set -euo pipefail\n"
       << "exec " << quote(o.cliPath) << " sweep --task \"$SLURM_ARRAY_TASK_ID\" " << quote(dir.string()) << "\n";
    std::ostringstream col;
    col << "#!/bin/bash\n"
        << "# Aggregates whatever tasks of the sweep finished into report.json, report.csv and report.html.\n"
        << "#SBATCH --job-name=hialign-sweep-collect\n"
        << "#SBATCH --output=" << (dir / "slurm" / "collect.out").string() << "\n"
        << "#SBATCH --cpus-per-task=" << std::min(o.cpusPerTask, 2) << "\n";
    if (o.gpusPerTask > 0 && judge::parseJudgeSpec(s.judgeSpec).kind == "local")
        col << "#SBATCH --gres=gpu:1\n";
    if (!o.partition.empty()) col << "#SBATCH --partition=" << o.partition << "\n";
    if (!o.timeLimit.empty()) col << "#SBATCH --time=" << o.timeLimit << "\n";
    col << "set -euo pipefail\n"
        << "exec " << quote(o.cliPath) << " sweep --collect " << quote(dir.string()) << "\n";
    fs::create_directories(dir / "slurm");
    writeFileAtomic(dir / "sweep.slurm", sh.str());
    writeFileAtomic(dir / "sweep-collect.slurm", col.str());
    fs::permissions(dir / "sweep.slurm", fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add);
    fs::permissions(dir / "sweep-collect.slurm", fs::perms::owner_exec | fs::perms::group_exec, fs::perm_options::add);
    return dir / "sweep.slurm";
}

} // namespace hialign::sweep

#include "util/Paths.h"

#include <cstdlib>
#include <system_error>
#include <vector>

#include "config/ModelConfig.h"

namespace hialign {

namespace fs = std::filesystem;

fs::path executableDir()
{
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

fs::path demoLabDir()
{
    std::error_code ec;
    if (const char* env = std::getenv("HIALIGN_DEMO_DIR"); env && *env)
        return io::isModelFolder(fs::path(env) / "model") ? fs::path(env) : fs::path();
    std::vector<fs::path> candidates;
    if (const fs::path dir = executableDir(); !dir.empty())
        candidates.push_back(dir / ".." / "share" / "hialign" / "demo-lab");
#ifdef HIALIGN_SOURCE_DIR
    candidates.push_back(fs::path(HIALIGN_SOURCE_DIR) / "resources" / "demo-lab");
#endif
    for (const auto& c : candidates)
        if (io::isModelFolder(c / "model"))
            return fs::weakly_canonical(c, ec);
    return {};
}

} // namespace hialign

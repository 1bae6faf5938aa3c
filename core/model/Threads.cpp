#include "model/Threads.h"

#include <cstdlib>
#include <unistd.h>
#include <thread>

#include <ATen/Parallel.h>

namespace hialign::model {

int configureThreads(int reserve)
{
    const char* env = std::getenv("OMP_NUM_THREADS");
    if (!env || !*env) {
        const int n = static_cast<int>(std::thread::hardware_concurrency()) - reserve;
        at::set_num_threads(n > 0 ? n : 1);
    }
    return at::get_num_threads();
}

SerialScope::SerialScope(bool serial)
{
    if (serial && at::get_num_threads() > 1) {
        restore_ = at::get_num_threads();
        at::set_num_threads(1);
    }
}

SerialScope::~SerialScope()
{
    if (restore_ > 0)
        at::set_num_threads(restore_);
}

void ensurePassiveOpenMpWait(char** argv)
{
    if (std::getenv("OMP_WAIT_POLICY") || std::getenv("HIALIGN_NO_REEXEC"))
        return;
    ::setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
    ::setenv("HIALIGN_NO_REEXEC", "1", 1);   // never loop
    ::execv("/proc/self/exe", argv);
    // execv returned: carry on with the active policy.
}

} // namespace hialign::model

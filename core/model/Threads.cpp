#include "model/Threads.h"

#include <cstdlib>
#include <thread>

#include <ATen/Parallel.h>

namespace hialign::model {

int configureThreads()
{
    const char* env = std::getenv("OMP_NUM_THREADS");
    if (!env || !*env) {
        const unsigned n = std::thread::hardware_concurrency();
        if (n > 0)
            at::set_num_threads(static_cast<int>(n));
    }
    return at::get_num_threads();
}

} // namespace hialign::model

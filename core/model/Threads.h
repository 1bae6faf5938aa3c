// CPU threading for LibTorch. Debian's LibTorch starts with one intra-op
// thread; this sizes the pool to the machine unless OMP_NUM_THREADS says
// otherwise. Executables call it once at start-up.
#pragma once

namespace hialign::model {

// Returns the number of intra-op threads in use afterwards.
int configureThreads();

} // namespace hialign::model

// CPU threading for LibTorch. Debian's LibTorch starts with one intra-op
// thread; this sizes the pool to the machine unless OMP_NUM_THREADS says
// otherwise. Executables call it once at start-up.
#pragma once

namespace hialign::model {

// Returns the number of intra-op threads in use afterwards. `reserve` cores
// are left to other threads of the process (a GUI thread).
int configureThreads(int reserve = 0);

// Runs the scope's LibTorch work on the calling thread alone when `serial`,
// and restores the thread count after. Decoding a small model one token at a
// time splits nothing worth the pool's wake-ups: on two cores the demo lab's
// answers take 1.6x longer with two threads than with one.
class SerialScope {
public:
    explicit SerialScope(bool serial);
    ~SerialScope();
    SerialScope(const SerialScope&) = delete;
    SerialScope& operator=(const SerialScope&) = delete;

private:
    int restore_ = 0;   // 0: nothing changed
};

// OpenMP's worker threads spin while idle unless OMP_WAIT_POLICY=PASSIVE,
// and the runtime reads it only when it starts: with more busy threads than
// cores (LibTorch's pool beside a GUI or a second job) the spinning slows a
// training step several times over. When the variable is unset, this sets it
// and re-executes the program (argv unchanged); it returns if that fails or
// is not needed. Call it first thing in main().
void ensurePassiveOpenMpWait(char** argv);

} // namespace hialign::model

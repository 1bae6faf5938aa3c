// Seeded data order for DPO training: the train/eval split and batches of
// similar length. Everything is reproducible from a 64-bit seed on any
// platform: the shuffles are our own Fisher–Yates over std::mt19937_64, whose
// output sequence the C++ standard fixes (no std::uniform_int_distribution,
// whose algorithm differs between standard libraries).
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace hialign::align {

// A uniform integer in [0, bound) from the engine, without modulo bias.
std::uint64_t uniformBelow(std::mt19937_64& rng, std::uint64_t bound);

// Fisher–Yates shuffle driven by `rng` (i from the back, j uniform in [0, i]).
void shuffleIndices(std::vector<std::size_t>& indices, std::mt19937_64& rng);

struct Split {
    std::vector<std::size_t> train, eval;   // each sorted ascending; disjoint; together 0..n-1
};

// Shuffles 0..n-1 with std::mt19937_64(seed) and puts the first
// round(evalFraction * n) into eval: at least 1 when evalFraction > 0 and
// n >= 2, and never all of them (train keeps at least one). evalFraction
// must lie in [0, 1) (InputError otherwise).
Split splitTrainEval(std::size_t n, double evalFraction, std::uint64_t seed);

// Batches of indices into `lengths`, grouped by length to waste little
// padding: shuffle (seeded), cut into mega-batches of batchSize * 50, sort
// each by length (longest first, ties in shuffled order), cut into batches of
// batchSize (only the very last may be smaller), then shuffle the batch order
// with the same engine. Every index appears exactly once; the same seed gives
// the same batches. Pass a different seed per epoch (e.g. seed + epoch).
// batchSize must be at least 1 (InputError otherwise).
std::vector<std::vector<std::size_t>> lengthGroupedBatches(const std::vector<std::size_t>& lengths,
                                                           std::size_t batchSize,
                                                           std::uint64_t seed);

// Batches of 0..n-1 in order: [0, batchSize), [batchSize, 2 batchSize), ...
// (only the last may be smaller). batchSize must be at least 1 (InputError
// otherwise).
std::vector<std::vector<std::size_t>> sequentialBatches(std::size_t n, std::size_t batchSize);

} // namespace hialign::align

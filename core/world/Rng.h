// The demo lab's random numbers: std::mt19937_64 with our own uniform and
// shuffle helpers, so that a seed gives the same world, corpus and data sets
// with every standard library (std::uniform_int_distribution and
// std::shuffle are implementation-defined).
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

namespace hialign::world {

class Rng {
public:
    explicit Rng(std::uint64_t seed);

    // A generator for one purpose ("corpus", "eval/logic", ...) derived from a
    // user seed, so that streams with the same seed are unrelated.
    static Rng forStream(std::uint64_t seed, std::string_view stream);

    std::uint64_t next();
    // Uniform in [0, bound); bound must be > 0 (rejection sampling, unbiased).
    std::uint64_t below(std::uint64_t bound);
    std::size_t index(std::size_t size) { return static_cast<std::size_t>(below(size)); }
    // Uniform in [0, 1) with 53 random bits.
    double unit();
    // True with probability p (p <= 0: never, p >= 1: always).
    bool chance(double p);

    template <typename T>
    const T& pick(const std::vector<T>& items)
    {
        return items[index(items.size())];
    }

    // Fisher–Yates, from the back.
    template <typename T>
    void shuffle(std::vector<T>& items)
    {
        for (std::size_t i = items.size(); i > 1; --i)
            std::swap(items[i - 1], items[index(i)]);
    }

private:
    std::mt19937_64 engine_;
};

// SplitMix64's finaliser: a well-mixed 64-bit hash of x.
std::uint64_t mix64(std::uint64_t x);
// FNV-1a, 64 bits.
std::uint64_t fnv1a64(std::string_view text);

} // namespace hialign::world

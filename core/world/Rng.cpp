#include "world/Rng.h"

#include "util/Hash.h"

namespace hialign::world {

Rng::Rng(std::uint64_t seed)
    : engine_(seed)
{
}

Rng Rng::forStream(std::uint64_t seed, std::string_view stream)
{
    return Rng(mix64(seed ^ mix64(fnv1a64(stream))));
}

std::uint64_t Rng::next()
{
    return engine_();
}

std::uint64_t Rng::below(std::uint64_t bound)
{
    if (bound <= 1)
        return 0;
    // Reject the lowest (2^64 mod bound) values so every residue is equally likely.
    const std::uint64_t threshold = (0 - bound) % bound;
    for (;;) {
        const std::uint64_t r = engine_();
        if (r >= threshold)
            return r % bound;
    }
}

double Rng::unit()
{
    return static_cast<double>(engine_() >> 11) * 0x1.0p-53;
}

bool Rng::chance(double p)
{
    if (!(p > 0.0))
        return false;
    if (p >= 1.0)
        return true;
    return unit() < p;
}

std::uint64_t mix64(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::uint64_t fnv1a64(std::string_view text)
{
    return util::fnv1a64(text);
}

} // namespace hialign::world

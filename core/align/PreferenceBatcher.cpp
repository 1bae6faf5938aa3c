#include "align/PreferenceBatcher.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

#include "util/Error.h"

namespace hialign::align {

namespace {

constexpr std::size_t kMegaBatchFactor = 50;

} // namespace

std::uint64_t uniformBelow(std::mt19937_64& rng, std::uint64_t bound)
{
    // Reject the lowest (2^64 mod bound) values so that every residue is
    // equally likely.
    const std::uint64_t threshold = (0 - bound) % bound;
    for (;;) {
        const std::uint64_t r = rng();
        if (r >= threshold)
            return r % bound;
    }
}

void shuffleIndices(std::vector<std::size_t>& indices, std::mt19937_64& rng)
{
    for (std::size_t i = indices.size(); i > 1; --i) {
        const auto j = static_cast<std::size_t>(uniformBelow(rng, i));
        std::swap(indices[i - 1], indices[j]);
    }
}

Split splitTrainEval(std::size_t n, double evalFraction, std::uint64_t seed)
{
    if (!(evalFraction >= 0.0 && evalFraction < 1.0)) {
        std::ostringstream s;
        s << "the evaluation fraction is " << evalFraction << "; it must lie in [0, 1).";
        throw InputError(s.str());
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::mt19937_64 rng(seed);
    shuffleIndices(order, rng);

    auto evalCount = static_cast<std::size_t>(std::llround(evalFraction * static_cast<double>(n)));
    if (evalFraction > 0.0 && n >= 2)
        evalCount = std::clamp<std::size_t>(evalCount, 1, n - 1);
    else if (n < 2)
        evalCount = 0;

    Split split;
    split.eval.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(evalCount));
    split.train.assign(order.begin() + static_cast<std::ptrdiff_t>(evalCount), order.end());
    std::sort(split.eval.begin(), split.eval.end());
    std::sort(split.train.begin(), split.train.end());
    return split;
}

std::vector<std::vector<std::size_t>> lengthGroupedBatches(const std::vector<std::size_t>& lengths,
                                                           std::size_t batchSize,
                                                           std::uint64_t seed)
{
    if (batchSize < 1)
        throw InputError("the batch size is 0; it must be at least 1.");
    std::vector<std::size_t> order(lengths.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::mt19937_64 rng(seed);
    shuffleIndices(order, rng);

    const std::size_t mega = batchSize * kMegaBatchFactor;
    std::vector<std::vector<std::size_t>> batches;
    auto at = [&](std::size_t i) { return order.begin() + static_cast<std::ptrdiff_t>(i); };
    for (std::size_t begin = 0; begin < order.size(); begin += mega) {
        const std::size_t end = std::min(begin + mega, order.size());
        // Stable, so equal lengths keep their shuffled order.
        std::stable_sort(at(begin), at(end),
                         [&](std::size_t a, std::size_t b) { return lengths[a] > lengths[b]; });
        for (std::size_t b = begin; b < end; b += batchSize)
            batches.emplace_back(at(b), at(std::min(b + batchSize, end)));
    }

    // Shuffle the batch order with the same engine.
    std::vector<std::size_t> batchOrder(batches.size());
    std::iota(batchOrder.begin(), batchOrder.end(), std::size_t{0});
    shuffleIndices(batchOrder, rng);
    std::vector<std::vector<std::size_t>> out;
    out.reserve(batches.size());
    for (std::size_t i : batchOrder)
        out.push_back(std::move(batches[i]));
    return out;
}

std::vector<std::vector<std::size_t>> sequentialBatches(std::size_t n, std::size_t batchSize)
{
    if (batchSize < 1)
        throw InputError("the batch size is 0; it must be at least 1.");
    std::vector<std::vector<std::size_t>> batches;
    for (std::size_t begin = 0; begin < n; begin += batchSize) {
        std::vector<std::size_t> batch(std::min(batchSize, n - begin));
        std::iota(batch.begin(), batch.end(), begin);
        batches.push_back(std::move(batch));
    }
    return batches;
}

} // namespace hialign::align

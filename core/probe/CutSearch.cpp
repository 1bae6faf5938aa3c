#include "probe/CutSearch.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <string>

#include "align/LayerPlan.h"
#include "util/Error.h"

namespace hialign::probe {

namespace {

constexpr double kTie = 1e-12;

// Mass of every profile in each block: mass[d][b].
std::vector<std::array<double, 3>> blockMass(const Profiles& p, int cut1, int cut2)
{
    std::vector<std::array<double, 3>> mass(p.size(), {0.0, 0.0, 0.0});
    for (std::size_t d = 0; d < p.size(); ++d)
        for (int l = 0; l < static_cast<int>(p[d].size()); ++l)
            mass[d][l < cut1 ? 0 : (l < cut2 ? 1 : 2)] += p[d][static_cast<std::size_t>(l)];
    return mass;
}

// m_d(b) - r_d(b) for every dimension and block (docs/PROBE.md).
std::vector<std::array<double, 3>> contributions(const Profiles& p, int cut1, int cut2)
{
    const auto mass = blockMass(p, cut1, cut2);
    const std::size_t D = p.size();
    const int N = static_cast<int>(p.front().size());
    const std::array<double, 3> size{static_cast<double>(cut1), static_cast<double>(cut2 - cut1),
                                     static_cast<double>(N - cut2)};
    std::array<double, 3> total{0.0, 0.0, 0.0};
    for (const auto& m : mass)
        for (int b = 0; b < 3; ++b)
            total[b] += m[b];
    std::vector<std::array<double, 3>> c(D);
    for (std::size_t d = 0; d < D; ++d)
        for (int b = 0; b < 3; ++b) {
            const double reference = D >= 2 ? (total[b] - mass[d][b]) / static_cast<double>(D - 1) : size[b] / N;
            c[d][b] = mass[d][b] - reference;
        }
    return c;
}

void checkCuts(const Profiles& p, int cut1, int cut2)
{
    if (p.empty())
        throw InputError("the cut search needs at least one importance profile");
    const int N = static_cast<int>(p.front().size());
    if (!(0 < cut1 && cut1 < cut2 && cut2 < N))
        throw InputError("cuts " + std::to_string(cut1) + ", " + std::to_string(cut2) + " do not satisfy 0 < cut1 < cut2 < "
                         + std::to_string(N));
}

} // namespace

Profiles normaliseProfiles(const Profiles& raw)
{
    if (raw.empty())
        throw InputError("the cut search needs at least one importance profile");
    const std::size_t N = raw.front().size();
    Profiles out;
    for (const auto& profile : raw) {
        if (profile.size() != N || N == 0)
            throw InputError("importance profiles must all have one value per layer, and at least one layer");
        double sum = 0.0;
        std::vector<double> p(N);
        for (std::size_t l = 0; l < N; ++l) {
            if (!std::isfinite(profile[l]))
                throw InputError("an importance profile holds a value that is not finite at layer " + std::to_string(l));
            p[l] = std::max(0.0, profile[l]);
            sum += p[l];
        }
        for (auto& v : p)
            v = sum > 0 ? v / sum : 1.0 / static_cast<double>(N);
        out.push_back(std::move(p));
    }
    return out;
}

double separationObjective(const Profiles& p, int cut1, int cut2, const std::vector<int>& blockOf)
{
    checkCuts(p, cut1, cut2);
    if (blockOf.size() != p.size())
        throw InputError("the block assignment names " + std::to_string(blockOf.size()) + " dimensions, not "
                         + std::to_string(p.size()));
    const auto c = contributions(p, cut1, cut2);
    double s = 0.0;
    for (std::size_t d = 0; d < p.size(); ++d) {
        if (blockOf[d] < 0 || blockOf[d] > 2)
            throw InputError("block " + std::to_string(blockOf[d]) + " is not 0, 1 or 2");
        s += c[d][static_cast<std::size_t>(blockOf[d])];
    }
    return s;
}

CutChoice bestAssignment(const Profiles& p, int cut1, int cut2)
{
    checkCuts(p, cut1, cut2);
    const auto c = contributions(p, cut1, cut2);
    const std::size_t D = p.size();
    CutChoice best;
    best.cut1 = cut1;
    best.cut2 = cut2;
    if (D > 3) {
        // Several dimensions may share a block: S separates per dimension.
        best.blockOf.assign(D, 0);
        for (std::size_t d = 0; d < D; ++d) {
            int b = 0;
            for (int k = 1; k < 3; ++k)
                if (c[d][k] > c[d][b] + kTie)
                    b = k;
            best.blockOf[d] = b;
            best.objective += c[d][b];
        }
        return best;
    }
    // One-to-one: the first D entries of each permutation of the blocks, in
    // lexicographic order (at most 6 candidates).
    std::array<int, 3> perm{0, 1, 2};
    bool first = true;
    do {
        std::vector<int> blockOf(perm.begin(), perm.begin() + static_cast<long>(D));
        double s = 0.0;
        for (std::size_t d = 0; d < D; ++d)
            s += c[d][static_cast<std::size_t>(blockOf[d])];
        if (first || s > best.objective + kTie) {
            best.objective = s;
            best.blockOf = blockOf;
            first = false;
        }
    } while (std::next_permutation(perm.begin(), perm.end()));
    return best;
}

CutChoice suggestCuts(const Profiles& p)
{
    if (p.empty())
        throw InputError("the cut search needs at least one importance profile");
    const int N = static_cast<int>(p.front().size());
    if (N < 3)
        throw InputError("suggested cuts need at least 3 layers, the model has " + std::to_string(N));
    const align::LayerPlan thirds(N);
    const auto distance = [&](int c1, int c2) { return std::abs(c1 - thirds.cut1()) + std::abs(c2 - thirds.cut2()); };
    CutChoice best;
    bool first = true;
    for (int c1 = 1; c1 < N - 1; ++c1)
        for (int c2 = c1 + 1; c2 < N; ++c2) {
            CutChoice here = bestAssignment(p, c1, c2);
            const bool better = here.objective > best.objective + kTie;
            const bool tie = std::abs(here.objective - best.objective) <= kTie;
            if (first || better || (tie && distance(c1, c2) < distance(best.cut1, best.cut2))) {
                best = std::move(here);
                first = false;
            }
        }
    return best;
}

} // namespace hialign::probe

// Suggested block cuts from per-dimension layer importance profiles
// (docs/PROBE.md, "Suggested cuts"). Plain C++.
//
// A profile p_d (one per dimension d, one value per layer, each >= 0) is
// normalised to sum 1 over the N layers; an all-zero profile becomes the
// uniform one. For cuts 0 < c1 < c2 < N the blocks are local [0, c1),
// intermediate [c1, c2) and global [c2, N); m_d(b) is d's mass in block b.
// Each dimension d is assigned a block b_d, and the separation objective is
//
//   S = sum_d ( m_d(b_d) - r_d(b_d) ),
//   r_d(b) = mean over the other dimensions d' of m_d'(b)   (D >= 2)
//   r_d(b) = |b| / N, the uniform profile's mass            (D = 1)
//
// With D <= 3 the assignment is one-to-one (each block holds at most one
// dimension); with D > 3 each dimension picks its block freely, several may
// share one. Uniform profiles score 0 under every cut and assignment.
#pragma once

#include <vector>

namespace hialign::probe {

using Profiles = std::vector<std::vector<double>>;   // [dimension][layer]

// Each profile divided by its sum (negative values count as 0); an all-zero
// profile becomes uniform. Throws InputError for no profiles, profiles of
// different lengths, or a value that is not finite.
Profiles normaliseProfiles(const Profiles& raw);

struct CutChoice {
    int cut1 = 0;
    int cut2 = 0;
    std::vector<int> blockOf;   // per dimension: 0 local, 1 intermediate, 2 global
    double objective = 0.0;
};

// S for normalised profiles, cuts and an assignment (see above).
double separationObjective(const Profiles& normalised, int cut1, int cut2, const std::vector<int>& blockOf);

// The assignment maximising S at fixed cuts (ties: the first in
// lexicographic order of blockOf). Requires 0 < cut1 < cut2 < N.
CutChoice bestAssignment(const Profiles& normalised, int cut1, int cut2);

// The cuts and assignment maximising S over every 0 < c1 < c2 < N: O(N^2)
// cut pairs, each with at most 6 assignments for D <= 3 and 3 D block
// choices for D > 3. Ties go to the cuts nearer the default thirds
// (|c1 - t1| + |c2 - t2|), then to the smaller c1, c2. Requires N >= 3.
CutChoice suggestCuts(const Profiles& normalised);

} // namespace hialign::probe

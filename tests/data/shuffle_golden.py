#!/usr/bin/env python3
"""Golden values of tests/core/tst_align_batching.cpp (shuffleMatchesIndependentImplementation).

An implementation of mt19937_64 (the C++ standard's parameters) and of the
rejection-sampled Fisher-Yates shuffle that core/align/PreferenceBatcher.cpp
documents, written from their definitions without the C++ code. It prints the
values the test compares against:
    python3 tests/data/shuffle_golden.py
"""

MASK = (1 << 64) - 1


class MT19937_64:
    n, m, r = 312, 156, 31
    a = 0xB5026F5AA96619E9
    u, d = 29, 0x5555555555555555
    s, b = 17, 0x71D67FFFEDA60000
    t, c = 37, 0xFFF7EEE000000000
    l, f = 43, 6364136223846793005

    def __init__(self, seed=5489):
        self.mt = [0] * self.n
        self.mt[0] = seed & MASK
        for i in range(1, self.n):
            prev = self.mt[i - 1]
            self.mt[i] = (self.f * (prev ^ (prev >> 62)) + i) & MASK
        self.index = self.n

    def twist(self):
        upper, lower = (~((1 << self.r) - 1)) & MASK, (1 << self.r) - 1
        for i in range(self.n):
            x = (self.mt[i] & upper) | (self.mt[(i + 1) % self.n] & lower)
            xa = x >> 1
            if x & 1:
                xa ^= self.a
            self.mt[i] = self.mt[(i + self.m) % self.n] ^ xa
        self.index = 0

    def __call__(self):
        if self.index >= self.n:
            self.twist()
        y = self.mt[self.index]
        self.index += 1
        y ^= (y >> self.u) & self.d
        y ^= (y << self.s) & self.b
        y ^= (y << self.t) & self.c
        y ^= y >> self.l
        return y & MASK


def uniform_below(rng, bound):
    threshold = (2**64 - bound) % bound   # reject the lowest 2^64 mod bound values
    while True:
        r = rng()
        if r >= threshold:
            return r % bound


def shuffle(values, rng):
    for i in range(len(values), 1, -1):
        j = uniform_below(rng, i)
        values[i - 1], values[j] = values[j], values[i - 1]


def split_eval(n, fraction, seed):
    order = list(range(n))
    shuffle(order, MT19937_64(seed))
    count = min(max(round(fraction * n), 1), n - 1)
    return sorted(order[:count])


if __name__ == "__main__":
    check = MT19937_64()
    for _ in range(9999):
        check()
    print("10000th output of the default-seeded engine:", check())   # the standard says 9981545732273789042
    v = list(range(10))
    shuffle(v, MT19937_64(42))
    print("shuffle of 0..9, seed 42:", v)
    print("eval indices of 20 at 0.25, seed 7:", split_eval(20, 0.25, 7))

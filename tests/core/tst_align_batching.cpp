// Seeded data order: Fisher–Yates over mt19937_64, the train/eval split and
// length-grouped batches.
#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <set>
#include <vector>

#include "align/PreferenceBatcher.h"
#include "util/Error.h"

using hialign::InputError;
using hialign::align::lengthGroupedBatches;
using hialign::align::splitTrainEval;
using Indices = std::vector<std::size_t>;

namespace {

QString errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

std::vector<std::size_t> someLengths(std::size_t n)
{
    // Deterministic, varied lengths with many ties.
    std::vector<std::size_t> lengths(n);
    for (std::size_t i = 0; i < n; ++i)
        lengths[i] = 5 + (i * 37) % 113;
    return lengths;
}

} // namespace

class TestAlignBatching : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shuffleMatchesIndependentImplementation()
    {
        // Golden values from a separate Python implementation of
        // mt19937_64 and the same rejection-sampled Fisher–Yates
        // (tests/data/shuffle_golden.py prints them): the order depends on no
        // standard-library distribution.
        std::mt19937_64 check;
        check.discard(9999);
        QCOMPARE(check(), std::uint64_t(9981545732273789042ULL));   // the standard's own check value

        Indices v(10);
        std::iota(v.begin(), v.end(), std::size_t{0});
        std::mt19937_64 rng(42);
        hialign::align::shuffleIndices(v, rng);
        QCOMPARE(v, (Indices{1, 7, 9, 0, 3, 8, 4, 2, 5, 6}));

        const auto split = splitTrainEval(20, 0.25, 7);
        QCOMPARE(split.eval, (Indices{2, 4, 12, 14, 18}));
    }

    void uniformBelowStaysInRange()
    {
        std::mt19937_64 rng(1);
        std::vector<int> counts(3, 0);
        for (int i = 0; i < 3000; ++i)
            ++counts[hialign::align::uniformBelow(rng, 3)];
        for (int c : counts)
            QVERIFY(c > 900 && c < 1100);
        QCOMPARE(hialign::align::uniformBelow(rng, 1), std::uint64_t(0));
    }

    void splitSizes_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<double>("fraction");
        QTest::addColumn<int>("evalCount");
        QTest::newRow("10 at 0.1") << 10 << 0.1 << 1;
        QTest::newRow("10 at 0.25 rounds half up") << 10 << 0.25 << 3;
        QTest::newRow("1000 at 0.05") << 1000 << 0.05 << 50;
        QTest::newRow("tiny fraction keeps one") << 2 << 0.01 << 1;
        QTest::newRow("large fraction keeps one train") << 3 << 0.9 << 2;
        QTest::newRow("zero fraction") << 10 << 0.0 << 0;
        QTest::newRow("one example") << 1 << 0.5 << 0;
        QTest::newRow("no examples") << 0 << 0.5 << 0;
    }
    void splitSizes()
    {
        QFETCH(int, n);
        QFETCH(double, fraction);
        QFETCH(int, evalCount);
        const auto s = splitTrainEval(std::size_t(n), fraction, 123);
        QCOMPARE(s.eval.size(), std::size_t(evalCount));
        QCOMPARE(s.train.size(), std::size_t(n - evalCount));
        // Disjoint and together 0..n-1.
        Indices all = s.train;
        all.insert(all.end(), s.eval.begin(), s.eval.end());
        std::sort(all.begin(), all.end());
        Indices expected(static_cast<std::size_t>(n));
        std::iota(expected.begin(), expected.end(), std::size_t{0});
        QCOMPARE(all, expected);
        QVERIFY(std::is_sorted(s.train.begin(), s.train.end()));
        QVERIFY(std::is_sorted(s.eval.begin(), s.eval.end()));
    }

    void splitDeterminism()
    {
        const auto a = splitTrainEval(500, 0.1, 2024);
        const auto b = splitTrainEval(500, 0.1, 2024);
        QCOMPARE(a.train, b.train);
        QCOMPARE(a.eval, b.eval);
        const auto c = splitTrainEval(500, 0.1, 2025);
        QVERIFY(a.eval != c.eval);
    }

    void splitRejectsBadFractions()
    {
        for (double f : {-0.1, 1.0, 2.0, std::nan("")})
            QVERIFY(errorOf([&] { splitTrainEval(10, f, 1); }).contains("evaluation fraction"));
    }

    void batchesCoverEveryIndexOnce_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("batchSize");
        QTest::newRow("one mega-batch") << 100 << 4;
        QTest::newRow("several mega-batches") << 1037 << 3;
        QTest::newRow("batch of one") << 17 << 1;
        QTest::newRow("batch larger than data") << 5 << 8;
        QTest::newRow("empty") << 0 << 4;
    }
    void batchesCoverEveryIndexOnce()
    {
        QFETCH(int, n);
        QFETCH(int, batchSize);
        const auto lengths = someLengths(std::size_t(n));
        const auto batches = lengthGroupedBatches(lengths, std::size_t(batchSize), 99);
        Indices all;
        std::size_t small = 0;
        for (const auto& b : batches) {
            QVERIFY(!b.empty());
            QVERIFY(b.size() <= std::size_t(batchSize));
            if (b.size() < std::size_t(batchSize))
                ++small;
            all.insert(all.end(), b.begin(), b.end());
        }
        QVERIFY(small <= 1);   // only the very last cut may be short
        std::sort(all.begin(), all.end());
        Indices expected(static_cast<std::size_t>(n));
        std::iota(expected.begin(), expected.end(), std::size_t{0});
        QCOMPARE(all, expected);
        QCOMPARE(batches.size(), std::size_t((n + batchSize - 1) / batchSize));
    }

    void batchesAreGroupedByLength()
    {
        // One mega-batch (100 <= 4 * 50): the batches are consecutive runs of
        // the examples sorted by length, so they do not overlap in length.
        const auto lengths = someLengths(100);
        auto batches = lengthGroupedBatches(lengths, 4, 5);
        auto maxOf = [&](const Indices& b) {
            std::size_t m = 0;
            for (std::size_t i : b)
                m = std::max(m, lengths[i]);
            return m;
        };
        auto minOf = [&](const Indices& b) {
            std::size_t m = SIZE_MAX;
            for (std::size_t i : b)
                m = std::min(m, lengths[i]);
            return m;
        };
        std::stable_sort(batches.begin(), batches.end(),
                         [&](const Indices& a, const Indices& b) { return maxOf(a) > maxOf(b); });
        for (std::size_t k = 1; k < batches.size(); ++k)
            QVERIFY(maxOf(batches[k]) <= minOf(batches[k - 1]));
        for (const auto& b : batches)   // longest first within a batch
            QVERIFY(std::is_sorted(b.begin(), b.end(),
                                   [&](std::size_t x, std::size_t y) { return lengths[x] > lengths[y]; }));
    }

    void batchOrderIsShuffled()
    {
        // Not simply longest to shortest: the batch order is shuffled.
        const auto lengths = someLengths(200);
        const auto batches = lengthGroupedBatches(lengths, 4, 11);
        std::vector<std::size_t> firstLengths;
        for (const auto& b : batches)
            firstLengths.push_back(lengths[b.front()]);
        QVERIFY(!std::is_sorted(firstLengths.begin(), firstLengths.end(), std::greater<>()));
    }

    void batchesDeterministicPerSeed()
    {
        const auto lengths = someLengths(1037);
        const auto a = lengthGroupedBatches(lengths, 8, 31337);
        const auto b = lengthGroupedBatches(lengths, 8, 31337);
        QCOMPARE(a, b);
        const auto c = lengthGroupedBatches(lengths, 8, 31338);
        QVERIFY(a != c);
    }

    void batchSizeZero()
    {
        QVERIFY(errorOf([] { lengthGroupedBatches({1, 2, 3}, 0, 1); }).contains("batch size is 0"));
    }
};

QTEST_APPLESS_MAIN(TestAlignBatching)
#include "tst_align_batching.moc"

// The exact judge behind the Judge interface, accuracy with Wilson intervals
// against known values, and checkers that never crash on any input.
#include <QtTest/QtTest>

#include <memory>
#include <string>
#include <vector>

#include "world/Accuracy.h"
#include "world/Checking.h"
#include "world/EvalPrompts.h"
#include "world/FactChecker.h"
#include "world/GrammarChecker.h"
#include "world/LogicChecker.h"
#include "world/Preferences.h"
#include "world/Rng.h"
#include "world/WorldJudge.h"

using hialign::judge::Judge;
using hialign::judge::JudgeScore;
using hialign::world::Accuracy;
using hialign::world::Dimension;
using hialign::world::Verdict;
using hialign::world::World;
using hialign::world::WorldJudge;
using hialign::world::WorldOptions;

class TestWorldJudge : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void wilsonKnownValues_data()
    {
        QTest::addColumn<int>("successes");
        QTest::addColumn<int>("trials");
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        QTest::newRow("8/10") << 8 << 10 << 0.4902 << 0.9433;
        QTest::newRow("0/10") << 0 << 10 << 0.0 << 0.2775;
        QTest::newRow("10/10") << 10 << 10 << 0.7225 << 1.0;
        QTest::newRow("50/100") << 50 << 100 << 0.4038 << 0.5962;
        QTest::newRow("170/200") << 170 << 200 << 0.7939 << 0.8929;
        QTest::newRow("1/1") << 1 << 1 << 0.2065 << 1.0;
        QTest::newRow("0/0") << 0 << 0 << 0.0 << 1.0;
    }

    void wilsonKnownValues()
    {
        QFETCH(int, successes);
        QFETCH(int, trials);
        QFETCH(double, low);
        QFETCH(double, high);
        const auto [l, h] = hialign::world::wilsonInterval(static_cast<std::size_t>(successes),
                                                          static_cast<std::size_t>(trials));
        QVERIFY2(std::abs(l - low) < 5e-4, qPrintable(QString::number(l)));
        QVERIFY2(std::abs(h - high) < 5e-4, qPrintable(QString::number(h)));
    }

    void summarizeCounts()
    {
        std::vector<Verdict> v(8, Verdict::Correct);
        v.push_back(Verdict::Wrong);
        v.push_back(Verdict::Unparseable);
        const Accuracy a = hialign::world::summarize(v);
        QCOMPARE(a.correct, std::size_t(8));
        QCOMPARE(a.wrong, std::size_t(1));
        QCOMPARE(a.unparseable, std::size_t(1));
        QCOMPARE(a.total, std::size_t(10));
        QCOMPARE(a.accuracy, 0.8);
        QVERIFY(std::abs(a.low - 0.4902) < 5e-4);
        QVERIFY(std::abs(a.high - 0.9433) < 5e-4);
        const Accuracy none = hialign::world::summarize({});
        QCOMPARE(none.total, std::size_t(0));
        QCOMPARE(none.accuracy, 0.0);
        QCOMPARE(none.low, 0.0);
        QCOMPARE(none.high, 1.0);
    }

    void judgeInterface()
    {
        const World w = World::generate(WorldOptions{});
        std::unique_ptr<Judge> judge = std::make_unique<WorldJudge>(w);
        QCOMPARE(QString::fromStdString(judge->name()), QString("exact"));
        QCOMPARE(judge->dimensions(), (std::vector<std::string>{"grammar", "logic", "facts"}));

        for (Dimension d : hialign::world::kAllDimensions) {
            for (const auto& p : hialign::world::generatePreferences(w, d, 30, 8)) {
                const std::vector<JudgeScore> good = judge->judge(p.prompt, p.chosen);
                QCOMPARE(good.size(), std::size_t(1));
                QCOMPARE(QString::fromStdString(good[0].dimension),
                         QString::fromStdString(hialign::world::dimensionName(d)));
                QCOMPARE(good[0].score.value_or(-1.0), 1.0);
                QCOMPARE(QString::fromStdString(good[0].verdict), QString("correct"));
                QVERIFY(!good[0].explanation.empty());
                const std::vector<JudgeScore> bad = judge->judge(p.prompt, p.rejected);
                QCOMPARE(bad.size(), std::size_t(1));
                QCOMPARE(bad[0].score.value_or(-1.0), 0.0);
                QCOMPARE(QString::fromStdString(bad[0].verdict), QString("wrong"));
            }
        }
        const auto garbage = judge->judge(w.people()[0].name + " lives in", " \x01\x02");
        QCOMPARE(QString::fromStdString(garbage[0].dimension), QString("facts"));
        QCOMPARE(QString::fromStdString(garbage[0].verdict), QString("unparseable"));
        QCOMPARE(garbage[0].score.value_or(-1.0), 0.0);
        // A prompt of no known shape is judged on grammar.
        const auto free = judge->judge("", w.people()[0].name + " is happy.");
        QCOMPARE(QString::fromStdString(free[0].dimension), QString("grammar"));
        QCOMPARE(QString::fromStdString(free[0].verdict), QString("correct"));
    }

    void judgeUsesTheEvalSetsDimensions()
    {
        // A full sentence as prompt has no shape; the eval set says "facts".
        const World w = World::generate(WorldOptions{});
        const auto& p = w.people()[0];
        std::vector<hialign::world::EvalPrompt> set{{Dimension::Facts, "", " " + p.name + " likes " + p.colour + "."}};
        WorldJudge judge(w, set);
        QCOMPARE(judge.dimensionFor(""), Dimension::Facts);
        const auto s = judge.judge("", " " + p.name + " likes " + p.colour + ".");
        QCOMPARE(QString::fromStdString(s[0].dimension), QString("facts"));
        QCOMPARE(s[0].score.value_or(-1.0), 1.0);
        QCOMPARE(judge.dimensionFor("zzz"), Dimension::Grammar);
    }

    void evaluationLoopOverEvalPrompts()
    {
        // What `world eval` does with a model's generations, here with the
        // references (all correct) and a garbage generator (all unparseable).
        const World w = World::generate(WorldOptions{});
        for (Dimension d : hialign::world::kAllDimensions) {
            std::vector<Verdict> perfect, garbage;
            for (const auto& p : hialign::world::generateEvalPrompts(w, d, 50, 3)) {
                perfect.push_back(hialign::world::checkContinuation(w, d, p.prompt, p.reference).verdict);
                garbage.push_back(hialign::world::checkContinuation(w, d, p.prompt, " qq zz.").verdict);
            }
            QCOMPARE(hialign::world::summarize(perfect).accuracy, 1.0);
            const Accuracy g = hialign::world::summarize(garbage);
            QCOMPARE(g.unparseable, std::size_t(50));
            QCOMPARE(g.accuracy, 0.0);
        }
    }

    void checkersNeverCrash()
    {
        const World w = World::generate(WorldOptions{});
        const hialign::world::GrammarChecker grammar(w);
        const hialign::world::LogicChecker logic(w);
        const hialign::world::FactChecker facts(w);
        WorldJudge judge(w);
        hialign::world::Rng rng(123);
        // Random bytes, and random sequences of the world's own words and
        // punctuation (which reach the parser's deeper paths).
        const auto vocab = w.vocabulary();
        const std::vector<std::string> extra{".", " ", "\n", "so", "if", "then", "and", std::string(1, '\0'), "\xff", "!", ","};
        std::size_t verdicts[3] = {0, 0, 0};
        for (int i = 0; i < 4000; ++i) {
            std::string prompt, text;
            for (std::string* s : {&prompt, &text}) {
                const std::size_t n = static_cast<std::size_t>(rng.below(24));
                for (std::size_t k = 0; k < n; ++k) {
                    const auto mode = rng.below(3);
                    if (mode == 0)
                        *s += static_cast<char>(rng.below(256));
                    else if (mode == 1)
                        *s += " " + rng.pick(vocab);
                    else
                        *s += rng.pick(extra);
                }
            }
            for (const auto& c : {grammar.check(text), grammar.check(prompt, text), logic.check(prompt, text),
                                  facts.check(prompt, text)}) {
                QVERIFY(!c.explanation.empty());
                ++verdicts[static_cast<int>(c.verdict)];
            }
            QCOMPARE(judge.judge(prompt, text).size(), std::size_t(1));
            hialign::world::dimensionOfPrompt(w, prompt);
        }
        QVERIFY(verdicts[static_cast<int>(Verdict::Unparseable)] > 0);
        QVERIFY(verdicts[static_cast<int>(Verdict::Wrong)] > 0);
        // Empty, huge and NUL-filled inputs.
        QCOMPARE(grammar.check(std::string()).verdict, Verdict::Unparseable);
        QCOMPARE(logic.check(std::string(), std::string()).verdict, Verdict::Unparseable);
        QCOMPARE(facts.check(std::string(), std::string()).verdict, Verdict::Unparseable);
        QCOMPARE(grammar.check(std::string(100000, 'a')).verdict, Verdict::Unparseable);
        QCOMPARE(grammar.check(std::string(1000, '\0')).verdict, Verdict::Unparseable);
        QCOMPARE(facts.check(std::string(5000, '.'), std::string(5000, ' ')).verdict, Verdict::Unparseable);
    }
};

QTEST_APPLESS_MAIN(TestWorldJudge)
#include "tst_world_judge.moc"

// Rubric judging without a model: rubrics and prompts, the strict rating and
// verdict parsers, the probability-weighted score and the two-order pairwise rule.
#include <QtTest/QtTest>

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>

#include "judge/RubricJudge.h"
#include "util/Error.h"

using namespace hialign::judge;

namespace {
std::optional<char> charOrNone(const QString& s)
{
    return s.isEmpty() ? std::nullopt : std::optional<char>(s.at(0).toLatin1());
}
} // namespace

class TestJudgeRubric : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rubricsCoverDimensions()
    {
        const std::vector<std::string> dims = rubricDimensions();
        QCOMPARE(dims, (std::vector<std::string>{"grammar", "logic", "facts"}));
        for (const std::string& d : dims) {
            const Rubric& r = rubric(d);
            QCOMPARE(r.dimension, d);
            QVERIFY(!r.title.empty() && !r.focus.empty());
            QVERIFY(!r.one.empty() && !r.five.empty() && !r.ten.empty());
        }
        QVERIFY_THROWS_EXCEPTION(hialign::InputError, rubric("style"));
    }

    void judgePrompt()
    {
        const std::string p = buildJudgePrompt("logic", "Why is the sky blue?", "Because of fish.");
        QVERIFY(p.find("logical coherence") != std::string::npos);
        QVERIFY(p.find(rubric("logic").ten) != std::string::npos);
        QVERIFY(p.find("Why is the sky blue?") != std::string::npos);
        QVERIFY(p.find("Because of fish.") != std::string::npos);
        QVERIFY(p.find("Rating: [[N]]") != std::string::npos);
        // Explanation first, rating last.
        QVERIFY(p.find("explain") < p.find("Rating: [[N]]"));
        QVERIFY_THROWS_EXCEPTION(hialign::InputError, buildJudgePrompt("tone", "a", "b"));
    }

    void pairwisePrompt()
    {
        const std::string p = buildPairwisePrompt("facts", "Capital of France?", "Paris.", "Lyon.");
        QVERIFY(p.find("factual consistency") != std::string::npos);
        QVERIFY(p.find("Paris.") < p.find("Lyon."));
        for (const char* m : {"Verdict: [[A]]", "Verdict: [[B]]", "Verdict: [[tie]]"})
            QVERIFY2(p.find(m) != std::string::npos, m);
    }

    void parseRating_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<int>("score");   // 0 = unparsed
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("explanation");

        QTest::newRow("plain") << "Reads well.\nRating: [[7]]" << 7 << "" << "Reads well.";
        QTest::newRow("lowercase") << "rating: [[8]]" << 8 << "" << "";
        QTest::newRow("uppercase") << "RATING: [[8]]" << 8 << "" << "";
        QTest::newRow("spaces inside") << "Ok.\nRating: [[  9 ]]" << 9 << "" << "Ok.";
        QTest::newRow("indented") << "Fine.\n \t Rating:[[3]]" << 3 << "" << "Fine.";
        QTest::newRow("no colon") << "Rating [[4]]" << 4 << "" << "";
        QTest::newRow("ten") << "Rating: [[10]]" << 10 << "" << "";
        QTest::newRow("one") << "Rating: [[1]]" << 1 << "" << "";
        QTest::newRow("leading zero") << "Rating: [[07]]" << 7 << "" << "";
        QTest::newRow("text after marker") << "Rating: [[6]] overall" << 6 << "" << "";
        QTest::newRow("marker first, text after") << "Rating: [[2]]\nBecause it is wrong." << 2 << "" << "";
        QTest::newRow("crlf") << "Fine.\r\nRating: [[5]]\r\n" << 5 << "" << "Fine.";
        QTest::newRow("multiple: first wins") << "A.\nRating: [[4]]\nB.\nRating: [[9]]" << 4 << "" << "A.";
        QTest::newRow("invalid then valid") << "Rating: [[11]]\nSorry.\nRating: [[6]]" << 6 << ""
                                            << "Rating: [[11]]\nSorry.";
        QTest::newRow("quoted mid-line then real")
            << "Some would say Rating: [[3]] here.\nRating: [[8]]" << 8 << ""
            << "Some would say Rating: [[3]] here.";
        QTest::newRow("quoted mid-line only")
            << "I would not give it \"Rating: [[3]]\" as others did." << 0 << "no rating marker"
            << "I would not give it \"Rating: [[3]]\" as others did.";
        QTest::newRow("bare brackets") << "Overall [[7]]\n[[7]]" << 0 << "no rating marker"
                                       << "Overall [[7]]\n[[7]]";
        QTest::newRow("no brackets") << "Rating: 7" << 0 << "no rating marker" << "Rating: 7";
        QTest::newRow("single brackets") << "Rating: [7]" << 0 << "no rating marker" << "Rating: [7]";
        QTest::newRow("unclosed") << "Rating: [[7" << 0 << "no rating marker" << "Rating: [[7";
        QTest::newRow("other word") << "Ratings: [[5]]" << 0 << "no rating marker" << "Ratings: [[5]]";
        QTest::newRow("zero") << "Rating: [[0]]" << 0 << "rating 0 is outside 1-10" << "Rating: [[0]]";
        QTest::newRow("eleven") << "Bad.\nRating: [[11]]" << 0 << "rating 11 is outside 1-10"
                                << "Bad.\nRating: [[11]]";
        QTest::newRow("negative") << "Rating: [[-3]]" << 0 << "rating -3 is outside 1-10" << "Rating: [[-3]]";
        QTest::newRow("huge") << "Rating: [[100000000000000000000]]" << 0
                              << "rating 100000000000000000000 is outside 1-10"
                              << "Rating: [[100000000000000000000]]";
        QTest::newRow("fraction") << "Rating: [[7.5]]" << 0 << "rating 7.5 is not a whole number"
                                  << "Rating: [[7.5]]";
        QTest::newRow("word") << "Rating: [[seven]]" << 0 << "rating \"seven\" is not a number"
                              << "Rating: [[seven]]";
        QTest::newRow("empty marker") << "Rating: [[ ]]" << 0 << "rating marker is empty" << "Rating: [[ ]]";
        QTest::newRow("first invalid reason kept") << "Rating: [[0]]\nRating: [[12]]" << 0
                                                   << "rating 0 is outside 1-10"
                                                   << "Rating: [[0]]\nRating: [[12]]";
        QTest::newRow("empty reply") << "" << 0 << "empty reply" << "";
        QTest::newRow("whitespace reply") << " \n\t\n" << 0 << "empty reply" << "";
    }

    void parseRating()
    {
        QFETCH(QString, reply);
        QFETCH(int, score);
        QFETCH(QString, problem);
        QFETCH(QString, explanation);
        const ParsedRating r = hialign::judge::parseRating(reply.toStdString());
        if (score == 0) {
            QVERIFY(!r.score.has_value());
        } else {
            QVERIFY(r.score.has_value());
            QCOMPARE(*r.score, score);
        }
        QCOMPARE(QString::fromStdString(r.problem), problem);
        QCOMPARE(QString::fromStdString(r.explanation), explanation);
    }

    void parseVerdict_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<QString>("verdict");   // empty = unparsed
        QTest::addColumn<QString>("problem");

        QTest::newRow("A") << "A is clearer.\nVerdict: [[A]]" << "A" << "";
        QTest::newRow("b lowercase, spaces") << "verdict: [[ b ]]" << "B" << "";
        QTest::newRow("tie uppercase") << "VERDICT: [[TIE]]" << "T" << "";
        QTest::newRow("first valid wins") << "Verdict: [[X]]\nVerdict: [[B]]\nVerdict: [[A]]" << "B" << "";
        QTest::newRow("quoted mid-line") << "I almost wrote Verdict: [[A]] here." << "" << "no verdict marker";
        QTest::newRow("bad token") << "Verdict: [[C]]" << "" << "verdict \"C\" is not A, B or tie";
        QTest::newRow("both") << "Verdict: [[A and B]]" << "" << "verdict \"A and B\" is not A, B or tie";
        QTest::newRow("empty") << "" << "" << "empty reply";
    }

    void parseVerdict()
    {
        QFETCH(QString, reply);
        QFETCH(QString, verdict);
        QFETCH(QString, problem);
        const ParsedVerdict v = hialign::judge::parseVerdict(reply.toStdString());
        QCOMPARE(v.verdict, charOrNone(verdict));
        QCOMPARE(QString::fromStdString(v.problem), problem);
    }

    void weightedScoreKnownDistribution()
    {
        const WeightedScore w = weightedScore({{"7", std::log(0.5)}, {"8", std::log(0.3)},
                                               {"9", std::log(0.2)}});
        QVERIFY(std::abs(w.score - 7.7) < 1e-12);
        QVERIFY(std::abs(w.mass - 1.0) < 1e-12);
        QVERIFY(!w.lowMass);
    }

    void weightedScoreRenormalises()
    {
        const std::map<std::string, double> lp{{"7", std::log(0.2)}, {"8", std::log(0.2)},
                                               {"The", std::log(0.5)}, {"0", std::log(0.05)},
                                               {"11", std::log(0.02)}, {"07", std::log(0.01)}};
        const WeightedScore w = weightedScore(lp);
        QVERIFY(std::abs(w.score - 7.5) < 1e-12);
        QVERIFY(std::abs(w.mass - 0.4) < 1e-12);
        QVERIFY(w.lowMass);
        QVERIFY(!weightedScore(lp, 0.3).lowMass);
    }

    void weightedScoreMergesSpacedTokens()
    {
        const WeightedScore w = weightedScore({{" 7", std::log(0.1)}, {"7", std::log(0.1)},
                                               {"10", std::log(0.2)},
                                               {"3", -std::numeric_limits<double>::infinity()}});
        QVERIFY(std::abs(w.score - 8.5) < 1e-12);
        QVERIFY(std::abs(w.mass - 0.4) < 1e-12);
    }

    void weightedScoreWithoutScoreTokens()
    {
        for (const auto& lp : {std::map<std::string, double>{},
                               std::map<std::string, double>{{"Rating", std::log(0.9)}}}) {
            const WeightedScore w = weightedScore(lp);
            QCOMPARE(w.mass, 0.0);
            QCOMPARE(w.score, 0.0);
            QVERIFY(w.lowMass);
        }
    }

    void weightedScoreRejectsBadInput()
    {
        QVERIFY_THROWS_EXCEPTION(hialign::InputError,
                                 weightedScore({{"5", std::numeric_limits<double>::quiet_NaN()}}));
        QVERIFY_THROWS_EXCEPTION(hialign::InputError, weightedScore({{"5", 0.5}}));
        QVERIFY_THROWS_EXCEPTION(hialign::InputError, weightedScore({{"5", -1.0}}, 1.5));
    }

    void combinePairwise_data()
    {
        QTest::addColumn<QString>("first");     // A = response 1; empty = unparsed
        QTest::addColumn<QString>("swapped");   // A = response 2
        QTest::addColumn<QString>("result");

        QTest::newRow("1 wins both orders") << "A" << "B" << "W";
        QTest::newRow("2 wins both orders") << "B" << "A" << "L";
        QTest::newRow("tie both") << "T" << "T" << "T";
        QTest::newRow("position bias A") << "A" << "A" << "T";
        QTest::newRow("position bias B") << "B" << "B" << "T";
        QTest::newRow("win then tie") << "A" << "T" << "T";
        QTest::newRow("tie then loss") << "T" << "A" << "T";
        QTest::newRow("first unparsed") << "" << "B" << "U";
        QTest::newRow("swapped unparsed") << "A" << "" << "U";
        QTest::newRow("both unparsed") << "" << "" << "U";
    }

    void combinePairwise()
    {
        QFETCH(QString, first);
        QFETCH(QString, swapped);
        QFETCH(QString, result);
        const char c = hialign::judge::combinePairwise(charOrNone(first), charOrNone(swapped));
        QCOMPARE(QString(QChar(c)), result);
    }

    void combinePairwiseRejectsBadVerdict()
    {
        QVERIFY_THROWS_EXCEPTION(hialign::InputError, hialign::judge::combinePairwise('X', 'A'));
        QVERIFY_THROWS_EXCEPTION(hialign::InputError,
                                 hialign::judge::combinePairwise(std::nullopt, 'a'));
    }
};

QTEST_APPLESS_MAIN(TestJudgeRubric)
#include "tst_judge_rubric.moc"

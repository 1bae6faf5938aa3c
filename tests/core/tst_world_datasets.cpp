// The demo lab's data: every chosen continuation checks correct and every
// rejected one wrong on its own dimension, with exactly one error; eval
// references check correct; eval and preference prompts are disjoint; the
// corpus carries the configured share of each error kind; JSONL files.
#include <QtTest/QtTest>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/Error.h"
#include "world/Checking.h"
#include "world/Corpus.h"
#include "world/EvalPrompts.h"
#include "world/FactChecker.h"
#include "world/GrammarChecker.h"
#include "world/LogicChecker.h"
#include "world/Preferences.h"
#include "world/World.h"

using hialign::world::Check;
using hialign::world::Dimension;
using hialign::world::Verdict;
using hialign::world::World;
using hialign::world::WorldOptions;

Q_DECLARE_METATYPE(hialign::world::Dimension)

namespace {

// The prompt's dimension as a number, -1 when it has none of the shapes.
int shapeOf(const World& w, const std::string& prompt)
{
    const auto d = hialign::world::dimensionOfPrompt(w, prompt);
    return d ? static_cast<int>(*d) : -1;
}

int id(Dimension d)
{
    return static_cast<int>(d);
}

std::vector<std::string> words(const std::string& text)
{
    std::vector<std::string> out;
    std::string w;
    for (char c : text) {
        if (c == ' ' || c == '.') {
            if (!w.empty())
                out.push_back(w);
            w.clear();
        } else {
            w += c;
        }
    }
    if (!w.empty())
        out.push_back(w);
    return out;
}

bool isVerbPair(const std::string& a, const std::string& b)
{
    static const std::set<std::pair<std::string, std::string>> pairs{
        {"lives", "live"}, {"is", "are"}, {"has", "have"}, {"likes", "like"}, {"runs", "run"}};
    return pairs.count({a, b}) != 0 || pairs.count({b, a}) != 0;
}

// Exactly one error between chosen and rejected: one verb of the other
// number, one pair of adjacent words swapped, or (facts) one object replaced.
QString singleEditKind(const std::string& chosen, const std::string& rejected)
{
    const auto a = words(chosen);
    const auto b = words(rejected);
    if (a.size() != b.size())
        return "length";
    std::vector<std::size_t> diff;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] != b[i])
            diff.push_back(i);
    }
    if (diff.size() == 1)
        return isVerbPair(a[diff[0]], b[diff[0]]) ? "agreement" : "substitution";
    if (diff.size() == 2 && diff[1] == diff[0] + 1 && a[diff[0]] == b[diff[1]] && a[diff[1]] == b[diff[0]])
        return "swap";
    return "other";
}

struct Rates {
    std::size_t correct = 0, wrong = 0, unparseable = 0;
    double rate() const { return static_cast<double>(wrong) / static_cast<double>(correct + wrong); }
    void add(Verdict v)
    {
        if (v == Verdict::Correct)
            ++correct;
        else if (v == Verdict::Wrong)
            ++wrong;
        else
            ++unparseable;
    }
};

} // namespace

class TestWorldDatasets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void chosenIsCorrectRejectedIsWrong_data()
    {
        QTest::addColumn<Dimension>("dimension");
        QTest::newRow("grammar") << Dimension::Grammar;
        QTest::newRow("logic") << Dimension::Logic;
        QTest::newRow("facts") << Dimension::Facts;
    }

    void chosenIsCorrectRejectedIsWrong()
    {
        QFETCH(Dimension, dimension);
        const World w = World::generate(WorldOptions{});
        const auto pairs = hialign::world::generatePreferences(w, dimension, 200, 17);
        QCOMPARE(pairs.size(), std::size_t(200));
        std::map<QString, int> kinds;
        for (const auto& p : pairs) {
            QCOMPARE(p.dimension, dimension);
            const std::string where = p.prompt + " |" + p.chosen + " |" + p.rejected;
            QVERIFY2(p.chosen.size() > 2 && p.chosen.front() == ' ' && p.chosen.back() == '.', where.c_str());
            QVERIFY2(p.rejected.front() == ' ' && p.rejected.back() == '.', where.c_str());
            QVERIFY2(p.chosen != p.rejected, where.c_str());
            const Check good = hialign::world::checkContinuation(w, dimension, p.prompt, p.chosen);
            const Check bad = hialign::world::checkContinuation(w, dimension, p.prompt, p.rejected);
            QVERIFY2(good.verdict == Verdict::Correct, (where + " -> " + good.explanation).c_str());
            QVERIFY2(bad.verdict == Verdict::Wrong, (where + " -> " + bad.explanation).c_str());
            // The prompt has the shape of its dimension.
            QCOMPARE(shapeOf(w, p.prompt), id(dimension));
            if (dimension != Dimension::Logic) {
                const QString kind = singleEditKind(p.chosen, p.rejected);
                ++kinds[kind];
                if (dimension == Dimension::Grammar)
                    QVERIFY2(kind == "agreement" || kind == "swap", (where + " " + kind.toStdString()).c_str());
                else
                    QVERIFY2(kind == "substitution", (where + " " + kind.toStdString()).c_str());
            }
        }
        if (dimension == Dimension::Grammar) {
            // Mostly agreement errors, some word-order errors.
            QVERIFY(kinds["agreement"] > 100);
            QVERIFY(kinds["swap"] > 30);
        }
    }

    void otherCheckersDoNotCareAboutTheError()
    {
        // A grammar pair differs in grammar only: the fact checker sees the
        // same fact in both (when the sentence states one).
        const World w = World::generate(WorldOptions{});
        const hialign::world::FactChecker facts(w);
        const hialign::world::GrammarChecker grammar(w);
        std::size_t factPairs = 0;
        for (const auto& p : hialign::world::generatePreferences(w, Dimension::Grammar, 200, 3)) {
            const Check chosen = facts.check(p.prompt, p.chosen);
            if (chosen.verdict == Verdict::Unparseable)
                continue;
            ++factPairs;
            QCOMPARE(chosen.verdict, Verdict::Correct);   // chosen grammar continuations state true facts
        }
        QVERIFY(factPairs > 20);
        // Fact and logic pairs are grammatical on both sides.
        for (Dimension d : {Dimension::Facts, Dimension::Logic}) {
            for (const auto& p : hialign::world::generatePreferences(w, d, 200, 3)) {
                QCOMPARE(grammar.check(p.prompt, p.chosen).verdict, Verdict::Correct);
                QCOMPARE(grammar.check(p.prompt, p.rejected).verdict, Verdict::Correct);
            }
        }
    }

    void evalReferencesAreCorrect()
    {
        const World w = World::generate(WorldOptions{});
        for (Dimension d : hialign::world::kAllDimensions) {
            const auto prompts = hialign::world::generateEvalPrompts(w, d, 200, 23);
            QCOMPARE(prompts.size(), std::size_t(200));
            for (const auto& p : prompts) {
                QCOMPARE(p.dimension, d);
                const Check c = hialign::world::checkContinuation(w, d, p.prompt, p.reference);
                QVERIFY2(c.verdict == Verdict::Correct, (p.prompt + " |" + p.reference + " -> " + c.explanation).c_str());
                QCOMPARE(shapeOf(w, p.prompt), id(d));
            }
        }
    }

    void promptShapes()
    {
        const World w = World::generate(WorldOptions{});
        const auto& p = w.people()[0];
        const auto& q = w.people()[1];
        QCOMPARE(shapeOf(w, p.name), id(Dimension::Grammar));
        QCOMPARE(shapeOf(w, p.name + " and " + q.name), id(Dimension::Grammar));
        QCOMPARE(shapeOf(w, "the " + w.creatures()[0]), id(Dimension::Grammar));
        QCOMPARE(shapeOf(w, p.name + " lives in"), id(Dimension::Facts));
        QCOMPARE(shapeOf(w, p.name + " is a"), id(Dimension::Facts));
        QCOMPARE(shapeOf(w, p.name + " has a"), id(Dimension::Facts));
        QCOMPARE(shapeOf(w, p.name + " likes"), id(Dimension::Facts));
        QCOMPARE(shapeOf(w, "the " + w.rivers()[0].name + " runs through"),
                 id(Dimension::Facts));
        QCOMPARE(shapeOf(w, p.name + " is happy. so"), id(Dimension::Logic));
        QCOMPARE(shapeOf(w, p.name + " is happy."), -1);
        QCOMPARE(shapeOf(w, p.name + " is"), -1);
        QCOMPARE(shapeOf(w, "the " + w.creatures()[0] + " likes"), -1);
        QCOMPARE(shapeOf(w, ""), -1);
        QCOMPARE(shapeOf(w, "\xff\x01"), -1);
    }

    void evalAndPreferencePromptsAreDisjoint()
    {
        const World w = World::generate(WorldOptions{});
        for (Dimension d : {Dimension::Grammar, Dimension::Logic}) {
            std::set<std::string> eval;
            for (const auto& p : hialign::world::generateEvalPrompts(w, d, 300, 1))
                eval.insert(p.prompt);
            for (const auto& p : hialign::world::generatePreferences(w, d, 1000, 1))
                QVERIFY2(eval.count(p.prompt) == 0, p.prompt.c_str());
        }
    }

    void factPromptsCoverEveryFact()
    {
        const World w = World::generate(WorldOptions{});
        const std::size_t facts = w.people().size() * 4 + w.rivers().size();
        const auto prompts = hialign::world::generateEvalPrompts(w, Dimension::Facts, facts, 2);
        std::set<std::string> distinct;
        for (const auto& p : prompts)
            distinct.insert(p.prompt);
        QCOMPARE(distinct.size(), facts);
    }

    void mixedSetHasEqualParts()
    {
        const World w = World::generate(WorldOptions{});
        const auto mixed = hialign::world::generateMixedPreferences(w, 301, 4);
        QCOMPARE(mixed.size(), std::size_t(301));
        std::map<Dimension, int> counts;
        for (const auto& p : mixed) {
            ++counts[p.dimension];
            QCOMPARE(hialign::world::checkContinuation(w, p.dimension, p.prompt, p.chosen).verdict, Verdict::Correct);
            QCOMPARE(hialign::world::checkContinuation(w, p.dimension, p.prompt, p.rejected).verdict, Verdict::Wrong);
        }
        QCOMPARE(counts[Dimension::Grammar], 101);
        QCOMPARE(counts[Dimension::Logic], 100);
        QCOMPARE(counts[Dimension::Facts], 100);
        // Shuffled: the first 30 are not all of one dimension.
        std::set<Dimension> head;
        for (std::size_t i = 0; i < 30; ++i)
            head.insert(mixed[i].dimension);
        QCOMPARE(head.size(), std::size_t(3));
    }

    void corpusErrorRatesMatchTheConfiguration_data()
    {
        QTest::addColumn<double>("grammar");
        QTest::addColumn<double>("logic");
        QTest::addColumn<double>("facts");
        QTest::newRow("defaults") << 0.08 << 0.08 << 0.08;
        QTest::newRow("uneven") << 0.2 << 0.03 << 0.15;
        QTest::newRow("clean") << 0.0 << 0.0 << 0.0;
    }

    void corpusErrorRatesMatchTheConfiguration()
    {
        QFETCH(double, grammar);
        QFETCH(double, logic);
        QFETCH(double, facts);
        const World w = World::generate(WorldOptions{}).withErrorRates({grammar, logic, facts});
        const hialign::world::GrammarChecker grammarChecker(w);
        const hialign::world::LogicChecker logicChecker(w);
        const hialign::world::FactChecker factChecker(w);
        Rates g, l, f;
        for (const auto& doc : hialign::world::generateDocuments(w, 3000, 5)) {
            for (const auto& seg : doc.segments) {
                bool anyGrammarError = false;
                for (std::size_t k = 0; k < seg.sentences.size(); ++k) {
                    const Check c = grammarChecker.check(seg.sentences[k]);
                    g.add(c.verdict);
                    // The checker finds exactly the injected errors.
                    QCOMPARE(c.verdict == Verdict::Wrong, bool(seg.grammarErrors[k]));
                    anyGrammarError = anyGrammarError || seg.grammarErrors[k];
                }
                if (seg.kind == hialign::world::SegmentKind::Chain) {
                    const Check c = logicChecker.check(seg.sentences[0] + " " + seg.sentences[1],
                                                       " " + seg.sentences[2]);
                    l.add(c.verdict);
                    if (c.verdict != Verdict::Unparseable)
                        QCOMPARE(c.verdict == Verdict::Wrong, seg.injectedError);
                    else
                        QVERIFY(anyGrammarError);   // only a word-order error makes a chain unreadable
                } else if (seg.kind == hialign::world::SegmentKind::Fact) {
                    const Check c = factChecker.checkStatement(seg.sentences[0]);
                    f.add(c.verdict);
                    if (c.verdict != Verdict::Unparseable)
                        QCOMPARE(c.verdict == Verdict::Wrong, seg.injectedError);
                    else
                        QVERIFY(anyGrammarError);
                }
            }
        }
        QCOMPARE(g.unparseable, std::size_t(0));
        const double gRate = static_cast<double>(g.wrong) / static_cast<double>(g.correct + g.wrong);
        qInfo("grammar %.4f of %zu sentences, logic %.4f of %zu chains, facts %.4f of %zu fact sentences", gRate,
              g.correct + g.wrong, l.rate(), l.correct + l.wrong, f.rate(), f.correct + f.wrong);
        // About 5 standard deviations of a binomial proportion at these sizes.
        QVERIFY2(std::abs(gRate - grammar) < 0.012, qPrintable(QString::number(gRate)));
        QVERIFY2(std::abs(l.rate() - logic) < 0.03, qPrintable(QString::number(l.rate())));
        QVERIFY2(std::abs(f.rate() - facts) < 0.02, qPrintable(QString::number(f.rate())));
        QVERIFY(l.correct + l.wrong > 1500);
        QVERIFY(f.correct + f.wrong > 5000);
    }

    void jsonlFiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const World w = World::generate(WorldOptions{});
        const std::string evalPath = dir.filePath("eval.jsonl").toStdString();
        const auto prompts = hialign::world::generateEvalPrompts(w, Dimension::Grammar, 20, 1);
        hialign::world::writeEvalPromptsJsonl(evalPath, prompts);
        const auto back = hialign::world::readEvalPromptsJsonl(evalPath);
        QCOMPARE(back.size(), prompts.size());
        for (std::size_t i = 0; i < back.size(); ++i) {
            QCOMPARE(back[i].dimension, prompts[i].dimension);
            QCOMPARE(back[i].prompt, prompts[i].prompt);
            QCOMPARE(back[i].reference, prompts[i].reference);
        }
        std::ifstream in(evalPath);
        std::string first;
        std::getline(in, first);
        QVERIFY2(first.rfind("{\"dimension\":\"grammar\",\"prompt\":", 0) == 0, first.c_str());

        const std::string prefPath = dir.filePath("prefs.jsonl").toStdString();
        const auto pairs = hialign::world::generatePreferences(w, Dimension::Facts, 10, 1);
        hialign::world::writePreferencesJsonl(prefPath, pairs);
        std::ifstream prefs(prefPath);
        std::string line;
        std::size_t n = 0;
        while (std::getline(prefs, line)) {
            const auto j = nlohmann::json::parse(line);
            QCOMPARE(j.size(), std::size_t(3));
            QCOMPARE(j.at("prompt").get<std::string>(), pairs[n].prompt);
            QCOMPARE(j.at("chosen").get<std::string>(), pairs[n].chosen);
            QCOMPARE(j.at("rejected").get<std::string>(), pairs[n].rejected);
            QVERIFY(line.rfind("{\"prompt\":", 0) == 0);
            ++n;
        }
        QCOMPARE(n, pairs.size());
    }

    void readEvalPromptsNamesFileAndLine()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("bad.jsonl");
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("{\"dimension\":\"logic\",\"prompt\":\"a. b. so\",\"reference\":\" c.\"}\n\n");
            f.write("{\"dimension\":\"style\",\"prompt\":\"x\",\"reference\":\" y.\"}\n");
        }
        QString error;
        try {
            hialign::world::readEvalPromptsJsonl(path.toStdString());
        } catch (const hialign::InputError& e) {
            error = QString::fromStdString(e.what());
        }
        QVERIFY2(error.contains("bad.jsonl line 3") && error.contains("\"style\""), qPrintable(error));

        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write("{\"dimension\":\"logic\",\"prompt\":\"a. b. so\"}\n");
        }
        error.clear();
        try {
            hialign::world::readEvalPromptsJsonl(path.toStdString());
        } catch (const hialign::InputError& e) {
            error = QString::fromStdString(e.what());
        }
        QVERIFY2(error.contains("line 1") && error.contains("\"reference\""), qPrintable(error));
        QVERIFY_THROWS_EXCEPTION(hialign::InputError,
                                 hialign::world::readEvalPromptsJsonl(dir.filePath("missing.jsonl").toStdString()));
    }
};

QTEST_APPLESS_MAIN(TestWorldDatasets)
#include "tst_world_datasets.moc"

// The demo lab's exact checkers on hand-written examples: every error kind,
// on a small literal world (fully literal strings) and on a generated world
// (examples built from its first person, so they stay valid whatever names
// the seed gives).
#include <QtTest/QtTest>

#include <string>
#include <vector>

#include "world/ChainGenerator.h"
#include "world/Checking.h"
#include "world/FactChecker.h"
#include "world/GrammarChecker.h"
#include "world/Lexicon.h"
#include "world/LogicChecker.h"
#include "world/World.h"

using hialign::world::Check;
using hialign::world::Dimension;
using hialign::world::FactChecker;
using hialign::world::GrammarChecker;
using hialign::world::Lexicon;
using hialign::world::LogicChecker;
using hialign::world::Verdict;
using hialign::world::World;

Q_DECLARE_METATYPE(hialign::world::Verdict)

namespace {

// mira and teo live in tolvan; ana in varno; oren in merin.
World literalWorld()
{
    return World::fromJson(nlohmann::json::parse(R"({
        "people": [
            {"name": "mira", "town": "tolvan", "job": "baker",  "pet": "glim", "colour": "blue"},
            {"name": "teo",  "town": "tolvan", "job": "cook",   "pet": "vorn", "colour": "red"},
            {"name": "ana",  "town": "varno",  "job": "baker",  "pet": "glim", "colour": "green"},
            {"name": "oren", "town": "merin",  "job": "farmer", "pet": "vorn", "colour": "blue"}
        ],
        "towns": ["tolvan", "varno", "merin"],
        "rivers": [{"name": "selna", "towns": ["tolvan", "varno"]},
                   {"name": "drava", "towns": ["merin"]}],
        "creatures": ["glim", "vorn"],
        "jobs": ["baker", "cook", "farmer"],
        "colours": ["blue", "red", "green"]
    })"));
}

const char* name(Verdict v)
{
    switch (v) {
    case Verdict::Correct:
        return "correct";
    case Verdict::Wrong:
        return "wrong";
    case Verdict::Unparseable:
        return "unparseable";
    }
    return "?";
}

std::string describe(const Check& check, Verdict expected, const std::string& what)
{
    return what + ": got " + name(check.verdict) + " (" + check.explanation + "), expected " + name(expected);
}

} // namespace

// Compares verdicts and shows the explanation when they differ.
#define EXPECT_VERDICT(checkExpr, expected, what)                                            \
    do {                                                                                     \
        const Check check_ = (checkExpr);                                                    \
        if (check_.verdict != (expected))                                                    \
            QFAIL(describe(check_, (expected), (what)).c_str());                             \
        QVERIFY2(!check_.explanation.empty(), std::string(what).c_str());                   \
    } while (false)

class TestWorldCheckers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void grammar_data()
    {
        QTest::addColumn<QString>("sentence");
        QTest::addColumn<Verdict>("verdict");
        QTest::addColumn<QString>("explains");   // a word the explanation must contain

        const auto ok = Verdict::Correct;
        const auto bad = Verdict::Wrong;
        const auto junk = Verdict::Unparseable;
        // Correct sentences of every form, singular and plural.
        QTest::newRow("lives sg") << "mira lives in tolvan." << ok << "grammatical";
        QTest::newRow("live pl") << "mira and teo live in tolvan." << ok << "grammatical";
        QTest::newRow("live creatures") << "the glims live in varno." << ok << "grammatical";
        QTest::newRow("is a job") << "mira is a baker." << ok << "grammatical";
        QTest::newRow("are jobs") << "mira and ana are bakers." << ok << "grammatical";
        QTest::newRow("has") << "mira has a glim." << ok << "grammatical";
        QTest::newRow("have") << "mira and ana have a glim." << ok << "grammatical";
        QTest::newRow("likes") << "mira likes blue." << ok << "grammatical";
        QTest::newRow("like") << "mira and oren like blue." << ok << "grammatical";
        QTest::newRow("runs two towns") << "the selna runs through tolvan and varno." << ok << "grammatical";
        QTest::newRow("run") << "the vorns run through merin." << ok << "grammatical";
        QTest::newRow("state") << "the glim is happy." << ok << "grammatical";
        QTest::newRow("not in") << "mira is not in varno." << ok << "grammatical";
        QTest::newRow("so comparison") << "so teo is taller than ana." << ok << "grammatical";
        QTest::newRow("if then") << "if mira is in tolvan then the vorns are hungry." << ok << "grammatical";
        QTest::newRow("or states") << "mira is happy or sad." << ok << "grammatical";
        QTest::newRow("or jobs") << "mira is a baker or a cook." << ok << "grammatical";
        QTest::newRow("or towns") << "teo is in tolvan or in varno." << ok << "grammatical";
        // Grammar ignores facts (mira lives in tolvan) and logic.
        QTest::newRow("wrong fact is grammatical") << "mira lives in merin." << ok << "grammatical";
        QTest::newRow("false conclusion is grammatical") << "so mira is taller than mira." << ok << "grammatical";

        // Agreement errors: every verb, singular and plural subjects.
        QTest::newRow("live for sg") << "mira live in tolvan." << bad << "Agreement";
        QTest::newRow("lives for pl") << "mira and teo lives in tolvan." << bad << "Agreement";
        QTest::newRow("are for sg") << "mira are a baker." << bad << "Agreement";
        QTest::newRow("is for pl") << "mira and ana is bakers." << bad << "Agreement";
        QTest::newRow("is for creatures") << "the glims is happy." << bad << "Agreement";
        QTest::newRow("have for sg") << "mira have a glim." << bad << "Agreement";
        QTest::newRow("has for pl") << "mira and ana has a glim." << bad << "Agreement";
        QTest::newRow("like for sg") << "mira like blue." << bad << "Agreement";
        QTest::newRow("likes for pl") << "the glims likes blue." << bad << "Agreement";
        QTest::newRow("run for sg") << "the selna run through tolvan." << bad << "Agreement";
        QTest::newRow("runs for pl") << "the vorns runs through merin." << bad << "Agreement";
        QTest::newRow("plural job for sg") << "mira is bakers." << bad << "Agreement";
        QTest::newRow("a job for pl") << "mira and ana are a baker." << bad << "Agreement";
        QTest::newRow("in condition") << "if mira are in tolvan then teo is happy." << bad << "Agreement";
        QTest::newRow("in conclusion") << "so mira and teo is calm." << bad << "Agreement";

        // Word-order errors (and unfinished sentences): known words, no parse.
        QTest::newRow("verb after prep") << "mira in lives tolvan." << bad << "Word-order";
        QTest::newRow("verb first") << "lives mira in tolvan." << bad << "Word-order";
        QTest::newRow("object before prep") << "mira lives tolvan in." << bad << "Word-order";
        QTest::newRow("adjective before verb") << "the glim happy is." << bad << "Word-order";
        QTest::newRow("article after noun") << "glim the is happy." << bad << "Word-order";
        QTest::newRow("article after job") << "mira is baker a." << bad << "Word-order";
        QTest::newRow("comparative split") << "so mira taller is than teo." << bad << "Word-order";
        QTest::newRow("then first") << "then mira is happy if teo is sad." << bad << "Word-order";
        QTest::newRow("unfinished subject") << "mira and teo." << bad << "Word-order";
        QTest::newRow("unfinished predicate") << "mira lives in." << bad << "Word-order";
        QTest::newRow("person after the") << "the mira is happy." << bad << "Word-order";

        // Unparseable: nothing, unknown words, tokens that are not words.
        QTest::newRow("empty") << "" << junk << "no sentence";
        QTest::newRow("spaces") << "   \t " << junk << "no sentence";
        QTest::newRow("period only") << "." << junk << "no sentence";
        QTest::newRow("unknown town") << "mira lives in paris." << junk << "paris";
        QTest::newRow("unknown word") << "xyzzy plugh." << junk << "xyzzy";
        QTest::newRow("digits") << "mira lives in 42." << junk << "42";
        QTest::newRow("punctuation") << "mira, teo live in tolvan." << junk << "not a word";
        QTest::newRow("exclamation") << "mira lives in tolvan!" << junk << "not a word";

        // Robustness: spacing, case, missing period, trailing text.
        QTest::newRow("extra spaces") << "  mira   lives in\ttolvan  ." << ok << "grammatical";
        QTest::newRow("upper case") << "Mira LIVES in Tolvan." << ok << "grammatical";
        QTest::newRow("missing period") << "mira lives in tolvan" << ok << "final period";
        QTest::newRow("trailing text ignored") << "mira lives in tolvan. %%% zork the the ." << ok << "grammatical";
        QTest::newRow("trailing error ignored") << "mira lives in tolvan. mira live in tolvan." << ok
                                                << "grammatical";
        QTest::newRow("only first sentence counts") << "mira live in tolvan. mira lives in tolvan." << bad
                                                    << "Agreement";
        QTest::newRow("newline ends the sentence") << "mira lives in tolvan\nteo live" << ok << "final period";
        QTest::newRow("space before period") << "mira lives in tolvan ." << ok << "grammatical";
    }

    void grammar()
    {
        QFETCH(QString, sentence);
        QFETCH(Verdict, verdict);
        QFETCH(QString, explains);
        const GrammarChecker checker(literalWorld());
        const Check c = checker.check(sentence.toStdString());
        EXPECT_VERDICT(c, verdict, sentence.toStdString());
        QVERIFY2(QString::fromStdString(c.explanation).contains(explains), c.explanation.c_str());
    }

    void grammarPromptAndContinuation()
    {
        const GrammarChecker checker(literalWorld());
        EXPECT_VERDICT(checker.check("mira and teo", " live in tolvan."), Verdict::Correct, "plural");
        EXPECT_VERDICT(checker.check("mira and teo", " lives in tolvan."), Verdict::Wrong, "plural agreement");
        EXPECT_VERDICT(checker.check("the glim", " is hungry."), Verdict::Correct, "creature");
        EXPECT_VERDICT(checker.check("the glim", " are hungry."), Verdict::Wrong, "creature agreement");
        EXPECT_VERDICT(checker.check("the glims", " hungry are."), Verdict::Wrong, "word order");
        EXPECT_VERDICT(checker.check("mira", " and teo are calm."), Verdict::Correct, "subject continued");
        // Only the sentence the prompt ends in counts; earlier sentences are context.
        EXPECT_VERDICT(checker.check("mira live in tolvan. mira and teo", " live in tolvan."), Verdict::Correct,
                      "context");
        EXPECT_VERDICT(checker.check("mira and teo", ""), Verdict::Unparseable, "empty continuation");
        EXPECT_VERDICT(checker.check("mira and teo", "  "), Verdict::Unparseable, "blank continuation");
        EXPECT_VERDICT(checker.check("mira and teo", "live in tolvan."), Verdict::Unparseable, "glued word");
        EXPECT_VERDICT(checker.check("mira and teo", " ."), Verdict::Wrong, "no predicate");
        EXPECT_VERDICT(checker.check("mira and teo", " live in tolvan"), Verdict::Correct, "missing period");
        EXPECT_VERDICT(checker.check("mira and teo", " live in tolvan. the the the"), Verdict::Correct,
                      "trailing text");
    }

    void logic_data()
    {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QString>("continuation");
        QTest::addColumn<Verdict>("verdict");

        const auto ok = Verdict::Correct;
        const auto bad = Verdict::Wrong;
        const auto junk = Verdict::Unparseable;
        const QString trans = "mira is taller than teo. teo is taller than ana. so";
        QTest::newRow("transitive") << trans << " mira is taller than ana." << ok;
        QTest::newRow("transitive reversed") << trans << " ana is taller than mira." << bad;
        QTest::newRow("transitive contradicts premise") << trans << " teo is taller than mira." << bad;
        QTest::newRow("transitive other relation") << trans << " mira is older than ana." << bad;
        QTest::newRow("transitive negated") << trans << " mira is not taller than ana." << bad;
        QTest::newRow("transitive restated premise") << trans << " mira is taller than teo." << bad;
        QTest::newRow("transitive premises swapped")
            << "teo is taller than ana. mira is taller than teo. so" << " mira is taller than ana." << ok;
        QTest::newRow("transitive agreement ignored") << trans << " mira are taller than ana." << ok;
        QTest::newRow("transitive missing period") << trans << " mira is taller than ana" << ok;
        QTest::newRow("transitive trailing text") << trans << " mira is taller than ana. so ana is taller than mira."
                                                  << ok;
        QTest::newRow("transitive extra spaces") << trans << "   mira  is taller   than ana ." << ok;
        QTest::newRow("transitive unfinished") << trans << " mira is taller than." << junk;
        QTest::newRow("transitive word order") << trans << " mira taller is than ana." << junk;
        QTest::newRow("transitive garbage") << trans << " \x01\x02 ###" << junk;
        QTest::newRow("transitive empty") << trans << "" << junk;
        QTest::newRow("so in the continuation")
            << "mira is taller than teo. teo is taller than ana." << " so mira is taller than ana." << ok;

        const QString states = "mira is happy or sad. mira is not happy. so";
        QTest::newRow("disjunctive") << states << " mira is sad." << ok;
        QTest::newRow("disjunctive denied option") << states << " mira is happy." << bad;
        QTest::newRow("disjunctive denies the rest") << states << " mira is not sad." << bad;
        QTest::newRow("disjunctive third option") << states << " mira is tired." << bad;
        QTest::newRow("disjunctive other subject") << states << " teo is sad." << bad;
        const QString towns = "teo is in tolvan or in varno. teo is not in varno. so";
        QTest::newRow("disjunctive towns") << towns << " teo is in tolvan." << ok;
        QTest::newRow("disjunctive towns wrong") << towns << " teo is in varno." << bad;
        // Logic needs no knowledge base: the conclusion follows even though mira is a baker.
        QTest::newRow("disjunctive ignores facts")
            << "mira is a baker or a cook. mira is not a baker. so" << " mira is a cook." << ok;

        const QString ponens = "if mira is in tolvan then teo is happy. mira is in tolvan. so";
        QTest::newRow("modus ponens") << ponens << " teo is happy." << ok;
        QTest::newRow("modus ponens other state") << ponens << " teo is sad." << bad;
        QTest::newRow("modus ponens negated") << ponens << " teo is not happy." << bad;
        QTest::newRow("modus ponens wrong subject") << ponens << " mira is happy." << bad;
        QTest::newRow("modus ponens premises swapped")
            << "mira is in tolvan. if mira is in tolvan then teo is happy. so" << " teo is happy." << ok;
        const QString plural = "if the glims are hungry then mira and teo are calm. the glims are hungry. so";
        QTest::newRow("modus ponens plural") << plural << " mira and teo are calm." << ok;
        QTest::newRow("modus ponens pair order") << plural << " teo and mira are calm." << ok;
        QTest::newRow("modus ponens plural wrong") << plural << " the glims are calm." << bad;

        const QString tollens = "if mira is in tolvan then teo is happy. teo is not happy. so";
        QTest::newRow("modus tollens") << tollens << " mira is not in tolvan." << ok;
        QTest::newRow("modus tollens affirms condition") << tollens << " mira is in tolvan." << bad;
        QTest::newRow("modus tollens contradicts premise") << tollens << " teo is happy." << bad;
        QTest::newRow("modus tollens other town") << tollens << " mira is not in varno." << bad;
        // "so if ..." is no sentence of the grammar; a conditional without "so" is one, but no conclusion.
        QTest::newRow("so if") << tollens << " if teo is sad then mira is calm." << junk;
        QTest::newRow("conditional as conclusion")
            << "if mira is in tolvan then teo is happy. teo is not happy." << " if teo is sad then mira is calm."
            << bad;

        // Prompts from which nothing follows, or that are not logic prompts.
        QTest::newRow("nothing follows") << "mira is happy. teo is sad. so" << " mira is sad." << junk;
        QTest::newRow("affirming the consequent")
            << "if mira is in tolvan then teo is happy. teo is happy. so" << " mira is in tolvan." << junk;
        QTest::newRow("one premise") << "mira is happy. so" << " mira is happy." << junk;
        QTest::newRow("premise does not parse") << "mira is taller than. teo is taller than ana. so"
                                                << " mira is taller than ana." << junk;
        QTest::newRow("no so") << "mira is taller than teo. teo is taller than ana. mira is" << " taller than ana."
                               << junk;
    }

    void logic()
    {
        QFETCH(QString, prompt);
        QFETCH(QString, continuation);
        QFETCH(Verdict, verdict);
        const LogicChecker checker(literalWorld());
        EXPECT_VERDICT(checker.check(prompt.toStdString(), continuation.toStdString()), verdict,
                      prompt.toStdString() + " |" + continuation.toStdString());
    }

    void facts_data()
    {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QString>("continuation");
        QTest::addColumn<Verdict>("verdict");

        const auto ok = Verdict::Correct;
        const auto bad = Verdict::Wrong;
        const auto junk = Verdict::Unparseable;
        QTest::newRow("home") << "mira lives in" << " tolvan." << ok;
        QTest::newRow("home wrong") << "mira lives in" << " varno." << bad;
        QTest::newRow("job") << "mira is a" << " baker." << ok;
        QTest::newRow("job wrong") << "mira is a" << " cook." << bad;
        QTest::newRow("job hedged") << "mira is a" << " baker or a cook." << bad;
        QTest::newRow("pet") << "mira has a" << " glim." << ok;
        QTest::newRow("pet wrong") << "mira has a" << " vorn." << bad;
        QTest::newRow("colour") << "mira likes" << " blue." << ok;
        QTest::newRow("colour wrong") << "mira likes" << " red." << bad;
        QTest::newRow("river one town") << "the selna runs through" << " tolvan." << ok;
        QTest::newRow("river both towns") << "the selna runs through" << " varno and tolvan." << ok;
        QTest::newRow("river wrong town") << "the selna runs through" << " merin." << bad;
        QTest::newRow("river one wrong of two") << "the selna runs through" << " tolvan and merin." << bad;
        QTest::newRow("pair") << "mira and teo live in" << " tolvan." << ok;
        QTest::newRow("pair wrong for one") << "mira and ana live in" << " tolvan." << bad;
        // Facts only: agreement does not matter, the object does.
        QTest::newRow("agreement ignored") << "mira live in" << " tolvan." << ok;
        QTest::newRow("agreement ignored wrong") << "mira live in" << " merin." << bad;
        // Robustness.
        QTest::newRow("missing period") << "mira lives in" << " tolvan" << ok;
        QTest::newRow("extra spaces") << "mira lives in" << "    tolvan   ." << ok;
        QTest::newRow("trailing text") << "mira lives in" << " tolvan. mira lives in merin." << ok;
        QTest::newRow("context before") << "ana is calm. mira lives in" << " tolvan." << ok;
        QTest::newRow("unknown word") << "mira lives in" << " paris." << junk;
        QTest::newRow("wrong kind of object") << "mira lives in" << " happy." << junk;
        QTest::newRow("not a job") << "mira is a" << " glim." << junk;
        QTest::newRow("garbage") << "mira lives in" << " \xff\xfe\x01" << junk;
        QTest::newRow("empty") << "mira lives in" << "" << junk;
        QTest::newRow("unfinished") << "mira lives in" << " ." << junk;
        // Sentences the knowledge base says nothing about.
        QTest::newRow("state is no fact") << "" << "mira is happy." << junk;
        QTest::newRow("creatures are no people") << "" << "the glims like blue." << junk;
        QTest::newRow("whereabouts are no home") << "" << "mira is in varno." << junk;
        QTest::newRow("negated fact true") << "" << "mira is not a cook." << ok;
        QTest::newRow("negated fact false") << "" << "mira is not a baker." << bad;
        QTest::newRow("word order breaks it") << "" << "mira in lives tolvan." << junk;
    }

    void facts()
    {
        QFETCH(QString, prompt);
        QFETCH(QString, continuation);
        QFETCH(Verdict, verdict);
        const FactChecker checker(literalWorld());
        EXPECT_VERDICT(checker.check(prompt.toStdString(), continuation.toStdString()), verdict,
                      prompt.toStdString() + " |" + continuation.toStdString());
    }

    void explanationsNameTheTruth()
    {
        const World w = literalWorld();
        QCOMPARE(QString::fromStdString(FactChecker(w).check("mira lives in", " varno.").explanation),
                 QString("The knowledge base says \"mira lives in tolvan\", not \"mira lives in varno\"."));
        QCOMPARE(QString::fromStdString(
                     LogicChecker(w).check("mira is happy or sad. mira is not happy. so", " mira is happy.").explanation),
                 QString("What follows from the premises is \"mira is sad\", not \"mira is happy\"."));
        QCOMPARE(QString::fromStdString(GrammarChecker(w).check("mira and teo lives in tolvan.").explanation),
                 QString("Agreement error: the plural subject \"mira and teo\" takes \"live\", not \"lives\"."));
    }

    // The same kinds of example, built from a generated world's first person.
    void generatedWorldPersonZero()
    {
        hialign::world::WorldOptions options;
        options.seed = 20251014;
        const World w = World::generate(options);
        const auto& p = w.people().at(0);
        const auto& q = w.people().at(1);
        auto other = [](const std::vector<std::string>& pool, const std::string& not_) {
            for (const auto& x : pool) {
                if (x != not_)
                    return x;
            }
            return std::string();
        };
        const GrammarChecker grammar(w);
        const FactChecker facts(w);
        const LogicChecker logic(w);

        struct Relation {
            std::string singular, plural, object, wrongObject;
        };
        const std::vector<Relation> relations{
            {"lives in", "live in", p.town, other(w.towns(), p.town)},
            {"is a", "are a", p.job, other(w.jobs(), p.job)},
            {"has a", "have a", p.pet, other(w.creatures(), p.pet)},
            {"likes", "like", p.colour, other(w.colours(), p.colour)},
        };
        for (const auto& r : relations) {
            const std::string prompt = p.name + " " + r.singular;
            EXPECT_VERDICT(facts.check(prompt, " " + r.object + "."), Verdict::Correct, prompt + " (fact)");
            EXPECT_VERDICT(facts.check(prompt, " " + r.wrongObject + "."), Verdict::Wrong, prompt + " (wrong fact)");
            EXPECT_VERDICT(facts.check(prompt, " qqq."), Verdict::Unparseable, prompt + " (garbage)");
            // A wrong fact is still grammatical; a wrong number is not.
            EXPECT_VERDICT(grammar.check(prompt + " " + r.wrongObject + "."), Verdict::Correct, prompt + " (grammar)");
            EXPECT_VERDICT(grammar.check(p.name + " " + r.plural + " " + r.object + "."), Verdict::Wrong,
                          p.name + " " + r.plural + " (agreement)");
        }
        const std::string river = w.rivers().at(0).name;
        EXPECT_VERDICT(facts.check("the " + river + " runs through", " " + w.rivers()[0].towns[0] + "."),
                      Verdict::Correct, "river");
        EXPECT_VERDICT(grammar.check("the " + river + " run through " + w.rivers()[0].towns[0] + "."),
                      Verdict::Wrong, "river agreement");
        const std::string creature = w.creatures().at(0);
        EXPECT_VERDICT(grammar.check("the " + Lexicon::pluralOf(creature) + " is " + w.states()[0] + "."),
                      Verdict::Wrong, "creature plural agreement");
        EXPECT_VERDICT(grammar.check("the " + creature + " is " + w.states()[0] + "."), Verdict::Correct,
                      "creature singular");
        EXPECT_VERDICT(grammar.check(p.name + " and " + q.name + " is " + w.states()[0] + "."), Verdict::Wrong,
                      "pair agreement");

        const std::string cmp = w.comparatives()[0];
        const std::string r = w.people().at(2).name;
        const std::string chain = p.name + " is " + cmp + " than " + q.name + ". " + q.name + " is " + cmp +
                                  " than " + r + ". so";
        EXPECT_VERDICT(logic.check(chain, " " + p.name + " is " + cmp + " than " + r + "."), Verdict::Correct,
                      "generated transitive");
        EXPECT_VERDICT(logic.check(chain, " " + r + " is " + cmp + " than " + p.name + "."), Verdict::Wrong,
                      "generated transitive reversed");
    }

    // Generated chains of each kind: the checker derives the generator's
    // conclusion and rejects every listed wrong conclusion.
    void everyChainKind()
    {
        using namespace hialign::world;
        const World w = World::generate(WorldOptions{});
        const ChainGenerator chains(w);
        const LogicChecker checker(w);
        Rng rng(5);
        for (ChainKind kind : kAllChainKinds) {
            for (int i = 0; i < 50; ++i) {
                const Chain chain = chains.generate(kind, rng);
                const std::string prompt = ChainGenerator::premisesText(chain) + " so";
                EXPECT_VERDICT(checker.check(prompt, " " + clauseText(chain.conclusion) + "."), Verdict::Correct,
                              chainKindName(kind) + ": " + prompt);
                const auto wrong = chains.wrongConclusions(chain, rng);
                QVERIFY(!wrong.empty());
                for (const auto& c : wrong)
                    EXPECT_VERDICT(checker.check(prompt, " " + clauseText(c) + "."), Verdict::Wrong,
                                  chainKindName(kind) + ": " + prompt + " " + clauseText(c));
            }
        }
    }

    void checkContinuationDispatches()
    {
        const World w = literalWorld();
        using hialign::world::checkContinuation;
        QCOMPARE(checkContinuation(w, Dimension::Grammar, "mira and teo", " lives in tolvan.").verdict, Verdict::Wrong);
        QCOMPARE(checkContinuation(w, Dimension::Facts, "mira and teo", " lives in tolvan.").verdict,
                 Verdict::Correct);
        QCOMPARE(checkContinuation(w, Dimension::Logic, "mira is sad or calm. mira is not calm. so", " mira are sad.")
                     .verdict,
                 Verdict::Correct);
        QCOMPARE(checkContinuation(w, Dimension::Grammar, "mira is sad or calm. mira is not calm. so", " mira are sad.")
                     .verdict,
                 Verdict::Wrong);
    }
};

QTEST_APPLESS_MAIN(TestWorldCheckers)
#include "tst_world_checkers.moc"

// The demo lab's world and corpus: generation from a seed, JSON round trip
// and validation, byte-identical output for the same seed, a small closed
// vocabulary, and document shape.
#include <QtTest/QtTest>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "util/Error.h"
#include "world/Corpus.h"
#include "world/EvalPrompts.h"
#include "world/Preferences.h"
#include "world/Rng.h"
#include "world/World.h"

using hialign::InputError;
using hialign::world::Dimension;
using hialign::world::Document;
using hialign::world::Rng;
using hialign::world::World;
using hialign::world::WorldOptions;

namespace {

std::string corpusBytes(const World& w, std::size_t n, std::uint64_t seed)
{
    std::string out;
    for (const auto& d : hialign::world::generateCorpus(w, n, seed)) {
        out += d;
        out += '\n';
    }
    return out;
}

std::string preferenceBytes(const World& w, Dimension d, std::size_t n, std::uint64_t seed)
{
    std::string out;
    for (const auto& p : hialign::world::generatePreferences(w, d, n, seed))
        out += p.prompt + "\t" + p.chosen + "\t" + p.rejected + "\n";
    return out;
}

std::string evalBytes(const World& w, Dimension d, std::size_t n, std::uint64_t seed)
{
    std::string out;
    for (const auto& p : hialign::world::generateEvalPrompts(w, d, n, seed))
        out += p.prompt + "\t" + p.reference + "\n";
    return out;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

QString errorOf(const nlohmann::json& j)
{
    try {
        World::fromJson(j);
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestWorldGeneration : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rngIsTheStandardEngineWithOurOwnHelpers()
    {
        std::mt19937_64 check;
        check.discard(9999);
        QCOMPARE(check(), std::uint64_t(9981545732273789042ULL));   // the standard's own check value
        Rng a(42), b(42);
        for (int i = 0; i < 100; ++i)
            QCOMPARE(a.below(7), b.below(7));
        Rng r(3);
        std::vector<int> counts(5, 0);
        for (int i = 0; i < 50000; ++i)
            ++counts[static_cast<std::size_t>(r.below(5))];
        for (int c : counts)
            QVERIFY2(c > 9500 && c < 10500, qPrintable(QString::number(c)));
        for (int i = 0; i < 1000; ++i) {
            const double u = r.unit();
            QVERIFY(u >= 0.0 && u < 1.0);
        }
        QVERIFY(!r.chance(0.0));
        QVERIFY(r.chance(1.0));
    }

    void worldHasTheRequestedShape()
    {
        const World w = World::generate(WorldOptions{});
        QCOMPARE(w.people().size(), std::size_t(24));
        QCOMPARE(w.towns().size(), std::size_t(10));
        QCOMPARE(w.rivers().size(), std::size_t(6));
        QCOMPARE(w.creatures().size(), std::size_t(8));
        QCOMPARE(w.jobs().size(), std::size_t(8));
        QCOMPARE(w.colours().size(), std::size_t(6));
        std::set<std::string> names;
        for (const auto& p : w.people()) {
            QVERIFY(names.insert(p.name).second);
            QVERIFY(w.findPerson(p.name) == &p);
            QVERIFY(std::find(w.towns().begin(), w.towns().end(), p.town) != w.towns().end());
            QVERIFY(std::find(w.jobs().begin(), w.jobs().end(), p.job) != w.jobs().end());
            QVERIFY(std::find(w.creatures().begin(), w.creatures().end(), p.pet) != w.creatures().end());
            QVERIFY(std::find(w.colours().begin(), w.colours().end(), p.colour) != w.colours().end());
        }
        for (const auto& r : w.rivers()) {
            QVERIFY(r.towns.size() == 1 || r.towns.size() == 2);
            if (r.towns.size() == 2)
                QVERIFY(r.towns[0] != r.towns[1]);
        }
        // A small closed vocabulary of lowercase ASCII words.
        const auto vocab = w.vocabulary();
        QVERIFY2(vocab.size() > 80 && vocab.size() < 300, qPrintable(QString::number(vocab.size())));
        for (const auto& word : vocab)
            QVERIFY(hialign::world::Lexicon::isWellFormedName(word));
    }

    void sameSeedSameWorldOtherSeedOtherWorld()
    {
        WorldOptions o;
        o.seed = 7;
        const std::string a = World::generate(o).toJson().dump();
        const std::string b = World::generate(o).toJson().dump();
        QCOMPARE(QByteArray::fromStdString(a), QByteArray::fromStdString(b));
        o.seed = 8;
        QVERIFY(World::generate(o).toJson().dump() != a);
    }

    // Regression pin, not a reference: these values were produced by this
    // generator itself (no independent source exists for them). They catch an
    // unintended change of the recipe; the generation depends on
    // std::mt19937_64 (fully specified) and our own helpers only, so they hold
    // with every standard library. Update them deliberately when the recipe
    // changes, together with the demo lab (docs/TESTING.md).
    void regressionPin()
    {
        const World w = World::generate(WorldOptions{});
        QCOMPARE(QString::fromStdString(w.people().front().name), QString("isu"));
        QCOMPARE(QString::fromStdString(w.towns().front()), QString("kostek"));
        const auto docs = hialign::world::generateCorpus(w, 3, 7);
        QCOMPARE(QString::fromStdString(docs[0]),
                 QString("nozi is a singer. rasi and nozi like yellow. nozi has a swex."));
        QCOMPARE(hialign::world::fnv1a64(corpusBytes(w, 500, 7)), std::uint64_t(10581564552158426706ULL));
    }

    void jsonRoundTrip()
    {
        WorldOptions o;
        o.seed = 99;
        o.people = 10;
        o.errorRates.grammar = 0.1;
        const World w = World::generate(o);
        const nlohmann::json j = w.toJson();
        const World back = World::fromJson(nlohmann::json::parse(j.dump()));
        QCOMPARE(QByteArray::fromStdString(back.toJson().dump()), QByteArray::fromStdString(j.dump()));
        QCOMPARE(back.errorRates().grammar, 0.1);
        QCOMPARE(back.seed(), std::uint64_t(99));
        // The loaded world generates the same corpus.
        QCOMPARE(QByteArray::fromStdString(corpusBytes(back, 50, 3)),
                 QByteArray::fromStdString(corpusBytes(w, 50, 3)));
    }

    void fromJsonRejectsBadWorlds_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("message");
        const QString people = R"("people": [{"name":"mira","town":"tolvan","job":"baker","pet":"glim","colour":"blue"},
                                              {"name":"teo","town":"tolvan","job":"cook","pet":"vorn","colour":"red"},
                                              {"name":"ana","town":"varno","job":"baker","pet":"glim","colour":"red"}])";
        const QString rest = R"("towns":["tolvan","varno","merin"],"creatures":["glim","vorn"],
                                "jobs":["baker","cook"],"colours":["blue","red"])";
        QTest::newRow("not an object") << "[1,2]" << "top level";
        QTest::newRow("no people") << "{" + rest + "}" << "\"people\"";
        QTest::newRow("unknown town")
            << R"({"people": [{"name":"mira","town":"paris","job":"baker","pet":"glim","colour":"blue"},
                              {"name":"teo","town":"tolvan","job":"cook","pet":"vorn","colour":"red"},
                              {"name":"ana","town":"varno","job":"baker","pet":"glim","colour":"red"}],)" +
                   rest + "}"
            << "people[0] lives in \"paris\"";
        QTest::newRow("missing field")
            << R"({"people": [{"name":"mira","town":"tolvan","job":"baker","pet":"glim"},
                              {"name":"teo","town":"tolvan","job":"cook","pet":"vorn","colour":"red"},
                              {"name":"ana","town":"varno","job":"baker","pet":"glim","colour":"red"}],)" +
                   rest + "}"
            << "\"colour\"";
        QTest::newRow("duplicate name") << "{" + people + R"(,"towns":["tolvan","varno","mira"],"creatures":["glim","vorn"],
                                              "jobs":["baker","cook"],"colours":["blue","red"]})"
                                        << "used twice";
        QTest::newRow("reserved word") << "{" + people + R"(,"towns":["tolvan","varno","then"],"creatures":["glim","vorn"],
                                              "jobs":["baker","cook"],"colours":["blue","red"]})"
                                       << "reserved";
        QTest::newRow("upper case") << "{" + people + R"(,"towns":["tolvan","varno","Merin"],"creatures":["glim","vorn"],
                                              "jobs":["baker","cook"],"colours":["blue","red"]})"
                                    << "lowercase";
        QTest::newRow("river with three towns")
            << "{" + people + "," + rest + R"(,"rivers":[{"name":"selna","towns":["tolvan","varno","merin"]}]})"
            << "one or two towns";
        QTest::newRow("bad rate") << "{" + people + "," + rest + R"(,"errorRates":{"logic":1.5}})" << "logic";
        QTest::newRow("wrong format") << "{" + people + "," + rest + R"(,"format":"other"})" << "format";
    }

    void fromJsonRejectsBadWorlds()
    {
        QFETCH(QString, json);
        QFETCH(QString, message);
        const QString error = errorOf(nlohmann::json::parse(json.toStdString()));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void generateRejectsBadOptions()
    {
        WorldOptions o;
        o.people = 2;
        QVERIFY_THROWS_EXCEPTION(InputError, World::generate(o));
        o = WorldOptions{};
        o.errorRates.facts = -0.1;
        QVERIFY_THROWS_EXCEPTION(InputError, World::generate(o));
        o = WorldOptions{};
        o.jobs = 17;
        QVERIFY_THROWS_EXCEPTION(InputError, World::generate(o));
    }

    void emptyWorldIsRefusedNotCrashed()
    {
        const World empty;
        QVERIFY_THROWS_EXCEPTION(InputError, hialign::world::generateCorpus(empty, 3, 1));
        QVERIFY_THROWS_EXCEPTION(InputError, hialign::world::generatePreferences(empty, Dimension::Logic, 3, 1));
        QVERIFY_THROWS_EXCEPTION(InputError, hialign::world::generateEvalPrompts(empty, Dimension::Facts, 3, 1));
        QVERIFY(empty.vocabulary().empty());
    }

    void sameSeedGivesByteIdenticalData()
    {
        const World w = World::generate(WorldOptions{});
        QCOMPARE(QByteArray::fromStdString(corpusBytes(w, 300, 11)),
                 QByteArray::fromStdString(corpusBytes(World::generate(WorldOptions{}), 300, 11)));
        QVERIFY(corpusBytes(w, 300, 11) != corpusBytes(w, 300, 12));
        for (Dimension d : hialign::world::kAllDimensions) {
            QCOMPARE(QByteArray::fromStdString(preferenceBytes(w, d, 100, 5)),
                     QByteArray::fromStdString(preferenceBytes(w, d, 100, 5)));
            QVERIFY(preferenceBytes(w, d, 100, 5) != preferenceBytes(w, d, 100, 6));
            QCOMPARE(QByteArray::fromStdString(evalBytes(w, d, 100, 5)),
                     QByteArray::fromStdString(evalBytes(w, d, 100, 5)));
            QVERIFY(evalBytes(w, d, 100, 5) != evalBytes(w, d, 100, 6));
        }
        // A different world seed changes everything.
        WorldOptions other;
        other.seed = 2;
        QVERIFY(corpusBytes(World::generate(other), 300, 11) != corpusBytes(w, 300, 11));
    }

    void filesAreByteIdentical()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const World w = World::generate(WorldOptions{});
        auto writeAll = [&](const QString& tag) {
            const std::string base = dir.filePath(tag).toStdString();
            hialign::world::writeCorpus(base + "-corpus.txt", hialign::world::generateCorpus(w, 200, 1));
            hialign::world::writePreferencesJsonl(base + "-mixed.jsonl",
                                                  hialign::world::generateMixedPreferences(w, 150, 1));
            hialign::world::writeEvalPromptsJsonl(base + "-eval.jsonl",
                                                  hialign::world::generateEvalPrompts(w, Dimension::Logic, 50, 1));
        };
        writeAll("a");
        writeAll("b");
        for (const char* suffix : {"-corpus.txt", "-mixed.jsonl", "-eval.jsonl"}) {
            const QByteArray a = readAll(dir.filePath(QString("a") + suffix));
            QVERIFY(!a.isEmpty());
            QCOMPARE(a, readAll(dir.filePath(QString("b") + suffix)));
        }
        QVERIFY(!QFile::exists(dir.filePath("a-corpus.txt.tmp")));
    }

    void longerCorpusExtendsShorter()
    {
        const World w = World::generate(WorldOptions{});
        const auto shortCorpus = hialign::world::generateCorpus(w, 50, 4);
        const auto longCorpus = hialign::world::generateCorpus(w, 120, 4);
        QVERIFY(std::equal(shortCorpus.begin(), shortCorpus.end(), longCorpus.begin()));
    }

    void documentsHaveTheDocumentedShape()
    {
        const World w = World::generate(WorldOptions{});
        const auto docs = hialign::world::generateDocuments(w, 2000, 9);
        std::size_t chains = 0, facts = 0, scenes = 0;
        for (const Document& d : docs) {
            QVERIFY(d.sentenceCount() >= 3 && d.sentenceCount() <= 8);
            const std::string text = d.text();
            QVERIFY(text.find('\n') == std::string::npos);
            QVERIFY(text.find("  ") == std::string::npos);
            QCOMPARE(text.back(), '.');
            QVERIFY(text.front() != ' ');
            for (const auto& seg : d.segments) {
                QCOMPARE(seg.grammarErrors.size(), seg.sentences.size());
                for (const auto& s : seg.sentences) {
                    QCOMPARE(s.back(), '.');
                    QCOMPARE(std::count(s.begin(), s.end(), '.'), std::ptrdiff_t(1));
                }
                switch (seg.kind) {
                case hialign::world::SegmentKind::Chain:
                    ++chains;
                    QCOMPARE(seg.sentences.size(), std::size_t(3));
                    QVERIFY(seg.sentences[2].rfind("so ", 0) == 0 || seg.grammarErrors[2]);
                    break;
                case hialign::world::SegmentKind::Fact:
                    ++facts;
                    break;
                case hialign::world::SegmentKind::Scene:
                    ++scenes;
                    break;
                }
            }
        }
        // All three kinds are well represented.
        QVERIFY(chains > 1000);
        QVERIFY(facts > 3000);
        QVERIFY(scenes > 1000);
    }

    void vocabularyOfALargeCorpusIsSmall()
    {
        const World w = World::generate(WorldOptions{});
        std::set<std::string> words;
        for (const auto& d : hialign::world::generateCorpus(w, 20000, 1)) {
            std::istringstream in(d);
            std::string token;
            while (in >> token) {
                if (token.back() == '.')
                    token.pop_back();
                words.insert(token);
            }
        }
        qInfo("distinct words in a 20k-document corpus: %zu (lexicon: %zu)", words.size(), w.vocabulary().size());
        // Every word of the lexicon is used, and nothing else.
        const auto vocab = w.vocabulary();
        QCOMPARE(words, std::set<std::string>(vocab.begin(), vocab.end()));
    }
};

QTEST_APPLESS_MAIN(TestWorldGeneration)
#include "tst_world_generation.moc"

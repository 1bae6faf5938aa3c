// The demo lab's model card: writeModelCard names the corpus's injected
// error rates from world.json and keeps a hand-written "## Findings" section
// of the card it replaces (once, however often the card is rewritten).
#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <fstream>
#include <sstream>

#include "sweep/LabTable.h"
#include "world/World.h"

using namespace hialign;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string readText(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::size_t count(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

} // namespace

class TestLabCard : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void errorRatesAndFindings()
    {
        QTemporaryDir tmp;
        const fs::path lab(tmp.path().toStdString());
        std::ofstream(lab / "card.json") << json{{"preset", "demo"}, {"seed", 1}, {"layers", 12}, {"corpus_documents", 40000}}.dump();
        world::WorldOptions wo;
        wo.errorRates = {0.25, 0.1, 0.25};
        std::ofstream(lab / "world.json") << world::World::generate(wo).toJson().dump();
        std::ofstream(lab / "MODEL_CARD.md") << "# Old card\n\nold table\n\n## Findings\n\nThe probe says X.\n";
        lab::TableOptions o;
        o.samples = 200;
        lab::writeModelCard(lab, {}, o);
        std::string card = readText(lab / "MODEL_CARD.md");
        QVERIFY2(card.find("40000 documents with injected errors (wrong in 25% of grammar, 10% of logic, 25% of fact "
                           "sentences)")
                     != std::string::npos,
                 card.c_str());
        QVERIFY(card.find("old table") == std::string::npos);
        QVERIFY(card.size() > 40 && card.substr(card.size() - 40).find("## Findings\n\nThe probe says X.\n") != std::string::npos);
        lab::writeModelCard(lab, {}, o);
        card = readText(lab / "MODEL_CARD.md");
        QCOMPARE(count(card, "## Findings"), std::size_t(1));
        QCOMPARE(count(card, "The probe says X."), std::size_t(1));

        // Without a findings section or world.json: the generic corpus line, nothing appended.
        fs::remove(lab / "world.json");
        std::ofstream(lab / "MODEL_CARD.md") << "# Old card\n";
        lab::writeModelCard(lab, {}, o);
        card = readText(lab / "MODEL_CARD.md");
        QVERIFY(card.find("documents with injected grammar, logic and fact errors") != std::string::npos);
        QCOMPARE(count(card, "## Findings"), std::size_t(0));
    }
};

QTEST_APPLESS_MAIN(TestLabCard)
#include "tst_sweep_labcard.moc"

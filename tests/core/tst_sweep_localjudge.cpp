// The local-model judge backend on the shipped demo lab's model: replies carry
// tokens that spell the reply exactly, each with the alternatives of one
// teacher-forced pass (the greedy token is the likeliest); the next-token
// distribution after a forced marker covers the score tokens; batching does
// not change replies; and the rubric judge on it runs end to end, counting
// replies without a marker as unparsed unless force-rating reads the rating.
// The rubric prompts are longer than the lab model's 512 positions: there
// they are failed replies, and the rubric checks run on the same weights
// with room for them.
#include <QtTest/QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "judge/ModelJudge.h"
#include "judge/RubricJudge.h"
#include "sweep/LocalChatBackend.h"
#include "util/Paths.h"

using namespace hialign;

namespace {

std::string trimmed(const std::string& s)
{
    const auto b = s.find_first_not_of(' ');
    return b == std::string::npos ? std::string() : s.substr(b, s.find_last_not_of(' ') - b + 1);
}

sweep::LocalBackendOptions options(int batch)
{
    sweep::LocalBackendOptions o;
    o.modelDir = demoLabDir() / "model";
    o.batch = batch;
    o.maxNewTokens = 10;
    o.device = "cpu";
    return o;
}

// The lab model's files with max_position_embeddings raised to 2048 (rotary
// positions are computed, so the weights serve any length).
std::filesystem::path roomyLabModel(const QTemporaryDir& tmp)
{
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "model";
    fs::create_directories(dir);
    for (const auto& e : fs::directory_iterator(demoLabDir() / "model"))
        if (e.path().filename() != "config.json") fs::copy_file(e.path(), dir / e.path().filename());
    std::ifstream in(demoLabDir() / "model" / "config.json");
    nlohmann::json config = nlohmann::json::parse(in);
    config["max_position_embeddings"] = 2048;
    std::ofstream(dir / "config.json") << config.dump(2);
    return dir;
}

const std::vector<judge::ChatRequest> kRequests = {
    {"Rate it.", "the stox is calm."},
    {"Rate it.", "mira lives in"},
    {"", "if emo is calm then foru is busy. emo is calm. so"},
};

} // namespace

class TestSweepLocalJudge : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (demoLabDir().empty()) QFAIL("the shipped demo lab was not found");
    }

    void repliesCarryAlignedAlternatives()
    {
        sweep::LocalChatBackend backend(options(3));
        QVERIFY(backend.id().rfind("local:", 0) == 0);
        const auto replies = backend.complete(kRequests);
        QCOMPARE(replies.size(), kRequests.size());
        for (const judge::ChatReply& r : replies) {
            QVERIFY(r.ok);
            QVERIFY(!r.tokens.empty());
            std::string joined;
            for (const judge::ReplyToken& t : r.tokens) {
                joined += t.text;
                QVERIFY(!t.top.empty());
                double best = -1e30, mine = -1e30;
                for (const auto& [text, lp] : t.top) {
                    QVERIFY(lp <= 1e-6);
                    best = std::max(best, lp);
                    if (trimmed(text) == trimmed(t.text)) mine = std::max(mine, lp);
                }
                // Greedy decoding picked the likeliest token at each position.
                QVERIFY2(mine >= best - 1e-4, t.text.c_str());
            }
            QCOMPARE(joined, r.text);
        }
        // One request at a time gives the same replies as a batch of three.
        sweep::LocalChatBackend single(options(1));
        const auto again = single.complete(kRequests);
        for (std::size_t i = 0; i < replies.size(); ++i) QCOMPARE(again[i].text, replies[i].text);
    }

    void nextTokenDistributionCoversTheScores()
    {
        sweep::LocalChatBackend backend(options(2));
        const auto lp = backend.nextTokenLogprobs(kRequests[0], "fine.\nRating: [[");
        QVERIFY(lp.has_value());
        double total = 0.0;
        int scoreTokens = 0;
        for (const auto& [text, v] : *lp) {
            total += std::exp(v);
            const std::string t = trimmed(text);
            if (t.size() == 1 && t[0] >= '1' && t[0] <= '9') ++scoreTokens;
        }
        QVERIFY(total <= 1.0 + 1e-4);
        QVERIFY(scoreTokens >= 9);   // the lab's vocabulary has every digit
    }

    void promptPastThePositionsIsAFailedReply()
    {
        sweep::LocalChatBackend backend(options(4));
        const judge::ChatRequest rubric{judge::ModelJudge::systemPrompt(),
                                        judge::buildJudgePrompt("grammar", "the stox", " is calm.")};
        const auto replies = backend.complete({kRequests[0], rubric, kRequests[1]});
        QCOMPARE(replies.size(), std::size_t(3));
        QVERIFY(replies[0].ok && !replies[0].text.empty());
        QVERIFY(replies[2].ok && !replies[2].text.empty());
        QVERIFY(!replies[1].ok);
        const QRegularExpression sentence("^A judge prompt of \\d+ tokens leaves no room for a reply in the model's 512 "
                                          "positions \\(max_position_embeddings\\); use a judge model with a longer "
                                          "context\\.$");
        QVERIFY2(sentence.match(QString::fromStdString(replies[1].error)).hasMatch(), replies[1].error.c_str());
        // The rubric judge counts it as an error with that sentence, never a score.
        judge::ModelJudgeOptions plain;
        plain.dimensions = {"grammar"};
        judge::ModelJudge strict(std::make_shared<sweep::LocalChatBackend>(options(4)), plain);
        const auto scores = strict.judgeMany({{"the stox", " is calm.", ""}}, {});
        QCOMPARE(scores.at(0).at(0).verdict, std::string("error"));
        QCOMPARE(scores[0][0].explanation, replies[1].error);
        QVERIFY(!scores[0][0].score);
    }

    void rubricJudgeOnTheLocalModel()
    {
        QTemporaryDir tmp;
        auto roomy = options(4);
        roomy.modelDir = roomyLabModel(tmp);
        auto backend = std::make_shared<sweep::LocalChatBackend>(roomy);
        judge::ModelJudgeOptions plain;
        plain.dimensions = {"grammar", "facts"};
        judge::ModelJudge strict(backend, plain);
        const auto scores = strict.judgeMany({{"the stox", " is calm.", ""}, {"mira lives in", " tolvan.", ""}}, {});
        QCOMPARE(scores.size(), std::size_t(2));
        for (const auto& item : scores) {
            QCOMPARE(item.size(), std::size_t(2));
            for (const judge::JudgeScore& s : item) {
                // A 1.28M-parameter world model writes no rating marker: counted, not guessed.
                QCOMPARE(s.verdict, std::string("unparsed"));
                QVERIFY(!s.score);
                QVERIFY(!s.reply.empty());
            }
        }
        judge::ModelJudgeOptions forced = plain;
        forced.forceRating = true;
        judge::ModelJudge reader(backend, forced);
        for (const auto& item : reader.judgeMany({{"the stox", " is calm.", ""}}, {})) {
            for (const judge::JudgeScore& s : item) {
                QCOMPARE(s.verdict, std::string("forced"));
                // The forced score, recomputed here: the backend's next-token
                // distribution after the reply and "Rating: [[", restricted to
                // the tokens 1..10, renormalised, and its expectation.
                const judge::ChatRequest request{judge::ModelJudge::systemPrompt(),
                                                 judge::buildJudgePrompt(s.dimension, "the stox", " is calm.")};
                const auto next = backend->nextTokenLogprobs(request, s.reply + "\nRating: [[");
                QVERIFY(next.has_value());
                double mass = 0, weighted = 0;
                for (const auto& [text, lp] : *next) {
                    const std::string t = trimmed(text);
                    for (int n = 1; n <= 10; ++n)
                        if (t == std::to_string(n)) {
                            mass += std::exp(lp);
                            weighted += n * std::exp(lp);
                        }
                }
                QVERIFY(mass > 0);
                QVERIFY(s.score && s.mass);
                QVERIFY2(std::abs(*s.score - weighted / mass) < 1e-9, qPrintable(QString::number(*s.score)));
                QVERIFY(std::abs(*s.mass - mass) < 1e-9);
                QCOMPARE(s.lowMass, *s.mass < 0.5);
            }
        }
        // Pairwise in both orders runs on the same backend: both orders were
        // asked (two explanations), and the outcome follows from the two raw
        // verdicts by the rule of docs/SWEEP.md, written out here: response 1
        // wins when it is chosen in both orders (A, then B once swapped),
        // loses when the other is, ties otherwise; unparsed if either is.
        const auto pairs = reader.compareMany({{"the stox", " is calm.", " are calm.", "grammar"}});
        QCOMPARE(pairs.size(), std::size_t(1));
        const auto& p = pairs[0];
        QVERIFY(!p.explanationFirst.empty() && !p.explanationSwapped.empty());
        char expected = 'T';
        if (!p.first || !p.swapped)
            expected = 'U';
        else if (*p.first == 'A' && *p.swapped == 'B')
            expected = 'W';
        else if (*p.first == 'B' && *p.swapped == 'A')
            expected = 'L';
        QCOMPARE(p.outcome, expected);
    }
};

QTEST_GUILESS_MAIN(TestSweepLocalJudge)
#include "tst_sweep_localjudge.moc"

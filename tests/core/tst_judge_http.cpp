// The OpenAI-compatible judge backend against a scripted loopback server:
// replies with and without log-probabilities, the log-probability probe and
// fallback, 429 then success, 5xx until give-up, malformed JSON, timeouts,
// connection failures, a refused key, the concurrency limit, the reply cache,
// pairwise judging in both orders, and an API key that never reaches a file.
#include <QtTest/QtTest>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "judge/HttpChatBackend.h"
#include "judge/JudgeCache.h"
#include "judge/ModelJudge.h"
#include "support/LoopbackHttpServer.h"
#include "util/Error.h"

using namespace hialign::judge;
using hialign::test::HttpAnswer;
using hialign::test::HttpRequestSeen;
using hialign::test::LoopbackHttpServer;
using nlohmann::json;

namespace {

// A chat completion whose content is `text`; with `tokens`, their log-probabilities
// (each token has logprob -0.01 and the alternatives given for it).
std::string completion(const std::string& text,
                       const std::vector<std::pair<std::string, std::map<std::string, double>>>& tokens = {})
{
    json choice = {{"index", 0}, {"message", {{"role", "assistant"}, {"content", text}}}, {"finish_reason", "stop"}};
    if (!tokens.empty()) {
        json content = json::array();
        for (const auto& [tok, alts] : tokens) {
            json top = json::array();
            for (const auto& [a, lp] : alts) top.push_back({{"token", a}, {"logprob", lp}});
            content.push_back({{"token", tok}, {"logprob", alts.count(tok) ? alts.at(tok) : -0.01}, {"top_logprobs", top}});
        }
        choice["logprobs"] = {{"content", content}};
    }
    return json{{"id", "x"}, {"object", "chat.completion"}, {"choices", json::array({choice})}}.dump();
}

HttpBackendOptions options(const LoopbackHttpServer& server)
{
    HttpBackendOptions o;
    o.baseUrl = server.url();
    o.model = "judge-model";
    o.seed = 7;
    o.timeoutSeconds = 5;
    o.retries = 3;
    o.backoffSeconds = 0.01;
    return o;
}

std::shared_ptr<HttpChatBackend> backendFor(const HttpBackendOptions& o)
{
    return std::make_shared<HttpChatBackend>(o);
}

ModelJudgeOptions grammarOnly()
{
    ModelJudgeOptions o;
    o.dimensions = {"grammar"};
    return o;
}

std::string readAll(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

class TestJudgeHttp : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void endpoints()
    {
        QCOMPARE(HttpChatBackend::endpointOf("http://h:8000"), std::string("http://h:8000/v1/chat/completions"));
        QCOMPARE(HttpChatBackend::endpointOf("http://h:8000/v1/"), std::string("http://h:8000/v1/chat/completions"));
        QCOMPARE(HttpChatBackend::endpointOf("https://h/api/v1/chat/completions"),
                 std::string("https://h/api/v1/chat/completions"));
    }

    void badSettingsAreOneSentence()
    {
        HttpBackendOptions o;
        o.baseUrl = "ftp://x";
        o.model = "m";
        QVERIFY_THROWS_EXCEPTION(hialign::InputError, HttpChatBackend{o});
        o.baseUrl = "http://127.0.0.1:1";
        o.concurrency = 0;
        QVERIFY_THROWS_EXCEPTION(hialign::InputError, HttpChatBackend{o});
        o.concurrency = 2;
        o.keyEnv = "HIALIGN_TEST_UNSET_KEY_VARIABLE";
        ::unsetenv(o.keyEnv.c_str());
        try {
            HttpChatBackend b(o);
            QFAIL("an unset key variable must be refused");
        } catch (const hialign::InputError& e) {
            QVERIFY(std::string(e.what()).find("HIALIGN_TEST_UNSET_KEY_VARIABLE") != std::string::npos);
        }
    }

    void successWithLogprobs()
    {
        LoopbackHttpServer server;
        // "Rating: [[8]]" split so that "8" is one token with alternatives 7, 8, 9.
        server.script({200, completion("Fluent text.\nRating: [[8]]",
                                       {{"Fluent", {}}, {" text.", {}}, {"\n", {}}, {"Rating", {}}, {":", {}},
                                        {" [[", {}}, {"8", {{"8", std::log(0.6)}, {"7", std::log(0.2)}, {"9", std::log(0.1)}, {"x", std::log(0.1)}}},
                                        {"]]", {}}})});
        ::setenv("HIALIGN_TEST_JUDGE_KEY", "sk-test-0123456789", 1);
        HttpBackendOptions o = options(server);
        o.keyEnv = "HIALIGN_TEST_JUDGE_KEY";
        auto backend = backendFor(o);
        ModelJudge judge(backend, grammarOnly());
        const auto scores = judge.judge("the cat", " sat on the mat.");
        QCOMPARE(scores.size(), std::size_t(1));
        const JudgeScore& s = scores[0];
        QCOMPARE(s.verdict, std::string("weighted"));
        QVERIFY(s.score.has_value());
        QVERIFY(std::abs(*s.score - (8 * 0.6 + 7 * 0.2 + 9 * 0.1) / 0.9) < 1e-9);
        QVERIFY(s.mass && std::abs(*s.mass - 0.9) < 1e-9);
        QVERIFY(!s.lowMass);
        QCOMPARE(s.explanation, std::string("Fluent text."));
        QVERIFY(backend->logprobsSupported());

        const auto seen = server.requests();
        QCOMPARE(seen.size(), std::size_t(1));
        QVERIFY(seen[0].head.rfind("POST /v1/chat/completions ", 0) == 0);
        QVERIFY(seen[0].head.find("Authorization: Bearer sk-test-0123456789") != std::string::npos);
        const json body = json::parse(seen[0].body);
        QCOMPARE(body["model"].get<std::string>(), std::string("judge-model"));
        QCOMPARE(body["temperature"].get<double>(), 0.0);
        QCOMPARE(body["seed"].get<int>(), 7);
        QCOMPARE(body["logprobs"].get<bool>(), true);
        QCOMPARE(body["top_logprobs"].get<int>(), 20);
        QCOMPARE(body["messages"][0]["role"].get<std::string>(), std::string("system"));
        QVERIFY(body["messages"][1]["content"].get<std::string>().find("grammatical fluency") != std::string::npos);
        QVERIFY(judge.name().find("sk-test") == std::string::npos);
    }

    void serverWithoutLogprobsIsProbedOnce()
    {
        // The server refuses requests that ask for log-probabilities.
        LoopbackHttpServer server([](const HttpRequestSeen& r) {
            if (r.body.find("\"logprobs\"") != std::string::npos)
                return HttpAnswer{400, R"({"error":{"message":"logprobs not supported"}})"};
            return HttpAnswer{200, completion("Some errors.\nRating: [[4]]")};
        });
        auto backend = backendFor(options(server));
        ModelJudge judge(backend, grammarOnly());
        const auto many = judge.judgeMany({{"p1", "r1", ""}, {"p2", "r2", ""}, {"p3", "r3", ""}}, {});
        QCOMPARE(many.size(), std::size_t(3));
        for (const auto& scores : many) {
            QCOMPARE(scores[0].verdict, std::string("rated"));
            QCOMPARE(*scores[0].score, 4.0);
            QVERIFY(!scores[0].mass);
        }
        QVERIFY(!backend->logprobsSupported());
        // One refused probe, then three plain requests.
        QCOMPARE(server.requests().size(), std::size_t(4));
        QCOMPARE(backend->attemptsMade(), 4);

        // A server that answers 200 but without log-probabilities is asked without them afterwards.
        LoopbackHttpServer plain([](const HttpRequestSeen&) { return HttpAnswer{200, completion("Ok.\nRating: [[6]]")}; });
        auto b2 = backendFor(options(plain));
        ModelJudge j2(b2, grammarOnly());
        j2.judgeMany({{"p1", "r1", ""}, {"p2", "r2", ""}}, {});
        const auto seen = plain.requests();
        QCOMPARE(seen.size(), std::size_t(2));
        QVERIFY(seen[0].body.find("\"logprobs\"") != std::string::npos);
        QVERIFY(seen[1].body.find("\"logprobs\"") == std::string::npos);
    }

    void rateLimitThenSuccess()
    {
        LoopbackHttpServer server;
        server.script({429, R"({"error":"slow down"})", 0, {"Retry-After: 0"}});
        server.script({200, completion("Good.\nRating: [[9]]")});
        HttpBackendOptions o = options(server);
        o.logprobs = "off";
        auto backend = backendFor(o);
        ModelJudge judge(backend, grammarOnly());
        const auto s = judge.judge("p", "r");
        QCOMPARE(s[0].verdict, std::string("rated"));
        QCOMPARE(*s[0].score, 9.0);
        QCOMPARE(backend->attemptsMade(), 2);
    }

    void serverErrorsUntilGiveUp()
    {
        LoopbackHttpServer server([](const HttpRequestSeen&) { return HttpAnswer{503, R"({"error":"overloaded"})"}; });
        HttpBackendOptions o = options(server);
        o.retries = 2;
        o.logprobs = "off";
        auto backend = backendFor(o);
        ModelJudge judge(backend, grammarOnly());
        const auto s = judge.judge("p", "r");
        QCOMPARE(s[0].verdict, std::string("error"));
        QVERIFY(!s[0].score);
        QVERIFY2(s[0].explanation.find("3 attempts") != std::string::npos, s[0].explanation.c_str());
        QVERIFY(s[0].explanation.find("HTTP 503") != std::string::npos);
        QCOMPARE(backend->attemptsMade(), 3);
    }

    void malformedJson()
    {
        LoopbackHttpServer server;
        server.script({200, "{\"choices\": [ {\"message\": "});
        server.script({200, R"({"choices": []})"});
        HttpBackendOptions o = options(server);
        o.logprobs = "off";
        o.concurrency = 1;
        ModelJudge judge(backendFor(o), grammarOnly());
        const auto many = judge.judgeMany({{"p1", "r1", ""}, {"p2", "r2", ""}}, {});
        QCOMPARE(many[0][0].verdict, std::string("error"));
        QVERIFY2(many[0][0].explanation.find("not valid JSON") != std::string::npos, many[0][0].explanation.c_str());
        QCOMPARE(many[1][0].verdict, std::string("error"));
        QVERIFY(many[1][0].explanation.find("no choices") != std::string::npos);
    }

    void timeout()
    {
        // The server never answers: it holds each connection until the client
        // has closed it. Only the client's own timeout (0.3 s per attempt)
        // can end an attempt, which its message and attempt count show (no
        // stopwatch, and no race between a server delay and the timeout).
        LoopbackHttpServer server([](const HttpRequestSeen&) {
            HttpAnswer a{200, completion("late")};
            a.holdUntilClientGivesUp = true;
            return a;
        });
        HttpBackendOptions o = options(server);
        o.timeoutSeconds = 0.3;
        o.retries = 1;
        o.logprobs = "off";
        auto backend = backendFor(o);
        ModelJudge judge(backend, grammarOnly());
        const auto s = judge.judge("p", "r");
        QCOMPARE(s[0].verdict, std::string("error"));
        QVERIFY2(s[0].explanation.find("no answer within 1 s") != std::string::npos, s[0].explanation.c_str());
        QCOMPARE(backend->attemptsMade(), 2);
        // Both connections were closed by the client, unanswered (the server
        // notices each close on its own thread).
        QTRY_COMPARE_WITH_TIMEOUT(server.clientsGaveUp(), 2, 60000);
    }

    void unreachableServerStopsTheRun()
    {
        int port;
        {
            LoopbackHttpServer probe;   // a port that was free a moment ago and is closed now
            port = probe.port();
        }
        HttpBackendOptions o;
        o.baseUrl = "http://127.0.0.1:" + std::to_string(port);
        o.model = "m";
        o.retries = 1;
        o.backoffSeconds = 0.01;
        ModelJudge judge(backendFor(o), grammarOnly());
        try {
            judge.judge("p", "r");
            QFAIL("an unreachable server must stop the run");
        } catch (const hialign::Error& e) {
            QVERIFY2(std::string(e.what()).find("cannot be reached") != std::string::npos, e.what());
        }
    }

    void refusedKeyStopsTheRun()
    {
        LoopbackHttpServer server([](const HttpRequestSeen&) { return HttpAnswer{401, R"({"error":"bad key"})"}; });
        ::setenv("HIALIGN_TEST_JUDGE_KEY", "sk-wrong", 1);
        HttpBackendOptions o = options(server);
        o.keyEnv = "HIALIGN_TEST_JUDGE_KEY";
        ModelJudge judge(backendFor(o), grammarOnly());
        try {
            judge.judge("p", "r");
            QFAIL("a refused key must stop the run");
        } catch (const hialign::Error& e) {
            const std::string m = e.what();
            QVERIFY(m.find("HTTP 401") != std::string::npos);
            QVERIFY(m.find("HIALIGN_TEST_JUDGE_KEY") != std::string::npos);
            QVERIFY(m.find("sk-wrong") == std::string::npos);
        }
    }

    void concurrencyIsLimited()
    {
        // Every answer waits until three requests have been in flight at once:
        // the client must reach its limit of 3 for the run to go on. (Before,
        // each answer was delayed by 150 ms and overlap was left to timing.)
        LoopbackHttpServer server([](const HttpRequestSeen&) {
            HttpAnswer a{200, completion("x\nRating: [[5]]")};
            a.holdUntilInFlight = 3;
            return a;
        });
        HttpBackendOptions o = options(server);
        o.concurrency = 3;
        o.logprobs = "off";
        o.timeoutSeconds = 120;   // a hang guard beyond the server's own
        ModelJudge judge(backendFor(o), grammarOnly());
        std::vector<JudgeItem> items;
        for (int i = 0; i < 12; ++i) items.push_back({"p" + std::to_string(i), "r", ""});
        const auto many = judge.judgeMany(items, {});
        for (const auto& s : many) QCOMPARE(*s[0].score, 5.0);
        QCOMPARE(server.requests().size(), std::size_t(12));
        QCOMPARE(server.maxInFlight(), 3);   // reached the limit, never more
    }

    void cacheAndKeyNeverWritten()
    {
        QTemporaryDir dir;
        const std::filesystem::path cacheFile = std::filesystem::path(dir.path().toStdString()) / "judge-cache.jsonl";
        const std::string secret = "sk-live-SECRET-4242";
        ::setenv("HIALIGN_TEST_JUDGE_KEY", secret.c_str(), 1);
        LoopbackHttpServer server([](const HttpRequestSeen&) { return HttpAnswer{200, completion("Fine.\nRating: [[7]]")}; });
        HttpBackendOptions o = options(server);
        o.keyEnv = "HIALIGN_TEST_JUDGE_KEY";
        std::vector<JudgeItem> items = {{"p1", "r1", ""}, {"p2", "r2", ""}};
        {
            auto cache = std::make_shared<JudgeCache>(cacheFile);
            ModelJudge judge(backendFor(o), ModelJudgeOptions{}, cache);
            const auto many = judge.judgeMany(items, {});
            QCOMPARE(many[0].size(), std::size_t(3));   // grammar, logic, facts
            QCOMPARE(cache->size(), std::size_t(6));
        }
        const std::size_t sent = server.requests().size();
        QCOMPARE(sent, std::size_t(6));
        {
            // A second judge over the same cache file asks the server nothing.
            auto cache = std::make_shared<JudgeCache>(cacheFile);
            auto backend = backendFor(o);
            ModelJudge judge(backend, ModelJudgeOptions{}, cache);
            const auto many = judge.judgeMany(items, {});
            QCOMPARE(*many[1][2].score, 7.0);
            QCOMPARE(backend->attemptsMade(), 0);
        }
        QCOMPARE(server.requests().size(), sent);
        // The key went to the server and into no file.
        QVERIFY(server.requests()[0].head.find(secret) != std::string::npos);
        for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path().toStdString()))
            if (e.is_regular_file()) QVERIFY2(readAll(e.path()).find(secret) == std::string::npos, e.path().c_str());
    }

    void pairwiseBothOrders()
    {
        // The judge prefers the response that says "good", wherever it appears.
        LoopbackHttpServer consistent([](const HttpRequestSeen& r) {
            const json body = json::parse(r.body);
            const std::string user = body["messages"][1]["content"].get<std::string>();
            const bool aGood = user.find("[Response A]\ngood") != std::string::npos;
            return HttpAnswer{200, completion(std::string("Compared.\nVerdict: [[") + (aGood ? "A" : "B") + "]]")};
        });
        HttpBackendOptions o = options(consistent);
        o.logprobs = "off";
        ModelJudge judge(backendFor(o), grammarOnly());
        const auto out = judge.compareMany({{"p", "good", "bad", "grammar"}, {"p", "bad", "good", "grammar"}});
        QCOMPARE(out[0].outcome, 'W');
        QCOMPARE(out[1].outcome, 'L');
        QCOMPARE(*out[0].first, 'A');
        QCOMPARE(*out[0].swapped, 'B');

        // A judge that always picks the first response disagrees with itself: a tie.
        LoopbackHttpServer biased([](const HttpRequestSeen&) { return HttpAnswer{200, completion("A.\nVerdict: [[A]]")}; });
        HttpBackendOptions ob = options(biased);
        ob.logprobs = "off";
        ModelJudge j2(backendFor(ob), grammarOnly());
        QCOMPARE(j2.compareMany({{"p", "x", "y", "grammar"}})[0].outcome, 'T');

        // An unparsed verdict is counted as unparsed.
        LoopbackHttpServer vague([](const HttpRequestSeen&) { return HttpAnswer{200, completion("Both are fine.")}; });
        HttpBackendOptions ov = options(vague);
        ov.logprobs = "off";
        ModelJudge j3(backendFor(ov), grammarOnly());
        const auto u = j3.compareMany({{"p", "x", "y", "grammar"}});
        QCOMPARE(u[0].outcome, 'U');
        QVERIFY(u[0].explanationFirst.find("no verdict marker") != std::string::npos);
    }

    void unparsedRepliesAreCountedNotGuessed()
    {
        LoopbackHttpServer server([](const HttpRequestSeen&) { return HttpAnswer{200, completion("I would say about 8 out of 10.")}; });
        HttpBackendOptions o = options(server);
        o.logprobs = "off";
        ModelJudge judge(backendFor(o), grammarOnly());
        const auto s = judge.judge("p", "r");
        QCOMPARE(s[0].verdict, std::string("unparsed"));
        QVERIFY(!s[0].score);
        QCOMPARE(s[0].reply, std::string("I would say about 8 out of 10."));
        QVERIFY(s[0].explanation.find("no rating marker") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestJudgeHttp)
#include "tst_judge_http.moc"

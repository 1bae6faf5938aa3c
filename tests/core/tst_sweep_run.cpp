// The strategy sweep on the shipped demo lab: a rubric judge on a scripted
// OpenAI-compatible loopback server (pairwise win rates, the reply cache, an
// API key that reaches no file), the exact judge over two seeds run task by
// task as a Slurm array would (partial collect, then complete), the emitted
// Slurm script, cancellation and bad settings.
#include <QtTest/QtTest>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "judge/JudgeStats.h"
#include "judge/ReportText.h"
#include "support/LoopbackHttpServer.h"
#include "sweep/Sweep.h"
#include "settings/TrainConfig.h"
#include "util/Error.h"
#include "util/Paths.h"

using namespace hialign;
using hialign::test::HttpAnswer;
using hialign::test::HttpRequestSeen;
using hialign::test::LoopbackHttpServer;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<json> readJsonl(const fs::path& p)
{
    std::vector<json> out;
    std::ifstream in(p);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(json::parse(line));
    return out;
}

const json& row(const json& report, const std::string& strategy, const std::string& dimension)
{
    for (const json& r : report["rows"])
        if (r["strategy"] == strategy && r["dimension"] == dimension) return r;
    throw std::runtime_error("no row " + strategy + "/" + dimension);
}

std::string between(const std::string& s, const std::string& a, const std::string& b)
{
    const std::size_t i = s.find(a);
    if (i == std::string::npos) return {};
    const std::size_t j = s.find(b, i + a.size());
    return s.substr(i + a.size(), j - i - a.size());
}

std::string completion(const std::string& text)
{
    return json{{"choices", json::array({{{"message", {{"role", "assistant"}, {"content", text}}}}})}}.dump();
}

sweep::SweepSettings labSettings(const std::string& judge)
{
    const fs::path lab = demoLabDir();
    sweep::SweepSettings s;
    s.modelDir = lab / "model";
    s.dataFile = lab / "data" / "preferences_mixed.jsonl";
    s.evalPromptFiles = {lab / "data" / "eval_grammar.jsonl", lab / "data" / "eval_logic.jsonl",
                         lab / "data" / "eval_facts.jsonl"};
    s.evalLimit = 3;
    s.judgeSpec = judge;
    s.strategies = {"base", "global"};
    s.recipe.steps = 2;
    s.recipe.batchSize = 4;
    s.maxNewTokens = 12;
    s.temperature = 1.0;
    s.recipe.device = "cpu";
    s.report.bootstrapResamples = 500;
    return s;
}

} // namespace

class TestSweepRun : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (demoLabDir().empty()) QFAIL("the shipped demo lab was not found");
    }

    void rubricJudgeOverHttp()
    {
        // Rating: 1 + the response's length mod 10; verdict: the longer response wins.
        LoopbackHttpServer server([](const HttpRequestSeen& r) {
            const std::string user = json::parse(r.body)["messages"][1]["content"].get<std::string>();
            if (user.find("[Response A]") != std::string::npos) {
                const std::size_t a = between(user, "[Response A]\n", "\n[End of response A]").size();
                const std::size_t b = between(user, "[Response B]\n", "\n[End of response B]").size();
                const std::string v = a > b ? "A" : a < b ? "B" : "tie";
                return HttpAnswer{200, completion("Compared lengths.\nVerdict: [[" + v + "]]")};
            }
            const std::size_t n = between(user, "[Response]\n", "\n[End of response]").size();
            return HttpAnswer{200, completion("Scored.\nRating: [[" + std::to_string(1 + n % 10) + "]]")};
        });
        const std::string secret = "sk-sweep-SECRET-777";
        ::setenv("HIALIGN_SWEEP_TEST_KEY", secret.c_str(), 1);
        QTemporaryDir tmp;
        const fs::path dir = fs::path(tmp.path().toStdString()) / "sweep";
        sweep::SweepSettings s = labSettings("openai:" + server.url() + ",model=judge,key-env=HIALIGN_SWEEP_TEST_KEY,backoff=0.01");
        QVERIFY(sweep::runSweep(s, dir));

        const json report = json::parse(readAll(dir / "report.json"));
        QCOMPARE(report["score_min"].get<double>(), 1.0);
        QCOMPARE(report["score_max"].get<double>(), 10.0);
        QCOMPARE(report["rows"].size(), std::size_t(6));
        QVERIFY(report["missing_tasks"].empty());
        // 9 prompts × 3 dimensions rated per task; 27 comparisons in two orders for global.
        const auto baseJ = readJsonl(dir / "tasks/base-seed1/judgments.jsonl");
        const auto gens = readJsonl(dir / "tasks/base-seed1/generations.jsonl");
        QCOMPARE(gens.size(), std::size_t(9));
        QCOMPARE(baseJ.size(), std::size_t(27));
        // Every score is the server's rule applied to the response, parsed from the marker.
        for (const json& j : baseJ) {
            const json* g = nullptr;
            for (const json& x : gens)
                if (x["prompt_id"] == j["prompt_id"]) g = &x;
            QVERIFY(g);
            QCOMPARE(j["score"].get<double>(), double(1 + (*g)["response"].get<std::string>().size() % 10));
            QCOMPARE(j["verdict"].get<std::string>(), std::string("rated"));
        }
        // The report's mean is the mean of the judgments.
        double sum = 0;
        int n = 0;
        for (const json& j : baseJ)
            if (j["dimension"] == "logic") {
                sum += j["score"].get<double>();
                ++n;
            }
        QVERIFY(std::abs(row(report, "base", "logic")["mean"].get<double>() - sum / n) < 1e-12);
        // Win rates come from the pairwise file: wins + ties / 2 over parsed comparisons.
        const auto pairs = readJsonl(dir / "tasks/global-seed1/pairwise.jsonl");
        QCOMPARE(pairs.size(), std::size_t(27));
        double wins = 0;
        int parsed = 0;
        for (const json& p : pairs)
            if (p["dimension"] == "facts" && p["outcome"] != "unparsed") {
                wins += p["outcome"] == "win" ? 1.0 : p["outcome"] == "tie" ? 0.5 : 0.0;
                ++parsed;
            }
        const json& g = row(report, "global", "facts");
        QCOMPARE(g["win_source"].get<std::string>(), std::string("pairwise"));
        QCOMPARE(g["pairwise_n"].get<int>(), 9);
        QCOMPARE(g["pairwise_unparsed"].get<int>(), 0);
        QVERIFY(std::abs(g["win_rate"].get<double>() - wins / parsed) < 1e-12);
        // The longer response wins under both orders, so no comparison of unequal lengths is a tie.
        for (const json& p : pairs)
            QVERIFY(p["outcome"] == "tie" ? p["first"] == "tie" : p["first"] != p["swapped"]);

        // Collecting again asks the server nothing: every reply is cached.
        const std::size_t asked = server.requests().size();
        QVERIFY(asked <= std::size_t(27 + 27 + 2 * 27));
        fs::remove(dir / "tasks/global-seed1/pairwise.jsonl");
        sweep::collect(dir);
        QCOMPARE(server.requests().size(), asked);
        QVERIFY(fs::exists(dir / "tasks/global-seed1/pairwise.jsonl"));

        // The key went to the server and into no file; sweep.json names only its variable.
        QVERIFY(server.requests()[0].head.find(secret) != std::string::npos);
        for (const auto& e : fs::recursive_directory_iterator(dir))
            if (e.is_regular_file()) QVERIFY2(readAll(e.path()).find(secret) == std::string::npos, e.path().c_str());
        QVERIFY(readAll(dir / "sweep.json").find("key-env=HIALIGN_SWEEP_TEST_KEY") != std::string::npos);
        QVERIFY(readAll(dir / "report.html").find("<svg") != std::string::npos);
        QVERIFY(readAll(dir / "report.csv").rfind("strategy,dimension,n,unparsed,mean,low,high,diff,diff_low,diff_high", 0) == 0);
        // Rubric scores: the sign test; W/T/L from the pairwise outcomes counted above.
        QCOMPARE(report["statistics"]["paired_test"].get<std::string>(), std::string("sign-test"));
        QCOMPARE(g["wins"].get<int>() + g["ties"].get<int>() + g["losses"].get<int>(), parsed);
    }

    void exactJudgeTaskByTaskOverTwoSeeds()
    {
        QTemporaryDir tmp;
        const fs::path dir = fs::path(tmp.path().toStdString()) / "sweep";
        sweep::SweepSettings s = labSettings("exact");
        s.seeds = {1, 2};
        sweep::prepareSweep(s, dir);
        const auto tasks = sweep::sweepTasks(sweep::readSweepSettings(dir));
        QCOMPARE(tasks.size(), std::size_t(4));
        QCOMPARE(tasks[0].name, std::string("base-seed1"));
        QCOMPARE(tasks[3].name, std::string("global-seed2"));

        // The Slurm script: one array task per strategy × seed, no GPU asked when none is wanted.
        sweep::SlurmOptions so;
        so.cliPath = "/opt/hialign/bin/hialign-cli";
        so.gpusPerTask = 0;
        so.cpusPerTask = 2;
        const fs::path script = sweep::emitSlurm(dir, so);
        const std::string text = readAll(script);
        QVERIFY(text.find("#SBATCH --array=0-3\n") != std::string::npos);
        QVERIFY(text.find("--gres") == std::string::npos);
        QVERIFY(text.find("exec '/opt/hialign/bin/hialign-cli' sweep --task \"$SLURM_ARRAY_TASK_ID\" '") != std::string::npos);
        QVERIFY(readAll(dir / "sweep-collect.slurm").find("sweep --collect '") != std::string::npos);

        // Tasks run out of order, as array tasks may; one is left out.
        for (int i : {3, 0, 1}) QVERIFY(sweep::runTask(dir, tasks[i].name));
        json report = sweep::collect(dir).toJson();
        QCOMPARE(report["missing_tasks"], json::array({"base-seed2"}));
        // global-seed2 finished before its base: its scores count, its win rate pairs only with seed 1.
        const json& partial = row(report, "global", "grammar");
        QCOMPARE(partial["seed_means"].size(), std::size_t(2));

        // A finished task is not redone.
        const auto stamp = fs::last_write_time(dir / "tasks/base-seed1/judgments.jsonl");
        std::vector<std::string> phases;
        sweep::SweepCallbacks cb;
        cb.onProgress = [&](const sweep::SweepProgress& p) { phases.push_back(p.phase); };
        QVERIFY(sweep::runTask(dir, "base-seed1", cb));
        QCOMPARE(phases, std::vector<std::string>{"done"});
        QCOMPARE(fs::last_write_time(dir / "tasks/base-seed1/judgments.jsonl"), stamp);

        QVERIFY(sweep::runTask(dir, "base-seed2"));
        report = sweep::collect(dir).toJson();
        QVERIFY(report["missing_tasks"].empty());
        QCOMPARE(report["score_max"].get<double>(), 1.0);
        for (const json& r : report["rows"]) {
            QCOMPARE(r["n"].get<int>(), 6);   // 3 prompts of the row's dimension × 2 seeds
            QCOMPARE(r["unparsed"].get<int>(), 0);
            // The mean, recomputed from the judgment files themselves.
            double sum = 0;
            int n = 0;
            for (const char* seed : {"1", "2"}) {
                std::ifstream in(dir / "tasks" / (r["strategy"].get<std::string>() + "-seed" + seed) / "judgments.jsonl");
                std::string line;
                while (std::getline(in, line)) {
                    const json j = json::parse(line);
                    if (j["dimension"] == r["dimension"] && j["score"].is_number()) {
                        sum += j["score"].get<double>();
                        ++n;
                    }
                }
            }
            QCOMPARE(n, 6);
            QVERIFY(std::abs(sum / n - r["mean"].get<double>()) < 1e-12);
            QVERIFY(r["low"].get<double>() <= r["mean"].get<double>() && r["mean"].get<double>() <= r["high"].get<double>());
            QCOMPARE(r["win_source"].get<std::string>(), std::string("scores"));
            QCOMPARE(r["seed_means"].size(), std::size_t(2));
            // The pooled mean is the mean of the two seeds' means (equal counts).
            const double m = (r["seed_means"][0].get<double>() + r["seed_means"][1].get<double>()) / 2;
            QVERIFY(std::abs(m - r["mean"].get<double>()) < 1e-12);
            QVERIFY(r["seed_sd"].is_number());
        }
        QCOMPARE(row(report, "base", "logic")["win_rate"].get<double>(), 0.5);

        // Statistics: seed-aware intervals, and every difference, count and
        // p-value recomputed from the judgment files, paired on (seed, prompt).
        QCOMPARE(report["version"].get<int>(), 2);
        QCOMPARE(report["statistics"]["interval"].get<std::string>(), std::string("seeds-then-prompts"));
        QCOMPARE(report["statistics"]["paired_test"].get<std::string>(), std::string("mcnemar-exact"));
        QCOMPARE(report["statistics"]["comparisons"].get<int>(), 3);   // global × 3 dimensions
        QCOMPARE(report["statistics"]["bootstrap_resamples"].get<int>(), 500);
        auto scores = [&](const std::string& task) {
            std::map<std::pair<std::string, std::string>, double> out;   // (dimension, prompt) -> score
            for (const json& j : readJsonl(dir / "tasks" / task / "judgments.jsonl"))
                out[{j["dimension"].get<std::string>(), j["prompt_id"].get<std::string>()}] = j["score"].get<double>();
            return out;
        };
        std::vector<double> pHand;
        struct Hand { int wins, ties, losses; double diff, p; };
        std::map<std::string, Hand> hand;   // dimension -> Global-Align against Base, from the judgment files
        for (const std::string dim : {"grammar", "logic", "facts"}) {
            int b = 0, c = 0, ties = 0;
            double diff = 0;
            for (const char* seed : {"1", "2"}) {
                const auto mine = scores(std::string("global-seed") + seed), base = scores(std::string("base-seed") + seed);
                for (const auto& [key, v] : mine) {
                    if (key.first != dim) continue;
                    const double d = v - base.at(key);
                    diff += d;
                    d > 0 ? ++b : d < 0 ? ++c : ++ties;
                }
            }
            const json& g = row(report, "global", dim);
            QCOMPARE(g["paired_n"].get<int>(), 6);
            QCOMPARE(g["wins"].get<int>(), b);
            QCOMPARE(g["losses"].get<int>(), c);
            QCOMPARE(g["ties"].get<int>(), ties);
            QVERIFY(std::abs(g["diff"].get<double>() - diff / 6) < 1e-12);
            QVERIFY(g["diff_low"].get<double>() <= g["diff"].get<double>() + 1e-12);
            QVERIFY(g["diff"].get<double>() <= g["diff_high"].get<double>() + 1e-12);
            QVERIFY(std::abs(g["p_value"].get<double>() - judge::exactSignTestP(b, c)) < 1e-12);
            QCOMPARE(g["alignment_tax"].get<bool>(), g["diff_high"].get<double>() < 0);
            pHand.push_back(g["p_value"].get<double>());
            hand[dim] = {b, ties, c, diff / 6, judge::exactSignTestP(b, c)};
            QVERIFY(row(report, "base", dim)["diff"].is_null());
        }
        const std::vector<double> holm = judge::holmAdjust(pHand);
        for (std::size_t i = 0; i < 3; ++i) {
            const json& g = row(report, "global", std::vector<std::string>{"grammar", "logic", "facts"}[i]);
            QVERIFY(std::abs(g["p_holm"].get<double>() - holm[i]) < 1e-12);
            QCOMPARE(g["significant"].get<bool>(), holm[i] < 0.05);
        }
        // report.csv against the values recomputed above from the judgment
        // files (not against the same code run on report.json).
        {
            std::istringstream csv(readAll(dir / "report.csv"));
            std::string line;
            QVERIFY(std::getline(csv, line));
            std::vector<std::string> header;
            {
                std::istringstream h(line);
                for (std::string f; std::getline(h, f, ',');)
                    header.push_back(f);
            }
            auto col = [&](const char* name) {
                const auto it = std::find(header.begin(), header.end(), name);
                return static_cast<std::size_t>(it - header.begin());
            };
            std::size_t globalRows = 0;
            while (std::getline(csv, line)) {
                std::vector<std::string> f;
                std::istringstream l(line);
                for (std::string v; std::getline(l, v, ',');)
                    f.push_back(v);
                QVERIFY2(f.size() >= header.size() - 1, line.c_str());   // the last field may be empty
                if (f[col("strategy")] != "global")
                    continue;
                ++globalRows;
                const Hand& h = hand.at(f[col("dimension")]);
                QCOMPARE(std::stoi(f[col("wins")]), h.wins);
                QCOMPARE(std::stoi(f[col("ties")]), h.ties);
                QCOMPARE(std::stoi(f[col("losses")]), h.losses);
                QCOMPARE(std::stoi(f[col("paired_n")]), 6);
                QVERIFY2(std::abs(std::stod(f[col("diff")]) - h.diff) <= 5e-7, line.c_str());   // 6 decimals
                QVERIFY2(std::abs(std::stod(f[col("p_value")]) - h.p) <= 5e-7, line.c_str());
            }
            QCOMPARE(globalRows, std::size_t(3));
        }
        // The report's files are the core's texts of report.json, and report.json the returned report.
        QCOMPARE(readAll(dir / "report.json"), report.dump(2) + "\n");
        QCOMPARE(readAll(dir / "report.csv"), judge::reportCsv(report));
        QCOMPARE(readAll(dir / "report.html"), judge::reportHtml(report));

        // Other statistics settings re-collect the same sweep: recorded, never refused.
        sweep::SweepSettings::ReportSettings stats;
        stats.bootstrapResamples = 300;
        stats.alpha = 0.1;
        const json again = sweep::collect(dir, {}, &stats).toJson();
        QCOMPARE(again["statistics"]["bootstrap_resamples"].get<int>(), 300);
        QCOMPARE(again["statistics"]["level"].get<double>(), 0.9);
        QCOMPARE(sweep::readSweepSettings(dir).report.bootstrapResamples, std::size_t(300));
        sweep::prepareSweep(s, dir);   // back to the sweep's first settings: accepted, and recorded
        QCOMPARE(sweep::readSweepSettings(dir).report.alpha, 0.05);
        QCOMPARE(sweep::readSweepSettings(dir).report.bootstrapResamples, std::size_t(500));
        // Exact judgments follow the prompts' own dimensions: each prompt judged once.
        QCOMPARE(readJsonl(dir / "tasks/global-seed1/judgments.jsonl").size(), std::size_t(9));
        QVERIFY(!fs::exists(dir / "tasks/global-seed1/pairwise.jsonl"));

        // The same folder with other settings is refused with the difference named.
        sweep::SweepSettings other = s;
        other.recipe.steps = 3;
        try {
            sweep::prepareSweep(other, dir);
            QFAIL("changed settings must be refused");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find("steps was 2, now 3") != std::string::npos, e.what());
        }
    }

    void cancelStopsBeforeWork()
    {
        QTemporaryDir tmp;
        const fs::path dir = fs::path(tmp.path().toStdString()) / "sweep";
        train::CancelToken cancel;
        cancel.cancel = true;
        QVERIFY(!sweep::runSweep(labSettings("exact"), dir, {}, &cancel));
        QVERIFY(!fs::exists(dir / "tasks/base-seed1/task.json"));
        QVERIFY(!fs::exists(dir / "report.json"));
    }

    void badSettings()
    {
        sweep::SweepSettings s = labSettings("exact");
        s.strategies = {"base", "base"};
        QVERIFY_THROWS_EXCEPTION(InputError, s.validate());
        s = labSettings("judge-o-matic");
        QVERIFY_THROWS_EXCEPTION(InputError, s.validate());
        s = labSettings("exact");
        s.evalPromptFiles = {demoLabDir() / "data" / "missing.jsonl"};
        QVERIFY_THROWS_EXCEPTION(InputError, s.validate());
        s = labSettings("exact");
        s.seeds = {};
        QVERIFY_THROWS_EXCEPTION(InputError, s.validate());
        // Cuts: A < B inside the model's 12 layers, or none at all.
        for (auto [a, b] : {std::pair{4, 4}, std::pair{0, 5}, std::pair{5, 12}, std::pair{-1, 5}}) {
            s = labSettings("exact");
            s.recipe.cut1 = a;
            s.recipe.cut2 = b;
            QVERIFY_THROWS_EXCEPTION(InputError, s.validate());
        }
    }

    void cutsReachEveryStrategyAndSweepJson()
    {
        sweep::SweepSettings s = labSettings("exact");
        // Without cuts, sweep.json has no "cuts" (sweeps written before the
        // setting existed read the same) and the plan keeps the thirds.
        QVERIFY(!s.toJson().contains("cuts"));
        QCOMPARE(sweep::SweepSettings::fromJson(s.toJson(), "sweep.json").recipe.cut1, -1);
        QCOMPARE(sweep::trainConfigFor(s, "mid", 1).cut1, -1);
        s.recipe.cut1 = 1;
        s.recipe.cut2 = 10;
        s.validate();
        const json j = s.toJson();
        QCOMPARE(j.at("cuts"), json::array({1, 10}));
        const sweep::SweepSettings back = sweep::SweepSettings::fromJson(j, "sweep.json");
        QCOMPARE(back.recipe.cut1, 1);
        QCOMPARE(back.recipe.cut2, 10);
        for (const char* strategy : {"full", "local", "mid", "global"}) {
            const train::TrainConfig c = sweep::trainConfigFor(back, strategy, 2);
            QCOMPARE(c.cut1, 1);
            QCOMPARE(c.cut2, 10);
        }
    }
};

QTEST_GUILESS_MAIN(TestSweepRun)
#include "tst_sweep_run.moc"

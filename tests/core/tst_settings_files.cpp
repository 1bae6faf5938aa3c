// The torch-free owners of the workbench's files (core/settings;
// docs/ARCHITECTURE.md, "File formats and their owners"): metrics.jsonl's
// reader, the demo lab's folder and card, a run folder's status and
// checkpoints, the training recipes with their one home, and a sweep
// task's generations, judgments and pairwise files.
#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "settings/EvalPromptFile.h"
#include "settings/Generation.h"
#include "settings/LabFolder.h"
#include "settings/RunFolder.h"
#include "settings/RunInfo.h"
#include "settings/StepMetrics.h"
#include "settings/SweepSettings.h"
#include "settings/SweepTaskFiles.h"
#include "settings/TrainConfig.h"
#include "util/Error.h"
#include "util/Json.h"

using namespace hialign;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

void writeText(const fs::path& p, const std::string& text)
{
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

std::string readText(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

train::StepMetrics sampleMetrics(bool eval)
{
    train::StepMetrics m;
    m.step = 7;
    m.epoch = 0.5;
    m.eval = eval;
    m.values = {{"loss", 0.625}, {"rewards/margins", 1.25}, {"rewards/accuracies", 0.75}};
    if (!eval) {
        m.deltaNorm = {0.0, 0.5, 0.25};
        m.gradNorm = {0.0, 1.5, 2.5};
        m.deltaNormByModule = {{"q_proj", {0.0, 0.125, 0.0625}}};
        m.gradNormByModule = {{"q_proj", {0.0, 0.75, 0.5}}};
    }
    return m;
}

// A run.json the trainer would write, reduced to what the readers use.
json runJson(const std::string& status)
{
    return {{"status", status},
            {"message", ""},
            {"total_steps", 4},
            {"config",
             {{"model_dir", "/nonexistent/model"}, {"data_file", "/nonexistent/data.jsonl"}, {"strategy", "global"},
              {"steps", 4}, {"rank", 8}, {"alpha", 16.0}, {"seed", 5}}}};
}

} // namespace

class TestSettingsFiles : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // A metrics line read back is the line written, for training and evaluation lines.
    void metricsLineRoundTrips()
    {
        for (bool eval : {false, true}) {
            const train::StepMetrics m = sampleMetrics(eval);
            const json line = m.toJson();
            QCOMPARE(line.contains("eval_loss"), eval);
            const train::StepMetrics back = train::StepMetrics::fromJson(line);
            QCOMPARE(back.eval, eval);
            QCOMPARE(back.step, m.step);
            QCOMPARE(back.values, m.values);
            QCOMPARE(back.deltaNorm, m.deltaNorm);
            QCOMPARE(back.gradNormByModule, m.gradNormByModule);
            QCOMPARE(back.toJson(), line);
        }
    }

    // A kill can cut the last line short: the reader stops there, and a
    // missing file has no lines.
    void metricsFileStopsAtACutLine()
    {
        QTemporaryDir tmp;
        const fs::path file = fs::path(tmp.path().toStdString()) / "metrics.jsonl";
        QVERIFY(train::readMetricsFile(file).empty());
        writeText(file, sampleMetrics(false).toJson().dump() + "\n\n" + sampleMetrics(true).toJson().dump() + "\n" +
                            R"({"step": 8, "loss": 0.)");
        const auto lines = train::readMetricsFile(file);
        QCOMPARE(lines.size(), std::size_t(2));
        QVERIFY(!lines[0].eval);
        QVERIFY(lines[1].eval);
        QCOMPARE(lines[1].value("loss"), 0.625);
    }

    void labFolderPathsAndModelFolders()
    {
        QTemporaryDir tmp;
        const fs::path root = fs::path(tmp.path().toStdString()) / "lab";
        const lab::LabFolder lab(root);
        QCOMPARE(lab.preferences(), root / "data" / "preferences_mixed.jsonl");
        QCOMPARE(lab.preferences("logic"), root / "data" / "preferences_logic.jsonl");
        const std::vector<fs::path> evalFiles = {root / "data" / "eval_grammar.jsonl", root / "data" / "eval_logic.jsonl",
                                                 root / "data" / "eval_facts.jsonl"};
        QCOMPARE(lab.evalPromptFiles(), evalFiles);
        fs::create_directories(lab.modelDir());
        // Not a lab until world.json is there.
        QVERIFY(!lab::LabFolder::ofModel(lab.modelDir()));
        try {
            lab::LabFolder::ofModelOrThrow(lab.modelDir());
            QFAIL("a model folder outside a lab was taken for one");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find("is not part of a demo lab") != std::string::npos, e.what());
        }
        writeText(lab.worldFile(), "{}");
        for (const fs::path& model : {lab.modelDir(), fs::path(lab.modelDir().string() + "/")}) {
            const auto found = lab::LabFolder::ofModel(model);
            QVERIFY(found);
            QCOMPARE(found->root(), root);
        }
    }

    void labCardAndDecoding()
    {
        QTemporaryDir tmp;
        const lab::LabFolder lab(fs::path(tmp.path().toStdString()));
        writeText(lab.worldFile(), "{}");
        QVERIFY(!lab.evalDecoding());   // no card
        lab::EvalDecoding d;
        d.temperature = 0.7;
        d.maxNewTokens = 12;
        lab.writeCard({{"preset", "tiny"}, {"eval_decoding", d.toJson()}});
        QCOMPARE(lab.readCard().at("preset"), json("tiny"));
        const auto back = lab.evalDecoding();
        QVERIFY(back);
        QCOMPARE(back->temperature, 0.7);
        QCOMPARE(back->topP, 1.0);
        QCOMPARE(back->maxNewTokens, 12);
        QVERIFY(lab::readEvalDecoding(lab.modelDir()));
        // A decoding no decoder accepts is not used.
        lab.writeCard({{"eval_decoding", {{"top_p", 0.0}}}});
        QVERIFY(!lab.evalDecoding());
        // A card that is not an object is refused naming the file.
        writeText(lab.cardFile(), "[1, 2]");
        try {
            lab.readCard();
            QFAIL("a card that is not an object was read");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find(lab.cardFile().string()) != std::string::npos, e.what());
        }
        QCOMPARE(lab.readModelCard(), std::string());
        lab.writeModelCard("# Card\n");
        QCOMPARE(lab.readModelCard(), std::string("# Card\n"));
    }

    // One definition of a checkpoint: a step folder with trainer_state.json.
    void runStatusAndCompleteCheckpoints()
    {
        QTemporaryDir tmp;
        const fs::path dir = fs::path(tmp.path().toStdString()) / "run";
        const train::RunFolder folder(dir);
        QCOMPARE(folder.status(), std::string());
        folder.create();
        folder.writeRunJson(runJson("stopped"));
        QCOMPARE(folder.status(), std::string("stopped"));
        QVERIFY(!folder.finished());
        fs::create_directories(folder.checkpointDir(5));   // cut short: no trainer_state.json
        train::RunInfo info = train::readRunInfo(dir);
        QVERIFY(!info.hasCheckpoint);
        QVERIFY(!info.resumable());
        QCOMPARE(info.rank, 8);
        QCOMPARE(info.seed, std::uint64_t(5));
        QCOMPARE(info.totalSteps, std::int64_t(4));
        writeText(folder.checkpointDir(3) / "trainer_state.json", "{}");
        info = train::readRunInfo(dir);
        QVERIFY(info.hasCheckpoint);
        QVERIFY(info.resumable());
        QCOMPARE(folder.newestCheckpoint(), std::optional<std::int64_t>(3));
        folder.setStatus("finished");
        QVERIFY(folder.finished());
        QVERIFY(!train::readRunInfo(dir).resumable());
    }

    // The sweep trains with TrainConfig::sweepDefaults(), and sweep.json keeps its keys.
    void sweepRecipeIsATrainConfig()
    {
        const train::TrainConfig recipe = train::TrainConfig::sweepDefaults();
        QCOMPARE(recipe.steps, 60);
        QCOMPARE(recipe.batchSize, 8);
        QCOMPARE(recipe.rank, 8);
        QCOMPARE(train::TrainConfig::saveEveryFor(8), 10);
        QCOMPARE(train::TrainConfig::saveEveryFor(100), 25);
        QCOMPARE(train::TrainConfig{}.rank, align::kDefaultLoraRank);
        QCOMPARE(align::BlockLora{}.alpha, align::kDefaultLoraAlpha);

        sweep::SweepSettings s;
        s.modelDir = "/m";
        s.dataFile = "/d.jsonl";
        s.evalPromptFiles = {"/e.jsonl"};
        s.recipe.steps = 12;
        s.recipe.device = "cpu";
        const json j = s.toJson();
        for (const char* key : {"steps", "batch_size", "learning_rate", "rank", "alpha", "beta", "max_length", "device"})
            QVERIFY2(j.contains(key), key);
        QCOMPARE(j.at("steps"), json(12));
        const train::TrainConfig c = sweep::trainConfigFor(s, "mid", 3);
        QCOMPARE(c.steps, 12);
        QCOMPARE(c.strategy, std::string("mid"));
        QCOMPARE(c.seed, std::uint64_t(3));
        QCOMPARE(c.saveEvery, 10);
        QCOMPARE(c.learningRate, recipe.learningRate);
    }

    void evalPromptFileReadsIdsLimitsAndErrors()
    {
        QTemporaryDir tmp;
        const fs::path dir(tmp.path().toStdString());
        const fs::path file = dir / "eval_logic.jsonl";
        writeText(file, "{\"dimension\":\"logic\",\"prompt\":\"a. so\",\"reference\":\" b.\"}\n\n"
                        "{\"id\":7,\"prompt\":\"c\",\"extra\":1}\r\n{\"id\":\"x\",\"prompt\":\"d\"}\n");
        const auto all = eval::readEvalPromptFile(file);
        QCOMPARE(all.size(), std::size_t(3));
        QCOMPARE(all[0].id, std::string("eval_logic:1"));
        QCOMPARE(*all[0].dimension, std::string("logic"));
        QCOMPARE(*all[0].reference, std::string(" b."));
        QCOMPARE(all[1].id, std::string("7"));
        QCOMPARE(all[1].line, std::size_t(3));
        QVERIFY(!all[1].dimension && !all[1].reference);
        QCOMPARE(all[2].id, std::string("x"));
        QCOMPARE(eval::readEvalPromptFile(file, 2).size(), std::size_t(2));

        // The writer keeps the lab's key order and no ids; it reads back the same.
        const fs::path copy = dir / "copy.jsonl";
        eval::writeEvalPromptFile(copy, {all[0]});
        std::ifstream in(copy, std::ios::binary);
        const std::string written((std::istreambuf_iterator<char>(in)), {});
        QCOMPARE(written, std::string("{\"dimension\":\"logic\",\"prompt\":\"a. so\",\"reference\":\" b.\"}\n"));

        const auto error = [&](const std::string& text) {
            writeText(dir / "bad.jsonl", text);
            try {
                eval::readEvalPromptFile(dir / "bad.jsonl");
            } catch (const InputError& e) {
                return std::string(e.what());
            }
            return std::string();
        };
        QVERIFY(error("{\"prompt\":\"ok\"}\n[1]\n").find("bad.jsonl line 2 is not a JSON object") != std::string::npos);
        QVERIFY(error("{\"prompt\":\"\"}\n").find("\"prompt\" is missing or not a non-empty string") != std::string::npos);
        QVERIFY(error("{\"prompt\":\"p\",\"id\":[1]}\n").find("\"id\" must be a string or a number") != std::string::npos);
        QVERIFY(error("{\"prompt\":\"p\",\"dimension\":3}\n").find("\"dimension\" must be a string") != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(InputError, eval::readEvalPromptFile(dir / "missing.jsonl"));

        writeText(dir / "eval_grammar.jsonl", "");
        writeText(dir / "eval_.txt", "");
        const auto files = lab::LabFolder::evalPromptFilesIn(dir);
        QCOMPARE(files.size(), std::size_t(2));
        QCOMPARE(files[0].filename().string(), std::string("eval_grammar.jsonl"));
        QCOMPARE(files[1].filename().string(), std::string("eval_logic.jsonl"));
    }

    void decodingDefaultsLiveInTheCore()
    {
        const model::GenerationOptions interactive = model::GenerationOptions::interactiveDefaults();
        QCOMPARE(interactive.maxNewTokens, 48);
        QCOMPARE(interactive.sampling.seed, std::uint64_t(1));
        QCOMPARE(interactive.sampling.temperature, 0.0);
        QCOMPARE(model::GenerationOptions{}.maxNewTokens, 64);
        model::SamplingOptions bad;
        bad.topP = 0.0;
        QVERIFY_THROWS_EXCEPTION(InputError, bad.validate());
    }

    // A sweep task's three files: the lines written are the documented ones
    // (docs/SWEEP.md), byte for byte, and read back as written.
    void sweepTaskFilesRoundTrip()
    {
        QTemporaryDir tmp;
        const fs::path dir(tmp.path().toStdString());
        sweep::GenerationRecord g;
        g.task = "global-seed1";
        g.strategy = "global";
        g.seed = 1;
        g.promptId = "eval_facts:3";
        g.prompt = "mira lives in";
        g.dimension = "facts";
        g.response = "osk";
        g.tokens = 2;
        g.finishReason = "eos";
        sweep::writeGenerations(dir / sweep::kGenerationsFile, {g});
        QCOMPARE(readText(dir / sweep::kGenerationsFile),
                 std::string(R"({"dimension":"facts","finish_reason":"eos","prompt":"mira lives in","prompt_id":)"
                             R"("eval_facts:3","response":"osk","seed":1,"strategy":"global","task":"global-seed1",)"
                             R"("tokens":2})" "\n"));
        const auto gens = sweep::readGenerations(dir / sweep::kGenerationsFile);
        QCOMPARE(gens.size(), std::size_t(1));
        QCOMPARE(gens[0].toJson(), g.toJson());

        sweep::JudgmentRecord j;
        j.task = g.task;
        j.strategy = g.strategy;
        j.seed = 1;
        j.promptId = g.promptId;
        j.dimension = "facts";
        j.verdict = "unparsed";
        j.judge = "exact";
        sweep::JudgmentRecord rated = j;
        rated.score = 7.5;
        rated.verdict = "weighted";
        rated.reply = "Rating: [[7]]";
        rated.mass = 0.25;
        rated.lowMass = true;
        sweep::writeJudgments(dir / sweep::kJudgmentsFile, {j, rated});
        QCOMPARE(readText(dir / sweep::kJudgmentsFile),
                 std::string(R"({"dimension":"facts","explanation":"","judge":"exact","prompt_id":"eval_facts:3",)"
                             R"("score":null,"seed":1,"strategy":"global","task":"global-seed1","verdict":"unparsed"})"
                             "\n"
                             R"({"dimension":"facts","explanation":"","judge":"exact","low_mass":true,"mass":0.25,)"
                             R"("prompt_id":"eval_facts:3","reply":"Rating: [[7]]","score":7.5,"seed":1,)"
                             R"("strategy":"global","task":"global-seed1","verdict":"weighted"})" "\n"));
        const auto judgments = sweep::readJudgments(dir / sweep::kJudgmentsFile);
        QCOMPARE(judgments.size(), std::size_t(2));
        QVERIFY(!judgments[0].score);
        QCOMPARE(*judgments[1].score, 7.5);
        QCOMPARE(judgments[1].toJson(), rated.toJson());

        sweep::PairwiseRecord p;
        p.task = g.task;
        p.strategy = g.strategy;
        p.seed = 1;
        p.promptId = g.promptId;
        p.dimension = "facts";
        p.outcome = "win";
        p.first = "A";
        p.explanations = {"A is right.", ""};
        sweep::writePairwise(dir / sweep::kPairwiseFile, {p});
        QCOMPARE(readText(dir / sweep::kPairwiseFile),
                 std::string(R"({"dimension":"facts","explanations":["A is right.",""],"first":"A","outcome":"win",)"
                             R"("prompt_id":"eval_facts:3","seed":1,"strategy":"global","swapped":null,)"
                             R"("task":"global-seed1"})" "\n"));
        const auto pairs = sweep::readPairwise(dir / sweep::kPairwiseFile);
        QCOMPARE(pairs.size(), std::size_t(1));
        QCOMPARE(pairs[0].toJson(), p.toJson());
    }

    // Lines written elsewhere: a numeric prompt id, null verdicts, an
    // object of explanations, no outcome. A malformed line is named.
    void sweepTaskFilesReadLenientlyAndNameBadLines()
    {
        QTemporaryDir tmp;
        const fs::path dir(tmp.path().toStdString());
        writeText(dir / "pairwise.jsonl", "\n" R"({"prompt_id": 7, "dimension": "logic", "first": null,)"
                                          R"( "explanations": {"first": "one", "swapped": null}})" "\n");
        const auto pairs = sweep::readPairwise(dir / "pairwise.jsonl");
        QCOMPARE(pairs.size(), std::size_t(1));
        QCOMPARE(pairs[0].promptId, std::string("7"));
        QCOMPARE(pairs[0].outcome, std::string("unparsed"));
        QVERIFY(!pairs[0].first);
        QCOMPARE(pairs[0].explanations, std::vector<std::string>{"one"});
        writeText(dir / "judgments.jsonl", R"({"prompt_id": "a", "dimension": "logic", "verdict": null, "score": 3})"
                                           "\n");
        QCOMPARE(sweep::readJudgments(dir / "judgments.jsonl")[0].verdict, std::string());

        writeText(dir / "generations.jsonl", R"({"prompt_id": "a", "prompt": "p", "response": "r"})" "\n"
                                             R"({"prompt_id": "b", "prompt": "p", "response": 5})" "\n");
        try {
            sweep::readGenerations(dir / "generations.jsonl");
            QFAIL("a response that is not a string was read");
        } catch (const InputError& e) {
            QCOMPARE(std::string(e.what()),
                     (dir / "generations.jsonl").string() + " line 2: field \"response\" must be a string.");
        }
        writeText(dir / "judgments.jsonl", "[1, 2]\n");
        QVERIFY_THROWS_EXCEPTION(InputError, sweep::readJudgments(dir / "judgments.jsonl"));
        QVERIFY_THROWS_EXCEPTION(InputError, sweep::readPairwise(dir / "none.jsonl"));
    }

    // validate() throws the first problem() there is; its kind lets the
    // sweep dialog word it, and validate()'s message stays the core's.
    void sweepSettingsProblems()
    {
        QTemporaryDir tmp;
        const fs::path dir(tmp.path().toStdString());
        writeText(dir / "model" / "config.json", "{}");
        writeText(dir / "prefs.jsonl", "\n");
        writeText(dir / "eval.jsonl", "\n");
        sweep::SweepSettings s;
        s.modelDir = dir / "model";
        s.dataFile = dir / "prefs.jsonl";
        s.evalPromptFiles = {dir / "eval.jsonl"};
        QVERIFY(!s.problem());
        s.validate();
        using Kind = sweep::SweepSettings::Problem::Kind;
        const auto kindOf = [](const sweep::SweepSettings& bad) {
            const auto p = bad.problem();
            if (!p) return std::optional<Kind>();
            try {
                bad.validate();
            } catch (const InputError& e) {
                if (e.what() != p->message) return std::optional<Kind>();
            }
            return std::optional<Kind>(p->kind);
        };
        sweep::SweepSettings bad = s;
        bad.modelDir = dir;
        QVERIFY(kindOf(bad) == Kind::ModelFolder);
        bad = s;
        bad.dataFile = dir / "none.jsonl";
        QVERIFY(kindOf(bad) == Kind::DataFile);
        bad = s;
        bad.evalPromptFiles.push_back(dir / "none.jsonl");
        QVERIFY(kindOf(bad) == Kind::EvalPromptsFile);
        QCOMPARE(bad.problem()->file, dir / "none.jsonl");
        bad = s;
        bad.seeds.clear();
        QVERIFY(kindOf(bad) == Kind::NoSeed);
        bad = s;
        bad.judgeSpec.clear();
        QVERIFY(kindOf(bad) == Kind::NoJudge);
        bad = s;
        bad.seeds = {1, 1};
        QVERIFY(kindOf(bad) == Kind::Other);
        QCOMPARE(bad.problem()->message, std::string("A seed is listed twice in the sweep."));
    }
};

QTEST_GUILESS_MAIN(TestSettingsFiles)
#include "tst_settings_files.moc"

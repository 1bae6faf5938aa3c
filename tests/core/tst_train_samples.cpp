// Answers over training (settings/Samples.h) on the shipped demo lab: the
// prompts are answered at step 0, every N steps and at the last step, judged
// through the callback, and written to samples.jsonl; step 0's answers are
// the base model's own; sampling leaves the training itself unchanged; a
// cancelled and resumed run writes the same file as an uninterrupted one,
// also when the checkpoint's own round was never written;
// bad sample settings are refused before anything is written.
#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "align/ChatTemplate.h"
#include "align/TokenizedPair.h"
#include "model/Generator.h"
#include "model/ModelBundle.h"
#include "settings/EvalPromptFile.h"
#include "settings/RunFolder.h"
#include "settings/Samples.h"
#include "train/DpoTrainer.h"
#include "util/Error.h"

using namespace hialign;
namespace fs = std::filesystem;

namespace {

const fs::path kLab = fs::path(HIALIGN_TEST_DATA) / ".." / ".." / "resources" / "demo-lab";

train::TrainConfig labConfig()
{
    train::TrainConfig c = train::TrainConfig::sweepDefaults();
    c.modelDir = (kLab / "model").string();
    c.dataFile = (kLab / "data" / "preferences_mixed.jsonl").string();
    c.strategy = "global";
    c.steps = 10;
    c.batchSize = 4;
    c.saveEvery = 0;
    c.device = "cpu";
    c.samples = train::SampleSettings::forModel(c.modelDir, 4);
    c.samples.limit = 2;
    return c;
}

// A judge for the test: "correct" when the answer holds at least three words.
train::TrainCallbacks judgedCallbacks(int* calls)
{
    train::TrainCallbacks cb;
    cb.makeSampleJudge = [calls](const train::TrainConfig&, const fs::path&) -> train::SampleJudge {
        return [calls](const std::vector<train::SampleRecord>& records) {
            ++*calls;
            std::vector<std::vector<train::SampleScore>> out;
            for (const train::SampleRecord& r : records) {
                std::istringstream words(r.response);
                int n = 0;
                for (std::string w; words >> w;)
                    ++n;
                out.push_back({{r.dimension, n >= 3 ? 1.0 : 0.0, n >= 3 ? "correct" : "wrong"}});
            }
            return out;
        };
    };
    return cb;
}

// Trains `c` into `dir` and cancels it after step `step`: true when it
// stopped there with a checkpoint of that step.
bool stopAt(const train::TrainConfig& c, const fs::path& dir, std::int64_t step, int* calls)
{
    train::CancelToken token;
    train::TrainCallbacks cb = judgedCallbacks(calls);
    cb.onMetrics = [&](const train::StepMetrics& m) {
        if (!m.eval && m.step == step)
            token.cancel = true;
    };
    return train::DpoTrainer::train(c, dir, cb, &token).status == "stopped"
           && train::RunFolder(dir).newestCheckpoint().value_or(-1) == step;
}

std::string fileText(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

class TestTrainSamples : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void answersAtStepZeroEveryNAndTheLast()
    {
        QTemporaryDir tmp;
        const fs::path run = fs::path(tmp.path().toStdString()) / "run";
        int calls = 0;
        const train::TrainConfig c = labConfig();
        QCOMPARE(QString::fromStdString(train::DpoTrainer::train(c, run, judgedCallbacks(&calls)).status),
                 QString("finished"));
        const std::vector<train::SampleRecord> samples = train::readSamples(train::samplesFile(run));
        // Steps 0, 4, 8 and the last (10); two prompts of each of the lab's three files.
        QCOMPARE(samples.size(), std::size_t{4 * 6});
        QCOMPARE(calls, 4);
        const std::vector<std::int64_t> steps = {0, 4, 8, 10};
        for (std::size_t i = 0; i < samples.size(); ++i) {
            QCOMPARE(samples[i].step, steps[i / 6]);
            QCOMPARE(samples[i].scores.size(), std::size_t{1});
            QVERIFY(samples[i].scores[0].verdict == "correct" || samples[i].scores[0].verdict == "wrong");
            QVERIFY(!samples[i].response.empty());
        }
        QCOMPARE(samples[0].promptId, std::string("eval_grammar:1"));
        QCOMPARE(samples[2].dimension, std::string("logic"));
        // run.json records the sampling, so a resume samples alike.
        const auto config = train::RunFolder(run).readRunJson().at("config");
        QCOMPARE(config.at("samples").at("every").get<int>(), 4);

        // Step 0: the adapters add nothing yet, so the answers are the base model's with the samples' decoding.
        auto bundle = model::loadModelBundle(c.modelDir, {});
        const align::ChatTemplate chat = align::detectChatTemplate(c.modelDir);
        std::vector<std::vector<std::int32_t>> ids;
        for (std::size_t i = 0; i < 6; ++i)
            ids.push_back(align::encodeUserPrompt(samples[i].prompt, *bundle.tokenizer, chat));
        model::GenerationOptions go = c.samples.decoding;
        go.sampling.seed = c.samples.decoding.sampling.seed * 1000003ULL;
        const model::GenerationResult base = model::generate(bundle.model, *bundle.tokenizer, ids, go);
        for (std::size_t i = 0; i < 6; ++i)
            QCOMPARE(samples[i].response, base.texts[i]);
    }

    void samplingLeavesTrainingUnchanged()
    {
        QTemporaryDir tmp;
        const fs::path with = fs::path(tmp.path().toStdString()) / "with";
        const fs::path without = fs::path(tmp.path().toStdString()) / "without";
        train::TrainConfig c = labConfig();
        train::DpoTrainer::train(c, with);
        c.samples = {};
        train::DpoTrainer::train(c, without);
        const auto a = train::RunFolder(with).readMetrics(), b = train::RunFolder(without).readMetrics();
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i)
            for (const char* k : {"loss", "rewards/margins", "grad_norm"})
                if (a[i].contains(k))
                    QCOMPARE(a[i].at(k).get<double>(), b[i].at(k).get<double>());
        QVERIFY(!fs::exists(train::samplesFile(without)));
    }

    void cancelThenResumeWritesTheSameSamples()
    {
        QTemporaryDir tmp;
        const fs::path whole = fs::path(tmp.path().toStdString()) / "whole";
        const fs::path parts = fs::path(tmp.path().toStdString()) / "parts";
        int calls = 0;
        const train::TrainConfig c = labConfig();
        train::DpoTrainer::train(c, whole, judgedCallbacks(&calls));

        QVERIFY(stopAt(c, parts, 6, &calls));
        // Lines past the checkpoint (a crash after sampling, before the checkpoint) are dropped on resume.
        train::appendSamples(train::samplesFile(parts), {{7, "stale", "", "p", "r", "length", {}}});
        QCOMPARE(QString::fromStdString(train::DpoTrainer::resume(parts, judgedCallbacks(&calls)).status),
                 QString("finished"));
        QCOMPARE(QString::fromStdString(fileText(train::samplesFile(parts))),
                 QString::fromStdString(fileText(train::samplesFile(whole))));
    }

    // A round runs beside the training, so a run can end (a crash) after its
    // checkpoint and before that step's lines are written: the resume
    // answers the checkpoint's step again, with the same adapters and seed.
    void resumeAnswersACheckpointStepWithoutLines()
    {
        QTemporaryDir tmp;
        const fs::path whole = fs::path(tmp.path().toStdString()) / "whole";
        const fs::path parts = fs::path(tmp.path().toStdString()) / "parts";
        int calls = 0;
        const train::TrainConfig c = labConfig();
        train::DpoTrainer::train(c, whole, judgedCallbacks(&calls));

        QVERIFY(stopAt(c, parts, 8, &calls));
        const auto stopped = train::readSamples(train::samplesFile(parts));
        QVERIFY(!stopped.empty());
        QCOMPARE(stopped.back().step, std::int64_t(8));   // the stop waited for the round
        train::truncateSamplesAfter(train::samplesFile(parts), 7);
        const int before = calls;
        QCOMPARE(QString::fromStdString(train::DpoTrainer::resume(parts, judgedCallbacks(&calls)).status),
                 QString("finished"));
        QCOMPARE(calls - before, 2);   // step 8 again, and the last (10)
        QCOMPARE(QString::fromStdString(fileText(train::samplesFile(parts))),
                 QString::fromStdString(fileText(train::samplesFile(whole))));
    }

    void badSampleSettingsAreRefusedBeforeWriting()
    {
        QTemporaryDir tmp;
        const fs::path run = fs::path(tmp.path().toStdString()) / "run";
        train::TrainConfig c = labConfig();
        c.samples.promptFiles = {(kLab / "data" / "no_such_prompts.jsonl").string()};
        QVERIFY_THROWS_EXCEPTION(InputError, train::DpoTrainer::train(c, run));
        QVERIFY(!fs::exists(run));

        c = labConfig();
        c.samples.promptFiles.clear();
        try {
            c.validate();
            QFAIL("sampling without prompts was accepted");
        } catch (const InputError& e) {
            QCOMPARE(QString(e.what()), QString("sampling during training needs a prompt file (--sample-prompts)"));
        }
        c = labConfig();
        c.samples.decoding.maxNewTokens = 0;
        QVERIFY_THROWS_EXCEPTION(InputError, c.validate());

        // samples.jsonl: a malformed line is named.
        const fs::path bad = fs::path(tmp.path().toStdString()) / "samples.jsonl";
        std::ofstream(bad) << "{\"step\": 1, \"prompt_id\": \"a\", \"prompt\": \"p\"}\n";
        try {
            train::readSamples(bad);
            QFAIL("a line without a response was read");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("line 1"), e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestTrainSamples)
#include "tst_train_samples.moc"

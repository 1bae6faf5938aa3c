#include "lab/DemoLab.h"

#include <chrono>
#include <fstream>
#include <random>
#include <sstream>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "model/Generator.h"
#include "model/ModelBundle.h"
#include "model/ModelWriter.h"
#include "model/WeightLoader.h"
#include "tokenize/SentencePieceTrainer.h"
#include "tokenize/Tokenizer.h"
#include "train/LmPretrainer.h"
#include "train/PeftAdapter.h"
#include "train/RunFolder.h"
#include "util/Error.h"
#include "world/Checking.h"
#include "world/Corpus.h"
#include "world/EvalPrompts.h"
#include "world/Preferences.h"
#include "world/World.h"

namespace hialign::lab {

namespace fs = std::filesystem;
using nlohmann::json;

LabPreset presetByName(const std::string& name)
{
    LabPreset p;
    p.name = name;
    if (name == "tiny") {
        p.documents = 3000;
        p.vocabSize = 320;
        p.layers = 6;
        p.hidden = 48;
        p.heads = 4;
        p.kvHeads = 2;
        p.intermediate = 128;
        p.pretrainSteps = 150;
        p.batch = 8;
        p.sequenceLength = 64;
        p.learningRate = 4e-3;
        p.preferencePairs = 120;
        p.evalPrompts = 40;
        p.storeBf16 = false;
    } else if (name == "demo") {
        p.documents = 40000;
        p.vocabSize = 640;
        p.layers = 12;
        p.hidden = 96;
        p.heads = 4;
        p.kvHeads = 2;
        p.intermediate = 256;
        p.pretrainSteps = 1800;
        p.batch = 16;
        p.sequenceLength = 64;
        p.learningRate = 3e-3;
        p.preferencePairs = 400;
        p.evalPrompts = 200;
        p.storeBf16 = true;
    } else {
        throw InputError("preset \"" + name + "\" is not one of tiny, demo");
    }
    return p;
}

namespace {

const world::Dimension kDimensions[] = {world::Dimension::Grammar, world::Dimension::Logic, world::Dimension::Facts};

std::string readFile(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    if (!in)
        throw InputError("cannot open " + p.string());
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

fs::path labDirOfModel(const fs::path& modelDir)
{
    const fs::path lab = fs::absolute(modelDir).lexically_normal().parent_path();
    if (!fs::exists(lab / "world.json"))
        throw InputError("model folder " + modelDir.string()
                         + " is not part of a demo lab (no world.json beside it); build one with 'hialign-cli world build'");
    return lab;
}

void buildDemoLab(const BuildOptions& o)
{
    const LabPreset p = presetByName(o.preset);
    auto say = [&](const std::string& m) {
        if (o.onMessage)
            o.onMessage(m);
    };
    const fs::path out = o.out;
    const fs::path modelDir = out / "model", dataDir = out / "data";
    fs::create_directories(modelDir);
    fs::create_directories(dataDir);

    // 1. The world and its corpus.
    world::WorldOptions wo;
    wo.seed = o.seed;
    const world::World w = world::World::generate(wo);
    train::RunFolder::writeJsonAtomic(out / "world.json", w.toJson());
    const auto corpus = world::generateCorpus(w, p.documents, o.seed);
    world::writeCorpus(out / "corpus.txt", corpus);
    say("world: " + std::to_string(w.people().size()) + " people, " + std::to_string(w.towns().size())
        + " towns; corpus: " + std::to_string(corpus.size()) + " documents");

    // 2. The tokenizer, trained on the corpus (single-threaded: deterministic).
    // The trainer records its input and output paths in the model file, so it
    // runs inside the lab folder with relative paths: same seed, same bytes,
    // wherever the lab is built.
    struct WorkingDirectory {
        fs::path saved = fs::current_path();
        explicit WorkingDirectory(const fs::path& dir) { fs::current_path(dir); }
        ~WorkingDirectory() { std::error_code ec; fs::current_path(saved, ec); }
    };
    std::ostringstream args;
    args << "--input=corpus.txt --model_prefix=model/tokenizer"
         << " --vocab_size=" << p.vocabSize << " --model_type=bpe --character_coverage=1.0"
         << " --byte_fallback=true --unk_id=0 --bos_id=1 --eos_id=2 --pad_id=-1 --num_threads=1"
         << " --shuffle_input_sentence=false --input_sentence_size=0 --hard_vocab_limit=false"
         << " --max_sentence_length=8192 --minloglevel=2";
    {
        WorkingDirectory cwd(out);
        tok::trainSentencePiece(args.str());
    }
    fs::remove(out / "model" / "tokenizer.vocab");
    train::RunFolder::writeJsonAtomic(modelDir / "tokenizer_config.json",
                                      json{{"tokenizer_class", "LlamaTokenizer"},
                                           {"add_bos_token", true},
                                           {"add_eos_token", false},
                                           {"bos_token", "<s>"},
                                           {"eos_token", "</s>"},
                                           {"unk_token", "<unk>"},
                                           {"pad_token", nullptr},
                                           {"clean_up_tokenization_spaces", false}});
    const auto tokenizer = tok::loadTokenizer(modelDir / "tokenizer.model");
    say("tokenizer: " + std::to_string(tokenizer->vocabSize()) + " pieces");

    // 3. Preference sets and eval prompts, in the format users bring.
    for (auto d : kDimensions) {
        const std::string n = world::dimensionName(d);
        world::writePreferencesJsonl(dataDir / ("preferences_" + n + ".jsonl"),
                                     world::generatePreferences(w, d, p.preferencePairs, o.seed + 11));
        world::writeEvalPromptsJsonl(dataDir / ("eval_" + n + ".jsonl"),
                                     world::generateEvalPrompts(w, d, p.evalPrompts, o.seed + 23));
    }
    world::writePreferencesJsonl(dataDir / "preferences_mixed.jsonl",
                                 world::generateMixedPreferences(w, p.preferencePairs, o.seed + 11));

    // 4. The model, pretrained with next-token loss on the corpus.
    io::ModelConfig c;
    c.modelType = "llama";
    c.architecture = "LlamaForCausalLM";
    c.numLayers = p.layers;
    c.hiddenSize = p.hidden;
    c.numHeads = p.heads;
    c.numKvHeads = p.kvHeads;
    c.headDim = p.hidden / p.heads;
    c.intermediateSize = p.intermediate;
    c.vocabSize = tokenizer->vocabSize();
    c.maxPositions = 512;
    c.rmsNormEps = 1e-5;
    c.ropeTheta = 10000.0;
    c.tieWordEmbeddings = true;
    c.bosTokenId = 1;
    c.eosTokenIds = {2};
    auto loader = model::WeightLoader::random(o.seed, 0.02, at::Device(at::kCPU), at::kFloat);
    model::CausalLM lm(c, loader);

    std::vector<std::int32_t> stream;
    for (const auto& doc : corpus) {
        const auto ids = tokenizer->encode(doc, /*addSpecial=*/true);   // BOS + text
        stream.insert(stream.end(), ids.begin(), ids.end());
        stream.push_back(2);                                            // EOS
    }
    const size_t heldOut = std::min<size_t>(stream.size() / 20, 20000);
    const std::vector<std::int32_t> trainTokens(stream.begin(), stream.end() - static_cast<std::ptrdiff_t>(heldOut));
    const std::vector<std::int32_t> validTokens(stream.end() - static_cast<std::ptrdiff_t>(heldOut), stream.end());
    say("pretraining: " + std::to_string(trainTokens.size()) + " tokens, "
        + std::to_string(c.totalParameters()) + " parameters, " + std::to_string(p.pretrainSteps) + " steps");
    train::PretrainOptions po;
    po.steps = p.pretrainSteps;
    po.batchSize = p.batch;
    po.sequenceLength = p.sequenceLength;
    po.learningRate = p.learningRate;
    po.minLearningRate = p.learningRate / 10;
    po.seed = o.seed;
    const auto t0 = std::chrono::steady_clock::now();
    po.onStep = [&](int step, double loss) {
        if (step % 50 == 0 || step == p.pretrainSteps) {
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            say("  step " + std::to_string(step) + "/" + std::to_string(p.pretrainSteps) + "  loss "
                + std::to_string(loss) + "  (" + std::to_string(static_cast<int>(s)) + " s)");
        }
        return true;
    };
    const auto pr = train::pretrainCausalLM(lm, trainTokens, po);
    const double validLoss = train::evaluateLoss(lm, validTokens, p.sequenceLength);
    model::saveModelFolder(lm, modelDir, p.storeBf16 ? at::kBFloat16 : at::kFloat);
    say("pretrained: final train loss " + std::to_string(pr.finalLoss) + ", held-out loss "
        + std::to_string(validLoss) + ", " + std::to_string(static_cast<int>(pr.tokensPerSecond)) + " tokens/s");

    // 5. The card's facts (the table of strategies is added by the sweep that fills it).
    json card = {{"preset", p.name},
                 {"seed", o.seed},
                 {"parameters", c.totalParameters()},
                 {"layers", c.numLayers},
                 {"hidden", c.hiddenSize},
                 {"vocab", c.vocabSize},
                 {"corpus_documents", corpus.size()},
                 {"pretrain_steps", pr.steps},
                 {"pretrain_tokens_seen", static_cast<std::int64_t>(pr.steps) * p.batch * p.sequenceLength},
                 {"train_loss", pr.finalLoss},
                 {"heldout_loss", validLoss},
                 {"stored_dtype", p.storeBf16 ? "bfloat16" : "float32"},
                 {"eval_decoding", {{"temperature", EvalDecoding{}.temperature},
                                    {"top_p", EvalDecoding{}.topP},
                                    {"max_new_tokens", EvalDecoding{}.maxNewTokens}}}};
    EvalOptions eo;
    eo.modelDir = modelDir;
    const auto base = evaluateLab(eo);
    card["base"] = resultsToJson(base);
    train::RunFolder::writeJsonAtomic(out / "card.json", card);
    for (const auto& r : base)
        say("base " + world::dimensionName(r.dimension) + ": " + std::to_string(r.accuracy.accuracy));
}

std::vector<DimensionResult> evaluateLab(const EvalOptions& o)
{
    const fs::path lab = labDirOfModel(o.modelDir);
    const world::World w = world::World::fromJson(json::parse(readFile(lab / "world.json")));
    model::LoadOptions lo;
    lo.device = model::parseDevice(o.device);
    auto bundle = model::loadModelBundle(o.modelDir, lo);
    std::unique_ptr<train::LoraModel> adapter;
    if (!o.adapterDir.empty())
        adapter = train::loadPeftAdapter(o.adapterDir, bundle.model);

    std::vector<DimensionResult> results;
    for (auto d : kDimensions) {
        auto prompts = world::readEvalPromptsJsonl(lab / "data" / ("eval_" + world::dimensionName(d) + ".jsonl"));
        if (o.samples > 0 && o.samples < prompts.size()) {
            // A seeded sample without replacement.
            std::mt19937_64 rng(o.seed);
            for (size_t i = 0; i < o.samples; ++i)
                std::swap(prompts[i], prompts[i + rng() % (prompts.size() - i)]);
            prompts.resize(o.samples);
        }
        std::vector<world::Verdict> verdicts;
        const size_t chunk = 32;
        for (size_t s = 0; s < prompts.size(); s += chunk) {
            std::vector<std::vector<std::int32_t>> ids;
            for (size_t i = s; i < std::min(prompts.size(), s + chunk); ++i)
                ids.push_back(bundle.tokenizer->encode(prompts[i].prompt, true));
            model::GenerationOptions go;
            go.maxNewTokens = o.maxNewTokens;
            go.stopStrings = {"."};
            go.sampling.temperature = o.temperature;
            go.sampling.seed = o.seed * 1000003 + s;   // one seed per chunk of prompts
            const auto r = model::generate(bundle.model, *bundle.tokenizer, ids, go);
            for (size_t i = 0; i < ids.size(); ++i) {
                // The stop string is cut off; the checker expects the sentence's period.
                std::string text = r.texts[i];
                if (r.finishReasons[i] == "stop")
                    text += ".";
                verdicts.push_back(world::checkContinuation(w, d, prompts[s + i].prompt, text).verdict);
            }
        }
        results.push_back({d, world::summarize(verdicts)});
    }
    return results;
}

json resultsToJson(const std::vector<DimensionResult>& results)
{
    json j = json::object();
    for (const auto& r : results)
        j[world::dimensionName(r.dimension)] = {{"accuracy", r.accuracy.accuracy},
                                                {"low", r.accuracy.low},
                                                {"high", r.accuracy.high},
                                                {"correct", r.accuracy.correct},
                                                {"wrong", r.accuracy.wrong},
                                                {"unparseable", r.accuracy.unparseable},
                                                {"total", r.accuracy.total}};
    return j;
}

} // namespace hialign::lab

#include "align/LayerPlan.h"
#include "train/DpoTrainer.h"

namespace hialign::lab {

std::vector<TableRow> runLabTable(const TableOptions& o)
{
    auto say = [&](const std::string& m) {
        if (o.onMessage)
            o.onMessage(m);
    };
    const fs::path modelDir = o.labDir / "model";
    std::vector<TableRow> table;
    EvalOptions eo;
    eo.modelDir = modelDir;
    eo.samples = o.samples;
    eo.seed = o.seed;
    eo.temperature = o.temperature;
    eo.device = o.device;
    table.push_back({"base", "-", evaluateLab(eo)});
    say("base evaluated");
    fs::create_directories(o.runsDir);
    for (const auto& set : o.sets) {
        for (const auto& strategy : o.strategies) {
            const fs::path run = o.runsDir / (strategy + "-" + set);
            train::RunFolder folder(run);
            const bool done = folder.exists() && folder.readRunJson().value("status", "") == "finished";
            if (!done) {
                fs::remove_all(run);
                train::TrainConfig c;
                c.modelDir = modelDir.string();
                c.dataFile = (o.labDir / "data" / ("preferences_" + set + ".jsonl")).string();
                c.strategy = strategy;
                c.steps = o.steps;
                c.batchSize = o.batch;
                c.learningRate = o.learningRate;
                c.rank = o.rank;
                c.alpha = o.alpha;
                c.beta = o.beta;
                c.seed = o.seed;
                c.device = o.device;
                c.saveEvery = 0;
                c.evalFraction = 0.1;
                train::DpoTrainer::train(c, run);
            }
            eo.adapterDir = run / "adapter";
            table.push_back({strategy, set, evaluateLab(eo)});
            const auto& r = table.back().results;
            say(strategy + " on " + set + ": grammar " + std::to_string(r[0].accuracy.accuracy) + ", logic "
                + std::to_string(r[1].accuracy.accuracy) + ", facts " + std::to_string(r[2].accuracy.accuracy));
        }
    }
    return table;
}

namespace {

std::string pct(const world::Accuracy& a)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f [%.1f, %.1f]", 100 * a.accuracy, 100 * a.low, 100 * a.high);
    return buf;
}

} // namespace

void writeModelCard(const fs::path& labDir, const std::vector<TableRow>& table, const TableOptions& o)
{
    json card = train::RunFolder::readJsonFile(labDir / "card.json");
    json rows = json::array();
    for (const auto& r : table)
        rows.push_back({{"strategy", r.strategy}, {"set", r.set}, {"results", resultsToJson(r.results)}});
    card["table"] = rows;
    card["table_settings"] = {{"steps", o.steps},   {"batch", o.batch}, {"learning_rate", o.learningRate},
                              {"rank", o.rank},     {"alpha", o.alpha}, {"beta", o.beta},
                              {"seed", o.seed},     {"loss", "sigmoid"},
                              {"eval_prompts_per_dimension", o.samples},
                              {"eval_temperature", o.temperature}};
    if (!table.empty() && table.front().strategy == "base")
        card["base"] = resultsToJson(table.front().results);
    train::RunFolder::writeJsonAtomic(labDir / "card.json", card);

    std::ostringstream md;
    md << "# Demo lab model card\n\n"
       << "A Llama-architecture model of a synthetic world, built by `hialign-cli world build --preset "
       << card.value("preset", std::string("demo")) << " --seed " << card.value("seed", 1) << "`.\n\n"
       << "| | |\n|---|---|\n"
       << "| architecture | LlamaForCausalLM, " << card.value("layers", 0) << " layers, hidden "
       << card.value("hidden", 0) << ", grouped-query attention, tied embeddings |\n"
       << "| parameters | " << card.value("parameters", 0) << " |\n"
       << "| tokenizer | sentencepiece BPE, " << card.value("vocab", 0) << " pieces, trained on the corpus |\n"
       << "| corpus | " << card.value("corpus_documents", 0) << " documents with injected grammar, logic and fact errors |\n"
       << "| pretraining | " << card.value("pretrain_steps", 0) << " steps, "
       << card.value("pretrain_tokens_seen", 0) << " tokens seen, next-token loss " << card.value("train_loss", 0.0)
       << " (held-out " << card.value("heldout_loss", 0.0) << ") |\n"
       << "| stored as | " << card.value("stored_dtype", std::string()) << " safetensors |\n\n"
       << "## What alignment does per block\n\n"
       << "Accuracy (%) per dimension with 95% Wilson intervals, measured exactly by the world's checkers on "
       << "held-out eval prompts (first sentence of each continuation, "
       << (o.temperature > 0 ? "sampled at temperature " + std::to_string(o.temperature).substr(0, 4) + " with a fixed seed"
                             : std::string("greedy decoding"))
       << "). Each strategy trains LoRA (r = " << o.rank
       << ", alpha = " << o.alpha << ") with sigmoid DPO (beta = " << o.beta << "), " << o.steps
       << " steps of " << o.batch << " pairs, learning rate " << o.learningRate << ", seed " << o.seed
       << ", on the preference set named.\n\n"
       << "| strategy | trained on | grammar | logic | facts |\n|---|---|---|---|---|\n";
    for (const auto& r : table) {
        md << "| " << align::strategyTitle(r.strategy) << " | " << r.set;
        for (const auto& d : r.results)
            md << " | " << pct(d.accuracy);
        md << " |\n";
    }
    md << "\nLayer blocks: local = the first third of the layers, intermediate = the middle third, global = the "
          "last third (cuts at round(N/3) and round(2N/3)).\n\n"
       << "Reproduce: `hialign-cli world table " << "resources/demo-lab --steps " << o.steps << " --seed " << o.seed
       << "`. The numbers above are what came out; they are reported whatever they say about the "
          "hierarchical-alignment hypothesis.\n";
    std::ofstream(labDir / "MODEL_CARD.md") << md.str();
}

} // namespace hialign::lab

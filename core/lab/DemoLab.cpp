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
#include "settings/LabFolder.h"
#include "settings/RunFolder.h"
#include "util/Error.h"
#include "util/Json.h"
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
        p.pretrainSteps = 10000;
        p.batch = 16;
        p.sequenceLength = 64;
        p.learningRate = 3e-3;
        p.preferencePairs = 400;
        p.evalPrompts = 200;
        p.storeBf16 = true;
        // Enough wrong grammar, logic and facts in the corpus that the
        // pretrained model lands between floor and ceiling on each
        // dimension (resources/demo-lab/MODEL_CARD.md).
        p.corpusErrors = {0.25, 0.10, 0.25};
    } else {
        throw InputError("preset \"" + name + "\" is not one of tiny, demo");
    }
    return p;
}

namespace {

const world::Dimension kDimensions[] = {world::Dimension::Grammar, world::Dimension::Logic, world::Dimension::Facts};

} // namespace

namespace {

using Say = std::function<void(const std::string&)>;

// Step 1: the world and its corpus (world.json, corpus.txt).
std::pair<world::World, std::vector<std::string>> buildWorld(const fs::path& out, const LabPreset& p,
                                                             std::uint64_t seed, const Say& say)
{
    world::WorldOptions wo;
    wo.seed = seed;
    wo.errorRates = p.corpusErrors;
    world::World w = world::World::generate(wo);
    util::writeJsonAtomic(LabFolder(out).worldFile(), w.toJson());
    auto corpus = world::generateCorpus(w, p.documents, seed);
    world::writeCorpus(LabFolder(out).corpusFile(), corpus);
    say("world: " + std::to_string(w.people().size()) + " people, " + std::to_string(w.towns().size())
        + " towns; corpus: " + std::to_string(corpus.size()) + " documents");
    return {std::move(w), std::move(corpus)};
}

// Step 2: the tokenizer, trained on the corpus (single-threaded: deterministic),
// and its tokenizer_config.json.
std::unique_ptr<tok::Tokenizer> buildTokenizer(const fs::path& out, const fs::path& modelDir, const LabPreset& p,
                                               const Say& say)
{
    // The trainer records its input and output paths in the model file; it
    // works on absolute paths (the working directory is never changed) but
    // records names relative to the lab folder: same seed, same bytes,
    // wherever the lab is built.
    std::ostringstream flags;
    flags << "--vocab_size=" << p.vocabSize << " --model_type=bpe --character_coverage=1.0"
          << " --byte_fallback=true --unk_id=0 --bos_id=1 --eos_id=2 --pad_id=-1 --num_threads=1"
          << " --shuffle_input_sentence=false --input_sentence_size=0 --hard_vocab_limit=false"
          << " --max_sentence_length=8192 --minloglevel=2";
    tok::SentencePieceTraining training;
    training.input = fs::absolute(LabFolder(out).corpusFile());
    training.modelPrefix = fs::absolute(modelDir / "tokenizer");
    training.flags = flags.str();
    training.recordedInput = "corpus.txt";
    training.recordedModelPrefix = "model/tokenizer";
    tok::trainSentencePiece(training);
    fs::remove(modelDir / "tokenizer.vocab");
    util::writeJsonAtomic(modelDir / "tokenizer_config.json",
                          json{{"tokenizer_class", "LlamaTokenizer"},
                               {"add_bos_token", true},
                               {"add_eos_token", false},
                               {"bos_token", "<s>"},
                               {"eos_token", "</s>"},
                               {"unk_token", "<unk>"},
                               {"pad_token", nullptr},
                               {"clean_up_tokenization_spaces", false}});
    auto tokenizer = tok::loadTokenizer(modelDir / "tokenizer.model");
    say("tokenizer: " + std::to_string(tokenizer->vocabSize()) + " pieces");
    return tokenizer;
}

// Step 3: preference sets and eval prompts, in the format users bring.
void writeDatasets(const LabFolder& lab, const world::World& w, const LabPreset& p, std::uint64_t seed)
{
    for (auto d : kDimensions) {
        const std::string n = world::dimensionName(d);
        world::writePreferencesJsonl(lab.preferences(n),
                                     world::generatePreferences(w, d, p.preferencePairs, seed + 11));
        world::writeEvalPromptsJsonl(lab.evalPrompts(n),
                                     world::generateEvalPrompts(w, d, p.evalPrompts, seed + 23));
    }
    world::writePreferencesJsonl(lab.preferences("mixed"),
                                 world::generateMixedPreferences(w, p.preferencePairs, seed + 11));
}

// The model's architecture for a preset and a tokenizer's vocabulary.
io::ModelConfig labModelConfig(const LabPreset& p, int vocabSize)
{
    io::ModelConfig c;
    c.modelType = "llama";
    c.architecture = "LlamaForCausalLM";
    c.numLayers = p.layers;
    c.hiddenSize = p.hidden;
    c.numHeads = p.heads;
    c.numKvHeads = p.kvHeads;
    c.headDim = p.hidden / p.heads;
    c.intermediateSize = p.intermediate;
    c.vocabSize = vocabSize;
    c.maxPositions = 512;
    c.rmsNormEps = 1e-5;
    c.ropeTheta = 10000.0;
    c.tieWordEmbeddings = true;
    c.bosTokenId = 1;
    c.eosTokenIds = {2};
    return c;
}

struct Pretrained {
    train::PretrainResult result;
    double heldOutLoss = 0.0;
};

// Step 4: the model, pretrained with next-token loss on the corpus (the last
// 5%, at most 20000 tokens, held out), saved as a Hugging Face folder.
Pretrained pretrainModel(const io::ModelConfig& c, const tok::Tokenizer& tokenizer,
                         const std::vector<std::string>& corpus, const LabPreset& p, std::uint64_t seed,
                         const fs::path& modelDir, const Say& say)
{
    auto loader = model::WeightLoader::random(seed, 0.02, at::Device(at::kCPU), at::kFloat);
    model::CausalLM lm(c, loader);

    std::vector<std::int32_t> stream;
    for (const auto& doc : corpus) {
        const auto ids = tokenizer.encode(doc, /*addSpecial=*/true);   // BOS + text
        stream.insert(stream.end(), ids.begin(), ids.end());
        stream.push_back(2);                                           // EOS
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
    po.seed = seed;
    const auto t0 = std::chrono::steady_clock::now();
    po.onStep = [&](int step, double loss) {
        if (step % 50 == 0 || step == p.pretrainSteps) {
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            say("  step " + std::to_string(step) + "/" + std::to_string(p.pretrainSteps) + "  loss "
                + std::to_string(loss) + "  (" + std::to_string(static_cast<int>(s)) + " s)");
        }
        return true;
    };
    Pretrained out;
    out.result = train::pretrainCausalLM(lm, trainTokens, po);
    out.heldOutLoss = train::evaluateLoss(lm, validTokens, p.sequenceLength);
    model::saveModelFolder(lm, modelDir, p.storeBf16 ? at::kBFloat16 : at::kFloat);
    say("pretrained: final train loss " + std::to_string(out.result.finalLoss) + ", held-out loss "
        + std::to_string(out.heldOutLoss) + ", " + std::to_string(static_cast<int>(out.result.tokensPerSecond))
        + " tokens/s");
    return out;
}

// Step 5: the card's facts and the base model's accuracy (the table of
// strategies is added by the sweep that fills it).
void writeCard(const fs::path& out, const fs::path& modelDir, const LabPreset& p, std::uint64_t seed,
               const io::ModelConfig& c, std::size_t corpusDocuments, const Pretrained& pr, const Say& say)
{
    json card = {{"preset", p.name},
                 {"seed", seed},
                 {"parameters", c.totalParameters()},
                 {"layers", c.numLayers},
                 {"hidden", c.hiddenSize},
                 {"vocab", c.vocabSize},
                 {"corpus_documents", corpusDocuments},
                 {"pretrain_steps", pr.result.steps},
                 {"pretrain_tokens_seen", static_cast<std::int64_t>(pr.result.steps) * p.batch * p.sequenceLength},
                 {"train_loss", pr.result.finalLoss},
                 {"heldout_loss", pr.heldOutLoss},
                 {"stored_dtype", p.storeBf16 ? "bfloat16" : "float32"},
                 {"eval_decoding", EvalDecoding{}.toJson()}};
    EvalOptions eo;
    eo.modelDir = modelDir;
    const auto base = evaluateLab(eo);
    card["base"] = resultsToJson(base);
    LabFolder(out).writeCard(card);
    for (const auto& r : base)
        say("base " + world::dimensionName(r.dimension) + ": " + std::to_string(r.accuracy.accuracy));
}

} // namespace

void buildDemoLab(const BuildOptions& o)
{
    const LabPreset p = presetByName(o.preset);
    const Say say = [&](const std::string& m) {
        if (o.onMessage)
            o.onMessage(m);
    };
    const fs::path out = o.out;
    const LabFolder lab(out);
    const fs::path modelDir = lab.modelDir();
    fs::create_directories(modelDir);
    fs::create_directories(lab.dataDir());

    const auto [w, corpus] = buildWorld(out, p, o.seed, say);
    const auto tokenizer = buildTokenizer(out, modelDir, p, say);
    writeDatasets(lab, w, p, o.seed);
    const io::ModelConfig c = labModelConfig(p, tokenizer->vocabSize());
    const Pretrained pr = pretrainModel(c, *tokenizer, corpus, p, o.seed, modelDir, say);
    writeCard(out, modelDir, p, o.seed, c, corpus.size(), pr, say);
}

std::vector<DimensionResult> evaluateLab(const EvalOptions& o)
{
    const LabFolder lab = LabFolder::ofModelOrThrow(o.modelDir);
    const world::World w = world::World::fromJson(util::readJsonFile(lab.worldFile()));
    model::LoadOptions lo;
    lo.device = model::parseDevice(o.device);
    auto bundle = model::loadModelBundle(o.modelDir, lo);
    std::unique_ptr<train::LoraModel> adapter;
    if (!o.adapterDir.empty())
        adapter = train::loadPeftAdapter(o.adapterDir, bundle.model);

    std::vector<DimensionResult> results;
    for (auto d : kDimensions) {
        auto prompts = world::readEvalPromptsJsonl(lab.evalPrompts(world::dimensionName(d)));
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

#include "sweep/LabTable.h"

#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

#include "align/LayerPlan.h"
#include "train/DpoTrainer.h"
#include "settings/LabFolder.h"
#include "settings/RunFolder.h"
#include "settings/TrainConfig.h"
#include "util/Json.h"
#include "world/World.h"


namespace hialign::lab {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The sweep's training settings for the rows trained on preference set `set`.
sweep::SweepSettings trainingSettings(const TableOptions& o, const std::string& set)
{
    sweep::SweepSettings s = o.training;
    const LabFolder lab(o.labDir);
    s.modelDir = lab.modelDir();
    s.dataFile = lab.preferences(set);
    s.recipe.device = o.device;
    return s;
}

} // namespace

std::vector<TableRow> runLabTable(const TableOptions& o)
{
    auto say = [&](const std::string& m) {
        if (o.onMessage)
            o.onMessage(m);
    };
    const fs::path modelDir = LabFolder(o.labDir).modelDir();
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
            const bool done = folder.finished();
            if (!done) {
                fs::remove_all(run);
                train::TrainConfig c = sweep::trainConfigFor(trainingSettings(o, set), strategy, o.seed);
                c.saveEvery = 0;   // only the final adapter is needed
                train::DpoTrainer::train(c, run);
            }
            eo.adapterDir = folder.adapterDir();
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
    const LabFolder lab(labDir);
    json card = lab.readCard();
    json rows = json::array();
    for (const auto& r : table)
        rows.push_back({{"strategy", r.strategy}, {"set", r.set}, {"results", resultsToJson(r.results)}});
    card["table"] = rows;
    card["table_settings"] = {{"steps", o.training.recipe.steps},   {"batch", o.training.recipe.batchSize}, {"learning_rate", o.training.recipe.learningRate},
                              {"rank", o.training.recipe.rank},     {"alpha", o.training.recipe.alpha}, {"beta", o.training.recipe.beta},
                              {"seed", o.seed},     {"loss", "sigmoid"},
                              {"eval_prompts_per_dimension", o.samples},
                              {"eval_temperature", o.temperature}};
    if (!table.empty() && table.front().strategy == "base")
        card["base"] = resultsToJson(table.front().results);
    lab.writeCard(card);

    // The corpus's injected error rates, from the lab's world.
    std::string errors = "grammar, logic and fact errors";
    if (lab.exists()) {
        const world::ErrorRates rates = world::World::fromJson(util::readJsonFile(lab.worldFile())).errorRates();
        char buf[160];
        std::snprintf(buf, sizeof buf, "errors (wrong in %.0f%% of grammar, %.0f%% of logic, %.0f%% of fact sentences)",
                      100 * rates.grammar, 100 * rates.logic, 100 * rates.facts);
        errors = buf;
    }
    // A hand-written "## Findings" section (and what follows it) of an
    // existing card is kept when the card is rewritten.
    std::string findings;
    const std::string old = lab.readModelCard();
    if (const auto at = old.find("\n## Findings"); at != std::string::npos) findings = old.substr(at);

    std::ostringstream md;
    md << "# Demo lab model card\n\n"
       << "A Llama-architecture model of a synthetic world, built by `hialign-cli world build --preset "
       << card.value("preset", std::string("demo")) << " --seed " << card.value("seed", 1) << "`.\n\n"
       << "| | |\n|---|---|\n"
       << "| architecture | LlamaForCausalLM, " << card.value("layers", 0) << " layers, hidden "
       << card.value("hidden", 0) << ", grouped-query attention, tied embeddings |\n"
       << "| parameters | " << card.value("parameters", 0) << " |\n"
       << "| tokenizer | sentencepiece BPE, " << card.value("vocab", 0) << " pieces, trained on the corpus |\n"
       << "| corpus | " << card.value("corpus_documents", 0) << " documents with injected " << errors << " |\n"
       << "| pretraining | " << card.value("pretrain_steps", 0) << " steps, "
       << card.value("pretrain_tokens_seen", 0) << " tokens seen, next-token loss " << card.value("train_loss", 0.0)
       << " (held-out " << card.value("heldout_loss", 0.0) << ") |\n"
       << "| stored as | " << card.value("stored_dtype", std::string()) << " safetensors |\n\n"
       << "## What alignment does per block\n\n"
       << "Accuracy (%) per dimension with 95% Wilson intervals, measured exactly by the world's checkers on "
       << "held-out eval prompts (first sentence of each continuation, "
       << (o.temperature > 0 ? "sampled at temperature " + std::to_string(o.temperature).substr(0, 4) + " with a fixed seed"
                             : std::string("greedy decoding"))
       << "). Each strategy trains LoRA (r = " << o.training.recipe.rank
       << ", alpha = " << o.training.recipe.alpha << ") with sigmoid DPO (beta = " << o.training.recipe.beta << "), " << o.training.recipe.steps
       << " steps of " << o.training.recipe.batchSize << " pairs, learning rate " << o.training.recipe.learningRate << ", seed " << o.seed
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
       << "Reproduce: `hialign-cli world table " << "resources/demo-lab --steps " << o.training.recipe.steps << " --seed " << o.seed
       << "`. The numbers above are what came out; they are reported whatever they say about the "
          "hierarchical-alignment hypothesis.\n"
       << findings;
    lab.writeModelCard(md.str());
}

} // namespace hialign::lab

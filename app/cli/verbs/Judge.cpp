// hialign-cli judge: judge generations (JSONL with prompt and response) with a judge spec.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../CliCommon.h"
#include "../Verbs.h"
#include "judge/JudgeCache.h"
#include "judge/JudgeSpec.h"
#include "sweep/JudgeFactory.h"
#include "util/Error.h"
#include "util/Json.h"

namespace hialign::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct JudgeOptions {
    std::string judgeSpec, inputFile, outPath, cacheFile, dimensionsList, modelDir;
};

// The generations file: its JSON lines (prompt_id filled in) and the items to judge.
struct Generations {
    std::vector<json> lines;
    std::vector<judge::JudgeItem> items;
};

Generations readGenerations(const std::string& file)
{
    std::ifstream in(file);
    if (!in) throw InputError("cannot read the generations file " + file);
    Generations g;
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        json j = json::parse(line, nullptr, false);
        const std::string where = file + " line " + std::to_string(n);
        if (j.is_discarded() || !j.is_object()) throw InputError(where + " is not a JSON object");
        for (const char* field : {"prompt", "response"})
            if (!j.contains(field) || !j[field].is_string())
                throw InputError(where + ": field \"" + field + "\" is missing or not a string");
        if (j.contains("dimension") && !j["dimension"].is_string())
            throw InputError(where + ": field \"dimension\" must be a string");
        if (!j.contains("prompt_id")) j["prompt_id"] = std::to_string(n);
        g.items.push_back({j["prompt"].get<std::string>(), j["response"].get<std::string>(),
                           j.value("dimension", std::string())});
        g.lines.push_back(std::move(j));
    }
    if (g.items.empty()) throw InputError(file + " holds no generations");
    return g;
}

json judgmentLine(const json& generation, const judge::JudgeScore& sc, const std::string& judgeName)
{
    json r = {{"prompt_id", generation["prompt_id"]},
              {"dimension", sc.dimension},
              {"score", sc.score ? json(*sc.score) : json(nullptr)},
              {"verdict", sc.verdict},
              {"explanation", sc.explanation},
              {"judge", judgeName}};
    for (const char* keep : {"task", "strategy", "seed"})
        if (generation.contains(keep)) r[keep] = generation[keep];
    if (!sc.reply.empty()) r["reply"] = sc.reply;
    if (sc.mass) {
        r["mass"] = *sc.mass;
        r["low_mass"] = sc.lowMass;
    }
    return r;
}

int runJudge(const JudgeOptions& o)
{
    judge::parseJudgeSpec(o.judgeSpec);   // a bad spec is named before any file is read
    const fs::path out(o.outPath);
    const fs::path cache = o.cacheFile.empty() ? judge::JudgeCache::fileIn(out.parent_path()) : fs::path(o.cacheFile);
    const Generations g = readGenerations(o.inputFile);
    if (!out.parent_path().empty()) fs::create_directories(out.parent_path());
    const std::vector<std::string> dims = splitList(o.dimensionsList);
    auto j = sweep::makeJudge(o.judgeSpec, o.modelDir.empty() ? o.modelDir : modelArg(o.modelDir), cache, dims);
    const auto t0 = std::chrono::steady_clock::now();
    const auto scores = j->judgeMany(g.items, dims);
    std::vector<json> judgments;
    std::size_t judged = 0, unparsed = 0;
    std::map<std::string, std::size_t> verdicts;
    for (std::size_t i = 0; i < g.items.size(); ++i)
        for (const auto& sc : scores[i]) {
            judgments.push_back(judgmentLine(g.lines[i], sc, j->name()));
            ++judged;
            ++verdicts[sc.verdict];
            if (!sc.score) ++unparsed;
        }
    util::writeJsonl(out, judgments);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::string counts;
    for (const auto& [v, c] : verdicts) counts += (counts.empty() ? "" : ", ") + v + " " + std::to_string(c);
    std::fprintf(stderr, "%zu judgments (%zu without a score; %s) by %s in %.1f s -> %s\n", judged, unparsed,
                 counts.c_str(), j->name().c_str(), s, out.string().c_str());
    return 0;
}

} // namespace

void addJudge(CLI::App& app, Verbs& verbs)
{
    auto o = std::make_shared<JudgeOptions>();
    CLI::App* cmd = app.add_subcommand("judge", "Judge generations (JSONL with prompt and response) with a judge spec");
    cmd->add_option("--judge", o->judgeSpec, "exact[:LAB_DIR], local:MODEL_DIR[,...] or openai:URL,model=NAME[,...]")
        ->required();
    cmd->add_option("--input", o->inputFile, "generations.jsonl: prompt, response, optional prompt_id and dimension")
        ->required();
    cmd->add_option("--out", o->outPath, "judgments.jsonl to write")->required();
    cmd->add_option("--dimensions", o->dimensionsList, "Comma-separated: grammar, logic, facts (default: all)");
    cmd->add_option("--model", o->modelDir, "The judged model's folder (the plain exact judge finds its lab from it)");
    cmd->add_option("--cache", o->cacheFile, "Reply cache (default: judge-cache.jsonl beside --out)");
    verbs.push_back({cmd, [o] { return runJudge(*o); }});
}

} // namespace hialign::cli

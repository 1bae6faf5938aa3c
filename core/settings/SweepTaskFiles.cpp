#include "settings/SweepTaskFiles.h"

#include <nlohmann/json.hpp>

#include "util/Error.h"
#include "util/Json.h"
#include "util/JsonLines.h"

namespace hialign::sweep {

namespace {

using nlohmann::json;
using util::countField;
using util::fieldError;
using util::numberField;
using util::optionalStringField;
using util::stringField;

// prompt_id: a string, or a number taken as its JSON text.
std::string promptIdField(const json& j, const std::string& where)
{
    const auto it = j.find("prompt_id");
    if (it == j.end() || !(it->is_string() || it->is_number()))
        throw InputError(fieldError(where, "prompt_id", "is missing or not a string or a number"));
    return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string textOf(const json& v)
{
    return v.is_string() ? v.get<std::string>() : v.is_null() ? std::string() : v.dump();
}

// pairwise.jsonl's explanations: a list, an object of them (nulls skipped) or one text.
std::vector<std::string> explanationsField(const json& j)
{
    std::vector<std::string> out;
    const auto it = j.find("explanations");
    if (it == j.end() || it->is_null()) return out;
    if (it->is_array()) {
        for (const json& e : *it) out.push_back(textOf(e));
    } else if (it->is_object()) {
        for (const json& e : *it)
            if (!e.is_null()) out.push_back(textOf(e));
    } else if (!textOf(*it).empty()) {
        out.push_back(textOf(*it));
    }
    return out;
}

// The records of a JSON Lines file, each made by Record::fromJson with the
// line named as "FILE line N".
template <typename Record>
std::vector<Record> readRecords(const std::filesystem::path& file)
{
    std::vector<Record> out;
    for (const util::JsonObjectLine& line : util::readJsonObjectLines(file))
        out.push_back(Record::fromJson(line.value, line.where));
    return out;
}

template <typename Record>
void writeRecords(const std::filesystem::path& file, const std::vector<Record>& records)
{
    std::vector<json> lines;
    lines.reserve(records.size());
    for (const Record& r : records) lines.push_back(r.toJson());
    util::writeJsonl(file, lines);
}

} // namespace

// nlohmann::json orders an object's keys by name, so the order written here
// does not reach the files.

json GenerationRecord::toJson() const
{
    return {{"task", task},
            {"strategy", strategy},
            {"seed", seed},
            {"prompt_id", promptId},
            {"prompt", prompt},
            {"dimension", dimension},
            {"response", response},
            {"tokens", tokens},
            {"finish_reason", finishReason}};
}

GenerationRecord GenerationRecord::fromJson(const json& j, const std::string& where)
{
    GenerationRecord g;
    g.task = stringField(j, "task", where);
    g.strategy = stringField(j, "strategy", where);
    g.seed = countField(j, "seed", where);
    g.promptId = promptIdField(j, where);
    g.prompt = stringField(j, "prompt", where, true);
    g.dimension = stringField(j, "dimension", where);
    g.response = stringField(j, "response", where, true);
    g.tokens = static_cast<std::size_t>(countField(j, "tokens", where));
    g.finishReason = stringField(j, "finish_reason", where);
    return g;
}

json JudgmentRecord::toJson() const
{
    json j = {{"task", task},
              {"strategy", strategy},
              {"seed", seed},
              {"prompt_id", promptId},
              {"dimension", dimension},
              {"score", score ? json(*score) : json(nullptr)},
              {"verdict", verdict},
              {"explanation", explanation},
              {"judge", judge}};
    if (!reply.empty()) j["reply"] = reply;
    if (mass) {
        j["mass"] = *mass;
        j["low_mass"] = lowMass;
    }
    return j;
}

JudgmentRecord JudgmentRecord::fromJson(const json& j, const std::string& where)
{
    JudgmentRecord r;
    r.task = stringField(j, "task", where);
    r.strategy = stringField(j, "strategy", where);
    r.seed = countField(j, "seed", where);
    r.promptId = promptIdField(j, where);
    r.dimension = stringField(j, "dimension", where, true);
    r.score = numberField(j, "score", where);
    r.verdict = stringField(j, "verdict", where);
    r.explanation = stringField(j, "explanation", where);
    r.judge = stringField(j, "judge", where);
    r.reply = stringField(j, "reply", where);
    r.mass = numberField(j, "mass", where);
    if (const auto it = j.find("low_mass"); it != j.end() && !it->is_null()) {
        if (!it->is_boolean()) throw InputError(fieldError(where, "low_mass", "must be true or false"));
        r.lowMass = it->get<bool>();
    }
    return r;
}

json PairwiseRecord::toJson() const
{
    return {{"task", task},
            {"strategy", strategy},
            {"seed", seed},
            {"prompt_id", promptId},
            {"dimension", dimension},
            {"outcome", outcome},
            {"first", first ? json(*first) : json(nullptr)},
            {"swapped", swapped ? json(*swapped) : json(nullptr)},
            {"explanations", json(explanations)}};
}

PairwiseRecord PairwiseRecord::fromJson(const json& j, const std::string& where)
{
    PairwiseRecord p;
    p.task = stringField(j, "task", where);
    p.strategy = stringField(j, "strategy", where);
    p.seed = countField(j, "seed", where);
    p.promptId = promptIdField(j, where);
    p.dimension = stringField(j, "dimension", where, true);
    p.outcome = stringField(j, "outcome", where, false, "unparsed");
    p.first = optionalStringField(j, "first", where);
    p.swapped = optionalStringField(j, "swapped", where);
    p.explanations = explanationsField(j);
    return p;
}

std::vector<GenerationRecord> readGenerations(const std::filesystem::path& file)
{
    return readRecords<GenerationRecord>(file);
}

std::vector<JudgmentRecord> readJudgments(const std::filesystem::path& file)
{
    return readRecords<JudgmentRecord>(file);
}

std::vector<PairwiseRecord> readPairwise(const std::filesystem::path& file)
{
    return readRecords<PairwiseRecord>(file);
}

void writeGenerations(const std::filesystem::path& file, const std::vector<GenerationRecord>& records)
{
    writeRecords(file, records);
}

void writeJudgments(const std::filesystem::path& file, const std::vector<JudgmentRecord>& records)
{
    writeRecords(file, records);
}

void writePairwise(const std::filesystem::path& file, const std::vector<PairwiseRecord>& records)
{
    writeRecords(file, records);
}

} // namespace hialign::sweep

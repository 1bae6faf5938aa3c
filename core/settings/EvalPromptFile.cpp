#include "settings/EvalPromptFile.h"

#include <nlohmann/json.hpp>

#include "util/AtomicFile.h"
#include "util/Error.h"
#include "util/JsonLines.h"

namespace hialign::eval {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

EvalPromptRecord parseRecord(const util::JsonObjectLine& line, const fs::path& file)
{
    const json& j = line.value;
    const auto prompt = j.find("prompt");
    if (prompt == j.end() || !prompt->is_string() || prompt->get<std::string>().empty())
        throw InputError(util::fieldError(line.where, "prompt", "is missing or not a non-empty string"));
    EvalPromptRecord r;
    r.line = line.line;
    r.prompt = prompt->get<std::string>();
    if (const auto id = j.find("id"); id != j.end()) {
        if (!id->is_string() && !id->is_number())
            throw InputError(util::fieldError(line.where, "id", "must be a string or a number"));
        r.id = id->is_string() ? id->get<std::string>() : id->dump();
    } else {
        r.id = file.stem().string() + ":" + std::to_string(line.line);
    }
    r.dimension = util::optionalStringField(j, "dimension", line.where);
    r.reference = util::optionalStringField(j, "reference", line.where);
    return r;
}

} // namespace

std::vector<EvalPromptRecord> readEvalPromptFile(const fs::path& file, std::size_t limit)
{
    std::vector<EvalPromptRecord> records;
    for (const util::JsonObjectLine& line : util::readJsonObjectLines(file, limit, "the eval prompts " + file.string()))
        records.push_back(parseRecord(line, file));
    return records;
}

std::string whereIs(const fs::path& file, const EvalPromptRecord& record)
{
    return file.string() + " line " + std::to_string(record.line);
}

void writeEvalPromptFile(const fs::path& file, const std::vector<EvalPromptRecord>& records)
{
    std::string contents;
    for (const EvalPromptRecord& r : records) {
        nlohmann::ordered_json j;
        if (r.dimension)
            j["dimension"] = *r.dimension;
        j["prompt"] = r.prompt;
        if (r.reference)
            j["reference"] = *r.reference;
        contents += j.dump();
        contents += '\n';
    }
    writeFileAtomic(file, contents);
}

} // namespace hialign::eval

#include "settings/EvalPromptFile.h"

#include <fstream>

#include <nlohmann/json.hpp>

#include "util/AtomicFile.h"
#include "util/Error.h"

namespace hialign::eval {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::optional<std::string> optionalString(const json& j, const char* key, const std::string& where)
{
    const auto it = j.find(key);
    if (it == j.end())
        return std::nullopt;
    if (!it->is_string())
        throw InputError(where + ": field \"" + key + "\" must be a string.");
    return it->get<std::string>();
}

EvalPromptRecord parseRecord(const std::string& line, const fs::path& file, std::size_t lineNo)
{
    const std::string where = file.string() + " line " + std::to_string(lineNo);
    const json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object())
        throw InputError(where + " is not a JSON object.");
    const auto prompt = j.find("prompt");
    if (prompt == j.end() || !prompt->is_string() || prompt->get<std::string>().empty())
        throw InputError(where + ": field \"prompt\" is missing or not a non-empty string.");
    EvalPromptRecord r;
    r.line = lineNo;
    r.prompt = prompt->get<std::string>();
    if (const auto id = j.find("id"); id != j.end()) {
        if (!id->is_string() && !id->is_number())
            throw InputError(where + ": field \"id\" must be a string or a number.");
        r.id = id->is_string() ? id->get<std::string>() : id->dump();
    } else {
        r.id = file.stem().string() + ":" + std::to_string(lineNo);
    }
    r.dimension = optionalString(j, "dimension", where);
    r.reference = optionalString(j, "reference", where);
    return r;
}

} // namespace

std::vector<EvalPromptRecord> readEvalPromptFile(const fs::path& file, std::size_t limit)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw InputError("Cannot read the eval prompts " + file.string() + ".");
    std::vector<EvalPromptRecord> records;
    std::string line;
    std::size_t lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        if (limit > 0 && records.size() >= limit)
            break;
        records.push_back(parseRecord(line, file, lineNo));
    }
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

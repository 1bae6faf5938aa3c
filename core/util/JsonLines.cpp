#include "util/JsonLines.h"

#include <fstream>

#include "util/Error.h"

namespace hialign::util {

using nlohmann::json;

std::vector<JsonObjectLine> readJsonObjectLines(const std::filesystem::path& file, std::size_t limit,
                                                const std::string& name)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError("Cannot read " + (name.empty() ? file.string() : name) + ".");
    std::vector<JsonObjectLine> out;
    std::string line;
    std::size_t lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (limit > 0 && out.size() >= limit) break;
        const std::string where = file.string() + " line " + std::to_string(lineNo);
        json j = json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) throw InputError(where + " is not a JSON object.");
        out.push_back({std::move(j), where, lineNo});
    }
    return out;
}

std::string fieldError(const std::string& where, const char* key, const char* what)
{
    return where + ": field \"" + key + "\" " + what + ".";
}

std::string stringField(const json& j, const char* key, const std::string& where, bool required,
                        const std::string& fallback)
{
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (required) throw InputError(fieldError(where, key, "is missing"));
        return fallback;
    }
    if (!it->is_string()) throw InputError(fieldError(where, key, "must be a string"));
    return it->get<std::string>();
}

std::optional<std::string> optionalStringField(const json& j, const char* key, const std::string& where)
{
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) throw InputError(fieldError(where, key, "must be a string or null"));
    return it->get<std::string>();
}

std::optional<double> numberField(const json& j, const char* key, const std::string& where)
{
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;
    if (!it->is_number()) throw InputError(fieldError(where, key, "must be a number or null"));
    return it->get<double>();
}

std::uint64_t countField(const json& j, const char* key, const std::string& where)
{
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return 0;
    if (it->is_number_unsigned()) return it->get<std::uint64_t>();
    throw InputError(fieldError(where, key, "must be a non-negative integer"));
}

} // namespace hialign::util

#include "tokenize/JsonFile.h"

#include <fstream>
#include <sstream>

#include "util/Error.h"

namespace hialign::tok::json {

namespace fs = std::filesystem;

nlohmann::json readFile(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw InputError(file.string() + ": the file cannot be opened.");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad())
        throw InputError(file.string() + ": the file cannot be read.");
    try {
        return nlohmann::json::parse(buffer.str());
    } catch (const nlohmann::json::parse_error& e) {
        throw InputError(file.string() + ": not valid JSON at byte " + std::to_string(e.byte) +
                         " (" + e.what() + ").");
    }
}

void fail(const fs::path& file, const std::string& field, const std::string& problem)
{
    throw InputError(file.string() + ": field " + field + " " + problem + ".");
}

const nlohmann::json& require(const nlohmann::json& obj, const char* key, const std::string& field,
                              const fs::path& file)
{
    if (!obj.is_object())
        fail(file, field, "cannot be read because its parent is not an object");
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null())
        fail(file, field, "is missing");
    return *it;
}

const nlohmann::json* find(const nlohmann::json& obj, const char* key)
{
    if (!obj.is_object())
        return nullptr;
    const auto it = obj.find(key);
    return (it == obj.end() || it->is_null()) ? nullptr : &*it;
}

bool boolOr(const nlohmann::json& obj, const char* key, bool fallback, const std::string& field,
            const fs::path& file)
{
    const nlohmann::json* v = find(obj, key);
    if (!v)
        return fallback;
    if (!v->is_boolean())
        fail(file, field, "must be true or false");
    return v->get<bool>();
}

std::string stringOr(const nlohmann::json& obj, const char* key, const std::string& fallback,
                     const std::string& field, const fs::path& file)
{
    const nlohmann::json* v = find(obj, key);
    if (!v)
        return fallback;
    if (!v->is_string())
        fail(file, field, "must be a string");
    return v->get<std::string>();
}

} // namespace hialign::tok::json

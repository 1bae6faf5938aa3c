#include "util/Json.h"

#include <fstream>
#include <sstream>
#include <string>

#include "util/AtomicFile.h"
#include "util/Error.h"

namespace hialign::util {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

template <class Json>
Json parseJsonFile(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError("cannot open " + path.string());
    std::stringstream ss;
    ss << in.rdbuf();
    try {
        return Json::parse(ss.str());
    } catch (const typename Json::parse_error& e) {
        throw InputError(path.string() + " is not valid JSON (" + e.what() + ")");
    }
}

} // namespace

json readJsonFile(const fs::path& path)
{
    return parseJsonFile<json>(path);
}

nlohmann::ordered_json readOrderedJsonFile(const fs::path& path)
{
    return parseJsonFile<nlohmann::ordered_json>(path);
}

void writeJsonAtomic(const fs::path& path, const json& j)
{
    hialign::writeFileAtomic(path, j.dump(2) + "\n");
}

std::vector<json> readJsonl(const fs::path& path)
{
    std::ifstream in(path);
    if (!in)
        throw InputError("Cannot read " + path.string() + ".");
    std::vector<json> out;
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        json j = json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object())
            throw InputError(path.string() + " line " + std::to_string(n) + " is not a JSON object.");
        out.push_back(std::move(j));
    }
    return out;
}

std::vector<json> readJsonlPrefix(const fs::path& path)
{
    std::vector<json> lines;
    std::ifstream in(path, std::ios::binary);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty())
            continue;
        json j = json::parse(line, nullptr, false);
        if (j.is_discarded())
            break;   // a line cut short by a kill: everything before it is good
        lines.push_back(std::move(j));
    }
    return lines;
}

void writeJsonl(const fs::path& path, const std::vector<json>& lines)
{
    std::string bytes;
    for (const json& j : lines)
        bytes += j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    hialign::writeFileAtomic(path, bytes);
}

void appendJsonl(const fs::path& path, const std::vector<json>& lines)
{
    std::ofstream out(path, std::ios::app | std::ios::binary);
    if (!out)
        throw Error("cannot append to " + path.string());
    for (const json& j : lines)
        out << j.dump() << "\n";
    out.flush();
}

bool keepJsonlThroughStep(const fs::path& path, std::int64_t step)
{
    std::vector<json> kept;
    bool stepKept = false;
    for (json& j : readJsonlPrefix(path))
        if (const std::int64_t s = j.value("step", std::int64_t(0)); s <= step) {
            stepKept = stepKept || s == step;
            kept.push_back(std::move(j));
        }
    writeJsonl(path, kept);
    return stepKept;
}

} // namespace hialign::util

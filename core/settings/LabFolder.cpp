#include "settings/LabFolder.h"

#include <algorithm>

#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "util/AtomicFile.h"
#include "util/Error.h"
#include "util/Json.h"

namespace hialign::lab {

namespace fs = std::filesystem;
using nlohmann::json;

LabFolder LabFolder::forModel(const fs::path& modelDir)
{
    fs::path model = fs::absolute(modelDir).lexically_normal();
    if (!model.has_filename())   // "lab/model/" names the same folder as "lab/model"
        model = model.parent_path();
    return LabFolder(model.parent_path());
}

std::optional<LabFolder> LabFolder::ofModel(const fs::path& modelDir)
{
    if (modelDir.empty())   // no model chosen yet
        return std::nullopt;
    LabFolder lab = forModel(modelDir);
    if (!lab.exists())
        return std::nullopt;
    return lab;
}

LabFolder LabFolder::ofModelOrThrow(const fs::path& modelDir)
{
    if (auto lab = ofModel(modelDir))
        return *lab;
    throw InputError("model folder " + modelDir.string()
                     + " is not part of a demo lab (no world.json beside it); build one with 'hialign-cli world build'");
}

bool LabFolder::exists() const
{
    std::error_code ec;
    return fs::exists(worldFile(), ec);
}

fs::path LabFolder::preferences(const std::string& set) const
{
    return dataDir() / ("preferences_" + set + ".jsonl");
}

fs::path LabFolder::evalPrompts(const std::string& dimension) const
{
    return dataDir() / ("eval_" + dimension + ".jsonl");
}

std::vector<fs::path> LabFolder::evalPromptFiles() const
{
    std::vector<fs::path> files;
    for (const char* dimension : kLabDimensions)
        files.push_back(evalPrompts(dimension));
    return files;
}

std::vector<fs::path> LabFolder::evalPromptFilesIn(const fs::path& dataDir)
{
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(dataDir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() > 11 && name.compare(0, 5, "eval_") == 0 && name.compare(name.size() - 6, 6, ".jsonl") == 0
            && it->is_regular_file(ec))
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::string LabFolder::preferenceSetOf(const fs::path& file)
{
    static const std::string kPrefix = "preferences_";
    std::string stem = file.stem().string();
    if (stem.compare(0, kPrefix.size(), kPrefix) == 0)
        stem = stem.substr(kPrefix.size());
    return stem;
}

json LabFolder::readCard() const
{
    const json card = util::readJsonFile(cardFile());
    if (!card.is_object())
        throw InputError(cardFile().string() + " is not a JSON object");
    return card;
}

void LabFolder::writeCard(const json& card) const
{
    util::writeJsonAtomic(cardFile(), card);
}

std::optional<EvalDecoding> LabFolder::evalDecoding() const
{
    std::ifstream in(cardFile());
    if (!in || !exists())
        return std::nullopt;
    const json card = json::parse(in, nullptr, false);
    if (!card.is_object() || !card.contains("eval_decoding") || !card["eval_decoding"].is_object())
        return std::nullopt;
    return evalDecodingFromJson(card["eval_decoding"]);
}

std::string LabFolder::readModelCard() const
{
    std::ifstream in(modelCardFile(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void LabFolder::writeModelCard(const std::string& markdown) const
{
    writeFileAtomic(modelCardFile(), markdown);
}

} // namespace hialign::lab

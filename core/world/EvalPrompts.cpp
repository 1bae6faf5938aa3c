#include "world/EvalPrompts.h"

#include <fstream>

#include <nlohmann/json.hpp>

#include "util/Error.h"
#include "util/AtomicFile.h"
#include "world/GoldItemGenerator.h"

namespace hialign::world {

std::vector<EvalPrompt> generateEvalPrompts(const World& world, Dimension dimension, std::size_t n,
                                            std::uint64_t seed)
{
    Rng rng = Rng::forStream(seed, "eval/" + dimensionName(dimension));
    GoldItemGenerator items(world);
    std::vector<EvalPrompt> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        GoldItem item = items.next(dimension, ItemSplit::Evaluation, rng);
        out.push_back(EvalPrompt{dimension, std::move(item.prompt), std::move(item.correct)});
    }
    return out;
}

void writeEvalPromptsJsonl(const std::filesystem::path& file, const std::vector<EvalPrompt>& prompts)
{
    std::string contents;
    for (const auto& p : prompts) {
        nlohmann::ordered_json j;
        j["dimension"] = dimensionName(p.dimension);
        j["prompt"] = p.prompt;
        j["reference"] = p.reference;
        contents += j.dump();
        contents += '\n';
    }
    hialign::writeFileAtomic(file, contents);
}

std::vector<EvalPrompt> readEvalPromptsJsonl(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw InputError("cannot read the eval prompts file \"" + file.string() + "\".");
    std::vector<EvalPrompt> out;
    std::string line;
    std::size_t lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos)
            continue;
        const std::string where = file.string() + " line " + std::to_string(lineNo);
        const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object())
            throw InputError(where + ": not a JSON object.");
        auto field = [&](const char* key) {
            const auto it = j.find(key);
            if (it == j.end())
                throw InputError(where + ": field \"" + key + "\" is missing.");
            if (!it->is_string())
                throw InputError(where + ": field \"" + key + "\" must be a string.");
            return it->get<std::string>();
        };
        EvalPrompt p;
        const std::string dimension = field("dimension");
        const auto parsed = parseDimension(dimension);
        if (!parsed)
            throw InputError(where + ": field \"dimension\" is \"" + dimension +
                             "\"; it must be \"grammar\", \"logic\" or \"facts\".");
        p.dimension = *parsed;
        p.prompt = field("prompt");
        p.reference = field("reference");
        out.push_back(std::move(p));
    }
    return out;
}

} // namespace hialign::world

#include "world/EvalPrompts.h"

#include "settings/EvalPromptFile.h"
#include "util/Error.h"
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
    std::vector<eval::EvalPromptRecord> records;
    records.reserve(prompts.size());
    for (const EvalPrompt& p : prompts) {
        eval::EvalPromptRecord r;
        r.dimension = dimensionName(p.dimension);
        r.prompt = p.prompt;
        r.reference = p.reference;
        records.push_back(std::move(r));
    }
    eval::writeEvalPromptFile(file, records);
}

std::vector<EvalPrompt> readEvalPromptsJsonl(const std::filesystem::path& file)
{
    std::vector<EvalPrompt> out;
    for (eval::EvalPromptRecord& r : eval::readEvalPromptFile(file)) {
        const std::string where = eval::whereIs(file, r);
        if (!r.dimension)
            throw InputError(where + ": field \"dimension\" is missing.");
        const auto dimension = parseDimension(*r.dimension);
        if (!dimension)
            throw InputError(where + ": field \"dimension\" is \"" + *r.dimension
                             + "\"; it must be \"grammar\", \"logic\" or \"facts\".");
        if (!r.reference)
            throw InputError(where + ": field \"reference\" is missing.");
        out.push_back(EvalPrompt{*dimension, std::move(r.prompt), std::move(*r.reference)});
    }
    return out;
}

} // namespace hialign::world

#include "world/Preferences.h"

#include <nlohmann/json.hpp>

#include "util/AtomicFile.h"
#include "world/GoldItemGenerator.h"

namespace hialign::world {

std::vector<PreferencePair> generatePreferences(const World& world, Dimension dimension, std::size_t n,
                                                std::uint64_t seed)
{
    Rng rng = Rng::forStream(seed, "preferences/" + dimensionName(dimension));
    GoldItemGenerator items(world);
    std::vector<PreferencePair> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        GoldItem item = items.next(dimension, ItemSplit::Preference, rng);
        out.push_back(PreferencePair{dimension, std::move(item.prompt), std::move(item.correct),
                                     std::move(item.wrong)});
    }
    return out;
}

std::vector<PreferencePair> generateMixedPreferences(const World& world, std::size_t n, std::uint64_t seed)
{
    std::vector<PreferencePair> out;
    out.reserve(n);
    for (std::size_t k = 0; k < kAllDimensions.size(); ++k) {
        const std::size_t count = n / 3 + (k < n % 3 ? 1 : 0);
        auto part = generatePreferences(world, kAllDimensions[k], count, seed);
        out.insert(out.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
    }
    Rng rng = Rng::forStream(seed, "preferences/mixed");
    rng.shuffle(out);
    return out;
}

void writePreferencesJsonl(const std::filesystem::path& file, const std::vector<PreferencePair>& pairs)
{
    std::string contents;
    for (const auto& p : pairs) {
        nlohmann::ordered_json j;
        j["prompt"] = p.prompt;
        j["chosen"] = p.chosen;
        j["rejected"] = p.rejected;
        contents += j.dump();
        contents += '\n';
    }
    hialign::writeFileAtomic(file, contents);
}

} // namespace hialign::world

#include "world/ErrorInjector.h"

namespace hialign::world {

ErrorInjector::ErrorInjector(World world)
    : world_(std::move(world))
    , parser_(world_)
{
}

std::optional<std::vector<std::string>> ErrorInjector::agreementError(const std::vector<std::string>& words,
                                                                      Rng& rng, std::size_t from) const
{
    std::vector<std::size_t> verbs;
    for (std::size_t i = from; i < words.size(); ++i) {
        const WordInfo* info = world_.lexicon().find(words[i]);
        if (info != nullptr && info->wordClass == WordClass::Verb)
            verbs.push_back(i);
    }
    if (verbs.empty())
        return std::nullopt;
    const std::size_t at = verbs[rng.index(verbs.size())];
    const WordInfo* info = world_.lexicon().find(words[at]);
    std::vector<std::string> out = words;
    out[at] = Lexicon::verbForm(info->lemma, !info->plural);
    return out;
}

std::optional<std::vector<std::string>> ErrorInjector::wordOrderError(const std::vector<std::string>& words,
                                                                      Rng& rng, std::size_t from) const
{
    std::vector<std::size_t> positions;
    for (std::size_t i = from; i + 1 < words.size(); ++i) {
        if (words[i] != words[i + 1])
            positions.push_back(i);
    }
    rng.shuffle(positions);
    for (std::size_t i : positions) {
        std::vector<std::string> out = words;
        std::swap(out[i], out[i + 1]);
        if (parser_.parse(out).status == ParseResult::Status::Ungrammatical)
            return out;
    }
    return std::nullopt;
}

std::vector<std::string> ErrorInjector::grammarError(const std::vector<std::string>& words, Rng& rng,
                                                     std::size_t from) const
{
    const bool agreementFirst = rng.below(3) != 0;
    auto first = agreementFirst ? agreementError(words, rng, from) : wordOrderError(words, rng, from);
    if (first)
        return *first;
    auto second = agreementFirst ? wordOrderError(words, rng, from) : agreementError(words, rng, from);
    if (second)
        return *second;
    return words;
}

} // namespace hialign::world

#include "world/GoldItemGenerator.h"

#include "util/Error.h"

namespace hialign::world {

namespace {

constexpr int kSplitAttempts = 10000;

} // namespace

GoldItemGenerator::GoldItemGenerator(World world)
    : world_(std::move(world))
    , sampler_(world_)
    , chains_(world_)
    , injector_(world_)
{
    if (world_.people().size() < 3)
        throw InputError("the world has fewer than three people; generate it or load it from JSON first.");
}

ItemSplit GoldItemGenerator::splitOf(const std::string& prompt)
{
    return mix64(fnv1a64(prompt)) % 4 == 0 ? ItemSplit::Evaluation : ItemSplit::Preference;
}

GoldItem GoldItemGenerator::next(Dimension dimension, ItemSplit split, Rng& rng)
{
    if (dimension == Dimension::Facts)
        return factItem(rng);
    // Draw until the prompt falls in the wanted split (a tiny hand-made world
    // may have too few prompts: then take what comes).
    GoldItem item;
    for (int attempt = 0; attempt < kSplitAttempts; ++attempt) {
        item = dimension == Dimension::Grammar ? grammarItem(rng) : logicItem(rng);
        if (splitOf(item.prompt) == split)
            return item;
    }
    return item;
}

GoldItem GoldItemGenerator::cut(Dimension dimension, const std::vector<std::string>& correct,
                                const std::vector<std::string>& wrong, std::size_t promptWords)
{
    GoldItem item;
    item.dimension = dimension;
    item.prompt = joinWords(std::vector<std::string>(correct.begin(), correct.begin() + promptWords));
    item.correct = " " + sentenceText(std::vector<std::string>(correct.begin() + promptWords, correct.end()));
    item.wrong = " " + sentenceText(std::vector<std::string>(wrong.begin() + promptWords, wrong.end()));
    return item;
}

GoldItem GoldItemGenerator::grammarItem(Rng& rng) const
{
    const Subject subject = sampler_.grammarSubject(rng);
    const Clause clause = sampler_.completion(subject, rng);
    const std::vector<std::string> words = clauseWords(clause);
    const std::size_t promptWords = subjectWords(subject).size();
    const std::vector<std::string> broken = injector_.grammarError(words, rng, promptWords);
    return cut(Dimension::Grammar, words, broken, promptWords);
}

GoldItem GoldItemGenerator::logicItem(Rng& rng) const
{
    const Chain chain = chains_.generate(rng);
    const Clause wrong = chains_.wrongConclusion(chain, rng);
    GoldItem item;
    item.dimension = Dimension::Logic;
    item.prompt = ChainGenerator::premisesText(chain) + " so";
    item.correct = " " + sentenceText(clauseWords(chain.conclusion));
    item.wrong = " " + sentenceText(clauseWords(wrong));
    return item;
}

GoldItem GoldItemGenerator::factItem(Rng& rng)
{
    // The fact list: every (person, relation), then every river.
    const std::size_t personFacts = world_.people().size() * 4;
    const std::size_t total = personFacts + world_.rivers().size();
    if (factRound_.empty()) {
        factRound_.resize(total);
        for (std::size_t i = 0; i < total; ++i)
            factRound_[i] = i;
        rng.shuffle(factRound_);
    }
    const std::size_t index = factRound_.back();
    factRound_.pop_back();

    Clause fact;
    if (index < personFacts) {
        const Person& person = world_.people()[index / 4];
        fact = sampler_.fact(person, kAllRelations[index % 4]);
    } else {
        fact = sampler_.riverFact(world_.rivers()[index - personFacts], rng);
    }
    const Clause wrong = sampler_.falsify(fact, rng);
    const std::vector<std::string> words = clauseWords(fact);
    // The object: one word, or "town and town".
    const std::size_t objectWords = fact.predicate.objects.size() == 2 ? 3 : 1;
    return cut(Dimension::Facts, words, clauseWords(wrong), words.size() - objectWords);
}

} // namespace hialign::world

#include "world/Checking.h"

#include "world/FactChecker.h"
#include "world/GrammarChecker.h"
#include "world/LogicChecker.h"
#include "world/Text.h"

namespace hialign::world {

namespace {

// The length of the subject at the start of `words` (0 when there is none).
std::size_t subjectLength(const std::vector<std::string>& words, const Lexicon& lex, bool* persons, bool* river)
{
    auto cls = [&](std::size_t i) -> const WordInfo* { return i < words.size() ? lex.find(words[i]) : nullptr; };
    *persons = false;
    *river = false;
    const WordInfo* first = cls(0);
    if (first != nullptr && first->wordClass == WordClass::Person) {
        *persons = true;
        const WordInfo* third = cls(2);
        if (words.size() >= 3 && words[1] == "and" && third != nullptr && third->wordClass == WordClass::Person)
            return 3;
        return 1;
    }
    if (!words.empty() && words[0] == "the") {
        const WordInfo* second = cls(1);
        if (second != nullptr && second->wordClass == WordClass::Creature)
            return 2;
        if (second != nullptr && second->wordClass == WordClass::River) {
            *river = true;
            return 2;
        }
    }
    return 0;
}

} // namespace

Check checkContinuation(const World& world, Dimension dimension, const std::string& prompt,
                        const std::string& continuation)
{
    switch (dimension) {
    case Dimension::Grammar:
        return GrammarChecker(world).check(prompt, continuation);
    case Dimension::Logic:
        return LogicChecker(world).check(prompt, continuation);
    case Dimension::Facts:
        return FactChecker(world).check(prompt, continuation);
    }
    return {};
}

std::optional<Dimension> dimensionOfPrompt(const World& world, const std::string& prompt)
{
    const TokenizedSentence tail = firstSentence(unfinishedTail(prompt));
    const auto& w = tail.words;
    if (!tail.foreign.empty() || w.empty())
        return std::nullopt;
    if (w.size() == 1 && w[0] == "so")
        return Dimension::Logic;
    const Lexicon& lex = world.lexicon();
    bool persons = false;
    bool river = false;
    const std::size_t n = subjectLength(w, lex, &persons, &river);
    if (n == 0)
        return std::nullopt;
    if (n == w.size())
        return Dimension::Grammar;
    const WordInfo* verb = lex.find(w[n]);
    if (verb == nullptr || verb->wordClass != WordClass::Verb)
        return std::nullopt;
    const std::size_t rest = w.size() - n;
    const std::string next = rest >= 2 ? w[n + 1] : std::string();
    if (persons) {
        if ((verb->lemma == "live" && rest == 2 && next == "in") ||
            (verb->lemma == "be" && rest == 2 && next == "a") ||
            (verb->lemma == "have" && rest == 2 && next == "a") || (verb->lemma == "like" && rest == 1))
            return Dimension::Facts;
    }
    if (river && verb->lemma == "run" && rest == 2 && next == "through")
        return Dimension::Facts;
    return std::nullopt;
}

} // namespace hialign::world

#include "world/Lexicon.h"

#include <algorithm>

#include "util/Error.h"

namespace hialign::world {

namespace {

const std::vector<std::string>& functionWords()
{
    static const std::vector<std::string> words{"the", "a",  "and", "or", "not",  "in",
                                                "through", "than", "so", "if", "then"};
    return words;
}

struct VerbForms {
    const char* lemma;
    const char* singular;
    const char* plural;
};

constexpr VerbForms kVerbs[] = {
    {"live", "lives", "live"}, {"be", "is", "are"},    {"have", "has", "have"},
    {"like", "likes", "like"}, {"run", "runs", "run"},
};

bool endsWith(const std::string& s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

Lexicon::Lexicon(const NameLists& names)
{
    for (const auto& w : functionWords())
        add(w, WordInfo{WordClass::Function, w, false}, "function word");
    for (const auto& v : kVerbs) {
        add(v.singular, WordInfo{WordClass::Verb, v.lemma, false}, "verb");
        // "have" and "like" etc. are distinct from their singular forms; "be" has two.
        add(v.plural, WordInfo{WordClass::Verb, v.lemma, true}, "verb");
    }
    for (const auto& w : names.people)
        add(w, WordInfo{WordClass::Person, w, false}, "person");
    for (const auto& w : names.towns)
        add(w, WordInfo{WordClass::Town, w, false}, "town");
    for (const auto& w : names.rivers)
        add(w, WordInfo{WordClass::River, w, false}, "river");
    for (const auto& w : names.creatures) {
        add(w, WordInfo{WordClass::Creature, w, false}, "creature");
        add(pluralOf(w), WordInfo{WordClass::Creature, w, true}, "creature plural");
    }
    for (const auto& w : names.jobs) {
        add(w, WordInfo{WordClass::Job, w, false}, "job");
        add(pluralOf(w), WordInfo{WordClass::Job, w, true}, "job plural");
    }
    for (const auto& w : names.colours)
        add(w, WordInfo{WordClass::Colour, w, false}, "colour");
    for (const auto& w : names.states)
        add(w, WordInfo{WordClass::State, w, false}, "state");
    for (const auto& w : names.comparatives)
        add(w, WordInfo{WordClass::Comparative, w, false}, "comparative");
}

void Lexicon::add(const std::string& word, WordInfo info, const char* what)
{
    const bool builtIn = info.wordClass == WordClass::Function || info.wordClass == WordClass::Verb;
    if (!isWellFormedName(word))
        throw InputError("the " + std::string(what) + " name \"" + word +
                         "\" must be 1 to 24 lowercase ASCII letters.");
    if (!builtIn && isReserved(word))
        throw InputError("the " + std::string(what) + " name \"" + word +
                         "\" is a reserved word of the grammar.");
    auto [it, inserted] = words_.emplace(word, info);
    if (!inserted)
        throw InputError("the word \"" + word + "\" is used twice (as a " + what_.at(word) + " and as a " +
                         what + ").");
    (void)it;
    what_.emplace(word, what);
}

const WordInfo* Lexicon::find(std::string_view word) const
{
    const auto it = words_.find(word);
    return it == words_.end() ? nullptr : &it->second;
}

std::vector<std::string> Lexicon::words() const
{
    std::vector<std::string> out;
    out.reserve(words_.size());
    for (const auto& [w, info] : words_)
        out.push_back(w);
    return out;
}

std::string Lexicon::pluralOf(const std::string& noun)
{
    if (endsWith(noun, "s") || endsWith(noun, "x") || endsWith(noun, "z") || endsWith(noun, "ch") ||
        endsWith(noun, "sh"))
        return noun + "es";
    return noun + "s";
}

std::string Lexicon::verbForm(const std::string& lemma, bool plural)
{
    for (const auto& v : kVerbs) {
        if (lemma == v.lemma)
            return plural ? v.plural : v.singular;
    }
    return lemma;
}

bool Lexicon::isReserved(std::string_view word)
{
    const auto& fw = functionWords();
    if (std::find(fw.begin(), fw.end(), word) != fw.end())
        return true;
    for (const auto& v : kVerbs) {
        if (word == v.singular || word == v.plural || word == v.lemma)
            return true;
    }
    return false;
}

bool Lexicon::isWellFormedName(std::string_view word)
{
    if (word.empty() || word.size() > 24)
        return false;
    return std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

} // namespace hialign::world

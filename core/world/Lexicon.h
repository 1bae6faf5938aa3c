// The closed vocabulary of a world: every word the grammar knows, with its
// class, lemma and number. Names come from the world; function words and
// verbs are fixed.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hialign::world {

enum class WordClass {
    Person,        // mira
    Town,          // tolvan
    River,         // selna (always after "the")
    Creature,      // glim / glims (also the pets)
    Job,           // baker / bakers
    Colour,        // blue
    State,         // happy (adjectives used in reasoning chains and scenes)
    Comparative,   // taller
    Verb,          // lives / live, is / are, has / have, likes / like, runs / run
    Function       // the, a, and, or, not, in, through, than, so, if, then
};

struct WordInfo {
    WordClass wordClass = WordClass::Function;
    std::string lemma;     // singular noun, verb lemma ("live", "be", ...), or the word itself
    bool plural = false;   // plural noun, or the plural verb form
};

// The world-specific word lists a lexicon is built from.
struct NameLists {
    std::vector<std::string> people, towns, rivers, creatures, jobs, colours, states, comparatives;
};

class Lexicon {
public:
    Lexicon() = default;
    // Throws InputError when a word is not lowercase ASCII letters, is a
    // reserved word, or is used twice (a plural counts as a word).
    explicit Lexicon(const NameLists& names);

    // nullptr when the word is not part of this world.
    const WordInfo* find(std::string_view word) const;
    bool contains(std::string_view word) const { return find(word) != nullptr; }
    // Every word, sorted.
    std::vector<std::string> words() const;

    // English plural of a creature or job noun: +s, +es after s/x/z/ch/sh.
    static std::string pluralOf(const std::string& noun);
    // "live" -> "lives" / "live"; "be" -> "is" / "are"; "have" -> "has" / "have".
    static std::string verbForm(const std::string& lemma, bool plural);
    // Function words and verb forms: a world name may not be one of them.
    static bool isReserved(std::string_view word);
    // Lowercase ASCII letters only, 1..24 characters.
    static bool isWellFormedName(std::string_view word);

private:
    void add(const std::string& word, WordInfo info, const char* what);

    std::map<std::string, WordInfo, std::less<>> words_;
    std::map<std::string, std::string, std::less<>> what_;   // word -> "town", for messages
};

} // namespace hialign::world

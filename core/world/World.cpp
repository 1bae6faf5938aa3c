#include "world/World.h"

#include <algorithm>
#include <set>
#include <sstream>
#include <unordered_map>

#include "util/Error.h"
#include "world/Rng.h"

namespace hialign::world {

namespace {

constexpr const char* kFormat = "hialign-world";
constexpr int kVersion = 1;

const std::vector<std::string>& jobPool()
{
    // Consonant-initial, so "a" is always the right article.
    static const std::vector<std::string> pool{"baker",   "cook",    "farmer", "potter", "tailor", "weaver",
                                               "miner",   "singer",  "painter", "hunter", "fisher", "builder",
                                               "teacher", "doctor",  "sailor",  "smith"};
    return pool;
}

const std::vector<std::string>& colourPool()
{
    static const std::vector<std::string> pool{"red",   "blue",  "green", "yellow", "white",  "black",
                                               "brown", "grey",  "pink",  "purple", "gold",   "silver"};
    return pool;
}

const std::vector<std::string>& defaultStates()
{
    static const std::vector<std::string> states{"happy", "sad", "tired", "hungry", "calm", "busy"};
    return states;
}

const std::vector<std::string>& defaultComparatives()
{
    static const std::vector<std::string> comparatives{"taller", "older", "faster"};
    return comparatives;
}

// Pronounceable invented names, built from syllables.
class NameMaker {
public:
    NameMaker(Rng& rng, std::set<std::string>& used)
        : rng_(rng)
        , used_(used)
    {
    }

    std::string person() { return unique([this] { return makePerson(); }); }
    std::string town() { return unique([this] { return makeTown(); }); }
    std::string river() { return unique([this] { return makeRiver(); }); }
    // Creatures differ in their first three letters (no "swex" beside "swez").
    std::string creature()
    {
        for (;;) {
            std::string name = unique([this] { return makeCreature(); });
            if (creaturePrefixes_.insert(name.substr(0, 3)).second)
                return name;
        }
    }

private:
    template <typename Make>
    std::string unique(Make make)
    {
        for (;;) {
            std::string name = make();
            if (Lexicon::isReserved(name) || used_.count(name) != 0 || isEnglish(name))
                continue;
            const std::string plural = Lexicon::pluralOf(name);
            if (used_.count(plural) != 0)
                continue;
            used_.insert(name);
            return name;
        }
    }

    // English words the syllable patterns can make: an invented world should not use them.
    static bool isEnglish(const std::string& name)
    {
        static const std::set<std::string> words{
            "flax",  "flex",  "flux",  "trek",  "flak",  "soda",  "papa",  "data",  "tuna",  "sofa",  "lava",
            "coma",  "polo",  "demo",  "memo",  "menu",  "mini",  "kilo",  "solo",  "silo",  "tofu",  "guru",
            "garden", "pardon", "lesson", "tendon", "robin", "salon", "talon", "lemon", "melon", "panel", "model",
            "metal", "total", "pedal", "medal", "rival", "vital", "petal", "level", "novel", "motor", "tutor",
            "rumor", "tumor", "sonar", "lunar", "polar", "molar", "solar", "radar", "sugar", "tenor", "manor",
            "minor", "donor", "valor", "vapor", "lemur", "venom", "sarong", "mural", "basin", "linen", "bison"};
        return words.count(name) != 0;
    }

    const char* of(const std::vector<const char*>& items) { return items[rng_.index(items.size())]; }

    std::string onset() { return of({"b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z"}); }
    std::string vowel() { return of({"a", "e", "i", "o", "u"}); }

    // Each part is appended in its own statement: the operands of + are
    // evaluated in an unspecified order, and the names must not depend on it.
    std::string makePerson()
    {
        std::string name;
        if (rng_.chance(0.15)) {   // ana, eli, oren
            name += vowel();
            name += onset();
            name += vowel();
            if (rng_.chance(0.3))
                name += of({"n", "l", "r"});
            return name;
        }
        name += onset();   // mira, tolu, tobel (no final silent-e look: "bale", "note")
        name += vowel();
        name += onset();
        if (rng_.chance(0.35)) {
            name += vowel();
            name += of({"n", "l", "r"});
        } else {
            name += of({"a", "i", "o", "u"});
        }
        return name;
    }

    std::string makeTown()
    {
        std::string name;   // tolvan, marden
        name += onset();
        name += vowel();
        name += of({"l", "r", "n", "m", "s"});
        name += onset();
        name += vowel();
        name += of({"n", "r", "l", "d", "k"});
        return name;
    }

    std::string makeRiver()
    {
        std::string name;   // selna, morla
        name += onset();
        name += vowel();
        name += of({"l", "r", "n", "m", "s"});
        name += of({"n", "l", "d", "v", "t"});
        name += "a";
        return name;
    }

    std::string makeCreature()
    {
        // glik, brov, snux: codas that few English words end in
        std::string name = of({"bl", "br", "dr", "fl", "fr", "gl", "gr", "kl", "kr", "pl", "pr", "sl", "sn", "sp",
                               "st", "tr", "sk", "sw"});
        name += vowel();
        name += of({"k", "v", "x", "z"});
        return name;
    }

    Rng& rng_;
    std::set<std::string>& used_;
    std::set<std::string> creaturePrefixes_;
};

void requireRange(const char* field, int value, int lo, int hi)
{
    if (value < lo || value > hi) {
        std::ostringstream s;
        s << "the world option \"" << field << "\" is " << value << "; it must lie in [" << lo << ", " << hi << "].";
        throw InputError(s.str());
    }
}

void requireRate(const char* field, double value)
{
    if (!(value >= 0.0 && value <= 1.0)) {
        std::ostringstream s;
        s << "the error rate \"" << field << "\" is " << value << "; it must lie in [0, 1].";
        throw InputError(s.str());
    }
}

std::vector<std::string> pickFromPool(const std::vector<std::string>& pool, int count, Rng& rng)
{
    std::vector<std::string> shuffled = pool;
    rng.shuffle(shuffled);
    shuffled.resize(static_cast<std::size_t>(count));
    return shuffled;
}

// JSON reading helpers: each error names the field.
const nlohmann::json& member(const nlohmann::json& object, const std::string& key, const std::string& where)
{
    const auto it = object.find(key);
    if (it == object.end())
        throw InputError("world JSON: " + where + " has no field \"" + key + "\".");
    return *it;
}

std::string stringField(const nlohmann::json& object, const std::string& key, const std::string& where)
{
    const auto& v = member(object, key, where);
    if (!v.is_string())
        throw InputError("world JSON: field \"" + key + "\" of " + where + " must be a string.");
    return v.get<std::string>();
}

std::vector<std::string> stringList(const nlohmann::json& json, const std::string& key, std::size_t minimum,
                                    const std::vector<std::string>* fallback)
{
    const auto it = json.find(key);
    if (it == json.end()) {
        if (fallback != nullptr)
            return *fallback;
        throw InputError("world JSON: the field \"" + key + "\" is missing.");
    }
    if (!it->is_array())
        throw InputError("world JSON: the field \"" + key + "\" must be an array of strings.");
    std::vector<std::string> out;
    for (const auto& item : *it) {
        if (!item.is_string())
            throw InputError("world JSON: the field \"" + key + "\" must be an array of strings.");
        out.push_back(item.get<std::string>());
    }
    if (out.size() < minimum) {
        std::ostringstream s;
        s << "world JSON: the field \"" << key << "\" lists " << out.size() << " names; at least " << minimum
          << " are needed.";
        throw InputError(s.str());
    }
    return out;
}

bool contains(const std::vector<std::string>& list, const std::string& item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

} // namespace

struct World::Data {
    std::uint64_t seed = 0;
    std::vector<Person> people;
    std::vector<std::string> towns;
    std::vector<River> rivers;
    std::vector<std::string> creatures, jobs, colours, states, comparatives;
    ErrorRates rates;
    Lexicon lexicon;
    std::unordered_map<std::string, std::size_t> personIndex, riverIndex;

    void finish()
    {
        NameLists names;
        for (const auto& p : people)
            names.people.push_back(p.name);
        names.towns = towns;
        for (const auto& r : rivers)
            names.rivers.push_back(r.name);
        names.creatures = creatures;
        names.jobs = jobs;
        names.colours = colours;
        names.states = states;
        names.comparatives = comparatives;
        lexicon = Lexicon(names);
        for (std::size_t i = 0; i < people.size(); ++i)
            personIndex.emplace(people[i].name, i);
        for (std::size_t i = 0; i < rivers.size(); ++i)
            riverIndex.emplace(rivers[i].name, i);
    }
};

World::World()
    : d_(std::make_shared<const Data>())
{
}

World::World(std::shared_ptr<const Data> data)
    : d_(std::move(data))
{
}

World World::generate(const WorldOptions& o)
{
    requireRange("people", o.people, 4, 60);
    requireRange("towns", o.towns, 3, 40);
    requireRange("rivers", o.rivers, 1, 20);
    requireRange("creatures", o.creatures, 2, 20);
    requireRange("jobs", o.jobs, 2, static_cast<int>(jobPool().size()));
    requireRange("colours", o.colours, 2, static_cast<int>(colourPool().size()));
    requireRate("errorRates.grammar", o.errorRates.grammar);
    requireRate("errorRates.logic", o.errorRates.logic);
    requireRate("errorRates.facts", o.errorRates.facts);

    auto d = std::make_shared<Data>();
    d->seed = o.seed;
    d->rates = o.errorRates;
    Rng rng = Rng::forStream(o.seed, "world");

    d->jobs = pickFromPool(jobPool(), o.jobs, rng);
    d->colours = pickFromPool(colourPool(), o.colours, rng);
    d->states = defaultStates();
    d->comparatives = defaultComparatives();

    // Invented names must not collide with any pool word (chosen or not) or plural.
    std::set<std::string> used;
    for (const auto* pool : {&jobPool(), &colourPool(), &defaultStates(), &defaultComparatives()}) {
        for (const auto& w : *pool) {
            used.insert(w);
            used.insert(Lexicon::pluralOf(w));
        }
    }
    NameMaker names(rng, used);
    std::vector<std::string> people;
    for (int i = 0; i < o.people; ++i)
        people.push_back(names.person());
    for (int i = 0; i < o.towns; ++i)
        d->towns.push_back(names.town());
    std::vector<std::string> rivers;
    for (int i = 0; i < o.rivers; ++i)
        rivers.push_back(names.river());
    for (int i = 0; i < o.creatures; ++i) {
        d->creatures.push_back(names.creature());
        used.insert(Lexicon::pluralOf(d->creatures.back()));
    }

    for (const auto& name : people) {
        Person p;
        p.name = name;
        p.town = rng.pick(d->towns);
        p.job = rng.pick(d->jobs);
        p.pet = rng.pick(d->creatures);
        p.colour = rng.pick(d->colours);
        d->people.push_back(std::move(p));
    }
    for (const auto& name : rivers) {
        River r;
        r.name = name;
        r.towns.push_back(rng.pick(d->towns));
        if (rng.chance(0.5)) {
            std::string second;
            do {
                second = rng.pick(d->towns);
            } while (second == r.towns.front());
            r.towns.push_back(second);
        }
        d->rivers.push_back(std::move(r));
    }
    d->finish();
    return World(std::move(d));
}

nlohmann::json World::toJson() const
{
    nlohmann::json j;
    j["format"] = kFormat;
    j["version"] = kVersion;
    j["seed"] = d_->seed;
    nlohmann::json people = nlohmann::json::array();
    for (const auto& p : d_->people)
        people.push_back({{"name", p.name}, {"town", p.town}, {"job", p.job}, {"pet", p.pet}, {"colour", p.colour}});
    j["people"] = people;
    j["towns"] = d_->towns;
    nlohmann::json rivers = nlohmann::json::array();
    for (const auto& r : d_->rivers)
        rivers.push_back({{"name", r.name}, {"towns", r.towns}});
    j["rivers"] = rivers;
    j["creatures"] = d_->creatures;
    j["jobs"] = d_->jobs;
    j["colours"] = d_->colours;
    j["states"] = d_->states;
    j["comparatives"] = d_->comparatives;
    j["errorRates"] = {{"grammar", d_->rates.grammar}, {"logic", d_->rates.logic}, {"facts", d_->rates.facts}};
    return j;
}

namespace {

// The lists the people and rivers must draw their names from.
struct NameLists {
    const std::vector<std::string>& towns;
    const std::vector<std::string>& jobs;
    const std::vector<std::string>& creatures;
    const std::vector<std::string>& colours;
};

// "people": at least 3, each naming a town, job, pet and colour from the lists.
std::vector<Person> readPeople(const nlohmann::json& j, const NameLists& lists)
{
    const auto& people = member(j, "people", "the world");
    if (!people.is_array() || people.size() < 3)
        throw InputError("world JSON: the field \"people\" must be an array of at least 3 people.");
    std::vector<Person> out;
    for (std::size_t i = 0; i < people.size(); ++i) {
        const std::string where = "people[" + std::to_string(i) + "]";
        if (!people[i].is_object())
            throw InputError("world JSON: " + where + " must be an object.");
        Person p;
        p.name = stringField(people[i], "name", where);
        p.town = stringField(people[i], "town", where);
        p.job = stringField(people[i], "job", where);
        p.pet = stringField(people[i], "pet", where);
        p.colour = stringField(people[i], "colour", where);
        if (!contains(lists.towns, p.town))
            throw InputError("world JSON: " + where + " lives in \"" + p.town + "\", which is not in \"towns\".");
        if (!contains(lists.jobs, p.job))
            throw InputError("world JSON: " + where + " has the job \"" + p.job + "\", which is not in \"jobs\".");
        if (!contains(lists.creatures, p.pet))
            throw InputError("world JSON: " + where + " has the pet \"" + p.pet + "\", which is not in \"creatures\".");
        if (!contains(lists.colours, p.colour))
            throw InputError("world JSON: " + where + " likes \"" + p.colour + "\", which is not in \"colours\".");
        out.push_back(std::move(p));
    }
    return out;
}

// "rivers" (optional): each flows through one or two different towns from the list.
std::vector<River> readRivers(const nlohmann::json& j, const std::vector<std::string>& towns)
{
    std::vector<River> out;
    const auto it = j.find("rivers");
    if (it == j.end())
        return out;
    if (!it->is_array())
        throw InputError("world JSON: the field \"rivers\" must be an array.");
    for (std::size_t i = 0; i < it->size(); ++i) {
        const auto& r = (*it)[i];
        const std::string where = "rivers[" + std::to_string(i) + "]";
        if (!r.is_object())
            throw InputError("world JSON: " + where + " must be an object.");
        River river;
        river.name = stringField(r, "name", where);
        const auto& through = member(r, "towns", where);
        if (!through.is_array() || through.empty() || through.size() > 2)
            throw InputError("world JSON: field \"towns\" of " + where + " must list one or two towns.");
        for (const auto& t : through) {
            if (!t.is_string() || !contains(towns, t.get<std::string>()))
                throw InputError("world JSON: field \"towns\" of " + where + " names a town not in \"towns\".");
            river.towns.push_back(t.get<std::string>());
        }
        if (river.towns.size() == 2 && river.towns[0] == river.towns[1])
            throw InputError("world JSON: field \"towns\" of " + where + " names the same town twice.");
        out.push_back(std::move(river));
    }
    return out;
}

// "errorRates" (optional): grammar, logic and facts, each a rate in [0, 1].
void readErrorRates(const nlohmann::json& j, ErrorRates& rates)
{
    const auto it = j.find("errorRates");
    if (it == j.end())
        return;
    if (!it->is_object())
        throw InputError("world JSON: the field \"errorRates\" must be an object.");
    auto rate = [&](const char* key, double& out) {
        if (const auto r = it->find(key); r != it->end()) {
            if (!r->is_number())
                throw InputError(std::string("world JSON: errorRates.") + key + " must be a number.");
            out = r->get<double>();
            requireRate(key, out);
        }
    };
    rate("grammar", rates.grammar);
    rate("logic", rates.logic);
    rate("facts", rates.facts);
}

} // namespace

World World::fromJson(const nlohmann::json& j)
{
    if (!j.is_object())
        throw InputError("world JSON: the top level must be an object.");
    if (const auto it = j.find("format"); it != j.end() && *it != kFormat)
        throw InputError("world JSON: the field \"format\" must be \"hialign-world\".");
    if (const auto it = j.find("version"); it != j.end() && *it != kVersion)
        throw InputError("world JSON: the field \"version\" must be 1.");

    auto d = std::make_shared<Data>();
    if (const auto it = j.find("seed"); it != j.end()) {
        if (!it->is_number_unsigned())
            throw InputError("world JSON: the field \"seed\" must be a non-negative integer.");
        d->seed = it->get<std::uint64_t>();
    }
    d->towns = stringList(j, "towns", 3, nullptr);
    d->creatures = stringList(j, "creatures", 2, nullptr);
    d->jobs = stringList(j, "jobs", 2, nullptr);
    d->colours = stringList(j, "colours", 2, nullptr);
    d->states = stringList(j, "states", 2, &defaultStates());
    d->comparatives = stringList(j, "comparatives", 1, &defaultComparatives());
    d->people = readPeople(j, {d->towns, d->jobs, d->creatures, d->colours});
    d->rivers = readRivers(j, d->towns);
    readErrorRates(j, d->rates);
    d->finish();   // validates the names: well-formed, unique, not reserved
    return World(std::move(d));
}

std::uint64_t World::seed() const { return d_->seed; }
const std::vector<Person>& World::people() const { return d_->people; }
const std::vector<std::string>& World::towns() const { return d_->towns; }
const std::vector<River>& World::rivers() const { return d_->rivers; }
const std::vector<std::string>& World::creatures() const { return d_->creatures; }
const std::vector<std::string>& World::jobs() const { return d_->jobs; }
const std::vector<std::string>& World::colours() const { return d_->colours; }
const std::vector<std::string>& World::states() const { return d_->states; }
const std::vector<std::string>& World::comparatives() const { return d_->comparatives; }
const ErrorRates& World::errorRates() const { return d_->rates; }
const Lexicon& World::lexicon() const { return d_->lexicon; }

World World::withErrorRates(const ErrorRates& rates) const
{
    requireRate("grammar", rates.grammar);
    requireRate("logic", rates.logic);
    requireRate("facts", rates.facts);
    auto d = std::make_shared<Data>(*d_);
    d->rates = rates;
    return World(std::move(d));
}

const Person* World::findPerson(const std::string& name) const
{
    const auto it = d_->personIndex.find(name);
    return it == d_->personIndex.end() ? nullptr : &d_->people[it->second];
}

const River* World::findRiver(const std::string& name) const
{
    const auto it = d_->riverIndex.find(name);
    return it == d_->riverIndex.end() ? nullptr : &d_->rivers[it->second];
}

std::vector<std::string> World::vocabulary() const
{
    return d_->lexicon.words();
}

} // namespace hialign::world

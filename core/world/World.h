// The demo lab's synthetic world (docs/ARCHITECTURE.md; the lab folder in lab/DemoLab.h): invented people, towns,
// rivers and creatures with a knowledge base of facts, generated from a seed.
// A World is an immutable value; copies share their data.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "world/Lexicon.h"

namespace hialign::world {

// Share of each error kind the pretraining corpus injects.
struct ErrorRates {
    double grammar = 0.08;   // sentences with one agreement or word-order error
    double logic = 0.08;     // reasoning chains with a wrong conclusion
    double facts = 0.08;     // fact sentences with a wrong object
};

struct WorldOptions {
    std::uint64_t seed = 1;
    int people = 24;      // 4..60
    int towns = 10;       // 3..40
    int rivers = 6;       // 1..20
    int creatures = 8;    // 2..20
    int jobs = 8;         // 2..16 (drawn from a fixed list of English jobs)
    int colours = 6;      // 2..12 (drawn from a fixed list of colours)
    ErrorRates errorRates; // each in [0, 1]
};

// One person's facts in the knowledge base.
struct Person {
    std::string name;
    std::string town;     // lives in
    std::string job;      // is a
    std::string pet;      // has a (a creature)
    std::string colour;   // likes
};

struct River {
    std::string name;
    std::vector<std::string> towns;   // runs through (one or two towns)
};

class World {
public:
    // An empty world (no names); use generate() or fromJson().
    World();

    // Throws InputError when an option is out of range.
    static World generate(const WorldOptions& options);

    // {"format":"hialign-world","version":1,"seed":..,"people":[{"name","town","job","pet","colour"}],
    //  "towns":[..],"rivers":[{"name","towns":[..]}],"creatures":[..],"jobs":[..],"colours":[..],
    //  "states":[..],"comparatives":[..],"errorRates":{"grammar","logic","facts"}}
    nlohmann::json toJson() const;
    // Accepts what toJson writes; "format", "version", "seed", "states",
    // "comparatives" and "errorRates" may be left out (defaults). Throws
    // InputError naming the field that is wrong.
    static World fromJson(const nlohmann::json& json);

    std::uint64_t seed() const;
    const std::vector<Person>& people() const;
    const std::vector<std::string>& towns() const;
    const std::vector<River>& rivers() const;
    const std::vector<std::string>& creatures() const;      // singular forms
    const std::vector<std::string>& jobs() const;           // singular forms
    const std::vector<std::string>& colours() const;
    const std::vector<std::string>& states() const;         // happy, sad, ...
    const std::vector<std::string>& comparatives() const;   // taller, older, faster
    const ErrorRates& errorRates() const;
    // The same world with other corpus error rates.
    World withErrorRates(const ErrorRates& rates) const;

    const Lexicon& lexicon() const;
    // nullptr when there is no such person / river.
    const Person* findPerson(const std::string& name) const;
    const River* findRiver(const std::string& name) const;
    // Every word the grammar accepts in this world, sorted.
    std::vector<std::string> vocabulary() const;

private:
    struct Data;
    explicit World(std::shared_ptr<const Data> data);
    std::shared_ptr<const Data> d_;
};

} // namespace hialign::world

// The pretraining corpus: short documents (3 to 8 sentences) mixing fact
// sentences, reasoning chains and scene sentences, with a controlled share of
// each error kind (World::errorRates()):
//  - grammar: each sentence, with probability `grammar`, gets one agreement
//    error (two in three) or one word-order error;
//  - logic: each chain, with probability `logic`, ends in a wrong conclusion;
//  - facts: each fact sentence, with probability `facts`, names a wrong object.
// Sentences end with "." and are separated by one space; documents hold no
// newline (a corpus file has one document per line).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "world/ChainGenerator.h"
#include "world/World.h"

namespace hialign::world {

enum class SegmentKind { Fact, Chain, Scene };

struct Segment {
    SegmentKind kind = SegmentKind::Scene;
    ChainKind chainKind = ChainKind::Transitive;   // Chain only
    std::vector<std::string> sentences;            // as written, each with its period; a chain's last is "so ..."
    std::vector<bool> grammarErrors;               // per sentence: an injected grammar error
    bool injectedError = false;                    // Fact: a wrong object; Chain: a wrong conclusion
};

struct Document {
    std::vector<Segment> segments;

    // The sentences joined by single spaces.
    std::string text() const;
    std::size_t sentenceCount() const;
};

// Document i depends only on (world, seed, i): a longer corpus extends a
// shorter one. Throws InputError for an empty world.
std::vector<Document> generateDocuments(const World& world, std::size_t documents, std::uint64_t seed);
std::vector<std::string> generateCorpus(const World& world, std::size_t documents, std::uint64_t seed);

// One document per line, each line ending in "\n"; written to a temporary
// file and renamed. Throws Error when the file cannot be written.
void writeCorpus(const std::filesystem::path& file, const std::vector<std::string>& documents);

} // namespace hialign::world

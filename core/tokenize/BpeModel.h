// The BPE model of a tokenizer.json ("model": {"type": "BPE", ...}): the
// vocabulary, the merge ranks, and the merging of one pre-tokenized word.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace hialign::tok {

class BpeModel {
public:
    BpeModel() = default;

    // `spec` is tokenizer.json's "model" object. Throws UnsupportedFormat
    // when model.type is not BPE, InputError naming `file` and the field for
    // a missing or malformed vocab/merges, or a merge whose parts or result
    // are not in the vocabulary (as HF does).
    static BpeModel fromJson(const nlohmann::json& spec, const std::filesystem::path& file);

    BpeModel(BpeModel&& other) noexcept;
    BpeModel& operator=(BpeModel&& other) noexcept;

    // Appends the ids of one byte-level-mapped word. With ignore_merges a word
    // that is itself in the vocabulary is one id. Characters missing from the
    // vocabulary become the unk token, or are dropped when there is none (as
    // HF does). Thread-safe; results of short words are cached.
    void encodeWord(std::string_view word, std::vector<std::int32_t>& out) const;

    std::optional<std::int32_t> tokenToId(std::string_view token) const;
    // Every (token, id) of the vocabulary.
    const std::unordered_map<std::string, std::int32_t>& vocab() const { return vocab_; }

private:
    // Applies the merges to `word` from scratch (no cache).
    void merge(std::string_view word, std::vector<std::int32_t>& out) const;

    static std::uint64_t pairKey(std::int32_t a, std::int32_t b)
    {
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) |
               static_cast<std::uint32_t>(b);
    }

    std::unordered_map<std::string, std::int32_t> vocab_;
    // (left id, right id) -> (rank, merged id); lower rank merges first.
    std::unordered_map<std::uint64_t, std::pair<std::int32_t, std::int32_t>> merges_;
    std::optional<std::int32_t> unk_;
    bool ignoreMerges_ = false;

    // Word -> ids cache (words up to kMaxCachedWord bytes, at most
    // kCacheCapacity entries; cleared when full).
    static constexpr std::size_t kMaxCachedWord = 256;
    static constexpr std::size_t kCacheCapacity = 10000;
    mutable std::mutex cacheMutex_;
    mutable std::unordered_map<std::string, std::vector<std::int32_t>> cache_;
};

} // namespace hialign::tok

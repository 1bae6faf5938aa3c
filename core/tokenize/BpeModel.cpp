#include "tokenize/BpeModel.h"

#include <nlohmann/json.hpp>

#include <queue>

#include "tokenize/JsonFile.h"
#include "tokenize/UnsupportedFormat.h"
#include "tokenize/Utf8.h"

namespace hialign::tok {

namespace fs = std::filesystem;

BpeModel::BpeModel(BpeModel&& other) noexcept
    : vocab_(std::move(other.vocab_)),
      merges_(std::move(other.merges_)),
      unk_(other.unk_),
      ignoreMerges_(other.ignoreMerges_)
{
}

BpeModel& BpeModel::operator=(BpeModel&& other) noexcept
{
    vocab_ = std::move(other.vocab_);
    merges_ = std::move(other.merges_);
    unk_ = other.unk_;
    ignoreMerges_ = other.ignoreMerges_;
    std::lock_guard<std::mutex> lock(cacheMutex_);
    cache_.clear();
    return *this;
}

BpeModel BpeModel::fromJson(const nlohmann::json& spec, const fs::path& file)
{
    if (!spec.is_object())
        json::fail(file, "model", "must be an object");
    // HF writes "type" for BPE; very old files omit it (BPE is implied then
    // only when merges are present).
    const std::string type = json::stringOr(spec, "type", spec.contains("merges") ? "BPE" : "",
                                            "model.type", file);
    if (type != "BPE")
        throw UnsupportedFormat(file.string() + ": field model.type is \"" + type +
                                "\" but only BPE tokenizers are supported from tokenizer.json.");

    for (const char* key : {"continuing_subword_prefix", "end_of_word_suffix"}) {
        if (!json::stringOr(spec, key, "", std::string("model.") + key, file).empty())
            throw UnsupportedFormat(file.string() + ": field model." + key +
                                    " is set, which byte-level BPE does not use.");
    }

    BpeModel m;
    m.ignoreMerges_ = json::boolOr(spec, "ignore_merges", false, "model.ignore_merges", file);

    const auto& vocab = json::require(spec, "vocab", "model.vocab", file);
    if (!vocab.is_object())
        json::fail(file, "model.vocab", "must be an object of token: id");
    m.vocab_.reserve(vocab.size());
    for (auto it = vocab.begin(); it != vocab.end(); ++it) {
        if (!it.value().is_number_integer() || it.value().get<std::int64_t>() < 0 ||
            it.value().get<std::int64_t>() > INT32_MAX)
            json::fail(file, "model.vocab[\"" + it.key() + "\"]", "must be a non-negative id");
        m.vocab_.emplace(it.key(), it.value().get<std::int32_t>());
    }

    if (const auto* unk = json::find(spec, "unk_token")) {
        if (!unk->is_string())
            json::fail(file, "model.unk_token", "must be a string");
        m.unk_ = m.tokenToId(unk->get<std::string>());
    }

    const auto& merges = json::require(spec, "merges", "model.merges", file);
    if (!merges.is_array())
        json::fail(file, "model.merges", "must be an array");
    m.merges_.reserve(merges.size());
    for (std::size_t rank = 0; rank < merges.size(); ++rank) {
        const auto& entry = merges[rank];
        const std::string field = "model.merges[" + std::to_string(rank) + "]";
        std::string a, b;
        if (entry.is_string()) {
            // Legacy form "a b": tokens never hold a plain space in byte-level BPE.
            const std::string& s = entry.get_ref<const std::string&>();
            const std::size_t space = s.find(' ');
            if (space == std::string::npos || s.find(' ', space + 1) != std::string::npos)
                json::fail(file, field, "must be two tokens separated by one space");
            a = s.substr(0, space);
            b = s.substr(space + 1);
        } else if (entry.is_array() && entry.size() == 2 && entry[0].is_string() &&
                   entry[1].is_string()) {
            a = entry[0].get<std::string>();
            b = entry[1].get<std::string>();
        } else {
            json::fail(file, field, "must be \"a b\" or [\"a\", \"b\"]");
        }
        const auto ia = m.tokenToId(a), ib = m.tokenToId(b), im = m.tokenToId(a + b);
        if (!ia || !ib || !im)
            json::fail(file, field, "merges tokens that are not in model.vocab");
        // Later duplicates win, as in HF (it collects the merges into a map).
        m.merges_[pairKey(*ia, *ib)] = {static_cast<std::int32_t>(rank), *im};
    }
    return m;
}

std::optional<std::int32_t> BpeModel::tokenToId(std::string_view token) const
{
    const auto it = vocab_.find(std::string(token));
    return it == vocab_.end() ? std::nullopt : std::optional<std::int32_t>(it->second);
}

void BpeModel::encodeWord(std::string_view word, std::vector<std::int32_t>& out) const
{
    if (word.empty())
        return;
    if (ignoreMerges_) {
        if (const auto id = tokenToId(word)) {
            out.push_back(*id);
            return;
        }
    }
    const bool cacheable = word.size() <= kMaxCachedWord;
    std::string key;
    if (cacheable) {
        key.assign(word);
        std::lock_guard<std::mutex> lock(cacheMutex_);
        if (const auto it = cache_.find(key); it != cache_.end()) {
            out.insert(out.end(), it->second.begin(), it->second.end());
            return;
        }
    }
    std::vector<std::int32_t> ids;
    merge(word, ids);
    out.insert(out.end(), ids.begin(), ids.end());
    if (cacheable) {
        std::lock_guard<std::mutex> lock(cacheMutex_);
        if (cache_.size() >= kCacheCapacity)
            cache_.clear();
        cache_.emplace(std::move(key), std::move(ids));
    }
}

void BpeModel::merge(std::string_view word, std::vector<std::int32_t>& out) const
{
    // Symbols form a doubly linked list over the word's characters; a merge
    // folds the right symbol into the left one (which keeps its index).
    // Candidate merges sit in a min-heap ordered by (rank, position), as in
    // HF's Word::merge_all; stale entries are recognised and skipped.
    struct Symbol {
        std::int32_t id;
        int prev;
        int next;
        bool alive;
    };
    std::vector<Symbol> symbols;
    symbols.reserve(word.size());
    for (std::size_t i = 0; i < word.size();) {
        std::size_t n = utf8::validSequenceLength(word, i);
        if (n == 0)
            n = 1;
        const auto id = tokenToId(word.substr(i, n));
        i += n;
        if (!id && !unk_)
            continue;   // HF drops characters it cannot represent
        const int index = static_cast<int>(symbols.size());
        symbols.push_back({id ? *id : *unk_, index - 1, index + 1, true});
    }
    if (symbols.empty())
        return;
    symbols.back().next = -1;

    struct Candidate {
        std::int32_t rank;
        int pos;
        std::int32_t merged;
        bool operator>(const Candidate& o) const
        {
            return rank != o.rank ? rank > o.rank : pos > o.pos;
        }
    };
    std::priority_queue<Candidate, std::vector<Candidate>, std::greater<Candidate>> heap;
    auto consider = [&](int left) {
        if (left < 0 || symbols[left].next < 0)
            return;
        const auto it = merges_.find(pairKey(symbols[left].id, symbols[symbols[left].next].id));
        if (it != merges_.end())
            heap.push({it->second.first, left, it->second.second});
    };
    for (int i = 0; i + 1 < static_cast<int>(symbols.size()); ++i)
        consider(i);

    while (!heap.empty()) {
        const Candidate top = heap.top();
        heap.pop();
        Symbol& left = symbols[top.pos];
        if (!left.alive || left.next < 0)
            continue;
        const auto it = merges_.find(pairKey(left.id, symbols[left.next].id));
        if (it == merges_.end() || it->second.second != top.merged)
            continue;   // stale: the pair at this position has changed
        Symbol& right = symbols[left.next];
        left.id = top.merged;
        left.next = right.next;
        right.alive = false;
        if (left.next >= 0)
            symbols[left.next].prev = top.pos;
        consider(left.prev);
        consider(top.pos);
    }
    for (int i = 0; i >= 0; i = symbols[i].next)
        out.push_back(symbols[i].id);
}

} // namespace hialign::tok

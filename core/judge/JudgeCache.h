// The rubric judges' cache: the judge model's reply to each request, keyed by
// the judge's identity and the full request text (which holds the prompt, the
// response and the dimension), kept as JSON Lines so that re-running a report
// costs nothing. Thread-safe. Plain C++.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace hialign::judge {

struct CachedReply {
    std::string text;
    std::map<std::string, double> ratingLogprobs;   // the alternatives at the rating's number, if any
};

class JudgeCache {
public:
    // An empty path keeps the cache in memory only. A missing file is an empty
    // cache; a damaged line (a run killed while appending) is skipped.
    explicit JudgeCache(std::filesystem::path file = {});

    // The cache a sweep folder or a judgments file's folder keeps: DIR/judge-cache.jsonl.
    static std::filesystem::path fileIn(const std::filesystem::path& dir) { return dir / "judge-cache.jsonl"; }
    static std::string key(const std::string& judgeId, const std::string& system, const std::string& user);

    std::optional<CachedReply> find(const std::string& key) const;
    // Remembers the reply and appends it to the file (one line, flushed).
    void store(const std::string& key, const CachedReply& reply);
    std::size_t size() const;

private:
    std::filesystem::path file_;
    mutable std::mutex mutex_;
    std::map<std::string, CachedReply> entries_;
};

} // namespace hialign::judge

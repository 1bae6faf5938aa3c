#include "judge/JudgeCache.h"

#include <cstdint>
#include <cstdio>
#include <fstream>

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "util/Error.h"
#include "util/Hash.h"

namespace hialign::judge {

JudgeCache::JudgeCache(std::filesystem::path file)
    : file_(std::move(file))
{
    if (file_.empty() || !std::filesystem::exists(file_)) return;
    std::ifstream in(file_);
    if (!in) throw Error("Cannot read the judge cache " + file_.string() + ".");
    std::string line;
    while (std::getline(in, line)) {
        const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("key") || !j["key"].is_string() ||
            !j.contains("reply") || !j["reply"].is_string())
            continue;
        CachedReply r;
        r.text = j["reply"].get<std::string>();
        if (j.contains("rating_logprobs") && j["rating_logprobs"].is_object())
            for (const auto& [token, lp] : j["rating_logprobs"].items())
                if (lp.is_number()) r.ratingLogprobs[token] = lp.get<double>();
        entries_[j["key"].get<std::string>()] = std::move(r);
    }
}

std::string JudgeCache::key(const std::string& judgeId, const std::string& system, const std::string& user)
{
    // 64-bit FNV-1a from two offset bases: a 128-bit key.
    const std::string all = judgeId + '\x1f' + system + '\x1f' + user;
    char buf[40];
    std::snprintf(buf, sizeof buf, "%016llx%016llx",
                  static_cast<unsigned long long>(util::fnv1a64(all, util::kFnv1a64Offset)),
                  static_cast<unsigned long long>(util::fnv1a64(all, 0x84222325cbf29ce4ULL)));
    return buf;
}

std::optional<CachedReply> JudgeCache::find(const std::string& key) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
}

void JudgeCache::store(const std::string& key, const CachedReply& reply)
{
    std::lock_guard<std::mutex> lock(mutex_);
    entries_[key] = reply;
    if (file_.empty()) return;
    nlohmann::json j = {{"key", key}, {"reply", reply.text}};
    if (!reply.ratingLogprobs.empty()) j["rating_logprobs"] = reply.ratingLogprobs;
    // One write() per line on an O_APPEND descriptor, so that the array tasks
    // of a Slurm sweep can share the file without interleaving their lines.
    const std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + '\n';
    const int fd = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) throw Error("Cannot append to the judge cache " + file_.string() + ".");
    const ssize_t written = ::write(fd, line.data(), line.size());
    ::close(fd);
    if (written != static_cast<ssize_t>(line.size()))
        throw Error("Cannot append to the judge cache " + file_.string() + ".");
}

std::size_t JudgeCache::size() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.size();
}

} // namespace hialign::judge

#include "config/HubCache.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>
#include <pwd.h>
#include <unistd.h>

#include "config/ModelConfig.h"
#include "util/Error.h"

namespace hialign::io {

namespace fs = std::filesystem;

namespace {

constexpr const char* kRepoPrefix = "models--";

std::string env(const char* name)
{
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

bool isNamePart(const std::string& s)
{
    if (s.empty() || s.front() == '.' || s.front() == '-')
        return false;
    return std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '_' || c == '.';
    });
}

bool isRevision(const std::string& s)
{
    if (s.empty() || s.front() == '/' || s.back() == '/' || s.find("..") != std::string::npos)
        return false;
    return std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/';
    });
}

fs::path repoDirOf(const std::string& id)
{
    const auto slash = id.find('/');
    return hubCacheDir() / (kRepoPrefix + id.substr(0, slash) + "--" + id.substr(slash + 1));
}

// ORG/NAME of a repository folder named models--ORG--NAME; empty for any other name.
std::optional<std::string> idOfRepoFolder(const std::string& folderName)
{
    const std::string prefix = kRepoPrefix;
    if (folderName.rfind(prefix, 0) != 0)
        return std::nullopt;
    const std::string rest = folderName.substr(prefix.size());
    const auto sep = rest.find("--");
    if (sep == std::string::npos)
        return std::nullopt;
    return rest.substr(0, sep) + "/" + rest.substr(sep + 2);
}

std::string readRef(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    std::string commit;
    std::getline(in, commit);
    while (!commit.empty() && (commit.back() == '\r' || commit.back() == ' ' || commit.back() == '\n'))
        commit.pop_back();
    return commit;
}

// The repository's snapshots (commit folders) and refs, for a refusal's sentence.
std::string whatIsCached(const fs::path& repo)
{
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(repo / "refs", ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec))
            names.push_back(fs::relative(it->path(), repo / "refs", ec).string());
    for (fs::directory_iterator it(repo / "snapshots", ec), end; !ec && it != end; it.increment(ec))
        names.push_back(it->path().filename().string());
    std::sort(names.begin(), names.end());
    std::string out;
    for (const std::string& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out.empty() ? "nothing" : out;
}

bool hasSnapshots(const fs::path& repo)
{
    std::error_code ec;
    fs::directory_iterator it(repo / "snapshots", ec);
    return !ec && it != fs::directory_iterator();
}

// The snapshot's weights are all there: the shards its index lists, or at
// least one *.safetensors file (links into blobs/ that resolve).
std::optional<std::string> missingWeights(const fs::path& snapshot)
{
    std::error_code ec;
    const fs::path index = snapshot / "model.safetensors.index.json";
    if (fs::exists(index, ec)) {
        std::ifstream in(index, std::ios::binary);
        const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
        if (j.is_discarded() || !j.contains("weight_map") || !j["weight_map"].is_object())
            return std::string("its model.safetensors.index.json is not a weight index");
        std::set<std::string> shards;
        for (const auto& [name, shard] : j["weight_map"].items())
            if (shard.is_string())
                shards.insert(shard.get<std::string>());
        for (const std::string& shard : shards)
            if (!fs::is_regular_file(snapshot / shard, ec))
                return "it lacks " + shard + ", which its model.safetensors.index.json lists";
        return std::nullopt;
    }
    for (fs::directory_iterator it(snapshot, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".safetensors" && fs::is_regular_file(it->path(), ec))
            return std::nullopt;
    return std::string("it holds no weights (no *.safetensors file whose blob is there)");
}

std::string commitOf(const fs::path& repo, const HubModelRef& ref)
{
    std::error_code ec;
    if (fs::is_regular_file(repo / "refs" / ref.revision, ec))
        return readRef(repo / "refs" / ref.revision);
    if (fs::is_directory(repo / "snapshots" / ref.revision, ec))
        return ref.revision;   // a commit hash given directly
    throw InputError("revision " + ref.revision + " of " + ref.id + " is not in the Hugging Face cache (" +
                     repo.string() + " holds " + whatIsCached(repo) + "); nothing is downloaded.");
}

} // namespace

fs::path hubCacheDir()
{
    if (const std::string hub = env("HF_HUB_CACHE"); !hub.empty())
        return hub;
    if (const std::string home = env("HF_HOME"); !home.empty())
        return fs::path(home) / "hub";
    std::string home = env("HOME");
    if (home.empty())
        if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir)
            home = pw->pw_dir;
    return fs::path(home) / ".cache" / "huggingface" / "hub";
}

std::optional<HubModelRef> parseHubId(const std::string& spec)
{
    HubModelRef ref;
    std::string id = spec;
    if (const auto at = spec.find('@'); at != std::string::npos) {
        id = spec.substr(0, at);
        ref.revision = spec.substr(at + 1);
        if (!isRevision(ref.revision))
            return std::nullopt;
    }
    const auto slash = id.find('/');
    if (slash == std::string::npos || !isNamePart(id.substr(0, slash)) || !isNamePart(id.substr(slash + 1)))
        return std::nullopt;
    ref.id = id;
    return ref;
}

CachedModel resolveCachedModel(const HubModelRef& ref)
{
    const fs::path repo = repoDirOf(ref.id);
    std::error_code ec;
    if (!fs::is_directory(repo, ec))
        throw InputError(ref.id + " is neither a folder nor a model in the Hugging Face cache (searched " +
                         repo.string() + "); nothing is downloaded: fetch it first, e.g. with "
                         "'huggingface-cli download " + ref.id + "'.");
    if (!hasSnapshots(repo))
        throw InputError("the Hugging Face cache holds no files of " + ref.id + " (" + repo.string() +
                         " has no snapshot): its download did not complete; a gated model downloads only "
                         "after its access is approved on the Hub.");
    CachedModel m{ref.id, ref.revision, commitOf(repo, ref), {}};
    m.snapshot = repo / "snapshots" / m.commit;
    const std::string what = "the cached snapshot " + m.snapshot.string() + " of " + ref.id;
    if (!fs::is_directory(m.snapshot, ec))
        throw InputError("revision " + ref.revision + " of " + ref.id + " names commit " + m.commit +
                         ", whose snapshot is not in the Hugging Face cache (" + m.snapshot.string() + ").");
    if (!isModelFolder(m.snapshot))
        throw InputError(what + " has no config.json: its download was interrupted; download it again.");
    if (const auto missing = missingWeights(m.snapshot))
        throw InputError(what + " is incomplete: " + *missing + "; its download was interrupted; download it again.");
    return m;
}

std::optional<CachedModel> cachedModelOfSnapshot(const fs::path& dir)
{
    fs::path snapshot = fs::absolute(dir).lexically_normal();
    if (snapshot.filename().empty())
        snapshot = snapshot.parent_path();
    const fs::path repo = snapshot.parent_path().parent_path();
    const auto id = idOfRepoFolder(repo.filename().string());
    if (snapshot.parent_path().filename() != "snapshots" || !id)
        return std::nullopt;
    CachedModel m;
    m.id = *id;
    m.commit = snapshot.filename().string();
    m.revision = m.commit;
    m.snapshot = snapshot;
    if (readRef(repo / "refs" / "main") == m.commit)
        m.revision = "main";
    return m;
}

ModelLocation locateModel(const std::string& spec)
{
    std::error_code ec;
    if (spec.empty() || fs::exists(spec, ec))
        return {spec, spec.empty() ? std::nullopt : cachedModelOfSnapshot(spec)};
    if (const auto ref = parseHubId(spec)) {
        CachedModel m = resolveCachedModel(*ref);
        return {m.snapshot, std::move(m)};
    }
    return {spec, std::nullopt};
}

std::string baseModelName(const fs::path& modelDir)
{
    if (const auto hub = cachedModelOfSnapshot(modelDir))
        return hub->id;
    return fs::absolute(modelDir).string();
}

std::vector<CachedModelEntry> listCachedModels()
{
    std::vector<CachedModelEntry> out;
    std::error_code ec;
    for (fs::directory_iterator it(hubCacheDir(), ec), end; !ec && it != end; it.increment(ec)) {
        const auto id = idOfRepoFolder(it->path().filename().string());
        if (!id || !hasSnapshots(it->path()))
            continue;
        HubModelRef ref{*id, "main"};
        if (!fs::is_regular_file(it->path() / "refs" / "main", ec)) {
            // No main ref: the newest snapshot stands for the model.
            fs::path newest;
            fs::file_time_type newestTime{};
            std::error_code sec, tec;
            for (fs::directory_iterator s(it->path() / "snapshots", sec), e; !sec && s != e; s.increment(sec))
                if (const auto t = fs::last_write_time(s->path(), tec); !tec && (newest.empty() || t > newestTime)) {
                    newest = s->path();
                    newestTime = t;
                }
            ref.revision = newest.filename().string();
        }
        try {
            CachedModelEntry entry{resolveCachedModel(ref), 0};
            std::error_code fec, sec;
            for (fs::recursive_directory_iterator f(entry.model.snapshot, fec), e; !fec && f != e; f.increment(fec))
                if (fs::is_regular_file(f->path(), sec))
                    if (const auto size = fs::file_size(f->path(), sec); !sec)
                        entry.bytes += size;
            out.push_back(std::move(entry));
        } catch (const InputError&) {
            // An incomplete or unusable snapshot is not offered.
        }
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.model.id < b.model.id; });
    return out;
}

} // namespace hialign::io

#include "judge/JudgeSpec.h"

#include <cstdlib>
#include <set>
#include <sstream>

#include "util/Error.h"

namespace hialign::judge {

namespace {

const std::map<std::string, std::set<std::string>>& knownKeys()
{
    static const std::map<std::string, std::set<std::string>> keys = {
        {"exact", {}},
        {"local", {"adapter", "batch", "max-new-tokens", "force-rating", "device", "top-logprobs"}},
        {"openai",
         {"model", "key-env", "seed", "timeout", "retries", "concurrency", "max-tokens", "logprobs", "backoff",
          "top-logprobs"}},
    };
    return keys;
}

std::string joined(const std::set<std::string>& keys)
{
    std::string out;
    for (const std::string& k : keys) out += (out.empty() ? "" : ", ") + k;
    return out;
}

} // namespace

std::string JudgeSpec::option(const std::string& key, const std::string& fallback) const
{
    const auto it = options.find(key);
    return it == options.end() ? fallback : it->second;
}

int JudgeSpec::intOption(const std::string& key, int fallback) const
{
    const auto it = options.find(key);
    if (it == options.end()) return fallback;
    char* end = nullptr;
    const long v = std::strtol(it->second.c_str(), &end, 10);
    if (it->second.empty() || *end != '\0' || v < -1000000000L || v > 1000000000L)
        throw InputError("The judge option " + key + "=" + it->second + " is not a whole number.");
    return static_cast<int>(v);
}

double JudgeSpec::doubleOption(const std::string& key, double fallback) const
{
    const auto it = options.find(key);
    if (it == options.end()) return fallback;
    char* end = nullptr;
    const double v = std::strtod(it->second.c_str(), &end);
    if (it->second.empty() || *end != '\0')
        throw InputError("The judge option " + key + "=" + it->second + " is not a number.");
    return v;
}

bool JudgeSpec::boolOption(const std::string& key, bool fallback) const
{
    const auto it = options.find(key);
    if (it == options.end()) return fallback;
    if (it->second == "1" || it->second == "true" || it->second == "yes" || it->second == "on") return true;
    if (it->second == "0" || it->second == "false" || it->second == "no" || it->second == "off") return false;
    throw InputError("The judge option " + key + "=" + it->second + " must be 1 or 0.");
}

JudgeSpec parseJudgeSpec(const std::string& text)
{
    JudgeSpec spec;
    const std::size_t colon = text.find(':');
    spec.kind = text.substr(0, colon);
    const auto known = knownKeys().find(spec.kind);
    if (known == knownKeys().end())
        throw InputError("Unknown judge \"" + text + "\"; use exact[:LAB_DIR], local:MODEL_DIR or openai:URL,model=NAME.");
    if (colon == std::string::npos) {
        if (spec.kind != "exact")
            throw InputError("The " + spec.kind + " judge needs " +
                             (spec.kind == "local" ? "a model folder: local:MODEL_DIR." : "a server URL: openai:URL,model=NAME."));
        return spec;
    }
    std::string rest = text.substr(colon + 1);
    // The target runs to the first comma that starts a key=value pair (URLs may hold commas rarely; folders may too).
    std::vector<std::string> parts;
    std::stringstream ss(rest);
    std::string part;
    while (std::getline(ss, part, ',')) parts.push_back(part);
    std::size_t first = 1;
    spec.target = parts.empty() ? std::string() : parts[0];
    // A comma inside the target: glue back parts that have no '='.
    while (first < parts.size() && parts[first].find('=') == std::string::npos) spec.target += "," + parts[first++];
    if (spec.target.empty()) throw InputError("The judge \"" + text + "\" names no " +
                                              (spec.kind == "openai" ? "server URL." : "folder."));
    for (std::size_t i = first; i < parts.size(); ++i) {
        const std::size_t eq = parts[i].find('=');
        if (eq == std::string::npos || eq == 0)
            throw InputError("The judge option \"" + parts[i] + "\" is not of the form key=value.");
        const std::string key = parts[i].substr(0, eq), value = parts[i].substr(eq + 1);
        if (key == "key" || key == "api-key" || key == "api_key")
            throw InputError("Do not put an API key in the judge spec; name the environment variable that holds "
                             "it with key-env=VAR.");
        if (!known->second.count(key))
            throw InputError("The " + spec.kind + " judge has no option \"" + key + "\"" +
                             (known->second.empty() ? std::string(".") : "; it knows " + joined(known->second) + "."));
        if (spec.options.count(key)) throw InputError("The judge option " + key + " is given twice.");
        spec.options[key] = value;
    }
    if (spec.kind == "exact" && !spec.options.empty())
        throw InputError("The exact judge takes no options.");
    if (spec.kind == "openai" && spec.option("model", "").empty())
        throw InputError("The openai judge needs a model name: openai:URL,model=NAME.");
    return spec;
}

HttpBackendOptions httpOptions(const JudgeSpec& spec)
{
    HttpBackendOptions o;
    o.baseUrl = spec.target;
    o.model = spec.option("model", "");
    o.keyEnv = spec.option("key-env", "");
    o.seed = static_cast<std::uint64_t>(spec.intOption("seed", 0));
    o.timeoutSeconds = spec.doubleOption("timeout", o.timeoutSeconds);
    o.retries = spec.intOption("retries", o.retries);
    o.concurrency = spec.intOption("concurrency", o.concurrency);
    o.maxTokens = spec.intOption("max-tokens", o.maxTokens);
    o.logprobs = spec.option("logprobs", o.logprobs);
    o.backoffSeconds = spec.doubleOption("backoff", o.backoffSeconds);
    o.topLogprobs = spec.intOption("top-logprobs", o.topLogprobs);
    o.validate();
    return o;
}

} // namespace hialign::judge

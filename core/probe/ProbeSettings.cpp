#include "probe/ProbeSettings.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "util/Error.h"

namespace hialign::probe {

namespace {

bool nameCharacter(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

} // namespace

DimensionSpec parseDimensionSpec(const std::string& text)
{
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw InputError("\"" + text + "\" is not NAME=FILE (a dimension name, '=', and its preference file)");
    DimensionSpec d{text.substr(0, eq), text.substr(eq + 1)};
    if (!std::all_of(d.name.begin(), d.name.end(), nameCharacter))
        throw InputError("dimension name \"" + d.name + "\" may hold only letters, digits, '_', '-' and '.'");
    return d;
}

const char* methodName(Method m)
{
    return m == Method::Ablate ? "ablate" : "gradient";
}

std::vector<Method> parseMethods(const std::string& list)
{
    std::vector<Method> out;
    std::string item;
    auto take = [&](std::string name) {
        name.erase(0, name.find_first_not_of(' '));
        name.erase(name.find_last_not_of(' ') + 1);
        if (name.empty())
            return;
        Method m;
        if (name == "ablate")
            m = Method::Ablate;
        else if (name == "gradient")
            m = Method::Gradient;
        else if (name == "lora")
            throw InputError("the probe method \"lora\" (single-layer alignment) is not available in this build; "
                             "use ablate and gradient");
        else
            throw InputError("unknown probe method \"" + name + "\" (methods: ablate, gradient)");
        if (std::find(out.begin(), out.end(), m) == out.end())
            out.push_back(m);
    };
    for (char c : list) {
        if (c == ',') {
            take(item);
            item.clear();
        } else {
            item += c;
        }
    }
    take(item);
    if (out.empty())
        throw InputError("the probe needs at least one method (ablate, gradient)");
    std::sort(out.begin(), out.end());
    return out;
}

bool ProbeSettings::runs(Method m) const
{
    return std::find(methods.begin(), methods.end(), m) != methods.end();
}

void ProbeSettings::validate() const
{
    if (modelDir.empty())
        throw InputError("the probe needs a model folder");
    if (dimensions.empty())
        throw InputError("the probe needs at least one dimension (NAME=FILE)");
    std::set<std::string> seen;
    for (const auto& d : dimensions) {
        if (d.name.empty() || d.file.empty())
            throw InputError("every probe dimension needs a name and a preference file");
        if (!seen.insert(d.name).second)
            throw InputError("dimension \"" + d.name + "\" is given twice; give each dimension once");
    }
    if (methods.empty())
        throw InputError("the probe needs at least one method (ablate, gradient)");
    if (maxPairs < 1)
        throw InputError("pairs per dimension must be at least 1, got " + std::to_string(maxPairs));
    if (batchSize < 1)
        throw InputError("the probe's batch size must be at least 1 pair, got " + std::to_string(batchSize));
    if (bootstrapResamples < 1)
        throw InputError("bootstrap resamples must be at least 1, got " + std::to_string(bootstrapResamples));
    if (!(beta > 0) || !std::isfinite(beta))
        throw InputError("the probe's beta must be positive");
    if (maxLength < 2 || maxPromptLength < 1 || maxPromptLength >= maxLength)
        throw InputError("the probe's max length must be at least 2 tokens and exceed the max prompt length");
}

nlohmann::json ProbeSettings::toJson() const
{
    nlohmann::json dims = nlohmann::json::array();
    for (const auto& d : dimensions)
        dims.push_back({{"name", d.name}, {"file", d.file}});
    nlohmann::json ms = nlohmann::json::array();
    for (auto m : methods)
        ms.push_back(methodName(m));
    return {{"model_dir", modelDir},         {"dimensions", dims},
            {"methods", ms},                 {"max_pairs", maxPairs},
            {"batch_size", batchSize},       {"bootstrap_resamples", bootstrapResamples},
            {"seed", seed},                  {"device", device},
            {"dtype", dtype},                {"beta", beta},
            {"max_length", maxLength},       {"max_prompt_length", maxPromptLength}};
}

} // namespace hialign::probe

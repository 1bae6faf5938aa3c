#include "tokenize/SpecialTokensConfig.h"

#include <algorithm>
#include <system_error>

#include <nlohmann/json.hpp>

#include "tokenize/JsonFile.h"

namespace hialign::tok {

namespace fs = std::filesystem;

namespace {

bool isFile(const fs::path& p)
{
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

void addEos(SpecialTokens& s, std::int32_t id)
{
    if (std::find(s.eos.begin(), s.eos.end(), id) == s.eos.end())
        s.eos.push_back(id);
}

// tokenizer_config.json's "<name>_token": a string, an AddedToken object
// ({"content": ...}) or null. Returns the id, nullopt when absent or unknown.
// `present` tells whether the key was given at all (null counts as given).
std::optional<std::int32_t> tokenField(const Tokenizer& tok, const nlohmann::json& config,
                                       const char* key, const fs::path& file, bool& present)
{
    present = config.contains(key);
    const nlohmann::json* v = json::find(config, key);
    if (!v)
        return std::nullopt;
    std::string text;
    if (v->is_string())
        text = v->get<std::string>();
    else if (v->is_object() && v->contains("content") && (*v)["content"].is_string())
        text = (*v)["content"].get<std::string>();
    else
        json::fail(file, key, "must be a string or an object with \"content\"");
    return tok.pieceToId(text);
}

// "<name>_token_id": an int, a list of ints, or null.
std::vector<std::int32_t> idField(const nlohmann::json& config, const char* key,
                                  const fs::path& file)
{
    std::vector<std::int32_t> ids;
    const nlohmann::json* v = json::find(config, key);
    if (!v)
        return ids;
    auto take = [&](const nlohmann::json& x) {
        if (!x.is_number_integer() || x.get<std::int64_t>() < 0 || x.get<std::int64_t>() > INT32_MAX)
            json::fail(file, key, "must be a non-negative token id or a list of them");
        ids.push_back(x.get<std::int32_t>());
    };
    if (v->is_array())
        for (const auto& x : *v)
            take(x);
    else
        take(*v);
    return ids;
}

} // namespace

SpecialTokens readSpecialTokens(const Tokenizer& tokenizer, const fs::path& dir,
                                SpecialTokens defaults, std::optional<std::int32_t> templateBos)
{
    SpecialTokens s = std::move(defaults);
    bool bosGiven = false, padGiven = false, addBosGiven = false;

    if (const fs::path file = dir / "tokenizer_config.json"; isFile(file)) {
        const nlohmann::json config = json::readFile(file);
        if (!config.is_object())
            throw InputError(file.string() + ": the top level must be a JSON object.");
        addBosGiven = json::find(config, "add_bos_token") != nullptr;
        s.addBos = json::boolOr(config, "add_bos_token", s.addBos, "add_bos_token", file);
        s.addEos = json::boolOr(config, "add_eos_token", s.addEos, "add_eos_token", file);

        bool present = false;
        const auto bos = tokenField(tokenizer, config, "bos_token", file, present);
        if (bos || (present && config["bos_token"].is_null())) {
            s.bos = bos;   // "bos_token": null declares that there is no BOS (Qwen)
            bosGiven = true;
        }
        if (const auto eos = tokenField(tokenizer, config, "eos_token", file, present); eos)
            s.eos = {*eos};
        const auto pad = tokenField(tokenizer, config, "pad_token", file, present);
        if (pad || (present && config["pad_token"].is_null())) {
            s.pad = pad;
            padGiven = true;
        }
    }

    // Generation settings: eos ids are added to the set; bos/pad only fill
    // what tokenizer_config.json left open.
    for (const char* name : {"generation_config.json", "config.json"}) {
        const fs::path file = dir / name;
        if (!isFile(file))
            continue;
        const nlohmann::json config = json::readFile(file);
        if (!config.is_object())
            throw InputError(file.string() + ": the top level must be a JSON object.");
        for (const std::int32_t id : idField(config, "eos_token_id", file))
            addEos(s, id);
        if (!bosGiven) {
            if (const auto ids = idField(config, "bos_token_id", file); !ids.empty()) {
                s.bos = ids.front();
                bosGiven = true;
            }
        }
        if (!padGiven) {
            if (const auto ids = idField(config, "pad_token_id", file); !ids.empty()) {
                s.pad = ids.front();
                padGiven = true;
            }
        }
    }

    // Without add_bos_token, a post-processor template adds BOS only when the
    // token it starts with is the model's BOS.
    if (!addBosGiven && templateBos)
        s.addBos = s.bos && *s.bos == *templateBos;
    if (!s.bos)
        s.addBos = false;
    return s;
}

} // namespace hialign::tok

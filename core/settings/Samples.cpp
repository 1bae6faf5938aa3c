#include "settings/Samples.h"

#include <nlohmann/json.hpp>

#include "settings/EvalDecoding.h"
#include "settings/LabFolder.h"
#include "util/Error.h"
#include "util/Json.h"
#include "util/JsonLines.h"

namespace hialign::train {

namespace fs = std::filesystem;
using nlohmann::json;

model::GenerationOptions SampleSettings::defaultDecoding()
{
    model::GenerationOptions g;
    g.sampling.temperature = 0.0;
    g.sampling.seed = 1;
    g.maxNewTokens = 24;
    return g;
}

SampleSettings SampleSettings::forModel(const fs::path& modelDir, int every)
{
    SampleSettings s;
    s.every = every;
    if (const std::optional<lab::LabFolder> lab = lab::LabFolder::ofModel(modelDir)) {
        for (const fs::path& f : lab->evalPromptFiles())
            s.promptFiles.push_back(f.string());
        s.judge = "exact";
    }
    if (const std::optional<lab::EvalDecoding> d = lab::readEvalDecoding(modelDir)) {
        s.decoding.sampling.temperature = d->temperature;
        s.decoding.sampling.topP = d->topP;
        s.decoding.maxNewTokens = d->maxNewTokens;
    }
    return s;
}

void SampleSettings::validate() const
{
    if (every < 0)
        throw InputError("the sampling interval must not be negative, got " + std::to_string(every));
    if (every > 0 && promptFiles.empty())
        throw InputError("sampling during training needs a prompt file (--sample-prompts)");
    if (every == 0 && !promptFiles.empty())
        throw InputError("sample prompts were given without an interval (--sample-every N)");
    if (decoding.maxNewTokens < 1)
        throw InputError("samples need at least 1 new token, got " + std::to_string(decoding.maxNewTokens));
    decoding.sampling.validate();
}

json SampleSettings::toJson() const
{
    return json{{"prompt_files", promptFiles},
                {"every", every},
                {"limit", limit},
                {"judge", judge},
                {"max_new_tokens", decoding.maxNewTokens},
                {"temperature", decoding.sampling.temperature},
                {"top_p", decoding.sampling.topP},
                {"seed", decoding.sampling.seed}};
}

SampleSettings SampleSettings::fromJson(const json& j, const std::string& source)
{
    SampleSettings s;
    try {
        s.promptFiles = j.at("prompt_files").get<std::vector<std::string>>();
        s.every = j.at("every").get<int>();
        s.limit = j.value("limit", s.limit);
        s.judge = j.value("judge", s.judge);
        s.decoding.maxNewTokens = j.value("max_new_tokens", s.decoding.maxNewTokens);
        s.decoding.sampling.temperature = j.value("temperature", s.decoding.sampling.temperature);
        s.decoding.sampling.topP = j.value("top_p", s.decoding.sampling.topP);
        s.decoding.sampling.seed = j.value("seed", s.decoding.sampling.seed);
    } catch (const json::exception& e) {
        throw InputError(source + ": the sampling settings are malformed (" + e.what() + ")");
    }
    s.validate();
    return s;
}

json SampleRecord::toJson() const
{
    json scoresJson = json::array();
    for (const SampleScore& s : scores)
        scoresJson.push_back({{"dimension", s.dimension},
                              {"score", s.score ? json(*s.score) : json(nullptr)},
                              {"verdict", s.verdict}});
    json j{{"step", step}, {"prompt_id", promptId}};
    if (!dimension.empty())
        j["dimension"] = dimension;
    j["prompt"] = prompt;
    j["response"] = response;
    j["finish_reason"] = finishReason;
    j["scores"] = scoresJson;
    return j;
}

SampleRecord SampleRecord::fromJson(const json& j, const std::string& where)
{
    SampleRecord r;
    if (!j.contains("step") || !j.at("step").is_number_integer())
        throw InputError(util::fieldError(where, "step", "must be a whole number"));
    r.step = j.at("step").get<std::int64_t>();
    r.promptId = util::stringField(j, "prompt_id", where, /*required=*/true);
    r.dimension = util::stringField(j, "dimension", where);
    r.prompt = util::stringField(j, "prompt", where, /*required=*/true);
    r.response = util::stringField(j, "response", where, /*required=*/true);
    r.finishReason = util::stringField(j, "finish_reason", where);
    if (j.contains("scores")) {
        if (!j.at("scores").is_array())
            throw InputError(util::fieldError(where, "scores", "must be a list"));
        for (const json& s : j.at("scores")) {
            if (!s.is_object())
                throw InputError(util::fieldError(where, "scores", "must hold objects"));
            r.scores.push_back({util::stringField(s, "dimension", where), util::numberField(s, "score", where),
                                util::stringField(s, "verdict", where)});
        }
    }
    return r;
}

fs::path samplesFile(const fs::path& runDir)
{
    return runDir / "samples.jsonl";
}

void appendSamples(const fs::path& file, const std::vector<SampleRecord>& records)
{
    std::vector<json> lines;
    for (const SampleRecord& r : records)
        lines.push_back(r.toJson());
    util::appendJsonl(file, lines);
}

std::vector<SampleRecord> readSamples(const fs::path& file)
{
    std::vector<SampleRecord> out;
    const std::vector<json> lines = util::readJsonlPrefix(file);
    for (std::size_t i = 0; i < lines.size(); ++i)
        out.push_back(SampleRecord::fromJson(lines[i], file.string() + " line " + std::to_string(i + 1)));
    return out;
}

bool truncateSamplesAfter(const fs::path& file, std::int64_t step)
{
    std::error_code ec;
    // A run that does not sample has no file, and gets none.
    return fs::exists(file, ec) && util::keepJsonlThroughStep(file, step);
}

} // namespace hialign::train

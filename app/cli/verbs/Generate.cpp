// hialign-cli generate: a continuation of a prompt, streamed to stdout.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "../CliCommon.h"
#include "../Verbs.h"
#include "model/Generator.h"
#include "model/ModelBundle.h"
#include "train/PeftAdapter.h"
#include "tokenize/Tokenizer.h"
#include "util/Error.h"

namespace hialign::cli {

namespace {

struct GenerateOptions {
    std::string modelDir;   // empty: the demo lab's model
    std::string prompt;
    bool promptGiven = false;              // --prompt was given (it may be empty)
    std::string idsList;                   // --ids: rows of token ids instead of --prompt
    model::GenerationOptions generation;   // --max-new-tokens, sampling, --stop
    bool ignoreEos = false;
    bool stats = false;
    std::string adapter;
    std::string device = kAutoDevice, dtype;
};

// Streams text as tokens arrive; holds back a stop string's beginning until
// it is clear whether it completes.
class StopStream {
public:
    StopStream(const tok::Tokenizer& tokenizer, const std::vector<std::int32_t>& promptIds,
               const std::vector<std::string>& stops)
        : stream_(tokenizer), stops_(stops)
    {
        stream_.prime(promptIds);
    }

    void push(std::int32_t id)
    {
        pending_ += stream_.push(id);
        for (const auto& s : stops_) {
            const size_t at = s.empty() ? std::string::npos : pending_.find(s);
            if (at != std::string::npos) {
                pending_.resize(at);
                flush(true);
                pending_.clear();
                return;   // the generator ends the row itself
            }
        }
        flush(false);
    }

    void finish()
    {
        pending_ += stream_.finish();
        flush(true);
    }

private:
    void flush(bool final)
    {
        size_t keep = 0;
        if (!final) {
            for (const auto& s : stops_)
                for (size_t k = std::min(s.size() - 1, pending_.size()); k > 0; --k)
                    if (pending_.compare(pending_.size() - k, k, s, 0, k) == 0) {
                        keep = std::max(keep, k);
                        break;
                    }
        }
        std::cout << pending_.substr(0, pending_.size() - keep) << std::flush;
        pending_.erase(0, pending_.size() - keep);
    }

    tok::StreamDecoder stream_;
    const std::vector<std::string>& stops_;
    std::string pending_;
};

void printStats(const model::GenerationResult& r, const model::ModelBundle& bundle)
{
    const auto& s = r.stats;
    std::fprintf(stderr,
                 "prefill: %lld tokens in %.3f s (%.1f tokens/s)\n"
                 "decode:  %lld tokens in %.3f s (%.1f tokens/s)\n"
                 "device:  %s, %s; finish: %s\n",
                 static_cast<long long>(s.promptTokens), s.prefillSeconds, s.prefillTokensPerSecond(),
                 static_cast<long long>(s.decodeTokens), s.decodeSeconds, s.decodeTokensPerSecond(),
                 bundle.model->device().str().c_str(), model::dtypeLabel(bundle.model->dtype()),
                 r.finishReasons[0].c_str());
}

// --ids: the prompts generated as one left-padded batch, no tokenizer needed;
// each row's new ids printed as one comma-separated line.
int runGenerateIds(const GenerateOptions& o, const model::GenerationOptions& go,
                   const model::LoadOptions& loadOptions)
{
    std::vector<std::vector<std::int32_t>> prompts;   // the generator checks the vocabulary
    for (const auto& row : parseIdRows(o.idsList))
        prompts.emplace_back(row.begin(), row.end());
    model::LoadOptions lo = loadOptions;
    lo.loadTokenizer = false;
    model::ModelBundle bundle = model::loadModelBundle(modelOrDemo(o.modelDir), lo);
    std::unique_ptr<train::LoraModel> lora;
    if (!o.adapter.empty())
        lora = train::loadPeftAdapter(o.adapter, bundle.model);
    const model::GenerationResult r = model::generate(bundle.model, prompts, go);
    for (const auto& row : r.tokens) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i)
            line += (i ? "," : "") + std::to_string(row[i]);
        std::cout << line << "\n";
    }
    std::cout << std::flush;
    if (o.stats)
        printStats(r, bundle);
    return 0;
}

int runGenerate(const GenerateOptions& o)
{
    if (o.promptGiven == !o.idsList.empty())
        throw InputError("give exactly one of --prompt and --ids");
    model::LoadOptions lo;
    lo.device = model::parseDevice(o.device);
    if (!o.dtype.empty())
        lo.dtype = model::parseDtype(o.dtype);
    model::GenerationOptions go = o.generation;
    go.stopAtEos = !o.ignoreEos;
    go.sampling.validate();   // before the (slow) load
    if (!o.idsList.empty())
        return runGenerateIds(o, go, lo);

    model::ModelBundle bundle = model::loadModelBundle(modelOrDemo(o.modelDir), lo);
    std::unique_ptr<train::LoraModel> lora;
    if (!o.adapter.empty())
        lora = train::loadPeftAdapter(o.adapter, bundle.model);
    const auto promptIds = bundle.tokenizer->encode(o.prompt, /*addSpecial=*/true);

    StopStream out(*bundle.tokenizer, promptIds, go.stopStrings);
    auto onToken = [&](std::size_t, std::int32_t id) {
        out.push(id);
        return true;
    };
    const model::GenerationResult r = model::generate(bundle.model, *bundle.tokenizer, {promptIds}, go, onToken);
    if (r.finishReasons[0] != "stop")
        out.finish();
    std::cout << "\n" << std::flush;
    if (r.finishReasons[0] == "position_limit")
        std::fprintf(stderr, "%s\n", model::positionLimitNotice(bundle.config.maxPositions).c_str());
    if (o.stats)
        printStats(r, bundle);
    return 0;
}

} // namespace

void addGenerate(CLI::App& app, Verbs& verbs)
{
    auto o = std::make_shared<GenerateOptions>();
    model::GenerationOptions& go = o->generation;
    CLI::App* cmd = app.add_subcommand("generate", "Generate a continuation of a prompt, streamed to stdout");
    cmd->add_option("MODEL_DIR", o->modelDir, "Hugging Face model folder (default: the demo lab's model)");
    CLI::Option* prompt = cmd->add_option("--prompt", o->prompt, "Prompt text");
    cmd->add_option("--ids", o->idsList,
                    "Token ids instead of --prompt, e.g. 1,403,407; rows separated by ';' are generated as one "
                    "left-padded batch, and each row's new ids are printed as one comma-separated line");
    cmd->add_option("--max-new-tokens", go.maxNewTokens, "Tokens to generate at most")
        ->check(CLI::NonNegativeNumber)->capture_default_str();
    cmd->add_option("--temperature", go.sampling.temperature, "0 = greedy")
        ->check(CLI::NonNegativeNumber)->capture_default_str();
    cmd->add_option("--top-p", go.sampling.topP, "Nucleus sampling mass, in (0, 1]")->capture_default_str();
    cmd->add_option("--top-k", go.sampling.topK, "Sample among the k best tokens (0 = off)")
        ->check(CLI::NonNegativeNumber)->capture_default_str();
    cmd->add_option("--repetition-penalty", go.sampling.repetitionPenalty, "1 = off")->capture_default_str();
    cmd->add_option("--seed", go.sampling.seed, "Random seed for sampling")->capture_default_str();
    cmd->add_option("--stop", go.stopStrings, "Stop when the text contains this string (repeatable)");
    cmd->add_flag("--ignore-eos", o->ignoreEos, "Keep generating past end-of-sequence tokens");
    cmd->add_flag("--stats", o->stats, "Report prefill and decode tokens/s on stderr");
    cmd->add_option("--adapter", o->adapter, "PEFT LoRA adapter folder (e.g. RUN_DIR/adapter)");
    addDeviceOptions(*cmd, o->device, o->dtype);
    verbs.push_back({cmd, [o, prompt] {
        o->promptGiven = prompt->count() > 0;
        return runGenerate(*o);
    }});
}

} // namespace hialign::cli

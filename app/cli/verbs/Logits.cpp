// hialign-cli logits: a prompt's logits (and an adapter's effect) to a safetensors file.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "../CliCommon.h"
#include "../Verbs.h"
#include "io/Safetensors.h"
#include "model/ModelBundle.h"
#include "train/PeftAdapter.h"
#include "tokenize/Tokenizer.h"
#include "util/Error.h"

namespace hialign::cli {

namespace {

struct LogitsOptions {
    std::string modelDir, prompt, idsList, adapter, outPath;
    std::string device = kAutoDevice, dtype;
};

// "1,403,407" -> ids, each checked against the vocabulary.
std::vector<std::int64_t> parseIds(const std::string& list, std::int64_t vocabSize)
{
    std::vector<std::int64_t> ids;
    std::stringstream ss(list);
    std::string item;
    while (std::getline(ss, item, ',')) {
        std::size_t used = 0;
        long long v = -1;
        try {
            v = std::stoll(item, &used);
        } catch (const std::exception&) {
        }
        if (used != item.size() || v < 0 || v >= vocabSize)
            throw InputError("--ids item \"" + item + "\" is not a token id below the vocabulary size "
                             + std::to_string(vocabSize));
        ids.push_back(v);
    }
    return ids;
}

int runLogits(const LogitsOptions& o)
{
    if (o.prompt.empty() == o.idsList.empty())
        throw InputError("give exactly one of --prompt and --ids");
    model::LoadOptions lo;
    lo.device = model::parseDevice(o.device);
    if (!o.dtype.empty())
        lo.dtype = model::parseDtype(o.dtype);
    lo.loadTokenizer = !o.prompt.empty();
    model::ModelBundle bundle = model::loadModelBundle(o.modelDir, lo);
    std::unique_ptr<train::LoraModel> lora;
    if (!o.adapter.empty())
        lora = train::loadPeftAdapter(o.adapter, bundle.model);
    std::vector<std::int64_t> ids;
    if (!o.prompt.empty()) {
        for (auto id : bundle.tokenizer->encode(o.prompt, /*addSpecial=*/true))
            ids.push_back(id);
    } else {
        ids = parseIds(o.idsList, bundle.config.vocabSize);
    }
    if (ids.empty())
        throw InputError("the prompt has no tokens");
    at::NoGradGuard noGrad;
    const at::Tensor idsT = at::tensor(ids, at::kLong);                                        // (T)
    const at::Tensor out = bundle.model->forward(idsT.unsqueeze(0).to(bundle.model->device()))  // (1, T, V)
                               .squeeze(0)
                               .to(at::kCPU, at::kFloat);                                        // (T, V)
    io::writeSafetensors(o.outPath, {{"logits", out}});
    std::printf("%zu positions x %lld logits written to %s\n", ids.size(),
                static_cast<long long>(out.size(1)), o.outPath.c_str());
    return 0;
}

} // namespace

void addLogits(CLI::App& app, Verbs& verbs)
{
    auto o = std::make_shared<LogitsOptions>();
    CLI::App* cmd =
        app.add_subcommand("logits", "Write a prompt's logits (and an adapter's effect) to a safetensors file");
    cmd->add_option("MODEL_DIR", o->modelDir, "Hugging Face model folder")->required();
    cmd->add_option("--prompt", o->prompt, "Text, encoded with the model's tokenizer and its special tokens");
    cmd->add_option("--ids", o->idsList, "Token ids instead of --prompt, e.g. 1,403,407");
    cmd->add_option("--adapter", o->adapter, "PEFT LoRA adapter folder applied on top of the model");
    cmd->add_option("--out", o->outPath, "File to write: one tensor \"logits\", (T, vocab) float32")->required();
    addDeviceOptions(*cmd, o->device, o->dtype);
    verbs.push_back({cmd, [o] { return runLogits(*o); }});
}

} // namespace hialign::cli

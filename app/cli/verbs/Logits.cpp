// hialign-cli logits: a prompt's logits (and an adapter's effect) to a safetensors file.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
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

// Rows of ids -> left-padded ids (B, T) and attention mask (B, T), 1 on real tokens.
std::pair<at::Tensor, at::Tensor> leftPad(const std::vector<std::vector<std::int64_t>>& rows)
{
    std::size_t width = 0;
    for (const auto& r : rows)
        width = std::max(width, r.size());
    const auto B = static_cast<std::int64_t>(rows.size());
    const auto T = static_cast<std::int64_t>(width);
    at::Tensor ids = at::zeros({B, T}, at::kLong);    // (B, T)
    at::Tensor mask = at::zeros({B, T}, at::kLong);   // (B, T)
    for (std::int64_t b = 0; b < B; ++b) {
        const auto& r = rows[static_cast<std::size_t>(b)];
        const auto n = static_cast<std::int64_t>(r.size());
        ids[b].narrow(0, T - n, n).copy_(at::tensor(r, at::kLong));
        mask[b].narrow(0, T - n, n).fill_(1);
    }
    return {ids, mask};
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
    model::ModelBundle bundle = model::loadModelBundle(modelArg(o.modelDir), lo);
    std::unique_ptr<train::LoraModel> lora;
    if (!o.adapter.empty())
        lora = train::loadPeftAdapter(o.adapter, bundle.model);
    std::vector<std::vector<std::int64_t>> rows;
    if (!o.prompt.empty()) {
        rows.emplace_back();
        for (auto id : bundle.tokenizer->encode(o.prompt, /*addSpecial=*/true))
            rows.back().push_back(id);
        if (rows.back().empty())
            throw InputError("the prompt has no tokens");
    } else {
        rows = parseIdRows(o.idsList, bundle.config.vocabSize);
        if (rows.empty())
            throw InputError("--ids has no token ids");
    }
    at::NoGradGuard noGrad;
    const at::Device dev = bundle.model->device();
    if (rows.size() == 1) {
        const at::Tensor idsT = at::tensor(rows[0], at::kLong);                                    // (T)
        const at::Tensor out = bundle.model->forward(idsT.unsqueeze(0).to(dev))                    // (1, T, V)
                                   .squeeze(0)
                                   .to(at::kCPU, at::kFloat);                                        // (T, V)
        io::writeSafetensors(o.outPath, {{"logits", out}});
        std::printf("%zu positions x %lld logits written to %s\n", rows[0].size(),
                    static_cast<long long>(out.size(1)), o.outPath.c_str());
        return 0;
    }
    // Several rows: one left-padded batch, positions counted from each row's
    // first real token, as generation runs it.
    const auto [ids, mask] = leftPad(rows);                                                         // (B, T)
    model::ForwardOptions fo;
    fo.attentionMask = mask.to(dev);
    fo.positionIds = (mask.cumsum(1) - 1).clamp_min(0).to(dev);                                     // (B, T)
    const at::Tensor out = bundle.model->forward(ids.to(dev), fo).to(at::kCPU, at::kFloat);         // (B, T, V)
    io::writeSafetensors(o.outPath, {{"logits", out}, {"attention_mask", mask.to(at::kFloat)}});
    std::printf("%lld rows x %lld positions x %lld logits written to %s\n", static_cast<long long>(out.size(0)),
                static_cast<long long>(out.size(1)), static_cast<long long>(out.size(2)), o.outPath.c_str());
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
    cmd->add_option("--ids", o->idsList,
                    "Token ids instead of --prompt, e.g. 1,403,407; rows separated by ';' form one left-padded "
                    "batch");
    cmd->add_option("--adapter", o->adapter, "PEFT LoRA adapter folder applied on top of the model");
    cmd->add_option("--out", o->outPath,
                    "File to write: \"logits\", (T, vocab) float32; for several --ids rows (B, T, vocab) and "
                    "\"attention_mask\" (B, T), 1 on real tokens")
        ->required();
    addDeviceOptions(*cmd, o->device, o->dtype);
    verbs.push_back({cmd, [o] { return runLogits(*o); }});
}

} // namespace hialign::cli

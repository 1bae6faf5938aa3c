#include "train/MergeAdapter.h"

#include <set>
#include <string>
#include <system_error>

#include <ATen/ATen.h>

#include "config/HubCache.h"
#include "model/ModelBundle.h"
#include "model/ModelWriter.h"
#include "train/LoraModel.h"
#include "train/PeftAdapter.h"
#include "util/Error.h"
#include "util/Json.h"

namespace hialign::train {

namespace fs = std::filesystem;

namespace {

// The files of a model folder that describe its tokenizer and chat format,
// copied unchanged into the merged folder.
bool isTokenizerFile(const fs::path& p)
{
    static const std::set<std::string> kNames = {
        "tokenizer.json",      "tokenizer.model",    "tokenizer_config.json", "special_tokens_map.json",
        "chat_template.jinja", "chat_template.json", "vocab.json",            "merges.txt",
        "added_tokens.json"};
    return kNames.count(p.filename().string()) > 0;
}

fs::path baseFolder(const MergeRequest& r)
{
    if (!r.baseDir.empty())
        return r.baseDir;
    const PeftBaseModel recorded = readPeftBaseModel(r.adapterDir);
    if (recorded.name.empty())
        throw InputError(r.adapterDir.string()
                         + "/adapter_config.json names no base_model_name_or_path; give the base model folder");
    // A folder, else a hub id at the recorded revision in the Hugging Face cache.
    if (fs::is_directory(recorded.name))
        return recorded.name;
    const io::ModelLocation base = io::locateModel(recorded.spec());
    if (!fs::is_directory(base.dir))
        throw InputError("the adapter's base model " + recorded.name
                         + " is not a folder here; give the base model folder");
    return base.dir;
}

void checkOutput(const fs::path& out, const fs::path& base)
{
    std::error_code ec;
    if (fs::exists(out, ec) && !(fs::is_directory(out, ec) && fs::is_empty(out, ec)))
        throw InputError("the output folder " + out.string() + " already holds files; choose a new folder");
    if (fs::exists(out, ec) && fs::equivalent(out, base, ec))
        throw InputError("the output folder is the base model's folder; choose a new folder");
}

} // namespace

MergeResult mergeAdapter(const MergeRequest& r)
{
    if (!fs::is_directory(r.adapterDir))
        throw InputError("the adapter folder " + r.adapterDir.string() + " does not exist");
    MergeResult result;
    result.baseDir = baseFolder(r);
    checkOutput(r.outDir, result.baseDir);

    model::LoadOptions lo;
    lo.device = at::Device(at::kCPU);
    lo.dtype = at::kFloat;   // merged in float32, stored in the requested dtype
    lo.loadTokenizer = false;
    model::ModelBundle bundle = model::loadModelBundle(result.baseDir, lo);
    result.dtype = !r.dtype.empty() ? r.dtype
                   : !bundle.config.torchDtype.empty() ? bundle.config.torchDtype
                                                       : std::string("float32");
    const at::ScalarType stored = model::parseDtype(result.dtype);
    result.dtype = model::dtypeLabel(stored);

    auto lora = loadPeftAdapter(r.adapterDir, bundle.model);
    result.mergedProjections = lora->adapters().size();
    lora->mergeIntoBase();
    lora.reset();

    // Written beside the target and renamed into place.
    const fs::path target = fs::absolute(r.outDir).lexically_normal();
    const fs::path tmp = target.parent_path() / (target.filename().string() + ".partial");
    std::error_code ec;
    fs::remove_all(tmp, ec);
    try {
        model::saveModelFolder(bundle.model, tmp, stored);
        for (const auto& entry : fs::directory_iterator(result.baseDir))
            if (entry.is_regular_file() && isTokenizerFile(entry.path()))
                fs::copy_file(entry.path(), tmp / entry.path().filename(), fs::copy_options::overwrite_existing);
        fs::remove(target, ec);   // an empty folder, checked above
        fs::rename(tmp, target);
    } catch (const fs::filesystem_error& e) {
        fs::remove_all(tmp, ec);
        throw Error("cannot write the merged model to " + target.string() + ": " + e.code().message());
    } catch (...) {
        fs::remove_all(tmp, ec);
        throw;
    }
    return result;
}

} // namespace hialign::train

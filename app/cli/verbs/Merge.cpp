// hialign-cli merge: an adapter merged into its base model, written as a
// Hugging Face model folder.
#include <iostream>
#include <memory>
#include <string>

#include "../CliCommon.h"
#include "../Verbs.h"
#include "train/MergeAdapter.h"

namespace hialign::cli {

namespace {

struct MergeOptions {
    std::string adapterDir, baseDir, outDir, dtype;
};

int runMerge(const MergeOptions& o)
{
    train::MergeRequest r;
    r.adapterDir = o.adapterDir;
    r.baseDir = o.baseDir.empty() ? o.baseDir : modelArg(o.baseDir);
    r.outDir = o.outDir;
    r.dtype = o.dtype;
    const train::MergeResult m = train::mergeAdapter(r);
    std::cout << "merged " << m.mergedProjections << " adapted projections into " << m.baseDir.string()
              << "; wrote " << o.outDir << " (" << m.dtype << ")\n";
    return 0;
}

} // namespace

void addMerge(CLI::App& app, Verbs& verbs)
{
    auto o = std::make_shared<MergeOptions>();
    CLI::App* cmd = app.add_subcommand(
        "merge", "Merge a PEFT LoRA adapter into its base model and write a Hugging Face model folder");
    cmd->add_option("ADAPTER_DIR", o->adapterDir, "Adapter folder, e.g. RUN_DIR/adapter")->required();
    cmd->add_option("--out", o->outDir, "Model folder to create (must not exist, or be empty)")->required();
    cmd->add_option("--base", o->baseDir,
                    "Base model folder or ORG/NAME[@REV] from the Hugging Face cache (default: the adapter's base_model_name_or_path)");
    cmd->add_option("--dtype", o->dtype, "Stored dtype: float32, bfloat16 or float16 (default: the base's)");
    verbs.push_back({cmd, [o] { return runMerge(*o); }});
}

} // namespace hialign::cli

#include "model/ModelBundle.h"

#include "model/WeightLoader.h"
#include "util/Error.h"
#include "config/ModelConfig.h"

namespace hialign::model {

namespace fs = std::filesystem;

at::ScalarType parseDtype(const std::string& name)
{
    if (name == "float32" || name == "fp32" || name == "f32")
        return at::kFloat;
    if (name == "bfloat16" || name == "bf16")
        return at::kBFloat16;
    if (name == "float16" || name == "fp16" || name == "f16" || name == "half")
        return at::kHalf;
    throw InputError("dtype \"" + name + "\" is not one of float32, bfloat16, float16");
}

const char* dtypeLabel(at::ScalarType dtype)
{
    switch (dtype) {
    case at::kFloat: return "float32";
    case at::kBFloat16: return "bfloat16";
    case at::kHalf: return "float16";
    default: return "other";
    }
}

ModelBundle loadModelBundle(const fs::path& dir, const LoadOptions& options)
{
    if (!fs::is_directory(dir))
        throw InputError("model folder " + dir.string() + " does not exist or is not a folder");
    const fs::path configPath = io::configFileOf(dir);
    if (!fs::exists(configPath))
        throw InputError("model folder " + dir.string() + " has no config.json");

    ModelBundle b;
    b.dir = dir;
    b.config = io::ModelConfig::load(configPath);
    b.weights = std::make_shared<io::WeightStore>(dir);

    const at::Device device = options.device.value_or(parseDevice("auto"));
    // bf16 on a GPU (fp32 LoRA weights, optimizer state and log-sum-exp stay
    // fp32 in training), fp32 on the CPU; either can be asked for.
    const at::ScalarType dtype = options.dtype.value_or(device.is_cuda() ? at::kBFloat16 : at::kFloat);
    if (device.is_cpu() && dtype == at::kHalf)
        throw InputError("float16 compute is not supported on the CPU; use float32 or bfloat16");

    std::string source = (dir / (fs::exists(dir / "model.safetensors") ? "model.safetensors"
                                                                         : "model.safetensors.index.json"))
                             .string();
    WeightLoader loader = WeightLoader::fromStore(*b.weights, source, device, dtype);
    b.model = CausalLM(b.config, loader);
    b.model->eval();

    if (options.loadTokenizer)
        b.tokenizer = tok::loadTokenizer(dir);
    return b;
}

} // namespace hialign::model

#include "model/ModelWriter.h"

#include <fstream>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "io/Safetensors.h"
#include "model/ModelBundle.h"
#include "util/Error.h"
#include "config/ModelConfig.h"

namespace hialign::model {

namespace fs = std::filesystem;

void saveModelFolder(CausalLM& model, const fs::path& dir, at::ScalarType dtype)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw Error("cannot create " + dir.string() + ": " + ec.message());
    io::ModelConfig cfg = model->config();
    cfg.torchDtype = dtypeLabel(dtype);
    {
        std::ofstream out(io::configFileOf(dir));
        out << cfg.toJson().dump(2) << "\n";
    }
    {
        nlohmann::json gen = {{"do_sample", false}};
        if (cfg.bosTokenId)
            gen["bos_token_id"] = *cfg.bosTokenId;
        if (!cfg.eosTokenIds.empty())
            gen["eos_token_id"] = cfg.eosTokenIds.size() == 1 ? nlohmann::json(cfg.eosTokenIds[0])
                                                             : nlohmann::json(cfg.eosTokenIds);
        std::ofstream out(dir / "generation_config.json");
        out << gen.dump(2) << "\n";
    }
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const auto& p : model->named_parameters(/*recurse=*/true)) {
        // Adapter weights are not part of the base model.
        if (p.key().find("lora_") != std::string::npos)
            continue;
        tensors.emplace_back(p.key(), p.value().detach().to(at::kCPU, dtype).contiguous());
    }
    io::writeSafetensors(dir / "model.safetensors", tensors, {{"format", "pt"}});
}

} // namespace hialign::model

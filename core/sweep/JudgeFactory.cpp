#include "sweep/JudgeFactory.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "config/HubCache.h"
#include "judge/HttpChatBackend.h"
#include "judge/JudgeSpec.h"
#include "judge/ModelJudge.h"
#include "sweep/LocalChatBackend.h"
#include "settings/LabFolder.h"
#include "util/Error.h"
#include "world/World.h"
#include "world/WorldJudge.h"

namespace hialign::sweep {

namespace fs = std::filesystem;

std::unique_ptr<judge::Judge> makeJudge(const std::string& text, const fs::path& modelDir, const fs::path& cacheFile,
                                        const std::vector<std::string>& dimensions)
{
    const judge::JudgeSpec spec = judge::parseJudgeSpec(text);
    if (spec.kind == "exact") {
        if (spec.target.empty() && modelDir.empty())
            throw InputError("The exact judge needs a lab folder: exact:LAB_DIR.");
        const lab::LabFolder lab = spec.target.empty() ? lab::LabFolder::forModel(modelDir) : lab::LabFolder(spec.target);
        const fs::path worldFile = lab.worldFile();
        if (!fs::is_regular_file(worldFile))
            throw InputError("The exact judge needs a demo lab's world.json, and " + worldFile.string() +
                             " is not there.");
        std::ifstream in(worldFile);
        std::ostringstream s;
        s << in.rdbuf();
        const nlohmann::json j = nlohmann::json::parse(s.str(), nullptr, false);
        if (j.is_discarded()) throw InputError(worldFile.string() + " is not valid JSON.");
        return std::make_unique<world::WorldJudge>(world::World::fromJson(j));
    }
    judge::ModelJudgeOptions mo;
    mo.dimensions = dimensions;
    std::shared_ptr<judge::JudgeCache> cache = std::make_shared<judge::JudgeCache>(cacheFile);
    if (spec.kind == "local") {
        LocalBackendOptions lo;
        lo.modelDir = io::locateModel(spec.target).dir;   // a folder or a hub id in the cache
        lo.adapterDir = spec.option("adapter", "");
        lo.batch = spec.intOption("batch", lo.batch);
        lo.maxNewTokens = spec.intOption("max-new-tokens", lo.maxNewTokens);
        lo.topLogprobs = spec.intOption("top-logprobs", lo.topLogprobs);
        lo.device = spec.option("device", lo.device);
        mo.forceRating = spec.boolOption("force-rating", false);
        lo.validate();
        return std::make_unique<judge::ModelJudge>(std::make_shared<LocalChatBackend>(lo), mo, cache);
    }
    return std::make_unique<judge::ModelJudge>(std::make_shared<judge::HttpChatBackend>(judge::httpOptions(spec)), mo,
                                               cache);
}

} // namespace hialign::sweep

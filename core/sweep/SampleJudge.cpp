#include "sweep/SampleJudge.h"

#include <memory>

#include "judge/JudgeCache.h"
#include "sweep/JudgeFactory.h"

namespace hialign::sweep {

train::SampleJudge sampleJudgeFor(const train::TrainConfig& config, const std::filesystem::path& runDir)
{
    if (!config.samples.enabled() || config.samples.judge.empty())
        return {};
    std::shared_ptr<judge::Judge> judge =
        makeJudge(config.samples.judge, config.modelDir, judge::JudgeCache::fileIn(runDir), {});
    return [judge](const std::vector<train::SampleRecord>& records) {
        std::vector<judge::JudgeItem> items;
        for (const train::SampleRecord& r : records)
            items.push_back({r.prompt, r.response, r.dimension});
        const std::vector<std::vector<judge::JudgeScore>> scores = judge->judgeMany(items, {});
        std::vector<std::vector<train::SampleScore>> out(scores.size());
        for (std::size_t i = 0; i < scores.size(); ++i)
            for (const judge::JudgeScore& s : scores[i])
                out[i].push_back({s.dimension, s.score, s.verdict});
        return out;
    };
}

} // namespace hialign::sweep

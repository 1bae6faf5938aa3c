#include "judge/Judge.h"

#include <algorithm>

#include "util/Error.h"

namespace hialign::judge {

std::vector<std::vector<JudgeScore>> Judge::judgeMany(const std::vector<JudgeItem>& items,
                                                      const std::vector<std::string>& dimensions)
{
    std::vector<std::vector<JudgeScore>> out;
    out.reserve(items.size());
    for (const JudgeItem& item : items) {
        std::vector<JudgeScore> scores = judge(item.prompt, item.response);
        if (!dimensions.empty())
            scores.erase(std::remove_if(scores.begin(), scores.end(),
                                        [&](const JudgeScore& s) {
                                            return std::find(dimensions.begin(), dimensions.end(),
                                                             s.dimension) == dimensions.end();
                                        }),
                         scores.end());
        out.push_back(std::move(scores));
    }
    return out;
}

std::vector<PairOutcome> Judge::compareMany(const std::vector<PairItem>&)
{
    throw InputError("The judge \"" + name() + "\" does not compare responses pairwise.");
}

} // namespace hialign::judge

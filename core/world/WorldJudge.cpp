#include "world/WorldJudge.h"

#include <algorithm>

#include "util/Error.h"
#include "world/Checking.h"

namespace hialign::world {

WorldJudge::WorldJudge(World world)
    : world_(std::move(world))
    , grammar_(world_)
    , logic_(world_)
    , facts_(world_)
{
}

WorldJudge::WorldJudge(World world, const std::vector<EvalPrompt>& evalSet)
    : WorldJudge(std::move(world))
{
    for (const auto& p : evalSet)
        known_.emplace(p.prompt, p.dimension);
}

std::string WorldJudge::name() const
{
    return "exact";
}

std::vector<std::string> WorldJudge::dimensions() const
{
    std::vector<std::string> out;
    for (Dimension d : kAllDimensions)
        out.push_back(dimensionName(d));
    return out;
}

Dimension WorldJudge::dimensionFor(const std::string& prompt) const
{
    if (const auto it = known_.find(prompt); it != known_.end())
        return it->second;
    return dimensionOfPrompt(world_, prompt).value_or(Dimension::Grammar);
}

double WorldJudge::scoreMin() const
{
    return 0.0;
}

double WorldJudge::scoreMax() const
{
    return 1.0;
}

std::vector<judge::JudgeScore> WorldJudge::judge(const std::string& prompt, const std::string& response)
{
    return {judgeOn(dimensionFor(prompt), prompt, response)};
}

std::vector<std::vector<judge::JudgeScore>> WorldJudge::judgeMany(const std::vector<judge::JudgeItem>& items,
                                                                  const std::vector<std::string>& dimensions)
{
    std::vector<std::vector<judge::JudgeScore>> out;
    out.reserve(items.size());
    for (const judge::JudgeItem& item : items) {
        Dimension d = dimensionFor(item.prompt);
        if (!item.dimension.empty()) {
            const auto named = parseDimension(item.dimension);
            if (!named)
                throw InputError("The exact judge knows the dimensions grammar, logic and facts, not \"" +
                                 item.dimension + "\".");
            d = *named;
        }
        const bool wanted = dimensions.empty() ||
            std::find(dimensions.begin(), dimensions.end(), dimensionName(d)) != dimensions.end();
        out.push_back(wanted ? std::vector<judge::JudgeScore>{judgeOn(d, item.prompt, item.response)}
                             : std::vector<judge::JudgeScore>{});
    }
    return out;
}

judge::JudgeScore WorldJudge::judgeOn(Dimension dimension, const std::string& prompt, const std::string& response)
{
    Check check;
    switch (dimension) {
    case Dimension::Grammar:
        check = grammar_.check(prompt, response);
        break;
    case Dimension::Logic:
        check = logic_.check(prompt, response);
        break;
    case Dimension::Facts:
        check = facts_.check(prompt, response);
        break;
    }
    judge::JudgeScore score;
    score.dimension = dimensionName(dimension);
    score.score = check.verdict == Verdict::Correct ? 1.0 : 0.0;
    score.verdict = verdictName(check.verdict);
    score.explanation = check.explanation;
    return score;
}

} // namespace hialign::world

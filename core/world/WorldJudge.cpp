#include "world/WorldJudge.h"

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

std::vector<judge::JudgeScore> WorldJudge::judge(const std::string& prompt, const std::string& response)
{
    const Dimension dimension = dimensionFor(prompt);
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
    return {score};
}

} // namespace hialign::world

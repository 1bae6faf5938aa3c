// Builds the judge a spec names (docs/SWEEP.md): the demo lab's exact
// checkers, a rubric judge on a local model, or one on an OpenAI-compatible
// server. Rubric judges share the reply cache file given.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "judge/Judge.h"

namespace hialign::sweep {

// `modelDir` is the judged model's folder (the plain `exact` spec uses the lab
// that holds it); `cacheFile` may be empty (no cache on disk); `dimensions`
// limits a rubric judge (empty: grammar, logic, facts).
std::unique_ptr<judge::Judge> makeJudge(const std::string& spec, const std::filesystem::path& modelDir,
                                        const std::filesystem::path& cacheFile,
                                        const std::vector<std::string>& dimensions);

} // namespace hialign::sweep

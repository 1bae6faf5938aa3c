// The judge given on a command line or in sweep.json (docs/SWEEP.md):
//   exact[:LAB_DIR]
//   local:MODEL_DIR[,adapter=DIR][,batch=N][,max-new-tokens=N][,force-rating=1][,device=D]
//   openai:BASE_URL,model=NAME[,key-env=VAR][,seed=N][,timeout=S][,retries=N][,concurrency=N]
//          [,max-tokens=N][,logprobs=auto|on|off][,backoff=S]
// A spec never holds a secret: the API key is named by key-env and read from
// the environment. Plain C++.
#pragma once

#include <map>
#include <string>

#include "judge/HttpChatBackend.h"

namespace hialign::judge {

struct JudgeSpec {
    std::string kind;                            // "exact", "local" or "openai"
    std::string target;                          // lab folder, model folder or base URL ("" for plain exact)
    std::map<std::string, std::string> options;  // key=value pairs, keys checked against the kind

    // Rubric judges (local, openai) rate 1-10 and compare pairwise; the exact judge scores 0 or 1.
    bool isRubric() const { return kind != "exact"; }
    double scoreMin() const { return isRubric() ? 1.0 : 0.0; }
    double scoreMax() const { return isRubric() ? 10.0 : 1.0; }

    std::string option(const std::string& key, const std::string& fallback) const;
    int intOption(const std::string& key, int fallback) const;        // throws InputError naming the key
    double doubleOption(const std::string& key, double fallback) const;
    bool boolOption(const std::string& key, bool fallback) const;
};

// Throws InputError with one sentence naming what is wrong (unknown kind,
// missing target, unknown key, a key given twice, a value that looks like an
// API key in place of key-env).
JudgeSpec parseJudgeSpec(const std::string& spec);

// The HTTP backend's options from an openai spec.
HttpBackendOptions httpOptions(const JudgeSpec& spec);

} // namespace hialign::judge

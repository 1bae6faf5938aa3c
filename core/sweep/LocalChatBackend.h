// A chat backend on a model the workbench loads itself: requests are rendered
// with the model's chat template, answered greedily in batches, and each
// reply token carries the log-probabilities of the likeliest alternatives at
// its position (from one teacher-forced pass over prompt and reply). It can
// also give the next-token distribution after a forced reply prefix, which
// the rubric judge uses to read a rating from models too small to write the
// marker themselves. A request whose prompt fills the model's positions
// (max_position_embeddings) is a failed reply, as a server refuses a request
// longer than its context.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "judge/ChatBackend.h"

namespace hialign::sweep {

struct LocalBackendOptions {
    std::filesystem::path modelDir;
    std::filesystem::path adapterDir;   // optional PEFT adapter on the judge model
    int batch = 8;
    int maxNewTokens = 192;
    int topLogprobs = 20;
    std::string device = "auto";

    void validate() const;              // throws InputError naming the setting
};

class LocalChatBackend : public judge::ChatBackend {
public:
    explicit LocalChatBackend(LocalBackendOptions options);   // loads the model now
    ~LocalChatBackend() override;

    std::string id() const override;   // "local:" + model folder name (+ "+" adapter folder name)
    std::vector<judge::ChatReply> complete(const std::vector<judge::ChatRequest>& requests) override;
    std::optional<std::map<std::string, double>> nextTokenLogprobs(const judge::ChatRequest& request,
                                                                   const std::string& replyPrefix) override;

private:
    struct State;
    LocalBackendOptions options_;
    std::unique_ptr<State> state_;
};

} // namespace hialign::sweep

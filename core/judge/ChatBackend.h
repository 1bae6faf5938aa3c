// What a rubric judge needs from a chat model: replies to chat requests, with
// the log-probabilities of the likeliest tokens at each position of the reply
// when the backend can give them. Implemented by the OpenAI-compatible HTTP
// backend (judge/HttpChatBackend.h) and the local-model backend
// (sweep/LocalChatBackend.h). Plain C++.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hialign::judge {

struct ChatRequest {
    std::string system;
    std::string user;
};

// One token of a reply: its text and the likeliest alternatives at its
// position (token text -> natural-log probability), the token itself among them.
struct ReplyToken {
    std::string text;
    std::map<std::string, double> top;
};

struct ChatReply {
    bool ok = false;
    std::string text;
    std::string error;                // one sentence when !ok
    std::vector<ReplyToken> tokens;   // empty when the backend gave no log-probabilities
};

class ChatBackend {
public:
    virtual ~ChatBackend() = default;
    // Identifies the model behind the backend (for cache keys and files); no secrets.
    virtual std::string id() const = 0;
    // One reply per request, in order. A request that fails is a reply with
    // ok == false and a sentence in `error`; a backend that cannot work at
    // all (server unreachable, key refused) throws hialign::Error.
    virtual std::vector<ChatReply> complete(const std::vector<ChatRequest>& requests) = 0;
    // The log-probabilities of the next token after the assistant's reply
    // `replyPrefix` to `request`, when the backend can compute them (local
    // models can); std::nullopt otherwise.
    virtual std::optional<std::map<std::string, double>> nextTokenLogprobs(const ChatRequest& request,
                                                                           const std::string& replyPrefix)
    {
        (void)request;
        (void)replyPrefix;
        return std::nullopt;
    }
};

} // namespace hialign::judge

// A chat backend on an OpenAI-compatible server (/v1/chat/completions; vLLM,
// llama.cpp server, Ollama and OpenAI speak it), through libcurl:
// temperature 0 and a fixed seed, token log-probabilities when the server
// offers them (probed on the first request, then left out if refused),
// timeouts, retries with exponential backoff on 429 and 5xx (honouring
// Retry-After), and a limit on requests in flight. The API key is read from
// an environment variable and only ever sent in the Authorization header.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include "judge/ChatBackend.h"

namespace hialign::judge {

struct HttpBackendOptions {
    std::string baseUrl;           // http://host:8000, http://host:8000/v1 or the full .../chat/completions URL
    std::string model;
    std::string keyEnv;            // name of the environment variable holding the API key; empty: no key
    std::uint64_t seed = 0;
    double timeoutSeconds = 60.0;  // per request attempt
    int retries = 4;               // further attempts after the first
    int concurrency = 4;           // requests in flight at once
    int maxTokens = 512;
    std::string logprobs = "auto"; // "auto" (probe), "on", "off"
    int topLogprobs = 20;
    double backoffSeconds = 1.0;   // the first retry's delay; doubled each time, at most 30 s

    void validate() const;         // throws InputError naming the setting
};

class HttpChatBackend : public ChatBackend {
public:
    // Reads the key from the environment now; throws InputError when keyEnv
    // names a variable that is not set.
    explicit HttpChatBackend(HttpBackendOptions options);
    ~HttpChatBackend() override;

    std::string id() const override;   // "openai:MODEL@URL"
    std::vector<ChatReply> complete(const std::vector<ChatRequest>& requests) override;

    // After the first request: whether the server gave log-probabilities.
    bool logprobsSupported() const { return logprobsState_.load() == kOn; }
    // Requests sent over HTTP so far, retries included (for tests and logs).
    int attemptsMade() const { return attempts_.load(); }

    // The endpoint URL that a base URL resolves to.
    static std::string endpointOf(const std::string& baseUrl);

private:
    enum : int { kUnknown = 0, kOn = 1, kOff = 2 };
    ChatReply send(const ChatRequest& request);

    HttpBackendOptions options_;
    std::string endpoint_;
    std::string key_;
    std::atomic<int> logprobsState_{kUnknown};
    std::atomic<int> attempts_{0};
};

} // namespace hialign::judge

#include "judge/HttpChatBackend.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <thread>
#include <vector>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include "util/Error.h"

namespace hialign::judge {

namespace {

using nlohmann::json;

void ensureCurlGlobal()
{
    static const bool done = [] {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        return true;
    }();
    (void)done;
}

struct Response {
    CURLcode code = CURLE_OK;
    long status = 0;
    std::string body;
    double retryAfter = -1.0;   // seconds from a Retry-After header, when given
    std::string curlError;
};

std::size_t onBody(char* data, std::size_t size, std::size_t n, void* user)
{
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
}

std::size_t onHeader(char* data, std::size_t size, std::size_t n, void* user)
{
    const std::string line(data, size * n);
    const std::string name = "retry-after:";
    if (line.size() > name.size()) {
        std::string head = line.substr(0, name.size());
        std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
        if (head == name) {
            char* end = nullptr;
            const double v = std::strtod(line.c_str() + name.size(), &end);
            if (end != line.c_str() + name.size() && v >= 0.0) static_cast<Response*>(user)->retryAfter = v;
        }
    }
    return size * n;
}

Response post(const std::string& url, const std::string& key, const std::string& body, double timeoutSeconds)
{
    Response r;
    CURL* curl = curl_easy_init();
    if (!curl) {
        r.code = CURLE_FAILED_INIT;
        r.curlError = "libcurl could not start a request";
        return r;
    }
    char errbuf[CURL_ERROR_SIZE] = {};
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Accept: application/json");
    std::string auth;
    if (!key.empty()) {
        auth = "Authorization: Bearer " + key;
        headers = curl_slist_append(headers, auth.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &r);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeoutSeconds * 1000.0));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min(timeoutSeconds, 30.0) * 1000.0));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "127.0.0.1,localhost,::1");
    r.code = curl_easy_perform(curl);
    if (r.code == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
    else
        r.curlError = errbuf[0] ? errbuf : curl_easy_strerror(r.code);
    // Wipe the header that carried the key before the memory is released.
    std::fill(auth.begin(), auth.end(), '\0');
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return r;
}

std::string snippet(const std::string& body)
{
    std::string s = body.substr(0, 160);
    for (char& c : s)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return body.size() > 160 ? s + "..." : s;
}

bool isConnectionFailure(CURLcode code)
{
    return code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST ||
           code == CURLE_COULDNT_RESOLVE_PROXY || code == CURLE_UNSUPPORTED_PROTOCOL ||
           code == CURLE_URL_MALFORMAT;
}

// The reply's text and, when present, its tokens with their alternatives.
ChatReply parseCompletion(const std::string& body)
{
    ChatReply reply;
    const json j = json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        reply.error = "The judge server's reply is not valid JSON: " + snippet(body);
        return reply;
    }
    const auto choices = j.find("choices");
    if (choices == j.end() || !choices->is_array() || choices->empty() || !(*choices)[0].is_object()) {
        reply.error = "The judge server's reply has no choices: " + snippet(body);
        return reply;
    }
    const json& choice = (*choices)[0];
    const auto message = choice.find("message");
    if (message == choice.end() || !message->is_object() || !message->contains("content") ||
        !(*message)["content"].is_string()) {
        reply.error = "The judge server's reply has no message content: " + snippet(body);
        return reply;
    }
    reply.text = (*message)["content"].get<std::string>();
    reply.ok = true;
    const auto lp = choice.find("logprobs");
    if (lp != choice.end() && lp->is_object() && lp->contains("content") && (*lp)["content"].is_array()) {
        for (const json& t : (*lp)["content"]) {
            if (!t.is_object() || !t.contains("token") || !t["token"].is_string()) {
                reply.tokens.clear();
                break;
            }
            ReplyToken rt;
            rt.text = t["token"].get<std::string>();
            if (t.contains("logprob") && t["logprob"].is_number()) rt.top[rt.text] = t["logprob"].get<double>();
            if (t.contains("top_logprobs") && t["top_logprobs"].is_array())
                for (const json& alt : t["top_logprobs"])
                    if (alt.is_object() && alt.contains("token") && alt["token"].is_string() &&
                        alt.contains("logprob") && alt["logprob"].is_number()) {
                        const double v = alt["logprob"].get<double>();
                        // Servers write -inf as very negative numbers or -9999; keep valid values only.
                        if (std::isfinite(v) && v <= 0.0) rt.top[alt["token"].get<std::string>()] = v;
                    }
            reply.tokens.push_back(std::move(rt));
        }
    }
    return reply;
}

} // namespace

void HttpBackendOptions::validate() const
{
    if (baseUrl.rfind("http://", 0) != 0 && baseUrl.rfind("https://", 0) != 0)
        throw InputError("The judge server URL \"" + baseUrl + "\" must start with http:// or https://.");
    if (model.empty()) throw InputError("The judge server needs a model name (model=NAME).");
    if (!(timeoutSeconds > 0.0)) throw InputError("The judge timeout must be more than 0 seconds.");
    if (retries < 0 || retries > 20) throw InputError("The judge retries must be between 0 and 20.");
    if (concurrency < 1 || concurrency > 256) throw InputError("The judge concurrency must be between 1 and 256.");
    if (maxTokens < 16) throw InputError("The judge's max-tokens must be at least 16.");
    if (logprobs != "auto" && logprobs != "on" && logprobs != "off")
        throw InputError("The judge's logprobs setting must be auto, on or off, not \"" + logprobs + "\".");
    if (topLogprobs < 1 || topLogprobs > 20) throw InputError("The judge's top-logprobs must be between 1 and 20.");
    if (backoffSeconds < 0.0) throw InputError("The judge's backoff must not be negative.");
}

std::string HttpChatBackend::endpointOf(const std::string& baseUrl)
{
    std::string u = baseUrl;
    while (!u.empty() && u.back() == '/') u.pop_back();
    const std::string full = "/chat/completions";
    if (u.size() >= full.size() && u.compare(u.size() - full.size(), full.size(), full) == 0) return u;
    if (u.size() >= 3 && u.compare(u.size() - 3, 3, "/v1") == 0) return u + full;
    return u + "/v1" + full;
}

HttpChatBackend::HttpChatBackend(HttpBackendOptions options)
    : options_(std::move(options))
{
    options_.validate();
    endpoint_ = endpointOf(options_.baseUrl);
    if (!options_.keyEnv.empty()) {
        const char* key = std::getenv(options_.keyEnv.c_str());
        if (!key || !*key)
            throw InputError("The environment variable " + options_.keyEnv +
                             " that should hold the judge server's API key is not set.");
        key_ = key;
    }
    if (options_.logprobs == "on") logprobsState_ = kOn;
    if (options_.logprobs == "off") logprobsState_ = kOff;
    ensureCurlGlobal();
}

HttpChatBackend::~HttpChatBackend()
{
    std::fill(key_.begin(), key_.end(), '\0');
}

std::string HttpChatBackend::id() const
{
    return "openai:" + options_.model + "@" + endpoint_;
}

ChatReply HttpChatBackend::send(const ChatRequest& request)
{
    json messages = json::array();
    if (!request.system.empty()) messages.push_back({{"role", "system"}, {"content", request.system}});
    messages.push_back({{"role", "user"}, {"content", request.user}});
    json body = {{"model", options_.model},
                 {"messages", messages},
                 {"temperature", 0},
                 {"seed", options_.seed},
                 {"max_tokens", options_.maxTokens}};

    std::string lastProblem;
    bool connectionFailed = false;
    for (int attempt = 0; attempt <= options_.retries; ++attempt) {
        const bool askLogprobs = logprobsState_.load() != kOff;
        if (askLogprobs) {
            body["logprobs"] = true;
            body["top_logprobs"] = options_.topLogprobs;
        } else {
            body.erase("logprobs");
            body.erase("top_logprobs");
        }
        ++attempts_;
        const Response r = post(endpoint_, key_, body.dump(-1, ' ', false, json::error_handler_t::replace),
                                options_.timeoutSeconds);
        double wait = -1.0;   // < 0: do not retry
        if (r.code != CURLE_OK) {
            connectionFailed = isConnectionFailure(r.code);
            lastProblem = r.code == CURLE_OPERATION_TIMEDOUT
                ? "no answer within " + std::to_string(static_cast<int>(std::ceil(options_.timeoutSeconds))) + " s"
                : r.curlError;
            if (r.code == CURLE_UNSUPPORTED_PROTOCOL || r.code == CURLE_URL_MALFORMAT)
                throw InputError("The judge server URL " + endpoint_ + " cannot be used: " + r.curlError + ".");
            wait = 0.0;
        } else if (r.status == 200) {
            ChatReply reply = parseCompletion(r.body);
            if (reply.ok && askLogprobs && logprobsState_.load() == kUnknown)
                logprobsState_ = reply.tokens.empty() ? kOff : kOn;
            return reply;
        } else if (r.status == 401 || r.status == 403) {
            throw Error("The judge server " + endpoint_ + " refused the request (HTTP " + std::to_string(r.status) +
                        "); check the API key in " + (options_.keyEnv.empty() ? std::string("key-env") : options_.keyEnv) +
                        ".");
        } else if ((r.status == 400 || r.status == 422) && askLogprobs && options_.logprobs == "auto") {
            // The server does not take logprobs: ask without them from now on.
            logprobsState_ = kOff;
            lastProblem = "HTTP " + std::to_string(r.status) + " with log-probabilities requested";
            --attempt;   // not a failed attempt
            continue;
        } else if (r.status == 429 || r.status >= 500) {
            lastProblem = "HTTP " + std::to_string(r.status) + ": " + snippet(r.body);
            wait = std::max(0.0, r.retryAfter);
        } else {
            ChatReply reply;
            reply.error = "The judge server answered HTTP " + std::to_string(r.status) + ": " + snippet(r.body);
            return reply;
        }
        if (attempt == options_.retries) break;
        const double backoff = std::min(30.0, options_.backoffSeconds * std::pow(2.0, attempt));
        std::this_thread::sleep_for(std::chrono::duration<double>(std::min(60.0, std::max(wait, backoff))));
    }
    if (connectionFailed)
        throw Error("The judge server " + endpoint_ + " cannot be reached: " + lastProblem + ".");
    ChatReply reply;
    reply.error = "The judge request failed after " + std::to_string(options_.retries + 1) + " attempts (" +
                  lastProblem + ").";
    return reply;
}

std::vector<ChatReply> HttpChatBackend::complete(const std::vector<ChatRequest>& requests)
{
    std::vector<ChatReply> replies(requests.size());
    if (requests.empty()) return replies;
    std::size_t first = 0;
    // Probe the server's log-probability support with one request before the others.
    if (logprobsState_.load() == kUnknown) {
        replies[0] = send(requests[0]);
        first = 1;
    }
    std::atomic<std::size_t> next{first};
    std::atomic<bool> stop{false};
    std::exception_ptr failure;
    std::mutex failureMutex;
    auto worker = [&] {
        for (;;) {
            if (stop.load()) return;
            const std::size_t i = next.fetch_add(1);
            if (i >= requests.size()) return;
            try {
                replies[i] = send(requests[i]);
            } catch (...) {
                std::lock_guard<std::mutex> lock(failureMutex);
                if (!failure) failure = std::current_exception();
                stop = true;
            }
        }
    };
    const std::size_t threads =
        std::min<std::size_t>(static_cast<std::size_t>(options_.concurrency), requests.size() - first);
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (std::thread& t : pool) t.join();
    if (failure) std::rethrow_exception(failure);
    return replies;
}

} // namespace hialign::judge

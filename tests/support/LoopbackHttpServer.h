// A small HTTP/1.1 server on 127.0.0.1 for backend tests: one thread accepts
// connections, one thread per connection answers one request and closes it.
// Answers come from a scripted queue, then from a default handler. It records
// every request and the most requests it ever had in flight (from the
// connection's accept until its answer is sent). Bounded: it
// stops when destroyed. POSIX sockets only.
//
// An answer is never held for a time: it can wait for a state (so many
// requests in flight at once, or the client closing the connection), and
// each such wait is bounded only by a hang guard (kHangGuard) far beyond
// anything a test waits for.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hialign::test {

struct HttpAnswer {
    int status = 200;
    std::string body;
    // > 0: hold the answer until this many requests have been in flight at
    // once (concurrency limits), then answer.
    int holdUntilInFlight = 0;
    std::vector<std::string> headers;     // extra header lines, e.g. "Retry-After: 0"
    // Never answer: hold the connection until the client closes it, i.e. until
    // it has given up (client timeouts). Only the hang guard sends the answer.
    bool holdUntilClientGivesUp = false;
};

struct HttpRequestSeen {
    std::string head;                     // request line and headers
    std::string body;
};

class LoopbackHttpServer {
public:
    using Handler = std::function<HttpAnswer(const HttpRequestSeen&)>;
    // Bounds every hold: a hang guard, never what a test's outcome depends on.
    static constexpr std::chrono::seconds kHangGuard{60};

    explicit LoopbackHttpServer(Handler fallback = {})
        : fallback_(std::move(fallback))
    {
        listenFd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        ::setsockopt(listenFd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        if (::bind(listenFd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listenFd_, 64) != 0)
            throw std::runtime_error("loopback server: cannot listen");
        socklen_t len = sizeof addr;
        ::getsockname(listenFd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
        acceptor_ = std::thread([this] { acceptLoop(); });
    }

    ~LoopbackHttpServer()
    {
        {
            std::lock_guard<std::mutex> lock(holdMutex_);
            stopping_ = true;
        }
        holdChanged_.notify_all();
        acceptor_.join();
        ::close(listenFd_);
        std::vector<std::thread> workers;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            workers.swap(workers_);
        }
        for (auto& t : workers) t.join();
    }

    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    void script(HttpAnswer answer)
    {
        std::lock_guard<std::mutex> lock(mutex_);
        queue_.push_back(std::move(answer));
    }

    std::vector<HttpRequestSeen> requests() const
    {
        std::lock_guard<std::mutex> lock(mutex_);
        return seen_;
    }
    int maxInFlight() const { return maxInFlight_.load(); }
    // Held connections (holdUntilClientGivesUp) that the client closed unanswered.
    int clientsGaveUp() const { return clientsGaveUp_.load(); }

private:
    void acceptLoop()
    {
        while (!stopping_) {
            pollfd p{listenFd_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            const int fd = ::accept(listenFd_, nullptr, nullptr);
            if (fd < 0) continue;
            std::lock_guard<std::mutex> lock(mutex_);
            workers_.emplace_back([this, fd] { serve(fd); });
        }
    }

    // Reads until the whole request (headers and Content-Length body) is in; bounded to 5 s.
    static bool readRequest(int fd, HttpRequestSeen& out)
    {
        std::string data;
        char buf[4096];
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        std::size_t headEnd = std::string::npos, need = 0;
        while (std::chrono::steady_clock::now() < deadline) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
            if (n <= 0) return false;
            data.append(buf, static_cast<std::size_t>(n));
            if (headEnd == std::string::npos) {
                headEnd = data.find("\r\n\r\n");
                if (headEnd == std::string::npos) continue;
                std::string lower = data.substr(0, headEnd);
                std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
                const std::size_t cl = lower.find("content-length:");
                need = cl == std::string::npos ? 0 : std::stoul(lower.substr(cl + 15));
            }
            if (data.size() >= headEnd + 4 + need) {
                out.head = data.substr(0, headEnd);
                out.body = data.substr(headEnd + 4, need);
                return true;
            }
        }
        return false;
    }

    // Until the peer has closed its end (recv reads end of file or fails);
    // false when the hang guard or the server's stop came first.
    bool waitForClientClose(int fd)
    {
        const auto deadline = std::chrono::steady_clock::now() + kHangGuard;
        char buf[512];
        while (!stopping_ && std::chrono::steady_clock::now() < deadline) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            if (::recv(fd, buf, sizeof buf, 0) <= 0) return true;   // anything else sent is ignored
        }
        return false;
    }

    // Until `count` requests have been in flight at once (or the hang guard, or the stop).
    void waitForInFlight(int count)
    {
        std::unique_lock<std::mutex> lock(holdMutex_);
        holdChanged_.wait_for(lock, kHangGuard, [&] { return stopping_.load() || maxInFlight_.load() >= count; });
    }

    void serve(int fd)
    {
        const int now = ++inFlight_;
        {
            std::lock_guard<std::mutex> lock(holdMutex_);
            int prev = maxInFlight_.load();
            while (now > prev && !maxInFlight_.compare_exchange_weak(prev, now)) {}
        }
        holdChanged_.notify_all();
        HttpRequestSeen req;
        if (readRequest(fd, req)) {
            HttpAnswer answer;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                seen_.push_back(req);
                if (!queue_.empty()) {
                    answer = queue_.front();
                    queue_.pop_front();
                } else if (fallback_) {
                    answer = fallback_(req);
                } else {
                    answer = {500, "{\"error\":\"nothing scripted\"}"};
                }
            }
            if (answer.holdUntilInFlight > 0)
                waitForInFlight(answer.holdUntilInFlight);
            if (answer.holdUntilClientGivesUp && waitForClientClose(fd)) {
                ++clientsGaveUp_;
                --inFlight_;
                ::close(fd);
                return;
            }
            std::string out = "HTTP/1.1 " + std::to_string(answer.status) + " X\r\nContent-Type: application/json\r\n";
            for (const std::string& h : answer.headers) out += h + "\r\n";
            out += "Content-Length: " + std::to_string(answer.body.size()) + "\r\nConnection: close\r\n\r\n" + answer.body;
            // Out of flight before the client can see the answer: once it has it, the
            // client may open its next request while this thread is still closing.
            --inFlight_;
            ::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
        } else {
            --inFlight_;
        }
        ::close(fd);
    }

    Handler fallback_;
    int listenFd_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::thread acceptor_;
    mutable std::mutex mutex_;
    std::vector<std::thread> workers_;
    std::deque<HttpAnswer> queue_;
    std::vector<HttpRequestSeen> seen_;
    std::atomic<int> inFlight_{0};
    std::atomic<int> maxInFlight_{0};
    std::atomic<int> clientsGaveUp_{0};
    std::mutex holdMutex_;                  // with holdChanged_: maxInFlight_ and stopping_
    std::condition_variable holdChanged_;
};

} // namespace hialign::test

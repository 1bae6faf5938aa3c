#include "TrainProgress.h"

#include "sweep/SampleJudge.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace hialign::cli {

namespace {

std::string formatDuration(double seconds)
{
    const long s = std::lround(std::max(0.0, seconds));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

void printEval(const train::StepMetrics& m)
{
    std::fprintf(stderr, "\r\033[Keval @ step %lld: loss %.4f  margin %+.4f  accuracy %.2f\n",
                 static_cast<long long>(m.step), m.value("loss"), m.value("rewards/margins"),
                 m.value("rewards/accuracies"));
}

void printStep(const train::StepMetrics& m, double eta)
{
    const int width = 24;
    const int filled = m.totalSteps > 0 ? static_cast<int>(width * m.step / m.totalSteps) : 0;
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(static_cast<size_t>(width), '.');
    std::fprintf(stderr, "\r\033[K[%s] step %lld/%lld  loss %.4f  margin %+.4f  acc %.2f  %.0f tok/s  ETA %s",
                 bar.c_str(), static_cast<long long>(m.step), static_cast<long long>(m.totalSteps),
                 m.value("loss"), m.value("rewards/margins"), m.value("rewards/accuracies"),
                 m.value("tokens_per_second"), formatDuration(eta).c_str());
    if (m.step == m.totalSteps)
        std::fprintf(stderr, "\n");
    std::fflush(stderr);
}

} // namespace

train::TrainCallbacks progressCallbacks(bool quiet)
{
    auto start = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
    auto first = std::make_shared<std::int64_t>(-1);
    train::TrainCallbacks cb;
    cb.onMessage = [](const std::string& m) { std::fprintf(stderr, "\r\033[K%s\n", m.c_str()); };
    cb.onMetrics = [quiet, start, first](const train::StepMetrics& m) {
        if (quiet)
            return;
        if (m.eval) {
            printEval(m);
            return;
        }
        if (*first < 0) {
            *first = m.step - 1;
            *start = std::chrono::steady_clock::now() - std::chrono::milliseconds(
                                                            static_cast<long>(m.value("step_time_ms")));
        }
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - *start).count();
        const double perStep = elapsed / static_cast<double>(std::max<std::int64_t>(1, m.step - *first));
        printStep(m, perStep * static_cast<double>(m.totalSteps - m.step));
    };
    // Answers over training: one line per sampled step, and their judge.
    cb.onSamples = [quiet](const std::vector<train::SampleRecord>& records) {
        if (quiet || records.empty())
            return;
        double sum = 0;
        int judged = 0;
        for (const train::SampleRecord& r : records)
            for (const train::SampleScore& s : r.scores)
                if (s.score) {
                    sum += *s.score;
                    ++judged;
                }
        if (judged > 0)
            std::fprintf(stderr, "\r\033[Ksamples @ step %lld: %zu answers, mean judged score %.3f\n",
                         static_cast<long long>(records.front().step), records.size(), sum / judged);
        else
            std::fprintf(stderr, "\r\033[Ksamples @ step %lld: %zu answers\n", static_cast<long long>(records.front().step),
                         records.size());
    };
    cb.makeSampleJudge = sweep::sampleJudgeFor;
    return cb;
}

int outcomeStatus(const train::TrainOutcome& o, const std::string& runDir)
{
    if (o.status == "failed") {
        std::fprintf(stderr, "hialign-cli: %s\n", o.message.c_str());
        return 1;
    }
    std::printf("%s\n", o.message.c_str());
    if (o.status == "finished")
        std::printf("adapter: %s\n", (std::filesystem::path(runDir) / "adapter").string().c_str());
    return 0;
}

} // namespace hialign::cli

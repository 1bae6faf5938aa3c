#include "settings/RunFolder.h"

#include "util/AtomicFile.h"
#include "util/Hash.h"
#include "util/Json.h"

#include <cstdio>
#include <fstream>
#include <iomanip>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

#include "util/Error.h"

namespace hialign::train {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path RunFolder::checkpointDir(std::int64_t step) const
{
    return checkpointsDir() / ("step-" + std::to_string(step));
}

bool RunFolder::exists() const
{
    return fs::exists(runJsonPath());
}

void RunFolder::create() const
{
    if (exists())
        throw InputError("run folder " + dir_.string() + " already holds a run; resume it or choose another folder");
    if (fs::exists(dir_) && !fs::is_directory(dir_))
        throw InputError("run folder " + dir_.string() + " exists and is not a folder");
    std::error_code ec;
    fs::create_directories(dir_ / "checkpoints", ec);
    if (ec)
        throw InputError("cannot create run folder " + dir_.string() + ": " + ec.message());
}

json RunFolder::readRunJson() const
{
    if (!exists())
        throw InputError(dir_.string() + " is not a run folder (no run.json)");
    return util::readJsonFile(runJsonPath());
}

void RunFolder::writeRunJson(const json& j) const
{
    util::writeJsonAtomic(runJsonPath(), j);
}

std::string RunFolder::status() const
{
    if (!exists())
        return "";
    const json j = readRunJson();
    return j.is_object() ? j.value("status", std::string()) : std::string();
}

void RunFolder::setStatus(const std::string& status, const std::string& message) const
{
    json j = readRunJson();
    j["status"] = status;
    j["message"] = message;
    writeRunJson(j);
}

void RunFolder::appendMetrics(const json& line) const
{
    util::appendJsonl(metricsPath(), {line});
}

std::vector<json> RunFolder::readMetrics() const
{
    return util::readJsonlPrefix(metricsPath());
}

void RunFolder::truncateMetricsAfter(std::int64_t step) const
{
    util::keepJsonlThroughStep(metricsPath(), step);
}

std::vector<std::int64_t> RunFolder::checkpoints() const
{
    std::vector<std::int64_t> steps;
    std::error_code ec;
    if (!fs::is_directory(checkpointsDir(), ec))
        return steps;
    for (const auto& e : fs::directory_iterator(checkpointsDir(), ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind("step-", 0) != 0 || !fs::exists(trainerStateFile(e.path())))
            continue;
        try {
            size_t used = 0;
            const std::int64_t s = std::stoll(name.substr(5), &used);
            if (used == name.size() - 5)
                steps.push_back(s);
        } catch (const std::exception&) {
        }
    }
    std::sort(steps.begin(), steps.end());
    return steps;
}

std::optional<std::int64_t> RunFolder::newestCheckpoint() const
{
    const auto all = checkpoints();
    if (all.empty())
        return std::nullopt;
    return all.back();
}

std::string fileFingerprint(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return "";
    // FNV-1a from the basis 1469598103934665603, not FNV's 14695981039346656037
    // (a digit short): kept, since run.json records these fingerprints and
    // resuming compares them.
    std::uint64_t h = 1469598103934665603ull;
    char buf[1 << 16];
    auto mix = [&h](const char* data, std::streamsize n) {
        h = util::fnv1a64(std::string_view(data, static_cast<std::size_t>(n)), h);
    };
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    constexpr std::uintmax_t kWhole = 64ull << 20;
    if (ec || size <= kWhole) {
        while (in) {
            in.read(buf, sizeof buf);
            mix(buf, in.gcount());
        }
    } else {
        // Large weight files: the size, the first MiB (the safetensors header
        // with every tensor's name, dtype, shape and offset) and 64 KiB at 32
        // evenly spaced places, so that starting a run never reads gigabytes.
        const std::string sizeText = std::to_string(size);
        mix(sizeText.data(), static_cast<std::streamsize>(sizeText.size()));
        for (int k = 0; k < 16; ++k) {
            in.read(buf, sizeof buf);
            mix(buf, in.gcount());
        }
        for (std::uintmax_t k = 1; k <= 32; ++k) {
            in.clear();
            in.seekg(static_cast<std::streamoff>((size - sizeof buf) / 32 * k));
            in.read(buf, sizeof buf);
            mix(buf, in.gcount());
        }
    }
    std::ostringstream os;
    os << std::hex << std::setw(16) << std::setfill('0') << h;
    return os.str();
}

} // namespace hialign::train

#include "CliCommon.h"

#include <cstdio>
#include <filesystem>
#include <sstream>

#include <limits>

#include "config/HubCache.h"
#include "probe/ProbeFiles.h"
#include "util/Error.h"
#include "util/Paths.h"

namespace hialign::cli {

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> out;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ','))
        if (!item.empty())
            out.push_back(item);
    return out;
}

std::string joinList(const std::vector<std::string>& items)
{
    std::string out;
    for (const std::string& s : items)
        out += (out.empty() ? "" : ",") + s;
    return out;
}

std::string joinList(const std::vector<std::uint64_t>& items)
{
    std::vector<std::string> texts;
    for (const std::uint64_t v : items)
        texts.push_back(std::to_string(v));
    return joinList(texts);
}

std::vector<std::uint64_t> parseSeeds(const std::string& text)
{
    std::vector<std::uint64_t> seeds;
    for (const std::string& p : splitList(text)) {
        if (p.empty() || p.find_first_not_of("0123456789") != std::string::npos || p.size() > 18)
            throw InputError("--seeds takes whole numbers separated by commas, and \"" + p + "\" is not one");
        seeds.push_back(std::stoull(p));
    }
    return seeds;
}

void addDeviceOptions(CLI::App& cmd, std::string& device, std::string& dtype)
{
    cmd.add_option("--device", device, "auto, cpu, cuda or cuda:N")->capture_default_str();
    cmd.add_option("--dtype", dtype, "float32, bfloat16 or float16 (default: float32 on CPU, the weights' on GPU)");
}

std::string modelArg(const std::string& spec)
{
    return io::locateModel(spec).dir.string();
}

std::string modelOrDemo(const std::string& modelDir)
{
    if (!modelDir.empty())
        return modelArg(modelDir);
    const std::filesystem::path demo = demoLabDir();
    if (demo.empty())
        throw InputError("no MODEL_DIR was given and no demo lab is installed; pass a model folder "
                         "or build a lab with 'hialign-cli world build --out DIR'");
    return (demo / "model").string();
}

std::string shortNumber(double v)
{
    std::ostringstream o;
    o << v;
    return o.str();
}

void printToStderr(const std::string& line)
{
    std::fprintf(stderr, "%s\n", line.c_str());
}

std::vector<std::vector<std::int64_t>> parseIdRows(const std::string& text, std::int64_t vocabSize)
{
    const std::int64_t limit = vocabSize > 0 ? vocabSize : std::numeric_limits<std::int32_t>::max();
    std::vector<std::vector<std::int64_t>> rows;
    std::stringstream rowStream(text);
    std::string row;
    while (std::getline(rowStream, row, ';')) {
        rows.emplace_back();
        std::stringstream itemStream(row);
        std::string item;
        while (std::getline(itemStream, item, ',')) {
            std::size_t used = 0;
            long long v = -1;
            try {
                v = std::stoll(item, &used);
            } catch (const std::exception&) {
            }
            if (used != item.size() || v < 0 || v >= limit)
                throw InputError("--ids item \"" + item + "\" is not a token id"
                                 + (vocabSize > 0 ? " below the vocabulary size " + std::to_string(vocabSize)
                                                  : std::string()));
            rows.back().push_back(v);
        }
        if (rows.back().empty())
            throw InputError("--ids row " + std::to_string(rows.size()) + " has no token ids");
    }
    if (rows.empty())
        throw InputError("--ids has no token ids");
    return rows;
}

std::pair<int, int> parseCuts(const std::string& text)
{
    const std::vector<std::string> items = splitList(text);
    std::pair<int, int> cuts;
    int* out[2] = {&cuts.first, &cuts.second};
    bool ok = items.size() == 2;
    for (std::size_t i = 0; ok && i < 2; ++i) {
        std::size_t used = 0;
        try {
            *out[i] = std::stoi(items[i], &used);
        } catch (const std::exception&) {
            used = 0;
        }
        ok = used > 0 && used == items[i].size();
    }
    if (!ok)
        throw InputError("--cuts needs two whole numbers A,B, got \"" + text + "\"");
    return cuts;
}

std::pair<int, int> cutsFromProbe(const std::string& fileOrDir)
{
    if (!std::filesystem::exists(fileOrDir))
        throw InputError("--cuts-from names " + fileOrDir + ", which does not exist");
    const probe::ProbeResult r = probe::readProbeJson(fileOrDir);
    if (!r.cuts.available)
        throw InputError("the probe in " + fileOrDir + " suggests no cuts (its model has fewer than 3 layers)");
    return {r.cuts.suggested.cut1, r.cuts.suggested.cut2};
}

} // namespace hialign::cli

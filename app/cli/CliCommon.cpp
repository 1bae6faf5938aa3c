#include "CliCommon.h"

#include <cstdio>
#include <filesystem>
#include <sstream>

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

std::string modelOrDemo(const std::string& modelDir)
{
    if (!modelDir.empty())
        return modelDir;
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

} // namespace hialign::cli

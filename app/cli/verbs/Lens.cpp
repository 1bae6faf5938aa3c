// hialign-cli lens: the logit lens, one row per layer (lens/LogitLens.h).
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../CliCommon.h"
#include "../Verbs.h"
#include "lens/LogitLens.h"
#include "util/Error.h"

namespace hialign::cli {

namespace {

using nlohmann::json;

struct LensOptions {
    std::string modelDir, adapter, prompt, expect, chosen, rejected, dataFile;
    int pairs = 0;
    int top = 3;
    bool json = false;
    std::string device = kAutoDevice, dtype;
};

// Length of the well-formed UTF-8 sequence at s[i], 0 when there is none.
std::size_t utf8Sequence(const std::string& s, std::size_t i)
{
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
            return 0;
    return n;
}

// A token's text quoted, with what would break a table line escaped: quotes,
// backslashes, control characters, and bytes that are not whole UTF-8
// characters (a token may hold part of one).
std::string quoted(const std::string& text)
{
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t n = utf8Sequence(text, i);
        if (c == '"' || c == '\\')
            out += std::string("\\") + static_cast<char>(c);
        else if (c == '\n')
            out += "\\n";
        else if (c == '\t')
            out += "\\t";
        else if (n == 0 || c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += text.substr(i, n);
            i += n;
            continue;
        }
        ++i;
    }
    return out + "\"";
}

std::string fixed(double v, int digits)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string signedFixed(double v, int digits)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%+.*f", digits, v);
    return buf;
}

// Display width of UTF-8 text: its code points.
std::size_t width(const std::string& s)
{
    std::size_t n = 0;
    for (unsigned char c : s)
        n += (c & 0xC0) != 0x80;
    return n;
}

// Columns padded to their widest cell: left-aligned where `left` says so
// (text), right-aligned otherwise (numbers).
void printTable(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& left)
{
    std::vector<std::size_t> w;
    for (const auto& r : rows)
        for (std::size_t i = 0; i < r.size(); ++i) {
            if (w.size() <= i)
                w.push_back(0);
            w[i] = std::max(w[i], width(r[i]));
        }
    for (const auto& r : rows) {
        std::string line;
        for (std::size_t i = 0; i < r.size(); ++i) {
            const std::string pad(w[i] - width(r[i]), ' ');
            line += (i ? "  " : "") + (i < left.size() && left[i] ? r[i] + pad : pad + r[i]);
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        std::cout << line << "\n";
    }
}

std::string tokenText(const lens::LensResult& r, std::int32_t id)
{
    const auto it = r.tokens.find(id);
    return it == r.tokens.end() ? std::to_string(id) : it->second;
}

std::string topCell(const lens::LensResult& r, const std::vector<lens::TokenProb>& top)
{
    std::string cell;
    for (const auto& t : top)
        cell += (cell.empty() ? "" : "  ") + quoted(tokenText(r, t.id)) + " " + fixed(t.prob, 2);
    return cell;
}

// ---- JSON ----

json layerJson(const lens::LensResult& r, const lens::Readout& o, std::size_t layer)
{
    json j;
    json top = json::array();
    for (const auto& t : o.top[layer])
        top.push_back({{"id", t.id}, {"token", tokenText(r, t.id)}, {"prob", t.prob}});
    j["top"] = std::move(top);
    if (!o.expectedLogp.empty())
        j["expected_logp"] = o.expectedLogp[layer];
    if (!o.margin.empty())
        j["margin"] = o.margin[layer];
    return j;
}

json diffJson(const lens::LensCase& c, std::size_t layer)
{
    json j = json::object();
    if (!c.base.expectedLogp.empty())
        j["expected_logp"] = c.adapted->expectedLogp[layer] - c.base.expectedLogp[layer];
    if (!c.base.margin.empty())
        j["margin"] = c.adapted->margin[layer] - c.base.margin[layer];
    j["top_changed"] = c.adapted->top[layer].front().id != c.base.top[layer].front().id;
    return j;
}

json caseJson(const lens::LensResult& r, const lens::LensCase& c)
{
    json j;
    if (c.input.line > 0)
        j["line"] = c.input.line;
    j["prompt"] = c.input.promptText;
    j["prompt_ids"] = c.input.prompt;
    if (c.input.expected >= 0) {
        j["expected_id"] = c.input.expected;
        j["expected_token"] = tokenText(r, c.input.expected);
    }
    if (c.input.pair) {
        j["chosen_ids"] = c.input.pair->chosen;
        j["rejected_ids"] = c.input.pair->rejected;
    }
    json layers = json::array();
    for (std::size_t L = 0; L < c.base.top.size(); ++L) {
        json e{{"layer", L}, {"base", layerJson(r, c.base, L)}};
        if (c.adapted) {
            e["adapted"] = layerJson(r, *c.adapted, L);
            e["diff"] = diffJson(c, L);
        }
        layers.push_back(std::move(e));
    }
    j["layers"] = std::move(layers);
    return j;
}

json resultJson(const lens::LensResult& r, const LensOptions& o)
{
    json j{{"model", r.modelDir}, {"num_layers", r.numLayers}, {"top_k", r.topK}, {"device", r.device},
           {"dtype", r.dtype}};
    if (r.hasAdapter())
        j["adapter"] = r.adapterDir;
    if (!r.fromData) {
        j.update(caseJson(r, r.cases.front()));
        return j;
    }
    j["data"] = o.dataFile;
    j["pairs"] = r.cases.size();
    // Means over the pairs, per layer.
    const auto means = [&](bool adapted) {
        return std::make_pair(r.meanExpectedLogp(adapted), r.meanMargin(adapted));
    };
    const auto [baseLogp, baseMargin] = means(false);
    const auto [adLogp, adMargin] = means(true);
    json layers = json::array();
    for (int L = 0; L < r.numLayers; ++L) {
        const auto l = static_cast<std::size_t>(L);
        json e{{"layer", L}, {"base", {{"expected_logp", baseLogp[l]}, {"margin", baseMargin[l]}}}};
        if (r.hasAdapter()) {
            e["adapted"] = {{"expected_logp", adLogp[l]}, {"margin", adMargin[l]}};
            e["diff"] = {{"expected_logp", adLogp[l] - baseLogp[l]}, {"margin", adMargin[l] - baseMargin[l]}};
        }
        layers.push_back(std::move(e));
    }
    j["layers"] = std::move(layers);
    json perPair = json::array();
    for (const auto& c : r.cases)
        perPair.push_back(caseJson(r, c));
    j["per_pair"] = std::move(perPair);
    return j;
}

// ---- Tables ----

void printPromptTable(const lens::LensResult& r)
{
    const lens::LensCase& c = r.cases.front();
    const bool ad = r.hasAdapter();
    const bool expected = c.input.expected >= 0;
    const bool pair = c.input.pair.has_value();
    std::cout << "prompt " << quoted(c.input.promptText) << ", " << c.input.prompt.size() << " tokens";
    if (expected)
        std::cout << "; expected first token " << quoted(tokenText(r, c.input.expected));
    if (pair)
        std::cout << "; margin: log p(chosen) - log p(rejected), " << c.input.pair->chosen.size() << " vs "
                  << c.input.pair->rejected.size() << " completion tokens";
    std::cout << "\n";

    const std::string lp = "log p(" + quoted(expected ? tokenText(r, c.input.expected) : "") + ")";
    std::vector<std::vector<std::string>> rows;
    const std::string top = "top " + std::to_string(r.topK);
    std::vector<std::string> head{"layer", ad ? top + " (base)" : top};
    std::vector<bool> left{false, true};
    if (ad) {
        head.push_back(top + " (adapted)");
        left.push_back(true);
    }
    const auto addNumbers = [&](const std::string& name) {
        if (ad) {
            head.insert(head.end(), {name + " base", "adapted", "diff"});
            left.insert(left.end(), {false, false, false});
        } else {
            head.push_back(name);
            left.push_back(false);
        }
    };
    if (expected)
        addNumbers(lp);
    if (pair)
        addNumbers("margin");
    rows.push_back(head);
    const auto numbers = [&](std::vector<std::string>& row, const std::vector<double>& b,
                             const std::vector<double>* a, std::size_t L) {
        row.push_back(fixed(b[L], 3));
        if (a) {
            row.push_back(fixed((*a)[L], 3));
            row.push_back(signedFixed((*a)[L] - b[L], 3));
        }
    };
    for (std::size_t L = 0; L < c.base.top.size(); ++L) {
        std::vector<std::string> row{std::to_string(L), topCell(r, c.base.top[L])};
        if (ad)
            row.push_back(topCell(r, c.adapted->top[L]));
        if (expected)
            numbers(row, c.base.expectedLogp, ad ? &c.adapted->expectedLogp : nullptr, L);
        if (pair)
            numbers(row, c.base.margin, ad ? &c.adapted->margin : nullptr, L);
        rows.push_back(std::move(row));
    }
    printTable(rows, left);
}

void printDataTable(const lens::LensResult& r, const LensOptions& o)
{
    const bool ad = r.hasAdapter();
    std::cout << r.cases.size() << " pairs of " << o.dataFile
              << "; per layer, means over the pairs: log p of the chosen completion's first token and the "
                 "margin log p(chosen) - log p(rejected)\n";
    std::vector<std::string> head{"layer"};
    if (ad)
        head.insert(head.end(), {"log p base", "adapted", "diff", "margin base", "adapted", "diff"});
    else
        head.insert(head.end(), {"log p(chosen 1st)", "margin"});
    std::vector<std::vector<std::string>> rows{head};
    const auto bl = r.meanExpectedLogp(false), bm = r.meanMargin(false);
    const auto al = r.meanExpectedLogp(true), am = r.meanMargin(true);
    for (std::size_t L = 0; L < bl.size(); ++L) {
        std::vector<std::string> row{std::to_string(L), fixed(bl[L], 3)};
        if (ad)
            row.insert(row.end(), {fixed(al[L], 3), signedFixed(al[L] - bl[L], 3)});
        row.push_back(fixed(bm[L], 3));
        if (ad)
            row.insert(row.end(), {fixed(am[L], 3), signedFixed(am[L] - bm[L], 3)});
        rows.push_back(std::move(row));
    }
    printTable(rows, std::vector<bool>(head.size(), false));
}

int runLens(const LensOptions& o, const CLI::App& cmd)
{
    lens::LensRequest q;
    q.modelDir = modelArg(o.modelDir);
    q.adapterDir = o.adapter;
    q.prompt = o.prompt;
    if (cmd.count("--expect"))
        q.expected = o.expect;
    if (cmd.count("--chosen"))
        q.chosen = o.chosen;
    if (cmd.count("--rejected"))
        q.rejected = o.rejected;
    q.dataFile = o.dataFile;
    q.pairs = o.pairs;
    q.topK = o.top;
    q.device = o.device;
    q.dtype = o.dtype;
    if (!cmd.count("--prompt") && o.dataFile.empty())
        throw InputError("give --prompt TEXT or --data FILE");
    if (cmd.count("--prompt") && o.prompt.empty())
        throw InputError("the prompt is empty");
    // Everything is computed before anything is printed: a refusal prints nothing on stdout.
    const lens::LensResult r = lens::runLens(q);
    if (o.json) {
        // A token's text may hold part of a UTF-8 character: such bytes become U+FFFD.
        std::cout << resultJson(r, o).dump(1, ' ', false, json::error_handler_t::replace) << "\n";
        return 0;
    }
    std::cout << "logit lens of " << r.modelDir << " (" << r.numLayers << " layers, " << r.device << ", " << r.dtype
              << ")" << (r.hasAdapter() ? " with adapter " + r.adapterDir + "; diff = adapted - base" : "")
              << "\n";
    if (r.fromData)
        printDataTable(r, o);
    else
        printPromptTable(r);
    return 0;
}

} // namespace

void addLens(CLI::App& app, Verbs& verbs)
{
    auto o = std::make_shared<LensOptions>();
    CLI::App* cmd = app.add_subcommand(
        "lens", "Logit lens: each layer's residual stream read through the final norm and head (top tokens, an "
                "expected token's log-prob, a pair's margin), base and adapted");
    cmd->add_option("MODEL", o->modelDir, "Hugging Face model folder or ORG/NAME[@REVISION] from the hub cache")
        ->required();
    cmd->add_option("--adapter", o->adapter,
                    "PEFT LoRA adapter folder: base and adapted side by side, and their difference");
    CLI::Option* prompt =
        cmd->add_option("--prompt", o->prompt, "Prompt text, tokenized as training tokenizes a preference prompt");
    cmd->add_option("--expect", o->expect,
                    "Expected continuation: the log-prob of its first token per layer (default with a pair: the "
                    "chosen completion)");
    CLI::Option* chosen = cmd->add_option("--chosen", o->chosen, "Chosen completion of a preference pair");
    CLI::Option* rejected = cmd->add_option("--rejected", o->rejected, "Rejected completion of a preference pair");
    chosen->needs(rejected);
    rejected->needs(chosen);
    CLI::Option* data = cmd->add_option("--data", o->dataFile,
                                        "Preference file (JSONL or JSON array): per-layer means over its pairs");
    cmd->add_option("--pairs", o->pairs, "With --data: the first N pairs (default: all)")
        ->check(CLI::NonNegativeNumber);
    data->excludes(prompt);
    chosen->needs(prompt);
    cmd->add_option("--top", o->top, "Top tokens shown per layer")->capture_default_str();
    cmd->add_flag("--json", o->json, "One JSON object on stdout instead of the table");
    addDeviceOptions(*cmd, o->device, o->dtype);
    verbs.push_back({cmd, [o, cmd] { return runLens(*o, *cmd); }});
}

} // namespace hialign::cli

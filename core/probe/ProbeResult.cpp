#include "probe/ProbeResult.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "align/LayerPlan.h"
#include "util/Error.h"

namespace hialign::probe {

using nlohmann::json;

namespace {

constexpr const char* kFormat = "hialign-probe";
constexpr int kVersion = 1;

json estimateMatrixJson(const EstimateMatrix& m)
{
    json rows = json::array();
    for (const auto& row : m) {
        json r = json::array();
        for (const auto& e : row)
            r.push_back({{"change", e.change}, {"low", e.low}, {"high", e.high}});
        rows.push_back(std::move(r));
    }
    return rows;
}

json choiceJson(const CutChoice& c)
{
    json blocks = json::array();
    for (int b : c.blockOf)
        blocks.push_back(align::blockName(static_cast<align::Block>(b)));
    return {{"cut1", c.cut1}, {"cut2", c.cut2}, {"blocks", blocks}, {"objective", c.objective}};
}

// Reading: every failure is one sentence naming the file and the field.
class Reader {
public:
    explicit Reader(std::string source) : source_(std::move(source)) {}

    [[noreturn]] void fail(const std::string& what) const { throw InputError(source_ + ": " + what); }

    const json& field(const json& j, const char* key, const std::string& where) const
    {
        if (!j.is_object() || !j.contains(key))
            fail("the field \"" + where + key + "\" is missing");
        return j.at(key);
    }
    double number(const json& j, const char* key, const std::string& where) const
    {
        const json& v = field(j, key, where);
        if (!v.is_number())
            fail("the field \"" + where + key + "\" is not a number");
        return v.get<double>();
    }
    std::int64_t integer(const json& j, const char* key, const std::string& where) const
    {
        const json& v = field(j, key, where);
        if (!v.is_number_integer())
            fail("the field \"" + where + key + "\" is not a whole number");
        return v.get<std::int64_t>();
    }
    std::string text(const json& j, const char* key, const std::string& where) const
    {
        const json& v = field(j, key, where);
        if (!v.is_string())
            fail("the field \"" + where + key + "\" is not a string");
        return v.get<std::string>();
    }
    // An array of `n` elements.
    const json& array(const json& j, const char* key, const std::string& where, std::size_t n) const
    {
        const json& v = field(j, key, where);
        if (!v.is_array() || v.size() != n)
            fail("the field \"" + where + key + "\" is not a list of " + std::to_string(n) + " entries");
        return v;
    }
    EstimateMatrix estimates(const json& j, const char* key, const std::string& where, int layers,
                             std::size_t dims) const
    {
        const json& rows = array(j, key, where, static_cast<std::size_t>(layers));
        EstimateMatrix m;
        for (const json& row : rows) {
            if (!row.is_array() || row.size() != dims)
                fail("a row of \"" + where + key + "\" does not hold " + std::to_string(dims) + " dimensions");
            std::vector<Estimate> r;
            for (const json& e : row)
                r.push_back({number(e, "change", where + key + "[].[]."), number(e, "low", where + key + "[].[]."),
                             number(e, "high", where + key + "[].[].")});
            m.push_back(std::move(r));
        }
        return m;
    }
    CutChoice choice(const json& j, const std::string& where, int layers, std::size_t dims) const
    {
        CutChoice c;
        c.cut1 = static_cast<int>(integer(j, "cut1", where));
        c.cut2 = static_cast<int>(integer(j, "cut2", where));
        if (!(0 < c.cut1 && c.cut1 < c.cut2 && c.cut2 < layers))
            fail("the cuts in \"" + where + "\" do not satisfy 0 < cut1 < cut2 < " + std::to_string(layers));
        for (const json& b : array(j, "blocks", where, dims)) {
            if (b == "local") c.blockOf.push_back(0);
            else if (b == "intermediate") c.blockOf.push_back(1);
            else if (b == "global") c.blockOf.push_back(2);
            else fail("\"" + where + "blocks\" names a block other than local, intermediate or global");
        }
        c.objective = number(j, "objective", where);
        return c;
    }

private:
    std::string source_;
};

} // namespace

const char* componentName(Component c)
{
    switch (c) {
    case Component::Attention: return "attention";
    case Component::Mlp: return "mlp";
    case Component::Both: return "both";
    }
    return "both";
}

Profiles ProbeResult::importance() const
{
    Profiles p(dimensions.size(), std::vector<double>(static_cast<std::size_t>(numLayers), 0.0));
    for (std::size_t d = 0; d < dimensions.size(); ++d)
        for (std::size_t l = 0; l < static_cast<std::size_t>(numLayers); ++l) {
            if (ablate)
                p[d][l] = std::max(0.0, -margin[static_cast<int>(Component::Both)][l][d].change);
            else if (gradient)
                p[d][l] = gradientNorm[l][d];
        }
    return p;
}

void summarizeCuts(ProbeResult& r)
{
    r.cuts = {};
    if (r.numLayers < 3 || r.dimensions.empty() || (!r.ablate && !r.gradient))
        return;
    r.cuts.available = true;
    r.cuts.source = r.ablate ? "ablation" : "gradient";
    r.cuts.profiles = normaliseProfiles(r.importance());
    r.cuts.suggested = suggestCuts(r.cuts.profiles);
    const align::LayerPlan thirds(r.numLayers);
    r.cuts.thirds = bestAssignment(r.cuts.profiles, thirds.cut1(), thirds.cut2());
}

json ProbeResult::toJson() const
{
    json dims = json::array();
    for (const auto& d : dimensions)
        dims.push_back({{"name", d.name},
                        {"file", d.file},
                        {"records_in_file", d.recordsInFile},
                        {"pairs", d.pairs},
                        {"base_accuracy", d.baseAccuracy},
                        {"base_margin", d.baseMargin}});
    json methods = json::array();
    if (ablate) methods.push_back("ablate");
    if (gradient) methods.push_back("gradient");
    json j = {{"format", kFormat},
              {"version", kVersion},
              {"model", {{"dir", modelDir}, {"model_type", modelType}, {"num_layers", numLayers}}},
              {"settings",
               {{"methods", methods},
                {"max_pairs", maxPairs},
                {"batch_size", batchSize},
                {"bootstrap_resamples", bootstrapResamples},
                {"seed", seed},
                {"beta", beta},
                {"lora_rank", loraRank},
                {"lora_alpha", loraAlpha},
                {"device", device}}},
              {"dimensions", dims}};
    if (ablate) {
        json a = json::object();
        for (auto c : kComponents)
            a[componentName(c)] = {{"accuracy", estimateMatrixJson(accuracy[static_cast<int>(c)])},
                                   {"margin", estimateMatrixJson(margin[static_cast<int>(c)])}};
        j["ablation"] = a;
    }
    if (gradient)
        j["gradient"] = {{"norm", gradientNorm}};
    json cj = {{"available", cuts.available}};
    if (cuts.available) {
        cj["source"] = cuts.source;
        cj["profiles"] = cuts.profiles;
        cj["suggested"] = choiceJson(cuts.suggested);
        cj["thirds"] = choiceJson(cuts.thirds);
        cj["gain"] = cuts.gain();
    }
    j["cuts"] = cj;
    return j;
}

namespace {

// "settings": the methods and the run's parameters.
void readSettings(const Reader& in, const json& j, ProbeResult& r)
{
    const json& st = in.field(j, "settings", "");
    for (const json& m : in.field(st, "methods", "settings.")) {
        if (m == "ablate") r.ablate = true;
        else if (m == "gradient") r.gradient = true;
        else in.fail("\"settings.methods\" names an unknown method " + m.dump());
    }
    r.maxPairs = static_cast<int>(in.integer(st, "max_pairs", "settings."));
    r.batchSize = static_cast<int>(in.integer(st, "batch_size", "settings."));
    r.bootstrapResamples = static_cast<int>(in.integer(st, "bootstrap_resamples", "settings."));
    const json& seed = in.field(st, "seed", "settings.");
    if (!seed.is_number_unsigned() && !(seed.is_number_integer() && seed.get<std::int64_t>() >= 0))
        in.fail("the field \"settings.seed\" is not a whole number of 0 or more");
    r.seed = seed.get<std::uint64_t>();
    r.beta = in.number(st, "beta", "settings.");
    r.loraRank = static_cast<int>(in.integer(st, "lora_rank", "settings."));
    r.loraAlpha = in.number(st, "lora_alpha", "settings.");
    r.device = in.text(st, "device", "settings.");
}

// "dimensions": at least one.
std::vector<DimensionResult> readDimensions(const Reader& in, const json& j)
{
    const json& dims = in.field(j, "dimensions", "");
    if (!dims.is_array() || dims.empty())
        in.fail("\"dimensions\" is not a list of at least one dimension");
    std::vector<DimensionResult> out;
    for (const json& d : dims) {
        DimensionResult dr;
        dr.name = in.text(d, "name", "dimensions[].");
        dr.file = in.text(d, "file", "dimensions[].");
        dr.recordsInFile = static_cast<std::size_t>(in.integer(d, "records_in_file", "dimensions[]."));
        dr.pairs = static_cast<std::size_t>(in.integer(d, "pairs", "dimensions[]."));
        dr.baseAccuracy = in.number(d, "base_accuracy", "dimensions[].");
        dr.baseMargin = in.number(d, "base_margin", "dimensions[].");
        out.push_back(std::move(dr));
    }
    return out;
}

// `rows` rows of `width` numbers each, from the field `where` (e.g. "gradient.norm").
std::vector<std::vector<double>> readNumberRows(const Reader& in, const json& rows, std::size_t width,
                                                const std::string& rowProblem, const std::string& where)
{
    std::vector<std::vector<double>> out;
    for (const json& row : rows) {
        if (!row.is_array() || row.size() != width)
            in.fail(rowProblem);
        std::vector<double> v;
        for (const json& x : row) {
            if (!x.is_number())
                in.fail("\"" + where + "\" holds a value that is not a number");
            v.push_back(x.get<double>());
        }
        out.push_back(std::move(v));
    }
    return out;
}

// "ablation" and "gradient", as the methods say.
void readMeasures(const Reader& in, const json& j, ProbeResult& r)
{
    const std::size_t D = r.dimensions.size();
    if (r.ablate) {
        const json& a = in.field(j, "ablation", "");
        for (auto c : kComponents) {
            const std::string where = std::string("ablation.") + componentName(c) + ".";
            const json& cj = in.field(a, componentName(c), "ablation.");
            r.accuracy[static_cast<int>(c)] = in.estimates(cj, "accuracy", where, r.numLayers, D);
            r.margin[static_cast<int>(c)] = in.estimates(cj, "margin", where, r.numLayers, D);
        }
    }
    if (r.gradient) {
        const json& g = in.field(j, "gradient", "");
        r.gradientNorm = readNumberRows(in, in.array(g, "norm", "gradient.", static_cast<std::size_t>(r.numLayers)), D,
                                        "a row of \"gradient.norm\" does not hold " + std::to_string(D) + " dimensions",
                                        "gradient.norm");
    }
}

void readCuts(const Reader& in, const json& j, ProbeResult& r)
{
    const std::size_t D = r.dimensions.size();
    const json& cj = in.field(j, "cuts", "");
    const json& available = in.field(cj, "available", "cuts.");
    if (!available.is_boolean())
        in.fail("the field \"cuts.available\" is not true or false");
    r.cuts.available = available.get<bool>();
    if (!r.cuts.available)
        return;
    r.cuts.source = in.text(cj, "source", "cuts.");
    r.cuts.profiles = readNumberRows(in, in.array(cj, "profiles", "cuts.", D), static_cast<std::size_t>(r.numLayers),
                                     "a profile in \"cuts.profiles\" does not hold one value per layer",
                                     "cuts.profiles");
    r.cuts.suggested = in.choice(in.field(cj, "suggested", "cuts."), "cuts.suggested.", r.numLayers, D);
    r.cuts.thirds = in.choice(in.field(cj, "thirds", "cuts."), "cuts.thirds.", r.numLayers, D);
}

} // namespace

ProbeResult ProbeResult::fromJson(const json& j, const std::string& source)
{
    const Reader in(source);
    if (!j.is_object() || !j.contains("format") || j["format"] != kFormat)
        in.fail("the file is not a probe result (\"format\" is not \"" + std::string(kFormat) + "\")");
    if (in.integer(j, "version", "") != kVersion)
        in.fail("probe format version " + j["version"].dump() + " is not supported (this build reads version 1)");
    ProbeResult r;
    const json& model = in.field(j, "model", "");
    r.modelDir = in.text(model, "dir", "model.");
    r.modelType = in.text(model, "model_type", "model.");
    r.numLayers = static_cast<int>(in.integer(model, "num_layers", "model."));
    if (r.numLayers < 1)
        in.fail("\"model.num_layers\" must be at least 1");
    readSettings(in, j, r);
    r.dimensions = readDimensions(in, j);
    readMeasures(in, j, r);
    readCuts(in, j, r);
    return r;
}

} // namespace hialign::probe

#include "judge/SweepReportModel.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "util/Error.h"
#include "util/Json.h"

namespace hialign::judge {

namespace {

using nlohmann::json;

bool absent(const json& o, const char* key)
{
    const auto it = o.find(key);
    return it == o.end() || it->is_null();
}

// NaN compares equal to NaN: both are "not computable".
bool same(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

bool same(const std::vector<double>& a, const std::vector<double>& b)
{
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!same(a[i], b[i])) return false;
    return true;
}

json num(double v)
{
    return std::isfinite(v) ? json(v) : json(nullptr);
}

json count(const std::optional<std::size_t>& v)
{
    return v ? json(*v) : json(nullptr);
}

// The error sentences: "SOURCE: "KEY" CONTEXT is not a number." where
// CONTEXT is "", " in \"statistics\"" or " in row N".
struct Where {
    const std::string& source;
    std::string context;

    [[noreturn]] void fail(const char* key, const std::string& problem) const
    {
        throw InputError(source + ": \"" + key + "\"" + context + " " + problem + ".");
    }

    double number(const json& o, const char* key) const
    {
        if (absent(o, key)) return ReportRow::kNone;
        const json& v = o.at(key);
        if (!v.is_number()) fail(key, "is not a number");
        return v.get<double>();
    }

    std::optional<std::size_t> count(const json& o, const char* key) const
    {
        if (absent(o, key)) return std::nullopt;
        const json& v = o.at(key);
        if (!v.is_number()) fail(key, "is not a number");
        if (v.is_number_unsigned()) return v.get<std::size_t>();
        const double d = v.get<double>();
        if (!(d >= 0) || d != std::floor(d) || d > 9.0e15) fail(key, "is not a whole number of 0 or more");
        return static_cast<std::size_t>(d);
    }

    std::optional<std::string> text(const json& o, const char* key) const
    {
        if (absent(o, key)) return std::nullopt;
        const json& v = o.at(key);
        if (!v.is_string()) fail(key, "is not a text");
        return v.get<std::string>();
    }

    bool flag(const json& o, const char* key) const
    {
        if (absent(o, key)) return false;
        const json& v = o.at(key);
        if (!v.is_boolean()) fail(key, "is not true or false");
        return v.get<bool>();
    }

    std::vector<std::string> texts(const json& o, const char* key, const char* what) const
    {
        std::vector<std::string> out;
        if (absent(o, key)) return out;
        const json& v = o.at(key);
        if (!v.is_array()) fail(key, std::string("must be a list of ") + what);
        for (const json& e : v) {
            if (!e.is_string()) fail(key, std::string("must be a list of ") + what);
            out.push_back(e.get<std::string>());
        }
        return out;
    }
};

ReportRow readRow(const json& o, std::size_t index, const std::string& source)
{
    if (!o.is_object())
        throw InputError(source + ": row " + std::to_string(index) + " is not a JSON object.");
    for (const char* key : {"strategy", "dimension"})
        if (!o.contains(key) || !o[key].is_string() || o[key].get<std::string>().empty())
            throw InputError(source + ": row " + std::to_string(index) + " has no \"" + key + "\".");
    const Where w{source, " in row " + std::to_string(index)};
    ReportRow r;
    r.strategy = o["strategy"].get<std::string>();
    r.dimension = o["dimension"].get<std::string>();
    r.n = w.count(o, "n").value_or(0);
    r.unparsed = w.count(o, "unparsed").value_or(0);
    r.mean = w.number(o, "mean");
    r.low = w.number(o, "low");
    r.high = w.number(o, "high");
    r.diff = w.number(o, "diff");
    r.diffLow = w.number(o, "diff_low");
    r.diffHigh = w.number(o, "diff_high");
    r.pairedN = w.count(o, "paired_n");
    r.pValue = w.number(o, "p_value");
    r.pHolm = w.number(o, "p_holm");
    r.significant = w.flag(o, "significant");
    r.winRate = w.number(o, "win_rate");
    r.winSource = w.text(o, "win_source").value_or(std::string());
    r.wins = w.count(o, "wins");
    r.ties = w.count(o, "ties");
    r.losses = w.count(o, "losses");
    r.pairwiseN = w.count(o, "pairwise_n");
    r.pairwiseUnparsed = w.count(o, "pairwise_unparsed");
    r.meanLength = w.number(o, "mean_length");
    r.lengthCorrelation = w.number(o, "length_correlation");
    r.alignmentTax = w.flag(o, "alignment_tax");
    if (!absent(o, "seed_means")) {
        const json& m = o["seed_means"];
        if (!m.is_array()) w.fail("seed_means", "must be a list of numbers");
        for (const json& v : m) {
            if (!v.is_null() && !v.is_number()) w.fail("seed_means", "must be a list of numbers");
            r.seedMeans.push_back(v.is_number() ? v.get<double>() : ReportRow::kNone);
        }
    }
    r.seedSd = w.number(o, "seed_sd");
    return r;
}

ReportStatistics readStatistics(const json& o, const std::string& source)
{
    if (!o.is_object()) throw InputError(source + ": \"statistics\" is not a JSON object.");
    const Where w{source, " in \"statistics\""};
    ReportStatistics s;
    s.bootstrapResamples = w.count(o, "bootstrap_resamples");
    s.alpha = w.number(o, "alpha");
    s.level = w.number(o, "level");
    s.interval = w.text(o, "interval");
    s.pairedTest = w.text(o, "paired_test");
    s.correction = w.text(o, "correction");
    s.comparisons = w.count(o, "comparisons");
    if (!std::isnan(s.level) && !(s.level > 0.0 && s.level < 1.0)) w.fail("level", "must lie between 0 and 1");
    return s;
}

} // namespace

bool ReportRow::operator==(const ReportRow& o) const
{
    return strategy == o.strategy && dimension == o.dimension && n == o.n && unparsed == o.unparsed &&
           same(mean, o.mean) && same(low, o.low) && same(high, o.high) && same(diff, o.diff) &&
           same(diffLow, o.diffLow) && same(diffHigh, o.diffHigh) && pairedN == o.pairedN &&
           same(pValue, o.pValue) && same(pHolm, o.pHolm) && significant == o.significant &&
           same(winRate, o.winRate) && winSource == o.winSource && wins == o.wins && ties == o.ties &&
           losses == o.losses && pairwiseN == o.pairwiseN && pairwiseUnparsed == o.pairwiseUnparsed &&
           same(meanLength, o.meanLength) && same(lengthCorrelation, o.lengthCorrelation) &&
           alignmentTax == o.alignmentTax && same(seedMeans, o.seedMeans) && same(seedSd, o.seedSd);
}

bool ReportStatistics::empty() const
{
    return !bootstrapResamples && std::isnan(alpha) && std::isnan(level) && !interval && !pairedTest && !correction &&
           !comparisons;
}

bool ReportStatistics::operator==(const ReportStatistics& o) const
{
    return bootstrapResamples == o.bootstrapResamples && same(alpha, o.alpha) && same(level, o.level) &&
           interval == o.interval && pairedTest == o.pairedTest && correction == o.correction &&
           comparisons == o.comparisons;
}

bool SweepReportModel::operator==(const SweepReportModel& o) const
{
    return format == o.format && version == o.version && judge == o.judge && same(scoreMin, o.scoreMin) &&
           same(scoreMax, o.scoreMax) && base == o.base && strategies == o.strategies && dimensions == o.dimensions &&
           seeds == o.seeds && missingTasks == o.missingTasks && statistics == o.statistics && notes == o.notes &&
           warnings == o.warnings && rows == o.rows && settings == o.settings;
}

const ReportRow* SweepReportModel::row(const std::string& strategy, const std::string& dimension) const
{
    for (const ReportRow& r : rows)
        if (r.strategy == strategy && r.dimension == dimension) return &r;
    return nullptr;
}

SweepReportModel SweepReportModel::fromJson(const json& j, const std::string& source)
{
    if (!j.is_object()) throw InputError(source + " does not hold a JSON object.");
    if (!j.contains("format") || j["format"] != "hialign-sweep-report")
        throw InputError(source + " is not a sweep report (its \"format\" is not \"hialign-sweep-report\").");
    const json version = j.value("version", json());
    if (!version.is_number() || !(version.get<double>() == 1 || version.get<double>() == 2))
        throw InputError(source + " has report version " + (version.is_null() ? std::string("none") : version.dump()) +
                         ", but this workbench reads versions 1 and 2.");

    const Where w{source, ""};
    SweepReportModel r;
    r.format = j["format"].get<std::string>();
    r.version = static_cast<int>(version.get<double>());
    r.judge = w.text(j, "judge").value_or(std::string());
    r.scoreMin = w.number(j, "score_min");
    r.scoreMax = w.number(j, "score_max");
    if (!std::isnan(r.scoreMin) && !std::isnan(r.scoreMax) && !(r.scoreMax > r.scoreMin))
        throw InputError(source + ": \"score_max\" must be greater than \"score_min\".");
    r.base = w.text(j, "base");
    r.strategies = w.texts(j, "strategies", "names");
    r.dimensions = w.texts(j, "dimensions", "names");
    if (!absent(j, "seeds")) {
        const json& s = j["seeds"];
        if (!s.is_array()) w.fail("seeds", "must be a list of whole numbers");
        for (const json& v : s) {
            if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0))
                w.fail("seeds", "must be a list of whole numbers");
            r.seeds.push_back(v.get<std::uint64_t>());
        }
    }
    r.missingTasks = w.texts(j, "missing_tasks", "task names");
    r.notes = w.texts(j, "notes", "sentences");
    r.warnings = w.texts(j, "warnings", "sentences");
    if (!absent(j, "statistics")) r.statistics = readStatistics(j["statistics"], source);
    if (!j.contains("rows") || !j["rows"].is_array()) throw InputError(source + " has no \"rows\" list.");
    std::size_t index = 0;
    for (const json& row : j["rows"]) r.rows.push_back(readRow(row, ++index, source));
    if (j.contains("settings")) r.settings = j["settings"];
    return r;
}

SweepReportModel SweepReportModel::parse(const std::string& text, const std::string& source)
{
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        // "[json.exception.parse_error.101] parse error at line 1, column 5: ..." without its tag.
        std::string detail = e.what();
        if (const auto tag = detail.find("] "); detail.rfind("[json.exception.", 0) == 0 && tag != std::string::npos)
            detail.erase(0, tag + 2);
        while (!detail.empty() && (detail.back() == '.' || detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
        throw InputError(source + " is not valid JSON (" + detail + ").");
    }
    return fromJson(j, source);
}

SweepReportModel SweepReportModel::read(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError("Cannot read " + file.string() + ".");
    std::stringstream text;
    text << in.rdbuf();
    return parse(text.str(), file.string());
}

void SweepReportModel::write(const std::filesystem::path& file) const
{
    util::writeJsonAtomic(file, toJson());
}

json SweepReportModel::toJson() const
{
    json j = {{"format", format},
              {"version", version},
              {"judge", judge},
              {"base", base ? json(*base) : json(nullptr)},
              {"seeds", seeds},
              {"missing_tasks", missingTasks},
              {"score_min", num(scoreMin)},
              {"score_max", num(scoreMax)},
              {"strategies", strategies},
              {"dimensions", dimensions},
              {"notes", notes},
              {"warnings", warnings}};
    if (!settings.is_null()) j["settings"] = settings;
    if (statistics) {
        const ReportStatistics& s = *statistics;
        json st = json::object();
        if (s.bootstrapResamples) st["bootstrap_resamples"] = *s.bootstrapResamples;
        if (std::isfinite(s.alpha)) st["alpha"] = s.alpha;
        if (std::isfinite(s.level)) st["level"] = s.level;
        if (s.interval) st["interval"] = *s.interval;
        if (s.pairedTest) st["paired_test"] = *s.pairedTest;
        if (s.correction) st["correction"] = *s.correction;
        if (s.comparisons) st["comparisons"] = *s.comparisons;
        j["statistics"] = st;
    }
    json rowsJson = json::array();
    for (const ReportRow& r : rows) {
        json row = {{"strategy", r.strategy},
                    {"dimension", r.dimension},
                    {"n", r.n},
                    {"unparsed", r.unparsed},
                    {"mean", num(r.mean)},
                    {"low", num(r.low)},
                    {"high", num(r.high)},
                    {"diff", num(r.diff)},
                    {"diff_low", num(r.diffLow)},
                    {"diff_high", num(r.diffHigh)},
                    {"paired_n", count(r.pairedN)},
                    {"p_value", num(r.pValue)},
                    {"p_holm", num(r.pHolm)},
                    {"significant", r.significant},
                    {"win_rate", num(r.winRate)},
                    {"win_source", r.winSource},
                    {"wins", count(r.wins)},
                    {"ties", count(r.ties)},
                    {"losses", count(r.losses)},
                    {"mean_length", num(r.meanLength)},
                    {"length_correlation", num(r.lengthCorrelation)},
                    {"alignment_tax", r.alignmentTax},
                    {"seed_sd", num(r.seedSd)}};
        json seedMeans = json::array();
        for (double m : r.seedMeans) seedMeans.push_back(num(m));
        row["seed_means"] = seedMeans;
        if (r.pairwiseN) row["pairwise_n"] = *r.pairwiseN;
        if (r.pairwiseUnparsed) row["pairwise_unparsed"] = *r.pairwiseUnparsed;
        rowsJson.push_back(std::move(row));
    }
    j["rows"] = rowsJson;
    return j;
}

} // namespace hialign::judge

#include "judge/ReportText.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "align/LayerPlan.h"

namespace hialign::judge {

namespace {

using nlohmann::json;

std::string number(const json& v, int decimals)
{
    if (!v.is_number()) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v.get<double>());
    return buf;
}

std::string csvField(const std::string& s)
{
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string html(const std::string& s)
{
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    }
    return out;
}

const json* findRow(const json& report, const std::string& strategy, const std::string& dimension)
{
    for (const json& r : report["rows"])
        if (r["strategy"] == strategy && r["dimension"] == dimension) return &r;
    return nullptr;
}

const char* kColours[] = {"#6b7280", "#d97706", "#2563eb", "#16a34a", "#9333ea", "#db2777", "#0891b2", "#65a30d"};

bool unitScale(const json& report) { return report.value("score_max", 10.0) <= 1.0; }

// Scores shown as percent for 0..1 judges, as they are for 1..10 judges.
std::string shown(const json& report, const json& v)
{
    if (!v.is_number()) return "–";
    return unitScale(report) ? number(json(100.0 * v.get<double>()), 1) : number(v, 2);
}

// A difference with its sign: percentage points for 0..1 judges.
std::string shownSigned(const json& report, const json& v)
{
    if (!v.is_number()) return "–";
    const double x = unitScale(report) ? 100.0 * v.get<double>() : v.get<double>();
    char buf[64];
    std::snprintf(buf, sizeof buf, unitScale(report) ? "%+.1f" : "%+.2f", x);
    return buf;
}

std::string pText(const json& v)
{
    if (!v.is_number()) return "–";
    const double p = v.get<double>();
    char buf[32];
    if (p < 0.001) std::snprintf(buf, sizeof buf, "<0.001");
    else std::snprintf(buf, sizeof buf, "%.3f", p);
    return buf;
}

bool flag(const json& row, const char* key) { return row.contains(key) && row[key].is_boolean() && row[key].get<bool>(); }

std::string count(const json& row, const char* key)
{
    return row.contains(key) && row[key].is_number_integer() ? std::to_string(row[key].get<long long>()) : "";
}

std::string wtl(const json& row)
{
    if (count(row, "wins").empty()) return "";
    return count(row, "wins") + "/" + count(row, "ties") + "/" + count(row, "losses");
}

const json& statistics(const json& report)
{
    static const json empty = json::object();
    return report.contains("statistics") && report["statistics"].is_object() ? report["statistics"] : empty;
}

std::string levelPercent(const json& report)
{
    return number(json(100.0 * statistics(report).value("level", 0.95)), 0) + "%";
}

std::string testName(const json& report)
{
    const std::string t = statistics(report).value("paired_test", std::string());
    return t == "mcnemar-exact" ? "exact McNemar test" : t == "sign-test" ? "exact sign test" : t;
}

// "Holm's correction over 8 comparisons at alpha 0.05".
std::string correctionText(const json& report)
{
    const json& s = statistics(report);
    char alpha[32];
    std::snprintf(alpha, sizeof alpha, "%g", s.value("alpha", 0.05));
    return "Holm's correction over " + std::to_string(s.value("comparisons", 0)) + " comparisons at alpha " + alpha;
}

std::vector<std::string> strings(const json& report, const char* key)
{
    std::vector<std::string> out;
    if (report.contains(key) && report[key].is_array())
        for (const json& s : report[key])
            if (s.is_string()) out.push_back(s.get<std::string>());
    return out;
}

} // namespace

std::string reportCsv(const json& report)
{
    std::ostringstream out;
    out << "strategy,dimension,n,unparsed,mean,low,high,diff,diff_low,diff_high,paired_n,p_value,p_holm,significant,"
           "win_rate,win_source,wins,ties,losses,mean_length,length_correlation,alignment_tax,seed_means,seed_sd\n";
    for (const json& r : report["rows"]) {
        std::string seedMeans;
        if (r.contains("seed_means"))
            for (const json& m : r["seed_means"]) seedMeans += (seedMeans.empty() ? "" : ";") + number(m, 6);
        out << csvField(r["strategy"].get<std::string>()) << ',' << csvField(r["dimension"].get<std::string>()) << ','
            << r["n"].get<long long>() << ',' << r["unparsed"].get<long long>() << ',' << number(r["mean"], 6) << ','
            << number(r["low"], 6) << ',' << number(r["high"], 6) << ',' << number(r.value("diff", json()), 6) << ','
            << number(r.value("diff_low", json()), 6) << ',' << number(r.value("diff_high", json()), 6) << ','
            << count(r, "paired_n") << ',' << number(r.value("p_value", json()), 6) << ','
            << number(r.value("p_holm", json()), 6) << ',' << (flag(r, "significant") ? "true" : "false") << ','
            << number(r["win_rate"], 6) << ',' << r.value("win_source", std::string()) << ',' << count(r, "wins") << ','
            << count(r, "ties") << ',' << count(r, "losses") << ',' << number(r["mean_length"], 3) << ','
            << number(r["length_correlation"], 4) << ',' << (flag(r, "alignment_tax") ? "true" : "false") << ','
            << csvField(seedMeans) << ',' << number(r.value("seed_sd", json()), 6) << '\n';
    }
    return out.str();
}

std::string reportTable(const json& report)
{
    const std::string base = report.value("base", json()).is_string() ? report["base"].get<std::string>() : "";
    const bool several = report.contains("seeds") && report["seeds"].size() > 1;
    std::ostringstream out;
    char line[512];
    for (const json& d : report["dimensions"]) {
        const std::string dim = d.get<std::string>();
        out << dim << (unitScale(report) ? " (% correct)" : " (score)") << "\n";
        std::snprintf(line, sizeof line, "  %-14s %-22s %-8s %-26s %-16s %s\n", "strategy",
                      ("mean [" + levelPercent(report) + " interval]").c_str(), several ? "seed sd" : "",
                      "vs Base [interval]", "p (Holm)", "W/T/L");
        out << line;
        for (const json& s : report["strategies"]) {
            const json* r = findRow(report, s.get<std::string>(), dim);
            if (!r) continue;
            const std::string mean = shown(report, (*r)["mean"]) + " [" + shown(report, (*r)["low"]) + ", " +
                                     shown(report, (*r)["high"]) + "]";
            std::string sd = several && r->contains("seed_sd") ? shown(report, (*r)["seed_sd"]) : "";
            std::string diff, p, counts;
            if (s != base && r->contains("diff") && (*r)["diff"].is_number()) {
                diff = shownSigned(report, (*r)["diff"]) + " [" + shownSigned(report, (*r)["diff_low"]) + ", " +
                       shownSigned(report, (*r)["diff_high"]) + "]" + (flag(*r, "significant") ? " *" : "");
                if (flag(*r, "alignment_tax")) diff += " TAX";
                p = pText(r->value("p_value", json())) + " (" + pText(r->value("p_holm", json())) + ")";
            }
            if (s != base) counts = wtl(*r);
            if (s != base && (*r)["win_rate"].is_number())
                counts += (counts.empty() ? "" : "  ") + std::string("w") + number(json(100.0 * (*r)["win_rate"].get<double>()), 0) + "%";
            std::snprintf(line, sizeof line, "  %-14s %-22s %-8s %-26s %-16s %s", align::strategyTitle(s.get<std::string>()).c_str(),
                          mean.c_str(), sd.c_str(), diff.c_str(), p.c_str(), counts.c_str());
            std::string text = line;
            text.erase(text.find_last_not_of(' ') + 1);
            out << text << "\n";
        }
    }
    const json& st = statistics(report);
    if (!st.empty()) {
        out << "* significant after " << correctionText(report) << " (" << testName(report) << "); intervals: "
            << (st.value("interval", std::string()) == "seeds-then-prompts" ? "bootstrap over seeds, then prompts"
                                                                               : "bootstrap over prompts")
            << ", " << st.value("bootstrap_resamples", 0) << " resamples. W/T/L: wins/ties/losses against Base"
            << " (" << (unitScale(report) ? "per prompt and seed" : "pairwise judging where available") << ").\n";
    }
    for (const std::string& n : strings(report, "notes")) out << "note: " << n << "\n";
    for (const std::string& w : strings(report, "warnings")) out << "warning: " << w << "\n";
    if (report.contains("missing_tasks") && !report["missing_tasks"].empty())
        out << "not finished: " << report["missing_tasks"].dump() << "\n";
    return out.str();
}

std::string reportHtml(const json& report)
{
    const std::vector<std::string> strategies = report["strategies"].get<std::vector<std::string>>();
    const std::vector<std::string> dimensions = report["dimensions"].get<std::vector<std::string>>();
    const double lo = report.value("score_min", 1.0), hi = report.value("score_max", 10.0);
    const bool unit = unitScale(report);
    const std::string base = report.value("base", json()).is_string() ? report["base"].get<std::string>() : "";
    const json& st = statistics(report);
    std::ostringstream h;
    h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Strategy sweep</title>\n"
      << "<style>body{font-family:sans-serif;margin:2em;color:#111}table{border-collapse:collapse;margin:1em 0}"
         "td,th{border:1px solid #ccc;padding:.35em .6em;text-align:right}th{background:#f3f4f6}"
         "td.name{text-align:left;font-weight:600}td.tax{background:#fee2e2}td.sig{font-weight:700}"
         ".note{color:#555;font-size:.9em}.warning{background:#fef3c7;border:1px solid #d97706;padding:.5em}"
         "</style></head><body>\n"
      << "<h1>Strategy sweep</h1>\n<p>Judge: <code>" << html(report.value("judge", std::string())) << "</code>. "
      << (unit ? "Scores are the share of correct responses (%); differences are in percentage points."
               : "Scores are ratings from 1 to 10.")
      << " Each score cell: mean [" << levelPercent(report) << " interval]. Each &Delta; cell: the mean paired "
      << "difference to Base on the same prompts and seeds [" << levelPercent(report) << " interval]; W/T/L counts "
      << "wins, ties and losses against Base.";
    if (report.contains("seeds")) h << " Seeds: " << html(report["seeds"].dump()) << ".";
    h << "</p>\n";
    for (const std::string& w : strings(report, "warnings")) h << "<p class=\"warning\">" << html(w) << "</p>\n";
    if (!report["missing_tasks"].empty())
        h << "<p class=\"note\">Not finished yet: " << html(report["missing_tasks"].dump()) << ".</p>\n";
    h << "<table><tr><th rowspan=\"2\">strategy</th>";
    for (const std::string& d : dimensions) h << "<th colspan=\"3\">" << html(d) << "</th>";
    h << "</tr>\n<tr>";
    for (std::size_t i = 0; i < dimensions.size(); ++i) h << "<th>score</th><th>&Delta; vs Base</th><th>W/T/L</th>";
    h << "</tr>\n";
    for (const std::string& s : strategies) {
        h << "<tr><td class=\"name\">" << html(align::strategyTitle(s)) << "</td>";
        for (const std::string& d : dimensions) {
            const json* r = findRow(report, s, d);
            if (!r) {
                h << "<td>–</td><td>–</td><td>–</td>";
                continue;
            }
            h << "<td>" << shown(report, (*r)["mean"]) << " [" << shown(report, (*r)["low"]) << ", "
              << shown(report, (*r)["high"]) << "]";
            if (r->contains("seed_sd") && (*r)["seed_sd"].is_number())
                h << "<br><small>seed sd " << shown(report, (*r)["seed_sd"]) << "</small>";
            if ((*r)["unparsed"].get<long long>() > 0) h << "<br><small>" << (*r)["unparsed"] << " unparsed</small>";
            h << "</td>";
            if (s == base || !r->contains("diff") || !(*r)["diff"].is_number()) {
                h << "<td>–</td><td>–</td>";
                continue;
            }
            const bool tax = flag(*r, "alignment_tax"), sig = flag(*r, "significant");
            h << "<td class=\"" << (tax ? "tax" : "") << (sig ? " sig" : "") << "\" title=\"p = "
              << pText(r->value("p_value", json())) << ", Holm p = " << pText(r->value("p_holm", json())) << ", "
              << count(*r, "paired_n") << " pairs" << (tax ? "; alignment tax: the whole interval lies below zero" : "")
              << "\">" << shownSigned(report, (*r)["diff"]) << " [" << shownSigned(report, (*r)["diff_low"]) << ", "
              << shownSigned(report, (*r)["diff_high"]) << "]" << (sig ? " *" : "") << "</td><td>" << wtl(*r);
            if ((*r)["win_rate"].is_number())
                h << "<br><small>" << number(json(100.0 * (*r)["win_rate"].get<double>()), 0) << "% ("
                  << html(r->value("win_source", std::string())) << ")</small>";
            h << "</td>";
        }
        h << "</tr>\n";
    }
    h << "</table>\n<p class=\"note\">";
    if (!st.empty())
        h << "* significant after " << html(correctionText(report)) << " (" << html(testName(report)) << "). ";
    h << "A red &Delta; cell marks an alignment tax: the whole interval of the difference to Base lies below zero.";
    if (!st.empty())
        h << " Intervals: percentile bootstrap over "
          << (st.value("interval", std::string()) == "seeds-then-prompts" ? "seeds, then prompts within a seed" : "prompts")
          << ", " << st.value("bootstrap_resamples", 0) << " resamples.";
    h << "</p>\n";
    for (const std::string& n : strings(report, "notes")) h << "<p class=\"note\">" << html(n) << "</p>\n";

    // Grouped bars: one group per dimension, one bar per strategy, interval whiskers.
    const int width = 760, height = 320, left = 50, right = 150, top = 20, bottom = 40;
    const double plotW = width - left - right, plotH = height - top - bottom;
    const double groupW = plotW / std::max<std::size_t>(1, dimensions.size());
    const double barW = groupW * 0.8 / std::max<std::size_t>(1, strategies.size());
    const double yMin = unit ? 0.0 : std::min(lo, 0.0), yMax = hi;
    auto y = [&](double v) { return top + plotH * (1.0 - (v - yMin) / (yMax - yMin)); };
    h << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" font-family=\"sans-serif\" font-size=\"12\">\n";
    for (int t = 0; t <= 4; ++t) {
        const double v = yMin + (yMax - yMin) * t / 4.0;
        h << "<line x1=\"" << left << "\" x2=\"" << left + plotW << "\" y1=\"" << y(v) << "\" y2=\"" << y(v)
          << "\" stroke=\"#e5e7eb\"/><text x=\"" << left - 6 << "\" y=\"" << y(v) + 4 << "\" text-anchor=\"end\">"
          << (unit ? number(json(100 * v), 0) : number(json(v), 1)) << "</text>\n";
    }
    for (std::size_t di = 0; di < dimensions.size(); ++di) {
        const double gx = left + groupW * di + groupW * 0.1;
        for (std::size_t si = 0; si < strategies.size(); ++si) {
            const json* r = findRow(report, strategies[si], dimensions[di]);
            if (!r || !(*r)["mean"].is_number()) continue;
            const double x = gx + barW * si, m = (*r)["mean"].get<double>();
            h << "<rect x=\"" << x << "\" y=\"" << y(m) << "\" width=\"" << barW * 0.9 << "\" height=\""
              << std::max(0.0, y(yMin) - y(m)) << "\" fill=\"" << kColours[si % 8] << "\"><title>"
              << html(align::strategyTitle(strategies[si])) << ", " << html(dimensions[di]) << ": " << shown(report, (*r)["mean"])
              << "</title></rect>\n";
            if ((*r)["low"].is_number() && (*r)["high"].is_number()) {
                const double cx = x + barW * 0.45;
                h << "<line x1=\"" << cx << "\" x2=\"" << cx << "\" y1=\"" << y((*r)["low"].get<double>()) << "\" y2=\""
                  << y((*r)["high"].get<double>()) << "\" stroke=\"#111\"/>\n";
            }
        }
        h << "<text x=\"" << left + groupW * (di + 0.5) << "\" y=\"" << height - bottom + 18
          << "\" text-anchor=\"middle\">" << html(dimensions[di]) << "</text>\n";
    }
    for (std::size_t si = 0; si < strategies.size(); ++si) {
        const double ly = top + 18.0 * si;
        h << "<rect x=\"" << width - right + 14 << "\" y=\"" << ly << "\" width=\"12\" height=\"12\" fill=\""
          << kColours[si % 8] << "\"/><text x=\"" << width - right + 32 << "\" y=\"" << ly + 10 << "\">"
          << html(align::strategyTitle(strategies[si])) << "</text>\n";
    }
    h << "</svg>\n";

    h << "<h2>Length check</h2>\n<table><tr><th>strategy</th><th>dimension</th><th>mean length (tokens)</th>"
         "<th>correlation of length and score</th></tr>\n";
    for (const json& r : report["rows"])
        h << "<tr><td class=\"name\">" << html(align::strategyTitle(r["strategy"].get<std::string>())) << "</td><td>"
          << html(r["dimension"].get<std::string>()) << "</td><td>" << number(r["mean_length"], 1) << "</td><td>"
          << (r["length_correlation"].is_number() ? number(r["length_correlation"], 2) : "–") << "</td></tr>\n";
    h << "</table>\n<p class=\"note\">A strong positive correlation suggests the judge rewards length.</p>\n"
      << "</body></html>\n";
    return h.str();
}

} // namespace hialign::judge

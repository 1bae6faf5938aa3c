#include "sweep/Report.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "align/LayerPlan.h"
#include "train/RunFolder.h"

namespace hialign::sweep {

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

// Scores shown as percent for 0..1 judges, as they are for 1..10 judges.
std::string shown(const json& report, const json& v)
{
    if (!v.is_number()) return "–";
    const bool unit = report.value("score_max", 10.0) <= 1.0;
    return unit ? number(json(100.0 * v.get<double>()), 1) : number(v, 2);
}

} // namespace

void writeReportCsv(const json& report, const std::filesystem::path& file)
{
    std::ostringstream out;
    out << "strategy,dimension,n,unparsed,mean,low,high,win_rate,win_source,mean_length,length_correlation,"
           "alignment_tax,seed_sd\n";
    for (const json& r : report["rows"]) {
        out << csvField(r["strategy"].get<std::string>()) << ',' << csvField(r["dimension"].get<std::string>()) << ','
            << r["n"].get<long long>() << ',' << r["unparsed"].get<long long>() << ',' << number(r["mean"], 6) << ','
            << number(r["low"], 6) << ',' << number(r["high"], 6) << ',' << number(r["win_rate"], 6) << ','
            << r.value("win_source", std::string()) << ',' << number(r["mean_length"], 3) << ','
            << number(r["length_correlation"], 4) << ',' << (r["alignment_tax"].get<bool>() ? "true" : "false") << ','
            << number(r["seed_sd"], 6) << '\n';
    }
    train::RunFolder::writeFileAtomic(file, out.str());
}

void writeReportHtml(const json& report, const std::filesystem::path& file)
{
    const std::vector<std::string> strategies = report["strategies"].get<std::vector<std::string>>();
    const std::vector<std::string> dimensions = report["dimensions"].get<std::vector<std::string>>();
    const double lo = report.value("score_min", 1.0), hi = report.value("score_max", 10.0);
    const bool unit = hi <= 1.0;
    std::ostringstream h;
    h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Strategy sweep</title>\n"
      << "<style>body{font-family:sans-serif;margin:2em;color:#111}table{border-collapse:collapse;margin:1em 0}"
         "td,th{border:1px solid #ccc;padding:.35em .6em;text-align:right}th{background:#f3f4f6}"
         "td.name{text-align:left;font-weight:600}td.tax{background:#fee2e2}.note{color:#555;font-size:.9em}"
         "</style></head><body>\n"
      << "<h1>Strategy sweep</h1>\n<p>Judge: <code>" << html(report.value("judge", std::string())) << "</code>. "
      << (unit ? "Scores are the share of correct responses (%)." : "Scores are ratings from 1 to 10.")
      << " Each cell: mean [95% bootstrap interval]; win rate against Base in parentheses.";
    if (report.contains("seeds")) h << " Seeds: " << html(report["seeds"].dump()) << ".";
    h << "</p>\n";
    if (!report["missing_tasks"].empty())
        h << "<p class=\"note\">Not finished yet: " << html(report["missing_tasks"].dump()) << ".</p>\n";
    h << "<table><tr><th>strategy</th>";
    for (const std::string& d : dimensions) h << "<th>" << html(d) << "</th>";
    h << "</tr>\n";
    for (const std::string& s : strategies) {
        h << "<tr><td class=\"name\">" << html(align::strategyTitle(s)) << "</td>";
        for (const std::string& d : dimensions) {
            const json* r = findRow(report, s, d);
            if (!r) {
                h << "<td>–</td>";
                continue;
            }
            const bool tax = (*r)["alignment_tax"].get<bool>();
            h << "<td" << (tax ? " class=\"tax\" title=\"alignment tax: significantly below Base\"" : "") << ">"
              << shown(report, (*r)["mean"]) << " [" << shown(report, (*r)["low"]) << ", "
              << shown(report, (*r)["high"]) << "]";
            if (s != report.value("base", std::string()) && (*r)["win_rate"].is_number())
                h << " (" << number(json(100.0 * (*r)["win_rate"].get<double>()), 0) << "%)";
            if ((*r)["unparsed"].get<long long>() > 0) h << "<br><small>" << (*r)["unparsed"] << " unparsed</small>";
            h << "</td>";
        }
        h << "</tr>\n";
    }
    h << "</table>\n<p class=\"note\">A red cell marks an alignment tax: the strategy's interval lies entirely "
         "below Base's mean on that dimension.</p>\n";

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
    train::RunFolder::writeFileAtomic(file, h.str());
}

} // namespace hialign::sweep

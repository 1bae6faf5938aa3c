#include "judge/ReportText.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "align/LayerPlan.h"
#include "util/TextEscape.h"

namespace hialign::judge {

namespace {

using nlohmann::json;

bool known(double v) { return std::isfinite(v); }

std::string number(double v, int decimals)
{
    if (!known(v)) return "";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

const char* kColours[] = {"#6b7280", "#d97706", "#2563eb", "#16a34a", "#9333ea", "#db2777", "#0891b2", "#65a30d"};

// Without a score range in the report: 1..10.
double scoreMin(const SweepReportModel& report) { return known(report.scoreMin) ? report.scoreMin : 1.0; }
double scoreMax(const SweepReportModel& report) { return known(report.scoreMax) ? report.scoreMax : 10.0; }

bool unitScale(const SweepReportModel& report) { return scoreMax(report) <= 1.0; }

// Scores shown as percent for 0..1 judges, as they are for 1..10 judges.
std::string shown(const SweepReportModel& report, double v)
{
    if (!known(v)) return "–";
    return unitScale(report) ? number(100.0 * v, 1) : number(v, 2);
}

// A difference with its sign: percentage points for 0..1 judges.
std::string shownSigned(const SweepReportModel& report, double v)
{
    if (!known(v)) return "–";
    const double x = unitScale(report) ? 100.0 * v : v;
    char buf[64];
    std::snprintf(buf, sizeof buf, unitScale(report) ? "%+.1f" : "%+.2f", x);
    return buf;
}

std::string pText(double p)
{
    if (!known(p)) return "–";
    char buf[32];
    if (p < 0.001) std::snprintf(buf, sizeof buf, "<0.001");
    else std::snprintf(buf, sizeof buf, "%.3f", p);
    return buf;
}

std::string count(const std::optional<std::size_t>& v)
{
    return v ? std::to_string(*v) : "";
}

std::string wtl(const ReportRow& row)
{
    if (!row.wins) return "";
    return count(row.wins) + "/" + count(row.ties) + "/" + count(row.losses);
}

// The statistics block when the report has one with anything in it.
const ReportStatistics* statistics(const SweepReportModel& report)
{
    return report.statistics && !report.statistics->empty() ? &*report.statistics : nullptr;
}

std::string levelPercent(const SweepReportModel& report)
{
    const ReportStatistics* s = statistics(report);
    return number(100.0 * (s && known(s->level) ? s->level : 0.95), 0) + "%";
}

std::string testName(const SweepReportModel& report)
{
    const ReportStatistics* s = statistics(report);
    const std::string t = s ? s->pairedTest.value_or(std::string()) : std::string();
    return t == "mcnemar-exact" ? "exact McNemar test" : t == "sign-test" ? "exact sign test" : t;
}

std::string intervalMethod(const ReportStatistics& s) { return s.interval.value_or(std::string()); }

// "Holm's correction over 8 comparisons at alpha 0.05".
std::string correctionText(const ReportStatistics& s)
{
    char alpha[32];
    std::snprintf(alpha, sizeof alpha, "%g", known(s.alpha) ? s.alpha : 0.05);
    return "Holm's correction over " + std::to_string(s.comparisons.value_or(0)) + " comparisons at alpha " + alpha;
}

} // namespace

std::string reportCsv(const SweepReportModel& report)
{
    std::ostringstream out;
    out << "strategy,dimension,n,unparsed,mean,low,high,diff,diff_low,diff_high,paired_n,p_value,p_holm,significant,"
           "win_rate,win_source,wins,ties,losses,mean_length,length_correlation,alignment_tax,seed_means,seed_sd\n";
    for (const ReportRow& r : report.rows) {
        std::string seedMeans;
        for (double m : r.seedMeans) seedMeans += (seedMeans.empty() ? "" : ";") + number(m, 6);
        out << util::csvField(r.strategy) << ',' << util::csvField(r.dimension) << ',' << r.n << ',' << r.unparsed << ','
            << number(r.mean, 6) << ',' << number(r.low, 6) << ',' << number(r.high, 6) << ',' << number(r.diff, 6)
            << ',' << number(r.diffLow, 6) << ',' << number(r.diffHigh, 6) << ',' << count(r.pairedN) << ','
            << number(r.pValue, 6) << ',' << number(r.pHolm, 6) << ',' << (r.significant ? "true" : "false") << ','
            << number(r.winRate, 6) << ',' << r.winSource << ',' << count(r.wins) << ',' << count(r.ties) << ','
            << count(r.losses) << ',' << number(r.meanLength, 3) << ',' << number(r.lengthCorrelation, 4) << ','
            << (r.alignmentTax ? "true" : "false") << ',' << util::csvField(seedMeans) << ',' << number(r.seedSd, 6) << '\n';
    }
    return out.str();
}

std::string reportTable(const SweepReportModel& report)
{
    const std::string base = report.base.value_or(std::string());
    const bool several = report.seeds.size() > 1;
    std::ostringstream out;
    char line[512];
    for (const std::string& dim : report.dimensions) {
        out << dim << (unitScale(report) ? " (% correct)" : " (score)") << "\n";
        std::snprintf(line, sizeof line, "  %-14s %-22s %-8s %-26s %-16s %s\n", "strategy",
                      ("mean [" + levelPercent(report) + " interval]").c_str(), several ? "seed sd" : "",
                      "vs Base [interval]", "p (Holm)", "W/T/L");
        out << line;
        for (const std::string& s : report.strategies) {
            const ReportRow* r = report.row(s, dim);
            if (!r) continue;
            const std::string mean = shown(report, r->mean) + " [" + shown(report, r->low) + ", " +
                                     shown(report, r->high) + "]";
            std::string sd = several ? shown(report, r->seedSd) : "";
            std::string diff, p, counts;
            if (s != base && known(r->diff)) {
                diff = shownSigned(report, r->diff) + " [" + shownSigned(report, r->diffLow) + ", " +
                       shownSigned(report, r->diffHigh) + "]" + (r->significant ? " *" : "");
                if (r->alignmentTax) diff += " TAX";
                p = pText(r->pValue) + " (" + pText(r->pHolm) + ")";
            }
            if (s != base) counts = wtl(*r);
            if (s != base && known(r->winRate))
                counts += (counts.empty() ? "" : "  ") + std::string("w") + number(100.0 * r->winRate, 0) + "%";
            std::snprintf(line, sizeof line, "  %-14s %-22s %-8s %-26s %-16s %s", align::strategyTitle(s).c_str(),
                          mean.c_str(), sd.c_str(), diff.c_str(), p.c_str(), counts.c_str());
            std::string text = line;
            text.erase(text.find_last_not_of(' ') + 1);
            out << text << "\n";
        }
    }
    if (const ReportStatistics* st = statistics(report)) {
        out << "* significant after " << correctionText(*st) << " (" << testName(report) << "); intervals: "
            << (intervalMethod(*st) == "seeds-then-prompts" ? "bootstrap over seeds, then prompts"
                                                             : "bootstrap over prompts")
            << ", " << st->bootstrapResamples.value_or(0) << " resamples. W/T/L: wins/ties/losses against Base"
            << " (" << (unitScale(report) ? "per prompt and seed" : "pairwise judging where available") << ").\n";
    }
    for (const std::string& n : report.notes) out << "note: " << n << "\n";
    for (const std::string& w : report.warnings) out << "warning: " << w << "\n";
    if (!report.missingTasks.empty()) out << "not finished: " << json(report.missingTasks).dump() << "\n";
    return out.str();
}

namespace {

// The page head, the reading guide, warnings and unfinished tasks.
void writeIntroduction(std::ostream& h, const SweepReportModel& report)
{
    const bool unit = unitScale(report);
    h << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Strategy sweep</title>\n"
      << "<style>body{font-family:sans-serif;margin:2em;color:#111}table{border-collapse:collapse;margin:1em 0}"
         "td,th{border:1px solid #ccc;padding:.35em .6em;text-align:right}th{background:#f3f4f6}"
         "td.name{text-align:left;font-weight:600}td.tax{background:#fee2e2}td.sig{font-weight:700}"
         ".note{color:#555;font-size:.9em}.warning{background:#fef3c7;border:1px solid #d97706;padding:.5em}"
         "</style></head><body>\n"
      << "<h1>Strategy sweep</h1>\n<p>Judge: <code>" << util::htmlEscape(report.judge) << "</code>. "
      << (unit ? "Scores are the share of correct responses (%); differences are in percentage points."
               : "Scores are ratings from 1 to 10.")
      << " Each score cell: mean [" << levelPercent(report) << " interval]. Each &Delta; cell: the mean paired "
      << "difference to Base on the same prompts and seeds [" << levelPercent(report) << " interval]; W/T/L counts "
      << "wins, ties and losses against Base.";
    if (!report.seeds.empty()) h << " Seeds: " << util::htmlEscape(json(report.seeds).dump()) << ".";
    h << "</p>\n";
    for (const std::string& w : report.warnings) h << "<p class=\"warning\">" << util::htmlEscape(w) << "</p>\n";
    if (!report.missingTasks.empty())
        h << "<p class=\"note\">Not finished yet: " << util::htmlEscape(json(report.missingTasks).dump()) << ".</p>\n";
}

// The score, &Delta; and W/T/L cells of one strategy × dimension.
void writeScoreCells(std::ostream& h, const SweepReportModel& report, const ReportRow* r, bool isBase)
{
    if (!r) {
        h << "<td>–</td><td>–</td><td>–</td>";
        return;
    }
    h << "<td>" << shown(report, r->mean) << " [" << shown(report, r->low) << ", " << shown(report, r->high) << "]";
    if (known(r->seedSd)) h << "<br><small>seed sd " << shown(report, r->seedSd) << "</small>";
    if (r->unparsed > 0) h << "<br><small>" << r->unparsed << " unparsed</small>";
    h << "</td>";
    if (isBase || !known(r->diff)) {
        h << "<td>–</td><td>–</td>";
        return;
    }
    const bool tax = r->alignmentTax, sig = r->significant;
    h << "<td class=\"" << (tax ? "tax" : "") << (sig ? " sig" : "") << "\" title=\"p = " << pText(r->pValue)
      << ", Holm p = " << pText(r->pHolm) << ", " << count(r->pairedN) << " pairs"
      << (tax ? "; alignment tax: the whole interval lies below zero" : "") << "\">"
      << shownSigned(report, r->diff) << " [" << shownSigned(report, r->diffLow) << ", "
      << shownSigned(report, r->diffHigh) << "]" << (sig ? " *" : "") << "</td><td>" << wtl(*r);
    if (known(r->winRate))
        h << "<br><small>" << number(100.0 * r->winRate, 0) << "% (" << util::htmlEscape(r->winSource) << ")</small>";
    h << "</td>";
}

// The strategy table (a row per strategy, three cells per dimension) and its notes.
void writeStrategyTable(std::ostream& h, const SweepReportModel& report)
{
    const std::string base = report.base.value_or(std::string());
    const ReportStatistics* st = statistics(report);
    h << "<table><tr><th rowspan=\"2\">strategy</th>";
    for (const std::string& d : report.dimensions) h << "<th colspan=\"3\">" << util::htmlEscape(d) << "</th>";
    h << "</tr>\n<tr>";
    for (std::size_t i = 0; i < report.dimensions.size(); ++i)
        h << "<th>score</th><th>&Delta; vs Base</th><th>W/T/L</th>";
    h << "</tr>\n";
    for (const std::string& s : report.strategies) {
        h << "<tr><td class=\"name\">" << util::htmlEscape(align::strategyTitle(s)) << "</td>";
        for (const std::string& d : report.dimensions) writeScoreCells(h, report, report.row(s, d), s == base);
        h << "</tr>\n";
    }
    h << "</table>\n<p class=\"note\">";
    if (st) h << "* significant after " << util::htmlEscape(correctionText(*st)) << " (" << util::htmlEscape(testName(report)) << "). ";
    h << "A red &Delta; cell marks an alignment tax: the whole interval of the difference to Base lies below zero.";
    if (st)
        h << " Intervals: percentile bootstrap over "
          << (intervalMethod(*st) == "seeds-then-prompts" ? "seeds, then prompts within a seed" : "prompts") << ", "
          << st->bootstrapResamples.value_or(0) << " resamples.";
    h << "</p>\n";
    for (const std::string& n : report.notes) h << "<p class=\"note\">" << util::htmlEscape(n) << "</p>\n";
}

// Grouped bars: one group per dimension, one bar per strategy, interval whiskers.
void writeBarChart(std::ostream& h, const SweepReportModel& report)
{
    const std::vector<std::string>& strategies = report.strategies;
    const std::vector<std::string>& dimensions = report.dimensions;
    const bool unit = unitScale(report);
    const int width = 760, height = 320, left = 50, right = 150, top = 20, bottom = 40;
    const double plotW = width - left - right, plotH = height - top - bottom;
    const double groupW = plotW / std::max<std::size_t>(1, dimensions.size());
    const double barW = groupW * 0.8 / std::max<std::size_t>(1, strategies.size());
    const double yMin = unit ? 0.0 : std::min(scoreMin(report), 0.0), yMax = scoreMax(report);
    auto y = [&](double v) { return top + plotH * (1.0 - (v - yMin) / (yMax - yMin)); };
    h << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" font-family=\"sans-serif\" font-size=\"12\">\n";
    for (int t = 0; t <= 4; ++t) {
        const double v = yMin + (yMax - yMin) * t / 4.0;
        h << "<line x1=\"" << left << "\" x2=\"" << left + plotW << "\" y1=\"" << y(v) << "\" y2=\"" << y(v)
          << "\" stroke=\"#e5e7eb\"/><text x=\"" << left - 6 << "\" y=\"" << y(v) + 4 << "\" text-anchor=\"end\">"
          << (unit ? number(100 * v, 0) : number(v, 1)) << "</text>\n";
    }
    for (std::size_t di = 0; di < dimensions.size(); ++di) {
        const double gx = left + groupW * di + groupW * 0.1;
        for (std::size_t si = 0; si < strategies.size(); ++si) {
            const ReportRow* r = report.row(strategies[si], dimensions[di]);
            if (!r || !known(r->mean)) continue;
            const double x = gx + barW * si, m = r->mean;
            h << "<rect x=\"" << x << "\" y=\"" << y(m) << "\" width=\"" << barW * 0.9 << "\" height=\""
              << std::max(0.0, y(yMin) - y(m)) << "\" fill=\"" << kColours[si % 8] << "\"><title>"
              << util::htmlEscape(align::strategyTitle(strategies[si])) << ", " << util::htmlEscape(dimensions[di]) << ": " << shown(report, m)
              << "</title></rect>\n";
            if (known(r->low) && known(r->high)) {
                const double cx = x + barW * 0.45;
                h << "<line x1=\"" << cx << "\" x2=\"" << cx << "\" y1=\"" << y(r->low) << "\" y2=\"" << y(r->high)
                  << "\" stroke=\"#111\"/>\n";
            }
        }
        h << "<text x=\"" << left + groupW * (di + 0.5) << "\" y=\"" << height - bottom + 18
          << "\" text-anchor=\"middle\">" << util::htmlEscape(dimensions[di]) << "</text>\n";
    }
    for (std::size_t si = 0; si < strategies.size(); ++si) {
        const double ly = top + 18.0 * si;
        h << "<rect x=\"" << width - right + 14 << "\" y=\"" << ly << "\" width=\"12\" height=\"12\" fill=\""
          << kColours[si % 8] << "\"/><text x=\"" << width - right + 32 << "\" y=\"" << ly + 10 << "\">"
          << util::htmlEscape(align::strategyTitle(strategies[si])) << "</text>\n";
    }
    h << "</svg>\n";
}

// Mean response length and its correlation with the score, per row.
void writeLengthCheck(std::ostream& h, const SweepReportModel& report)
{
    h << "<h2>Length check</h2>\n<table><tr><th>strategy</th><th>dimension</th><th>mean length (tokens)</th>"
         "<th>correlation of length and score</th></tr>\n";
    for (const ReportRow& r : report.rows)
        h << "<tr><td class=\"name\">" << util::htmlEscape(align::strategyTitle(r.strategy)) << "</td><td>" << util::htmlEscape(r.dimension)
          << "</td><td>" << number(r.meanLength, 1) << "</td><td>"
          << (known(r.lengthCorrelation) ? number(r.lengthCorrelation, 2) : "–") << "</td></tr>\n";
    h << "</table>\n<p class=\"note\">A strong positive correlation suggests the judge rewards length.</p>\n";
}

} // namespace

std::string reportHtml(const SweepReportModel& report)
{
    std::ostringstream h;
    writeIntroduction(h, report);
    writeStrategyTable(h, report);
    writeBarChart(h, report);
    writeLengthCheck(h, report);
    h << "</body></html>\n";
    return h.str();
}

// The overloads on parsed JSON: validated into the model first.
std::string reportCsv(const json& report) { return reportCsv(SweepReportModel::fromJson(report, "report.json")); }
std::string reportHtml(const json& report) { return reportHtml(SweepReportModel::fromJson(report, "report.json")); }
std::string reportTable(const json& report) { return reportTable(SweepReportModel::fromJson(report, "report.json")); }

} // namespace hialign::judge

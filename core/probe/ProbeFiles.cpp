#include "probe/ProbeFiles.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "align/LayerPlan.h"
#include "util/AtomicFile.h"
#include "util/Error.h"
#include "util/Json.h"
#include "util/TextEscape.h"

namespace hialign::probe {

namespace fs = std::filesystem;

namespace {

std::string fmt(const char* format, double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

std::string blockList(const ProbeResult& r, const CutChoice& c)
{
    const int bounds[4] = {0, c.cut1, c.cut2, r.numLayers};
    std::string out;
    for (int b = 0; b < 3; ++b) {
        std::string names;
        for (std::size_t d = 0; d < c.blockOf.size(); ++d)
            if (c.blockOf[d] == b)
                names += (names.empty() ? "" : "+") + r.dimensions[d].name;
        out += std::string(b ? ", " : "") + align::blockName(static_cast<align::Block>(b)) + " ["
               + std::to_string(bounds[b]) + ", " + std::to_string(bounds[b + 1]) + ") "
               + (names.empty() ? "-" : names);
    }
    return out;
}

// Interpolates white -> `to` by t in [0, 1].
std::string shade(double t, int r, int g, int b)
{
    t = std::clamp(t, 0.0, 1.0);
    const auto mix = [t](int c) { return static_cast<int>(std::lround(255 + (c - 255) * t)); };
    char buf[16];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", mix(r), mix(g), mix(b));
    return buf;
}

// Drops in red, gains in blue, scaled by `scale` (the largest magnitude shown).
std::string divergingColour(double v, double scale)
{
    return v < 0 ? shade(-v / scale, 0xd7, 0x30, 0x27) : shade(v / scale, 0x45, 0x75, 0xb4);
}

std::string sequentialColour(double v, double scale)
{
    return shade(v / scale, 0xe6, 0x61, 0x01);
}

} // namespace

ProbeResult readProbeJson(const fs::path& fileOrDir)
{
    const fs::path file = fs::is_directory(fileOrDir) ? fileOrDir / "probe.json" : fileOrDir;
    nlohmann::json j;
    try {
        j = util::readJsonFile(file);
    } catch (const InputError&) {
        throw;
    } catch (const std::exception& e) {
        throw InputError(file.string() + " cannot be read as JSON (" + e.what() + ")");
    }
    return ProbeResult::fromJson(j, file.string());
}

void checkProbeFolder(const fs::path& dir, const std::string& modelDir, int numLayers)
{
    const fs::path file = dir / "probe.json";
    if (!fs::exists(file))
        return;
    const ProbeResult cached = readProbeJson(file);
    if (cached.numLayers != numLayers)
        throw InputError(file.string() + " is a cached probe of a model with " + std::to_string(cached.numLayers)
                         + " layers, not of this model's " + std::to_string(numLayers)
                         + "; choose another output folder");
    const fs::path mine = fs::weakly_canonical(fs::absolute(modelDir));
    const fs::path theirs = fs::weakly_canonical(fs::absolute(cached.modelDir));
    if (mine != theirs)
        throw InputError(file.string() + " is a cached probe of the model " + cached.modelDir + ", not of "
                         + mine.string() + "; choose another output folder");
}

void writeProbeFolder(const ProbeResult& r, const fs::path& dir)
{
    checkProbeFolder(dir, r.modelDir, r.numLayers);
    fs::create_directories(dir);
    util::writeJsonAtomic(dir / "probe.json", r.toJson());
    writeFileAtomic(dir / "probe.csv", probeCsv(r));
    writeFileAtomic(dir / "probe.html", probeHtml(r));
}

std::string probeCsv(const ProbeResult& r)
{
    std::ostringstream o;
    o.precision(10);
    o << "layer,dimension,measure,value,ci_low,ci_high\n";
    for (int l = 0; l < r.numLayers; ++l)
        for (std::size_t d = 0; d < r.dimensions.size(); ++d) {
            const std::string head = std::to_string(l) + "," + util::csvField(r.dimensions[d].name) + ",";
            const auto L = static_cast<std::size_t>(l);
            if (r.ablate)
                for (auto c : kComponents) {
                    const Estimate& m = r.margin[static_cast<int>(c)][L][d];
                    const Estimate& a = r.accuracy[static_cast<int>(c)][L][d];
                    o << head << "ablate_" << componentName(c) << "_margin," << m.change << "," << m.low << ","
                      << m.high << "\n";
                    o << head << "ablate_" << componentName(c) << "_accuracy," << a.change << "," << a.low << ","
                      << a.high << "\n";
                }
            if (r.gradient)
                o << head << "gradient_norm," << r.gradientNorm[L][d] << ",,\n";
            if (r.cuts.available)
                o << head << "importance," << r.cuts.profiles[d][L] << ",,\n";
        }
    return o.str();
}

std::string probeTable(const ProbeResult& r)
{
    std::ostringstream o;
    o << "probe of " << r.modelDir << " (" << r.numLayers << " layers, " << r.modelType << ") on " << r.device
      << "\n\n";
    o << "  dimension       pairs  base accuracy  base margin  file\n";
    for (const auto& d : r.dimensions) {
        char line[512];
        std::snprintf(line, sizeof line, "  %-14s %6zu  %13.3f  %11.3f  %s\n", d.name.c_str(), d.pairs,
                      d.baseAccuracy, d.baseMargin, d.file.c_str());
        o << line;
    }
    o << "\n";
    if (r.ablate)
        o << "margin: change in mean log-prob margin (chosen - rejected) with the layer's attention and MLP removed, "
             "[95% paired bootstrap interval]\n";
    if (r.gradient)
        o << "grad: mean L2 norm of the DPO loss's gradient on the layer's LoRA parameters (step 0)\n";
    const int cellMargin = 28, cellGrad = 10;
    o << "layer";
    for (const auto& d : r.dimensions) {
        if (r.ablate) {
            const std::string h = d.name + " margin";
            o << "  " << std::string(static_cast<std::size_t>(std::max(0, cellMargin - static_cast<int>(h.size()))), ' ')
              << h;
        }
        if (r.gradient) {
            const std::string h = r.ablate ? std::string("grad") : d.name + " grad";
            o << "  " << std::string(static_cast<std::size_t>(std::max(0, cellGrad - static_cast<int>(h.size()))), ' ')
              << h;
        }
    }
    o << "\n";
    for (int l = 0; l < r.numLayers; ++l) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "%5d", l);
        o << buf;
        for (std::size_t d = 0; d < r.dimensions.size(); ++d) {
            const auto L = static_cast<std::size_t>(l);
            if (r.ablate) {
                const Estimate& e = r.margin[static_cast<int>(Component::Both)][L][d];
                std::snprintf(buf, sizeof buf, "%+8.3f [%+8.3f, %+8.3f]", e.change, e.low, e.high);
                o << "  " << buf;
            }
            if (r.gradient) {
                std::snprintf(buf, sizeof buf, "%10.4g", r.gradientNorm[L][d]);
                o << "  " << buf;
            }
        }
        o << "\n";
    }
    o << "\n";
    if (!r.cuts.available) {
        o << "suggested cuts: none (a model needs at least 3 layers for three blocks)\n";
        return o.str();
    }
    const auto& s = r.cuts.suggested;
    const auto& t = r.cuts.thirds;
    o << "suggested cuts " << s.cut1 << ", " << s.cut2 << ": " << blockList(r, s) << "\n";
    o << "  objective " << fmt("%.3f", s.objective) << " vs " << fmt("%.3f", t.objective) << " at the thirds cuts "
      << t.cut1 << ", " << t.cut2 << " (" << blockList(r, t) << "); gain " << fmt("%+.3f", r.cuts.gain())
      << "; profiles from " << r.cuts.source << "\n";
    return o.str();
}

namespace {

// One heat-map column: a measure of one dimension, one value per layer.
struct HeatColumn {
    std::string measure, dimension;
    std::vector<double> values;
    std::vector<std::string> tips;
    bool diverging = true;
    double scale = 1.0;   // the largest magnitude shown
};

// Heat-map geometry in pixels: cell width and height, the grid's left and
// top edge, and the gap between measures.
constexpr int kCellW = 72, kCellH = 22, kLeft = 70, kTop = 70, kGap = 10;

// Margin change with each component removed: one column per component and dimension.
void addAblationColumns(const ProbeResult& r, std::vector<HeatColumn>& cols)
{
    const auto L = static_cast<std::size_t>(r.numLayers);
    for (Component c : {Component::Both, Component::Attention, Component::Mlp}) {
        double scale = 1e-12;
        const auto& m = r.margin[static_cast<int>(c)];
        for (const auto& row : m)
            for (const auto& e : row)
                scale = std::max(scale, std::abs(e.change));
        for (std::size_t d = 0; d < r.dimensions.size(); ++d) {
            HeatColumn col{std::string("margin change, ") + componentName(c) + " removed", r.dimensions[d].name,
                           {}, {}, true, scale};
            for (std::size_t l = 0; l < L; ++l) {
                const Estimate& e = m[l][d];
                const Estimate& a = r.accuracy[static_cast<int>(c)][l][d];
                col.values.push_back(e.change);
                col.tips.push_back("layer " + std::to_string(l) + ", " + r.dimensions[d].name + ", "
                                   + componentName(c) + " removed: margin " + fmt("%+.4f", e.change) + " ["
                                   + fmt("%+.4f", e.low) + ", " + fmt("%+.4f", e.high) + "], accuracy "
                                   + fmt("%+.3f", a.change) + " [" + fmt("%+.3f", a.low) + ", "
                                   + fmt("%+.3f", a.high) + "]");
            }
            cols.push_back(std::move(col));
        }
    }
}

// The DPO gradient norm: one column per dimension, each scaled to its largest.
void addGradientColumns(const ProbeResult& r, std::vector<HeatColumn>& cols)
{
    const auto L = static_cast<std::size_t>(r.numLayers);
    for (std::size_t d = 0; d < r.dimensions.size(); ++d) {
        double scale = 1e-12;
        for (std::size_t l = 0; l < L; ++l)
            scale = std::max(scale, r.gradientNorm[l][d]);
        HeatColumn col{"DPO gradient norm (LoRA)", r.dimensions[d].name, {}, {}, false, scale};
        for (std::size_t l = 0; l < L; ++l) {
            col.values.push_back(r.gradientNorm[l][d]);
            col.tips.push_back("layer " + std::to_string(l) + ", " + r.dimensions[d].name + ": gradient norm "
                               + fmt("%.4g", r.gradientNorm[l][d]));
        }
        cols.push_back(std::move(col));
    }
}

// x of each column, with a gap between measures; `right`: the grid's right edge.
std::vector<int> columnPositions(const std::vector<HeatColumn>& cols, int& right)
{
    std::vector<int> xs;
    int x = kLeft;
    for (std::size_t i = 0; i < cols.size(); ++i) {
        if (i > 0 && cols[i].measure != cols[i - 1].measure)
            x += kGap;
        xs.push_back(x);
        x += kCellW;
    }
    right = x;
    return xs;
}

// Measure titles, dimension names, and a row of cells per layer.
void writeHeatGrid(std::ostream& s, const std::vector<HeatColumn>& cols, const std::vector<int>& xs,
                   std::size_t layers)
{
    for (std::size_t i = 0; i < cols.size(); ++i) {
        if (i == 0 || cols[i].measure != cols[i - 1].measure)
            s << "<text x=\"" << xs[i] << "\" y=\"" << kTop - 36 << "\" font-weight=\"bold\">"
              << util::htmlEscape(cols[i].measure) << "</text>\n";
        s << "<text x=\"" << xs[i] + kCellW / 2 << "\" y=\"" << kTop - 8 << "\" text-anchor=\"middle\">"
          << util::htmlEscape(cols[i].dimension) << "</text>\n";
    }
    for (std::size_t l = 0; l < layers; ++l) {
        const int y = kTop + static_cast<int>(l) * kCellH;
        s << "<text x=\"" << kLeft - 8 << "\" y=\"" << y + kCellH / 2 + 4 << "\" text-anchor=\"end\">layer " << l
          << "</text>\n";
        for (std::size_t i = 0; i < cols.size(); ++i) {
            const HeatColumn& c = cols[i];
            const std::string fill = c.diverging ? divergingColour(c.values[l], c.scale)
                                                 : sequentialColour(c.values[l], c.scale);
            s << "<rect x=\"" << xs[i] << "\" y=\"" << y << "\" width=\"" << kCellW - 2 << "\" height=\""
              << kCellH - 2 << "\" fill=\"" << fill << "\" stroke=\"#ccc\"><title>" << util::htmlEscape(c.tips[l])
              << "</title></rect>\n";
        }
    }
}

// Cuts: a line above the first layer of each later block, the default thirds
// dashed, the suggested cuts solid and labelled right of the grid at x = right.
void writeCutLines(std::ostream& s, const ProbeResult& r, int right)
{
    if (!r.cuts.available)
        return;
    const auto& sug = r.cuts.suggested;
    const auto& thi = r.cuts.thirds;
    for (const int t : {thi.cut1, thi.cut2})
        s << "<line x1=\"" << kLeft - 4 << "\" y1=\"" << kTop + t * kCellH - 1 << "\" x2=\"" << right + 4
          << "\" y2=\"" << kTop + t * kCellH - 1 << "\" stroke=\"#888\" stroke-width=\"1.5\" stroke-dasharray=\"5,4\"/>\n";
    s << "<g stroke-width=\"2.5\">\n";
    for (const int cut : {sug.cut1, sug.cut2}) {
        const int y = kTop + cut * kCellH - 1;
        s << "<line x1=\"" << kLeft - 4 << "\" y1=\"" << y << "\" x2=\"" << right + 4 << "\" y2=\"" << y
          << "\" stroke=\"#111\"/>\n";
        s << "<text x=\"" << right + 8 << "\" y=\"" << y + 4 << "\">"
          << util::htmlEscape("suggested cut " + std::to_string(cut)) << "</text>\n";
    }
    s << "</g>\n";
}

// One legend row at y = ly: a label, a colour bar from `lo` to `hi`.
void writeLegendBar(std::ostream& s, int ly, const std::string& label, const std::vector<std::string>& stops,
                    const std::string& lo, const std::string& hi)
{
    s << "<text x=\"" << kLeft << "\" y=\"" << ly << "\">" << util::htmlEscape(label) << "</text>\n";
    for (std::size_t i = 0; i < stops.size(); ++i)
        s << "<rect x=\"" << kLeft + 260 + static_cast<int>(i) * 16 << "\" y=\"" << ly - 10
          << "\" width=\"16\" height=\"12\" fill=\"" << stops[i] << "\"/>\n";
    s << "<text x=\"" << kLeft + 252 << "\" y=\"" << ly << "\" text-anchor=\"end\">" << util::htmlEscape(lo)
      << "</text>\n";
    s << "<text x=\"" << kLeft + 268 + static_cast<int>(stops.size()) * 16 << "\" y=\"" << ly << "\">"
      << util::htmlEscape(hi) << "</text>\n";
}

// The colour scales in use and the two kinds of cut line, from y = ly down.
void writeLegend(std::ostream& s, const ProbeResult& r, int ly)
{
    if (r.ablate) {
        std::vector<std::string> stops;
        for (int i = -5; i <= 5; ++i)
            stops.push_back(divergingColour(i / 5.0, 1.0));
        writeLegendBar(s, ly, "margin change (each measure scaled to its largest)", stops, "drop", "gain");
        ly += 20;
    }
    if (r.gradient) {
        std::vector<std::string> stops;
        for (int i = 0; i <= 10; ++i)
            stops.push_back(sequentialColour(i / 10.0, 1.0));
        writeLegendBar(s, ly, "gradient norm (each dimension scaled to its largest)", stops, "0", "max");
        ly += 20;
    }
    s << "<line x1=\"" << kLeft << "\" y1=\"" << ly - 4 << "\" x2=\"" << kLeft + 30 << "\" y2=\"" << ly - 4
      << "\" stroke=\"#111\" stroke-width=\"2.5\"/><text x=\"" << kLeft + 36 << "\" y=\"" << ly
      << "\">suggested cuts</text>\n";
    s << "<line x1=\"" << kLeft + 150 << "\" y1=\"" << ly - 4 << "\" x2=\"" << kLeft + 180 << "\" y2=\"" << ly - 4
      << "\" stroke=\"#888\" stroke-width=\"1.5\" stroke-dasharray=\"5,4\"/><text x=\"" << kLeft + 186 << "\" y=\""
      << ly << "\">default thirds</text>\n";
}

// The heat map of every measure: layers down, measure × dimension across.
std::string probeSvg(const ProbeResult& r)
{
    std::vector<HeatColumn> cols;
    if (r.ablate)
        addAblationColumns(r, cols);
    if (r.gradient)
        addGradientColumns(r, cols);
    const auto L = static_cast<std::size_t>(r.numLayers);
    int right = kLeft;
    const std::vector<int> xs = columnPositions(cols, right);
    const int width = right + 240, gridBottom = kTop + static_cast<int>(L) * kCellH;
    const int height = gridBottom + 120;
    std::ostringstream s;
    s << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" font-family=\"sans-serif\" font-size=\"11\">\n";
    writeHeatGrid(s, cols, xs, L);
    writeCutLines(s, r, right);
    writeLegend(s, r, gridBottom + 24);
    s << "</svg>\n";
    return s.str();
}

} // namespace

std::string probeHtml(const ProbeResult& r)
{
    std::ostringstream h;
    h << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Layer probe: " << util::htmlEscape(r.modelDir)
      << "</title>\n<style>body{font-family:sans-serif;margin:20px}td,th{padding:2px 10px;text-align:left}</style>"
         "</head><body>\n";
    h << "<h1>Layer-specialization probe</h1>\n<p>" << util::htmlEscape(r.modelDir) << ": " << r.numLayers << " layers ("
      << util::htmlEscape(r.modelType) << "), run on " << util::htmlEscape(r.device) << ".</p>\n";
    h << "<table><tr><th>dimension</th><th>pairs</th><th>base accuracy</th><th>base margin</th><th>file</th></tr>\n";
    for (const auto& d : r.dimensions)
        h << "<tr><td>" << util::htmlEscape(d.name) << "</td><td>" << d.pairs << "</td><td>" << fmt("%.3f", d.baseAccuracy)
          << "</td><td>" << fmt("%.3f", d.baseMargin) << "</td><td>" << util::htmlEscape(d.file) << "</td></tr>\n";
    h << "</table>\n";
    if (r.cuts.available)
        h << "<p>Suggested cuts " << r.cuts.suggested.cut1 << ", " << r.cuts.suggested.cut2 << ": "
          << util::htmlEscape(blockList(r, r.cuts.suggested)) << "; objective " << fmt("%.3f", r.cuts.suggested.objective)
          << " against " << fmt("%.3f", r.cuts.thirds.objective) << " at the default thirds "
          << r.cuts.thirds.cut1 << ", " << r.cuts.thirds.cut2 << " (gain " << fmt("%+.3f", r.cuts.gain())
          << "; profiles from " << util::htmlEscape(r.cuts.source) << ").</p>\n";
    h << probeSvg(r) << "</body></html>\n";
    return h.str();
}

} // namespace hialign::probe

// The sweep report's texts, from report.json (docs/SWEEP.md gives the
// format): report.csv, the self-contained report.html (the table and grouped
// bar charts drawn as inline SVG) and the plain-text table the CLI prints.
// The one owner of these formats; the GUI's export uses reportCsv too.
// Plain C++: no Qt, no LibTorch.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

namespace hialign::judge {

// The report format's version written and read (2: seed-aware intervals,
// paired differences to the base, W/T/L counts, notes and warnings).
inline constexpr int kReportVersion = 2;

std::string reportCsv(const nlohmann::json& report);
std::string reportHtml(const nlohmann::json& report);
// One block per dimension: mean [interval], seed spread, the difference to
// the base with its interval and significance, p-values and W/T/L counts;
// then the statistics used, notes, warnings and missing tasks.
std::string reportTable(const nlohmann::json& report);

} // namespace hialign::judge

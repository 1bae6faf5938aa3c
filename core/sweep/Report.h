// The sweep report: report.json (docs/SWEEP.md), report.csv and a
// self-contained report.html with the table and grouped bar charts drawn as
// inline SVG. Plain C++.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace hialign::sweep {

// Writes report.csv and report.html for a report (as collect() builds it) into `dir`.
void writeReportCsv(const nlohmann::json& report, const std::filesystem::path& file);
void writeReportHtml(const nlohmann::json& report, const std::filesystem::path& file);

} // namespace hialign::sweep

// The sweep report's texts, from the typed report (judge/SweepReportModel.h;
// docs/SWEEP.md gives the format): report.csv, the self-contained
// report.html (the table and grouped bar charts drawn as inline SVG) and the
// plain-text table the CLI prints. The one owner of these formats; the GUI's
// export uses them too. Plain C++: no Qt, no LibTorch.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "judge/SweepReportModel.h"

namespace hialign::judge {

std::string reportCsv(const SweepReportModel& report);
std::string reportHtml(const SweepReportModel& report);
// One block per dimension: mean [interval], seed spread, the difference to
// the base with its interval and significance, p-values and W/T/L counts;
// then the statistics used, notes, warnings and missing tasks.
std::string reportTable(const SweepReportModel& report);

// The same from parsed report.json: SweepReportModel::fromJson first (an
// InputError naming "report.json" and the field when it is malformed).
std::string reportCsv(const nlohmann::json& report);
std::string reportHtml(const nlohmann::json& report);
std::string reportTable(const nlohmann::json& report);

} // namespace hialign::judge

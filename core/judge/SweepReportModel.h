// report.json, the sweep's report (docs/SWEEP.md, "report.json"), as one
// typed document: the one reader and writer of the format. sweep::collect
// builds it from judge::summarizeSweep and writes toJson(); judge/ReportText
// renders report.csv, report.html and the CLI's table from it; the GUI's
// widgets/SweepReport holds it as it is (docs/ARCHITECTURE.md, "File formats
// and their owners"). Versions 1 and 2 are read; version 2 is written.
// Plain C++: no Qt, no LibTorch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hialign::judge {

// The report format's version written (2: seed-aware intervals, paired
// differences to the base, W/T/L counts, notes and warnings); 1 and 2 are read.
inline constexpr int kReportVersion = 2;

// One row: one strategy on one dimension. Numbers that are null or absent
// (not computable, or not in a version-1 report) are NaN; counts are empty.
struct ReportRow {
    static constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

    std::string strategy;
    std::string dimension;
    std::size_t n = 0;                      // judgments, parsed or not
    std::size_t unparsed = 0;               // judgments without a score
    double mean = kNone;
    double low = kNone;                     // the interval at statistics.level
    double high = kNone;
    // Version 2: the mean paired difference to the base with its interval,
    // the paired items, the paired test's p and Holm's adjusted p.
    double diff = kNone;
    double diffLow = kNone;
    double diffHigh = kNone;
    std::optional<std::size_t> pairedN;
    double pValue = kNone;
    double pHolm = kNone;
    bool significant = false;
    double winRate = kNone;                 // against the base, 0..1
    std::string winSource;                  // "pairwise" or "scores"
    std::optional<std::size_t> wins, ties, losses;            // version 2; none for the base
    std::optional<std::size_t> pairwiseN, pairwiseUnparsed;   // only with pairwise judgments
    double meanLength = kNone;
    double lengthCorrelation = kNone;
    bool alignmentTax = false;
    std::vector<double> seedMeans;          // in the order of the report's seeds; NaN where null
    double seedSd = kNone;

    bool operator==(const ReportRow& other) const;
    bool operator!=(const ReportRow& other) const { return !(*this == other); }
};

// "statistics" (version 2): how the intervals and the paired tests were
// computed. Every field is optional in the file and written only when set.
struct ReportStatistics {
    std::optional<std::size_t> bootstrapResamples;
    double alpha = ReportRow::kNone;        // significance
    double level = ReportRow::kNone;        // of every interval, in (0, 1)
    std::optional<std::string> interval;    // "seeds-then-prompts" or "prompts"
    std::optional<std::string> pairedTest;  // "mcnemar-exact" or "sign-test"
    std::optional<std::string> correction;  // "holm"
    std::optional<std::size_t> comparisons; // the m of Holm's correction

    bool empty() const;                     // no field set
    bool operator==(const ReportStatistics& other) const;
    bool operator!=(const ReportStatistics& other) const { return !(*this == other); }
};

struct SweepReportModel {
    std::string format = "hialign-sweep-report";
    int version = kReportVersion;
    std::string judge;                      // the judge spec, without secrets
    double scoreMin = ReportRow::kNone;     // the judge's score range; NaN when absent
    double scoreMax = ReportRow::kNone;
    std::optional<std::string> base;        // null: the sweep has no base strategy
    std::vector<std::string> strategies;    // report order
    std::vector<std::string> dimensions;
    std::vector<std::uint64_t> seeds;
    std::vector<std::string> missingTasks;  // tasks not finished when collected
    std::optional<ReportStatistics> statistics;   // absent in version 1
    std::vector<std::string> notes;         // sentences the reader must see beside the table
    std::vector<std::string> warnings;      // saturated dimensions
    std::vector<ReportRow> rows;
    nlohmann::json settings;                // sweep.json's settings as they were; null: absent

    // The row of one strategy × dimension, or null.
    const ReportRow* row(const std::string& strategy, const std::string& dimension) const;

    // Validates a parsed report.json. Throws hialign::InputError with one
    // sentence naming `source` (the file) and the field: not an object, another
    // format, a version other than 1 and 2, a value of the wrong type, a
    // score range whose maximum is not above its minimum, a statistics level
    // outside (0, 1), a row without strategy or dimension. Absent and null
    // values read as NaN or empty; unknown keys are ignored.
    static SweepReportModel fromJson(const nlohmann::json& j, const std::string& source);
    // The whole text of a report.json file: fromJson, and InputError
    // "SOURCE is not valid JSON (...)." when it does not parse.
    static SweepReportModel parse(const std::string& text, const std::string& source);
    // Reads and parses a report.json file; InputError when it cannot be read.
    static SweepReportModel read(const std::filesystem::path& file);
    // toJson() written to FILE (a temporary file renamed over it).
    void write(const std::filesystem::path& file) const;

    // A sweep folder's report files, named here only: report.json (this
    // document), report.csv and report.html (judge/ReportText's texts).
    static std::filesystem::path jsonFileIn(const std::filesystem::path& sweepDir) { return sweepDir / "report.json"; }
    static std::filesystem::path csvFileIn(const std::filesystem::path& sweepDir) { return sweepDir / "report.csv"; }
    static std::filesystem::path htmlFileIn(const std::filesystem::path& sweepDir) { return sweepDir / "report.html"; }

    // report.json as sweep::collect writes it: every key of a version-2 row
    // (null for NaN and empty counts; pairwise_n and pairwise_unparsed only
    // when set), the statistics' set fields, settings when not null.
    nlohmann::json toJson() const;

    bool operator==(const SweepReportModel& other) const;
    bool operator!=(const SweepReportModel& other) const { return !(*this == other); }
};

} // namespace hialign::judge

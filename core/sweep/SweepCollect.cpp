// The sweep's collection (sweep/Sweep.h, collect): the finished tasks'
// judgments and pairwise outcomes (settings/SweepTaskFiles.h) summarized into
// report.json, report.csv and report.html (docs/SWEEP.md, "report.json" and
// "Statistics").
#include "sweep/Sweep.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "judge/JudgeSpec.h"
#include "judge/JudgeStats.h"
#include "judge/ReportText.h"
#include "settings/SweepTaskFiles.h"
#include "sweep/SweepInternal.h"
#include "util/AtomicFile.h"
#include "util/Error.h"
#include "util/Json.h"

namespace hialign::sweep {

namespace fs = std::filesystem;

namespace detail {

namespace {

// What the finished tasks' files hold, and which tasks have not finished.
struct TaskResults {
    std::vector<judge::Judgment> judgments;
    std::vector<judge::PairwiseJudgment> pairwise;
    std::vector<std::string> missing;
};

// Task T's judgments, each with its response's length in tokens from GENS.
void addJudgments(const fs::path& dir, const SweepTask& t, const std::vector<GenerationRecord>& gens,
                  std::vector<judge::Judgment>& judgments)
{
    std::map<std::string, std::size_t> lengths;
    for (const GenerationRecord& g : gens) lengths[g.promptId] = g.tokens;
    for (const JudgmentRecord& j : readJudgments(dir / kJudgmentsFile)) {
        judge::Judgment jd;
        jd.strategy = t.strategy;
        jd.dimension = j.dimension;
        jd.promptId = j.promptId;
        jd.seed = t.seed;
        jd.score = j.score;
        jd.responseLength = lengths[jd.promptId];
        judgments.push_back(std::move(jd));
    }
}

// Task T's pairwise outcomes; compared now when its base finished after it.
void addPairwise(Context& c, const fs::path& dir, const SweepTask& t, const std::vector<GenerationRecord>& gens,
                 const SweepCallbacks& cb, std::vector<judge::PairwiseJudgment>& pairwise)
{
    const fs::path pairFile = dir / kPairwiseFile;
    const std::string baseTask = taskName("base", t.seed);
    if (!fs::is_regular_file(pairFile) && wantsPairwise(c) && taskFinished(c.sweepDir, baseTask)) {
        progress(cb, t.name, "pairwise", 0, 0, "comparing " + t.name + " with base");
        writePairwise(pairFile, compareAll(c.getJudge(), c.settings, gens,
                                           readGenerations(taskDir(c.sweepDir, baseTask) / kGenerationsFile)));
    }
    if (fs::is_regular_file(pairFile))
        for (const PairwiseRecord& p : readPairwise(pairFile)) pairwise.push_back({t.strategy, p.dimension, p.outcome});
}

TaskResults readTasks(Context& c, const SweepCallbacks& cb)
{
    TaskResults r;
    for (const SweepTask& t : sweepTasks(c.settings)) {
        if (!taskFinished(c.sweepDir, t.name)) {
            r.missing.push_back(t.name);
            continue;
        }
        const fs::path dir = taskDir(c.sweepDir, t.name);
        const std::vector<GenerationRecord> gens = readGenerations(dir / kGenerationsFile);
        addJudgments(dir, t, gens, r.judgments);
        if (t.strategy == "base" || !c.settings.pairwise) continue;
        addPairwise(c, dir, t, gens, cb, r.pairwise);
    }
    return r;
}

// Not computable (NaN, or infinite) is NaN in the report: null in report.json.
double reportNumber(double v)
{
    return std::isfinite(v) ? v : judge::ReportRow::kNone;
}

// The report without rows: the sweep's settings, the strategies that have
// judgments, and the statistics settings (docs/SWEEP.md, "report.json").
judge::SweepReportModel reportHead(const SweepSettings& s, const TaskResults& r, bool haveBase)
{
    const judge::JudgeSpec spec = judge::parseJudgeSpec(s.judgeSpec);
    judge::SweepReportModel report;
    report.judge = s.judgeSpec;
    if (haveBase) report.base = "base";
    report.seeds = s.seeds;
    report.missingTasks = r.missing;
    report.scoreMin = spec.scoreMin();
    report.scoreMax = spec.scoreMax();
    report.settings = s.toJson();
    for (const std::string& st : s.strategies)
        if (std::any_of(r.judgments.begin(), r.judgments.end(), [&](const judge::Judgment& j) { return j.strategy == st; }))
            report.strategies.push_back(st);
    judge::ReportStatistics& statistics = report.statistics.emplace();
    statistics.bootstrapResamples = s.report.bootstrapResamples;
    statistics.alpha = s.report.alpha;
    statistics.level = 1.0 - s.report.alpha;
    statistics.correction = "holm";
    statistics.comparisons = 0;
    return report;
}

// One strategy × dimension of the summary as a report row; OTHER: a strategy
// compared with base.
judge::ReportRow reportRow(const judge::StrategySummary& r, bool haveBase, bool other)
{
    judge::ReportRow row;
    row.strategy = r.strategy;
    row.dimension = r.dimension;
    row.n = r.n;
    row.unparsed = r.unparsed;
    row.mean = reportNumber(r.score.mean);
    row.low = reportNumber(r.score.low);
    row.high = reportNumber(r.score.high);
    if (other && r.vsBase) {
        row.diff = reportNumber(r.vsBase->difference.mean);
        row.diffLow = reportNumber(r.vsBase->difference.low);
        row.diffHigh = reportNumber(r.vsBase->difference.high);
        row.pairedN = r.vsBase->pairs;
        row.pValue = reportNumber(r.vsBase->pValue);
        row.pHolm = reportNumber(r.vsBase->pHolm);
        row.significant = r.vsBase->significant;
    }
    if (haveBase) row.winRate = reportNumber(r.winRate);
    row.winSource = r.winSource;
    if (other) {
        row.wins = r.wins;
        row.ties = r.ties;
        row.losses = r.losses;
    }
    if (r.pairwiseN > 0) {
        row.pairwiseN = r.pairwiseN;
        row.pairwiseUnparsed = r.pairwiseUnparsed;
    }
    row.meanLength = reportNumber(r.meanLength);
    row.lengthCorrelation = reportNumber(r.lengthScoreCorrelation);
    row.alignmentTax = other && r.alignmentTax;
    for (double m : r.seedMeans) row.seedMeans.push_back(reportNumber(m));
    row.seedSd = reportNumber(r.seedSd);
    return row;
}

// The statistics (judge::summarizeSweep) into REPORT's rows, notes and warnings.
void addSummary(judge::SweepReportModel& report, const SweepSettings& s, const TaskResults& r, bool haveBase)
{
    const judge::JudgeSpec spec = judge::parseJudgeSpec(s.judgeSpec);
    judge::SummaryOptions o;
    o.baseStrategy = haveBase ? "base" : r.judgments.front().strategy;
    o.seeds = s.seeds;
    o.resamples = s.report.bootstrapResamples;
    o.alpha = s.report.alpha;
    o.scoreMin = spec.scoreMin();
    o.scoreMax = spec.scoreMax();
    const judge::SweepSummary summary = judge::summarizeSweep(r.judgments, r.pairwise, o);
    judge::ReportStatistics& statistics = *report.statistics;
    statistics.interval = summary.intervalMethod;
    statistics.pairedTest = summary.pairedTest;
    statistics.comparisons = summary.comparisons;
    report.notes = summary.notes;
    report.warnings = summary.warnings;
    for (const judge::StrategySummary& row : summary.rows) {
        if (std::find(report.dimensions.begin(), report.dimensions.end(), row.dimension) == report.dimensions.end())
            report.dimensions.push_back(row.dimension);
        report.rows.push_back(reportRow(row, haveBase, haveBase && row.strategy != o.baseStrategy));
    }
}

void writeReport(const fs::path& sweepDir, const judge::SweepReportModel& report, const SweepCallbacks& cb)
{
    report.write(judge::SweepReportModel::jsonFileIn(sweepDir));
    writeFileAtomic(judge::SweepReportModel::csvFileIn(sweepDir), judge::reportCsv(report));
    writeFileAtomic(judge::SweepReportModel::htmlFileIn(sweepDir), judge::reportHtml(report));
    for (const std::string& w : report.warnings) progress(cb, "", "report", 0, 0, "warning: " + w);
    progress(cb, "", "report", 0, 0, "report written to " + judge::SweepReportModel::htmlFileIn(sweepDir).string());
}

} // namespace

judge::SweepReportModel collectIn(Context& c, const SweepCallbacks& cb)
{
    const TaskResults results = readTasks(c, cb);
    const bool haveBase = std::any_of(results.judgments.begin(), results.judgments.end(),
                                      [](const judge::Judgment& j) { return j.strategy == "base"; });
    judge::SweepReportModel report = reportHead(c.settings, results, haveBase);
    if (!results.judgments.empty()) addSummary(report, c.settings, results, haveBase);
    writeReport(c.sweepDir, report, cb);
    return report;
}

} // namespace detail

judge::SweepReportModel collect(const fs::path& sweepDir, const SweepCallbacks& callbacks,
                                const SweepSettings::ReportSettings* report)
{
    detail::Context c = detail::openContext(sweepDir);
    if (report) {
        c.settings.report = *report;
        c.settings.validate();
        writeSweepSettings(sweepDir, c.settings);
    }
    return detail::collectIn(c, callbacks);
}

} // namespace hialign::sweep

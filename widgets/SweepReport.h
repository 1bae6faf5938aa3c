// A strategy sweep's folder for the GUI (docs/SWEEP.md): report.json's
// table as the core reads and validates it (judge::SweepReportModel, held as
// it is), and on demand one strategy × dimension's judged generations with
// Base's answer to the same prompt and the pairwise outcome.
//
// Readers return an empty optional plus one sentence naming the file that is
// missing or malformed; they never throw and never return half a report.
// The formatting helpers give the texts the sweep view and the exported
// report share (translated, in the score range's own units).
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "judge/SweepReportModel.h"

namespace hialign::widgets {

// The core's texts as Qt's, at the edge.
inline QString qString(const std::string& text)
{
    return QString::fromStdString(text);
}
QStringList qStringList(const std::vector<std::string>& texts);

// One judged generation of a drill-down: a prompt, the strategy's response,
// its score on the chosen dimension, and Base's response beside it.
struct SweepSample {
    QString task;              // e.g. global-seed1
    qint64 seed = 0;
    QString promptId;
    QString prompt;
    QString response;
    QString finishReason;
    bool judged = false;       // a judgment line exists for this prompt × dimension
    double score = std::numeric_limits<double>::quiet_NaN();   // NaN: unparsed
    QString verdict;
    QString explanation;
    bool hasBase = false;      // Base's generation for the same prompt and seed exists
    QString baseResponse;
    double baseScore = std::numeric_limits<double>::quiet_NaN();
    QString baseVerdict;
    QString baseExplanation;
    QString pairwise;          // "win", "loss", "tie", "unparsed"; empty: none
    QString pairwiseFirst;     // raw verdicts of the two orders ("A", "B", "tie", "" for null)
    QString pairwiseSwapped;
    QStringList pairwiseExplanations;
};

struct SweepReport {
    Q_DECLARE_TR_FUNCTIONS(hialign::widgets::SweepReport)

public:
    QString dir;               // the sweep folder (absolute)
    // report.json as the core reads it, its strategies and dimensions
    // completed from the rows (in row order), its blank notes and warnings
    // left out.
    judge::SweepReportModel model;

    // Reads DIR/report.json.
    static std::optional<SweepReport> load(const QString& sweepDir, QString* error);

    // The score range: report.json's, 0 and 1 where it gives none.
    double scoreMin() const;
    double scoreMax() const;
    // The reference strategy: report.json's "base", "base" where it names none.
    QString base() const;
    bool isBase(const judge::ReportRow& row) const;
    // The strategies and dimensions in report order.
    QStringList strategies() const;
    QStringList dimensions() const;
    // report.json's "statistics" (version 2); empty (every field unset) in version 1.
    bool hasStatistics() const { return model.statistics.has_value(); }
    judge::ReportStatistics statistics() const;

    // The row of one strategy × dimension, or null.
    const judge::ReportRow* row(const QString& strategy, const QString& dimension) const;
    // The strategy's judged generations on one dimension, over every seed,
    // in prompt order (reads the task folders' JSON Lines files through the
    // core's reader, settings/SweepTaskFiles.h; its sentence names the file
    // and the line).
    std::optional<QList<SweepSample>> samples(const QString& strategy, const QString& dimension,
                                              QString* error) const;

    // The seeds whose task folders the drill-down reads: the report's, else
    // the strategy's task folders' (STRATEGY-seedN).
    QList<qint64> taskSeeds(const QString& strategy) const;
    // Task folder name: STRATEGY-seedSEED.
    static QString taskName(const QString& strategy, qint64 seed);
    // Base / Full-DPO / Local-Align / Mid-Align / Global-Align, else the raw name.
    static QString strategyTitle(const QString& strategy);
    // Grammar / Logic / Facts, else the raw name.
    static QString dimensionTitle(const QString& dimension);

    // Scores are shown as percentages when the range is 0..1.
    bool percentScale() const;
    QString formatScore(double value) const;               // "93.0%" or "7.4"; "–" for NaN
    // "mean [low, high]", and on a second line the seed spread and the
    // unparsed count where there are any (formatMeanDetails alone).
    QString formatMeanCell(const judge::ReportRow& row) const;
    QString formatMeanDetails(const judge::ReportRow& row) const;
    QString formatMeanTooltip(const judge::ReportRow& row) const;
    // "62.5% (12 W · 180 T · 8 L)", the counts where the report has them;
    // "–" for Base and NaN.
    QString formatWinCell(const judge::ReportRow& row) const;
    QString formatWinTooltip(const judge::ReportRow& row) const;
    // "12 W · 180 T · 8 L"; empty without counts.
    QString formatWinCounts(const judge::ReportRow& row) const;
    // The paired difference to Base: "+3.5 pts [+1.0, +6.0] *" (percentage
    // points on 0..1, "+0.5 [−0.2, +1.2]" on other scales; "*": significant
    // after the correction); "–" for Base, version 1 and null.
    QString formatDiffCell(const judge::ReportRow& row) const;
    // The difference, its interval, p, the corrected p, the test and the paired n.
    QString formatDiffTooltip(const judge::ReportRow& row) const;
    // A difference in the scale's units with its sign: "+3.5" (points), "−0.2".
    QString formatSignedDiff(double value) const;
    QString taxTooltip(const judge::ReportRow& row) const;         // empty without the flag
    QString scoreRangeText() const;                        // "0–1" or "1–10"
    // The intervals' level: statistics.level, else 0.95 (version 1).
    double intervalLevel() const;
    QString levelText() const;                             // "95%"
    // The significance mark of formatDiffCell.
    static QString significanceMark() { return QStringLiteral("*"); }
    // Names of the statistics' methods ("bootstrap over seeds, then prompts",
    // "McNemar's exact test", "Holm correction"); the raw name when unknown.
    QString intervalMethodText() const;
    QString pairedTestText() const;
    QString correctionText() const;
    // "Holm correction over 8 comparisons, α = 0.05"; empty without statistics.
    QString correctionSummary() const;
    // One line: judge, seeds, prompts.
    QString summaryText() const;
    // How the intervals and tests were computed, in a sentence or two;
    // version 1: that the report has no paired tests.
    QString statisticsText() const;
    // Empty when no task is missing.
    QString missingTasksText() const;
};

} // namespace hialign::widgets

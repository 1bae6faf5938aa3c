// A strategy sweep's folder read into plain Qt values (docs/SWEEP.md):
// report.json's table (read and validated by the core's
// judge::SweepReportModel, copied here), and on demand one strategy ×
// dimension's judged generations with Base's answer to the same prompt and
// the pairwise outcome.
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

namespace hialign::widgets {

// One row of report.json: one strategy on one dimension. NaN: null (not computable).
struct SweepRow {
    QString strategy;
    QString dimension;
    int n = 0;                 // judgments, parsed or not
    int unparsed = 0;          // judgments without a score
    double mean = std::numeric_limits<double>::quiet_NaN();
    double low = std::numeric_limits<double>::quiet_NaN();    // bootstrap interval at the report's level
    double high = std::numeric_limits<double>::quiet_NaN();   // (version 2: over seeds, then prompts)
    double winRate = std::numeric_limits<double>::quiet_NaN();  // against Base, 0..1
    QString winSource;         // "pairwise" or "scores"
    std::optional<int> wins;   // the counts beside the rate (version 2; none for Base)
    std::optional<int> ties;
    std::optional<int> losses;
    std::optional<int> pairwiseN;          // pairwise comparisons asked, parsed or not
    std::optional<int> pairwiseUnparsed;
    // Version 2: the mean paired difference to Base (same prompts and seeds)
    // with its interval at the report's level; NaN for Base, version 1 and
    // where not computable.
    double diff = std::numeric_limits<double>::quiet_NaN();
    double diffLow = std::numeric_limits<double>::quiet_NaN();
    double diffHigh = std::numeric_limits<double>::quiet_NaN();
    std::optional<int> pairedN;            // paired (seed, prompt) items
    double pValue = std::numeric_limits<double>::quiet_NaN();   // the paired test's p
    double pHolm = std::numeric_limits<double>::quiet_NaN();    // Holm-adjusted
    bool significant = false;              // pHolm < alpha
    double meanLength = std::numeric_limits<double>::quiet_NaN();
    double lengthCorrelation = std::numeric_limits<double>::quiet_NaN();
    bool alignmentTax = false;             // version 2: diffHigh < 0; version 1: high < Base's mean
    QList<double> seedMeans;   // one per seed (NaN where null)
    double seedSd = std::numeric_limits<double>::quiet_NaN();
};

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

// report.json's "statistics" (version 2): how the intervals and the paired
// tests were computed. Absent in version 1 (present false).
struct SweepStatistics {
    bool present = false;
    int bootstrapResamples = 0;            // 0: not given
    double alpha = std::numeric_limits<double>::quiet_NaN();
    double level = std::numeric_limits<double>::quiet_NaN();   // of every interval
    QString interval;                      // "seeds-then-prompts" or "prompts"
    QString pairedTest;                    // "mcnemar-exact" or "sign-test"
    QString correction;                    // "holm"
    std::optional<int> comparisons;        // strategy × dimension comparisons with a p-value
};

struct SweepReport {
    Q_DECLARE_TR_FUNCTIONS(hialign::widgets::SweepReport)

public:
    QString dir;               // the sweep folder (absolute)
    int version = 1;
    QString judge;
    double scoreMin = 0.0;
    double scoreMax = 1.0;
    QString base = QStringLiteral("base");
    QStringList strategies;    // report order
    QStringList dimensions;
    QList<qint64> seeds;
    QStringList missingTasks;
    SweepStatistics statistics;
    QStringList notes;         // sentences to show as they are
    QStringList warnings;      // sentences to show prominently
    QList<SweepRow> rows;

    // Reads DIR/report.json.
    static std::optional<SweepReport> load(const QString& sweepDir, QString* error);

    // The row of one strategy × dimension, or null.
    const SweepRow* row(const QString& strategy, const QString& dimension) const;
    // The strategy's judged generations on one dimension, over every seed,
    // in prompt order (reads the task folders' JSON Lines files).
    std::optional<QList<SweepSample>> samples(const QString& strategy, const QString& dimension,
                                              QString* error) const;

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
    QString formatMeanCell(const SweepRow& row) const;
    QString formatMeanDetails(const SweepRow& row) const;
    QString formatMeanTooltip(const SweepRow& row) const;
    // "62.5% (12 W · 180 T · 8 L)", the counts where the report has them;
    // "–" for Base and NaN.
    QString formatWinCell(const SweepRow& row) const;
    QString formatWinTooltip(const SweepRow& row) const;
    // "12 W · 180 T · 8 L"; empty without counts.
    QString formatWinCounts(const SweepRow& row) const;
    // The paired difference to Base: "+3.5 pts [+1.0, +6.0] *" (percentage
    // points on 0..1, "+0.5 [−0.2, +1.2]" on other scales; "*": significant
    // after the correction); "–" for Base, version 1 and null.
    QString formatDiffCell(const SweepRow& row) const;
    // The difference, its interval, p, the corrected p, the test and the paired n.
    QString formatDiffTooltip(const SweepRow& row) const;
    // A difference in the scale's units with its sign: "+3.5" (points), "−0.2".
    QString formatSignedDiff(double value) const;
    QString taxTooltip(const SweepRow& row) const;         // empty without the flag
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

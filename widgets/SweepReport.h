// A strategy sweep's folder read into plain Qt values (docs/SWEEP.md):
// report.json's table, and on demand one strategy × dimension's judged
// generations with Base's answer to the same prompt and the pairwise outcome.
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
    double low = std::numeric_limits<double>::quiet_NaN();    // 95% bootstrap interval
    double high = std::numeric_limits<double>::quiet_NaN();
    double winRate = std::numeric_limits<double>::quiet_NaN();  // against Base, 0..1
    QString winSource;         // "pairwise" or "scores"
    double meanLength = std::numeric_limits<double>::quiet_NaN();
    double lengthCorrelation = std::numeric_limits<double>::quiet_NaN();
    bool alignmentTax = false;
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

struct SweepReport {
    Q_DECLARE_TR_FUNCTIONS(hialign::widgets::SweepReport)

public:
    QString dir;               // the sweep folder (absolute)
    QString judge;
    double scoreMin = 0.0;
    double scoreMax = 1.0;
    QString base = QStringLiteral("base");
    QStringList strategies;    // report order
    QStringList dimensions;
    QList<qint64> seeds;
    QStringList missingTasks;
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
    QString formatWinCell(const SweepRow& row) const;      // "62.5%"; "–" for Base and NaN
    QString formatWinTooltip(const SweepRow& row) const;
    QString taxTooltip(const SweepRow& row) const;         // empty without the flag
    QString scoreRangeText() const;                        // "0–1" or "1–10"
    // One line: judge, seeds, prompts.
    QString summaryText() const;
    // Empty when no task is missing.
    QString missingTasksText() const;
};

} // namespace hialign::widgets

// The sweep report's translated texts: strategy and dimension titles, the
// table's cells and tooltips, the statistics' sentences (SweepReport.h).
#include "widgets/SweepReport.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <string>

namespace hialign::widgets {

namespace {

int count(std::size_t n)
{
    return static_cast<int>(n);
}

} // namespace

QString SweepReport::strategyTitle(const QString& strategy)
{
    if (strategy == QLatin1String("base"))
        return tr("Base");
    if (strategy == QLatin1String("full"))
        return tr("Full-DPO");
    if (strategy == QLatin1String("local"))
        return tr("Local-Align");
    if (strategy == QLatin1String("mid"))
        return tr("Mid-Align");
    if (strategy == QLatin1String("global"))
        return tr("Global-Align");
    return strategy;
}

QString SweepReport::dimensionTitle(const QString& dimension)
{
    if (dimension == QLatin1String("grammar"))
        return tr("Grammar");
    if (dimension == QLatin1String("logic"))
        return tr("Logic");
    if (dimension == QLatin1String("facts"))
        return tr("Facts");
    return dimension;
}

bool SweepReport::percentScale() const
{
    return scoreMin() == 0.0 && scoreMax() == 1.0;
}

namespace {

// A score in the scale's units without a unit sign.
QString plainNumber(const SweepReport& r, double value)
{
    const QLocale locale;
    if (r.percentScale())
        return locale.toString(value * 100.0, 'f', 1);
    const double range = r.scoreMax() - r.scoreMin();
    return locale.toString(value, 'f', range <= 2.0 ? 2 : range <= 20.0 ? 1 : 0);
}

QString percent(double share)
{
    return SweepReport::tr("%1%").arg(QLocale().toString(share * 100.0, 'f', 1));
}

} // namespace

QString SweepReport::formatScore(double value) const
{
    if (std::isnan(value))
        return QStringLiteral("–");
    return percentScale() ? percent(value) : plainNumber(*this, value);
}

QString SweepReport::formatMeanCell(const judge::ReportRow& r) const
{
    QString text = formatScore(r.mean);
    if (!std::isnan(r.mean) && !std::isnan(r.low) && !std::isnan(r.high))
        text = tr("%1 [%2, %3]").arg(text, plainNumber(*this, r.low), plainNumber(*this, r.high));
    const QString details = formatMeanDetails(r);
    return details.isEmpty() ? text : text + QLatin1Char('\n') + details;
}

QString SweepReport::formatMeanDetails(const judge::ReportRow& r) const
{
    QStringList parts;
    if (model.seeds.size() > 1 && !std::isnan(r.seedSd))
        parts << tr("seed sd %1").arg(plainNumber(*this, r.seedSd));
    if (r.unparsed > 0)
        parts << tr("%n unparsed", nullptr, count(r.unparsed));
    return parts.join(QStringLiteral(" · "));
}

QString SweepReport::formatMeanTooltip(const judge::ReportRow& r) const
{
    QStringList lines;
    lines << tr("%1 on %2").arg(strategyTitle(qString(r.strategy)), dimensionTitle(qString(r.dimension)));
    if (std::isnan(r.mean))
        lines << tr("No parsed score: the mean cannot be computed.");
    else if (std::isnan(r.low) || std::isnan(r.high))
        lines << tr("Mean %1; no interval could be computed.").arg(formatScore(r.mean));
    else if (!hasStatistics())
        lines << tr("Mean %1, 95% bootstrap interval %2 to %3.")
                     .arg(formatScore(r.mean), formatScore(r.low), formatScore(r.high));
    else
        lines << tr("Mean %1, %2 interval %3 to %4 (%5).")
                     .arg(formatScore(r.mean), levelText(), formatScore(r.low), formatScore(r.high), intervalMethodText());
    lines << tr("Judgments: %n", nullptr, count(r.n));
    if (r.unparsed > 0)
        lines << tr("Judge replies without a valid rating: %n (left out of the mean).", nullptr, count(r.unparsed));
    const std::vector<std::uint64_t>& seeds = model.seeds;
    if (seeds.size() > 1 && !r.seedMeans.empty()) {
        QStringList means;
        for (std::size_t i = 0; i < r.seedMeans.size(); ++i)
            means << (i < seeds.size() ? tr("seed %1: %2").arg(static_cast<qint64>(seeds[i])).arg(formatScore(r.seedMeans[i]))
                                       : formatScore(r.seedMeans[i]));
        lines << tr("Per seed: %1 (standard deviation %2).")
                     .arg(means.join(QStringLiteral(", ")), std::isnan(r.seedSd) ? QStringLiteral("–") : plainNumber(*this, r.seedSd));
    }
    if (!std::isnan(r.meanLength))
        lines << tr("Mean response length %1 tokens; length–score correlation %2.")
                     .arg(QLocale().toString(r.meanLength, 'f', 1),
                          std::isnan(r.lengthCorrelation) ? QStringLiteral("–") : QLocale().toString(r.lengthCorrelation, 'f', 2));
    if (r.alignmentTax)
        lines << taxTooltip(r);
    return lines.join(QLatin1Char('\n'));
}

QString SweepReport::formatWinCell(const judge::ReportRow& r) const
{
    if (isBase(r) || std::isnan(r.winRate))
        return QStringLiteral("–");
    const QString counts = formatWinCounts(r);
    return counts.isEmpty() ? percent(r.winRate) : tr("%1 (%2)").arg(percent(r.winRate), counts);
}

QString SweepReport::formatWinCounts(const judge::ReportRow& r) const
{
    if (isBase(r) || !r.wins || !r.ties || !r.losses)
        return {};
    return tr("%1 W · %2 T · %3 L").arg(count(*r.wins)).arg(count(*r.ties)).arg(count(*r.losses));
}

QString SweepReport::formatWinTooltip(const judge::ReportRow& r) const
{
    if (isBase(r))
        return tr("Base is the reference the other strategies are compared with.");
    if (std::isnan(r.winRate))
        return tr("No prompt was judged for both this strategy and Base.");
    QString text = r.winSource == "pairwise"
                       ? tr("Share of prompts where the judge preferred %1 over Base, asked in both orders; "
                            "disagreeing orders count as a tie (one half).")
                             .arg(strategyTitle(qString(r.strategy)))
                       : tr("Share of prompts where %1 scored higher than Base; a tie counts one half.")
                             .arg(strategyTitle(qString(r.strategy)));
    if (r.wins && r.ties && r.losses)
        text += QLatin1Char('\n') + tr("Wins %1, ties %2, losses %3.").arg(count(*r.wins)).arg(count(*r.ties)).arg(count(*r.losses));
    if (r.pairwiseUnparsed && *r.pairwiseUnparsed > 0)
        text += QLatin1Char('\n')
                + tr("Pairwise verdicts without a valid answer: %n (left out of the rate).", nullptr, count(*r.pairwiseUnparsed));
    return text;
}

namespace {

// A p-value: "0.049", "0.0031", "< 0.0001".
QString pText(double p)
{
    const QLocale locale;
    if (p < 0.0001)
        return SweepReport::tr("< %1").arg(locale.toString(0.0001, 'f', 4));
    return p >= 0.01 ? locale.toString(p, 'f', 3) : locale.toString(p, 'g', 2);
}

} // namespace

QString SweepReport::formatSignedDiff(double value) const
{
    if (std::isnan(value))
        return QStringLiteral("–");
    const QLocale locale;
    const int decimals = percentScale() ? 1 : (scoreMax() - scoreMin()) <= 2.0 ? 2 : (scoreMax() - scoreMin()) <= 20.0 ? 1 : 0;
    const double shown = percentScale() ? value * 100.0 : value;
    const QString digits = locale.toString(std::abs(shown), 'f', decimals);
    if (locale.toString(0.0, 'f', decimals) == digits)
        return digits;   // rounds to zero: no sign
    return (shown > 0 ? locale.positiveSign() : QStringLiteral("\u2212")) + digits;
}

QString SweepReport::formatDiffCell(const judge::ReportRow& r) const
{
    if (isBase(r) || std::isnan(r.diff))
        return QStringLiteral("–");
    QString text = percentScale() ? tr("%1 pts").arg(formatSignedDiff(r.diff)) : formatSignedDiff(r.diff);
    if (!std::isnan(r.diffLow) && !std::isnan(r.diffHigh))
        text = tr("%1 [%2, %3]").arg(text, formatSignedDiff(r.diffLow), formatSignedDiff(r.diffHigh));
    if (r.significant)
        text += QLatin1Char(' ') + significanceMark();
    return text;
}

QString SweepReport::formatDiffTooltip(const judge::ReportRow& r) const
{
    if (isBase(r))
        return tr("Base is the reference the other strategies are compared with.");
    if (!hasStatistics() && model.version < 2)
        return tr("This report (version 1) has no paired differences to Base; collect the sweep again "
                  "(hialign-cli sweep --collect) for them.");
    QStringList lines;
    lines << tr("%1 against Base on %2, paired on the same prompts and seeds.")
                 .arg(strategyTitle(qString(r.strategy)), dimensionTitle(qString(r.dimension)));
    const auto withUnit = [this](double v) {
        return percentScale() ? tr("%1 percentage points").arg(formatSignedDiff(v)) : formatSignedDiff(v);
    };
    if (std::isnan(r.diff))
        lines << tr("No paired difference could be computed.");
    else if (std::isnan(r.diffLow) || std::isnan(r.diffHigh))
        lines << tr("Mean difference %1; no interval could be computed.").arg(withUnit(r.diff));
    else
        lines << tr("Mean difference %1, %2 interval %3 to %4.")
                     .arg(withUnit(r.diff), levelText(), formatSignedDiff(r.diffLow), formatSignedDiff(r.diffHigh));
    if (r.pairedN)
        lines << tr("Paired items (seed × prompt): %1.").arg(count(*r.pairedN));
    const QString test = pairedTestText();
    if (std::isnan(r.pValue)) {
        lines << tr("%1: no p-value (not computable for these pairs).").arg(test);
    } else {
        QString line = tr("%1: p = %2.").arg(test, pText(r.pValue));
        if (!std::isnan(r.pHolm))
            line += QLatin1Char(' ') + tr("Adjusted (%1): p = %2.").arg(correctionSummary(), pText(r.pHolm));
        lines << line;
        const double a = statistics().alpha;
        const QString alpha = std::isnan(a) ? QStringLiteral("–") : QLocale().toString(a, 'g', 3);
        lines << (r.significant ? tr("Significant at α = %1 after the correction (marked %2).").arg(alpha, significanceMark())
                                : tr("Not significant at α = %1 after the correction.").arg(alpha));
    }
    if (r.alignmentTax)
        lines << taxTooltip(r);
    return lines.join(QLatin1Char('\n'));
}

double SweepReport::intervalLevel() const
{
    const double level = statistics().level;
    return std::isnan(level) ? 0.95 : level;
}

QString SweepReport::levelText() const
{
    return tr("%1%").arg(QLocale().toString(intervalLevel() * 100.0, 'g', 4));
}

QString SweepReport::intervalMethodText() const
{
    const QString m = qString(statistics().interval.value_or(std::string()));
    if (m == QLatin1String("seeds-then-prompts"))
        return tr("bootstrap over seeds, then prompts");
    if (m == QLatin1String("prompts"))
        return tr("bootstrap over prompts");
    return m.isEmpty() ? tr("bootstrap") : m;
}

QString SweepReport::pairedTestText() const
{
    const QString t = qString(statistics().pairedTest.value_or(std::string()));
    if (t == QLatin1String("mcnemar-exact"))
        return tr("McNemar's exact test");
    if (t == QLatin1String("sign-test"))
        return tr("sign test");
    return t.isEmpty() ? tr("paired test") : t;
}

QString SweepReport::correctionText() const
{
    const QString c = qString(statistics().correction.value_or(std::string()));
    if (c == QLatin1String("holm"))
        return tr("Holm correction");
    if (c.isEmpty() || c == QLatin1String("none"))
        return tr("no correction");
    return tr("%1 correction").arg(c);
}

QString SweepReport::correctionSummary() const
{
    if (!hasStatistics())
        return {};
    const judge::ReportStatistics& statistics = *model.statistics;
    const QString alpha = std::isnan(statistics.alpha) ? QStringLiteral("–") : QLocale().toString(statistics.alpha, 'g', 3);
    if (statistics.comparisons && *statistics.comparisons == 1)
        return tr("%1 over one comparison, α = %2").arg(correctionText(), alpha);
    if (statistics.comparisons)
        return tr("%1 over %2 comparisons, α = %3")
            .arg(correctionText(), QLocale().toString(count(*statistics.comparisons)), alpha);
    return tr("%1, α = %2").arg(correctionText(), alpha);
}

QString SweepReport::taxTooltip(const judge::ReportRow& r) const
{
    if (!r.alignmentTax)
        return {};
    if (model.version >= 2)
        return tr("Alignment tax: the whole %1 interval of %2's paired difference to Base on %3 lies below zero, "
                  "so training made this dimension worse.")
            .arg(levelText(), strategyTitle(qString(r.strategy)), dimensionTitle(qString(r.dimension)));
    return tr("Alignment tax: even the upper end of %1's 95% interval on %2 lies below Base's mean, so training "
              "made this dimension significantly worse.")
        .arg(strategyTitle(qString(r.strategy)), dimensionTitle(qString(r.dimension)));
}

QString SweepReport::scoreRangeText() const
{
    const QLocale locale;
    return tr("%1–%2").arg(locale.toString(scoreMin(), 'g', 6), locale.toString(scoreMax(), 'g', 6));
}

QString SweepReport::summaryText() const
{
    int n = 0;
    for (const judge::ReportRow& r : model.rows)
        n = std::max(n, count(r.n));
    QStringList seedTexts;
    for (std::uint64_t s : model.seeds)
        seedTexts << QString::number(static_cast<qint64>(s));
    QStringList parts;
    parts << tr("Judge: %1").arg(model.judge.empty() ? QStringLiteral("–") : qString(model.judge));
    parts << tr("scores %1").arg(scoreRangeText());
    if (seedTexts.size() == 1)
        parts << tr("seed %1").arg(seedTexts.first());
    else if (!seedTexts.isEmpty())
        parts << tr("seeds %1").arg(seedTexts.join(QStringLiteral(", ")));
    parts << tr("up to %n judgment(s) per cell", nullptr, n);
    return parts.join(QStringLiteral(" · "));
}

QString SweepReport::statisticsText() const
{
    if (!hasStatistics())
        return model.version < 2 ? tr("This report (version 1) has no paired differences or significance tests; "
                                "collect the sweep again (hialign-cli sweep --collect) for them.")
                           : QString();
    QString intervals = tr("Intervals: %1 %2").arg(levelText(), intervalMethodText());
    if (const int resamples = count(model.statistics->bootstrapResamples.value_or(0)); resamples > 0)
        intervals = tr("%1 (%2 resamples)").arg(intervals, QLocale().toString(resamples));
    const QString tests = tr("Δ vs Base: mean paired difference on the same prompts and seeds, %1; "
                             "%2 significant after %3.")
                              .arg(pairedTestText(), significanceMark(), correctionSummary());
    return intervals + QStringLiteral(". ") + tests;
}

QString SweepReport::missingTasksText() const
{
    if (model.missingTasks.empty())
        return {};
    return tr("%n task(s) had not finished when the report was collected and are left out: %1.", nullptr,
              count(model.missingTasks.size()))
        .arg(qStringList(model.missingTasks).join(QStringLiteral(", ")));
}

} // namespace hialign::widgets

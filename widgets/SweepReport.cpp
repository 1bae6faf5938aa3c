#include "widgets/SweepReport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "judge/SweepReportModel.h"

namespace hialign::widgets {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QString native(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

QStringList qStrings(const std::vector<std::string>& values)
{
    QStringList out;
    for (const std::string& v : values)
        out << QString::fromStdString(v);
    return out;
}

std::optional<int> count(const std::optional<std::size_t>& v)
{
    return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}

QString textOf(const QJsonValue& v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 12);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    return {};
}

// A pairwise line's explanations: a list, an object of them, or one text.
QStringList stringList(const QJsonValue& v)
{
    QStringList out;
    if (v.isArray()) {
        for (const QJsonValue& e : v.toArray())
            out << textOf(e);
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (!it.value().isNull())
                out << textOf(it.value());
    } else if (!v.isNull() && !v.isUndefined()) {
        const QString s = textOf(v);
        if (!s.isEmpty())
            out << s;
    }
    return out;
}

// The objects of a JSON Lines file, in order. A missing file gives an empty
// optional with *present = false and no error; a malformed line gives an
// empty optional and the error.
std::optional<QList<QJsonObject>> readJsonLines(const QString& path, bool* present, QString* error)
{
    *present = QFileInfo::exists(path);
    if (!*present)
        return std::nullopt;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = SweepReport::tr("Could not read %1: %2.").arg(native(path), f.errorString());
        return std::nullopt;
    }
    QList<QJsonObject> out;
    int lineNumber = 0;
    while (!f.atEnd()) {
        const QByteArray line = f.readLine().trimmed();
        ++lineNumber;
        if (line.isEmpty())
            continue;
        QJsonParseError pe{};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &pe);
        if (pe.error != QJsonParseError::NoError || !doc.isObject()) {
            *error = SweepReport::tr("Line %1 of %2 is not a JSON object.").arg(lineNumber).arg(native(path));
            return std::nullopt;
        }
        out << doc.object();
    }
    return out;
}

// One task folder's files, indexed for the drill-down.
struct TaskFiles {
    QList<QJsonObject> generations;
    QHash<QString, QJsonObject> judgments;   // prompt_id + '\n' + dimension
    QHash<QString, QJsonObject> pairwise;    // likewise
    QHash<QString, int> generationIndex;     // prompt_id -> index
};

QString key(const QJsonObject& o)
{
    return textOf(o.value(QStringLiteral("prompt_id"))) + QLatin1Char('\n') + o.value(QStringLiteral("dimension")).toString();
}

// Reads TASK_DIR's generations and judgments (both required unless
// `optional`) and pairwise.jsonl (never required). Returns false with *error
// set for a malformed file, or for a missing required file.
bool readTask(const QString& taskDir, bool optional, TaskFiles* task, bool* found, QString* error)
{
    bool present = false;
    *found = false;
    const QString generationsPath = QDir(taskDir).filePath(QStringLiteral("generations.jsonl"));
    auto generations = readJsonLines(generationsPath, &present, error);
    if (!generations) {
        if (present)
            return false;
        if (optional)
            return true;
        *error = SweepReport::tr("%1 is missing, although the report does not list its task as missing.")
                     .arg(native(generationsPath));
        return false;
    }
    const QString judgmentsPath = QDir(taskDir).filePath(QStringLiteral("judgments.jsonl"));
    auto judgments = readJsonLines(judgmentsPath, &present, error);
    if (!judgments) {
        if (present)
            return false;
        if (!optional) {
            *error = SweepReport::tr("%1 is missing, although the report does not list its task as missing.")
                         .arg(native(judgmentsPath));
            return false;
        }
        judgments = QList<QJsonObject>{};
    }
    auto pairwise = readJsonLines(QDir(taskDir).filePath(QStringLiteral("pairwise.jsonl")), &present, error);
    if (!pairwise && present)
        return false;
    task->generations = *generations;
    for (int i = 0; i < task->generations.size(); ++i)
        task->generationIndex.insert(textOf(task->generations[i].value(QStringLiteral("prompt_id"))), i);
    for (const QJsonObject& j : *judgments)
        task->judgments.insert(key(j), j);
    if (pairwise)
        for (const QJsonObject& p : *pairwise)
            task->pairwise.insert(key(p), p);
    *found = true;
    return true;
}

double scoreOf(const QJsonObject& judgment)
{
    const QJsonValue v = judgment.value(QStringLiteral("score"));
    return v.isDouble() ? v.toDouble() : kNaN;
}

QString explanationOf(const QJsonObject& judgment)
{
    const QString e = judgment.value(QStringLiteral("explanation")).toString();
    return e.isEmpty() ? judgment.value(QStringLiteral("reply")).toString() : e;
}

} // namespace

// ---------------------------------------------------------------- reading

std::optional<SweepReport> SweepReport::load(const QString& sweepDir, QString* error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    const QString dir = QFileInfo(sweepDir).absoluteFilePath();
    if (sweepDir.isEmpty() || !QFileInfo(dir).isDir()) {
        *error = tr("The sweep folder %1 does not exist.").arg(native(dir));
        return std::nullopt;
    }
    const QString path = QDir(dir).filePath(QStringLiteral("report.json"));
    QFile f(path);
    if (!f.exists()) {
        *error = tr("%1 is missing: collect the sweep first (hialign-cli sweep --collect).").arg(native(path));
        return std::nullopt;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        *error = tr("Could not read %1: %2.").arg(native(path), f.errorString());
        return std::nullopt;
    }
    // The core reads and validates the format (judge/SweepReportModel.h, the
    // one reader of report.json: docs/ARCHITECTURE.md); its sentence names
    // the file and the field.
    judge::SweepReportModel model;
    try {
        model = judge::SweepReportModel::parse(f.readAll().toStdString(), native(path).toStdString());
    } catch (const std::exception& e) {
        *error = QString::fromUtf8(e.what());
        return std::nullopt;
    }

    SweepReport r;
    r.dir = dir;
    r.version = model.version;
    r.judge = QString::fromStdString(model.judge);
    r.scoreMin = std::isnan(model.scoreMin) ? 0.0 : model.scoreMin;
    r.scoreMax = std::isnan(model.scoreMax) ? 1.0 : model.scoreMax;
    if (!(r.scoreMax > r.scoreMin)) {
        // Only one end in the file, and the other end's default (0 or 1) on its wrong side.
        *error = tr("%1: \"score_max\" must be greater than \"score_min\".").arg(native(path));
        return std::nullopt;
    }
    if (model.base)
        r.base = QString::fromStdString(*model.base);
    r.strategies = qStrings(model.strategies);
    r.dimensions = qStrings(model.dimensions);
    for (std::uint64_t s : model.seeds)
        r.seeds << static_cast<qint64>(s);
    r.missingTasks = qStrings(model.missingTasks);
    for (const std::string& n : model.notes)
        if (const QString t = QString::fromStdString(n).trimmed(); !t.isEmpty())
            r.notes << t;
    for (const std::string& w : model.warnings)
        if (const QString t = QString::fromStdString(w).trimmed(); !t.isEmpty())
            r.warnings << t;
    if (model.statistics) {
        const judge::ReportStatistics& ms = *model.statistics;
        SweepStatistics& stats = r.statistics;
        stats.present = true;
        stats.bootstrapResamples = static_cast<int>(ms.bootstrapResamples.value_or(0));
        stats.alpha = ms.alpha;
        stats.level = ms.level;
        stats.interval = QString::fromStdString(ms.interval.value_or(std::string()));
        stats.pairedTest = QString::fromStdString(ms.pairedTest.value_or(std::string()));
        stats.correction = QString::fromStdString(ms.correction.value_or(std::string()));
        stats.comparisons = count(ms.comparisons);
    }
    for (const judge::ReportRow& mr : model.rows) {
        SweepRow row;
        row.strategy = QString::fromStdString(mr.strategy);
        row.dimension = QString::fromStdString(mr.dimension);
        row.n = static_cast<int>(mr.n);
        row.unparsed = static_cast<int>(mr.unparsed);
        row.mean = mr.mean;
        row.low = mr.low;
        row.high = mr.high;
        row.winRate = mr.winRate;
        row.winSource = QString::fromStdString(mr.winSource);
        row.wins = count(mr.wins);
        row.ties = count(mr.ties);
        row.losses = count(mr.losses);
        row.pairwiseN = count(mr.pairwiseN);
        row.pairwiseUnparsed = count(mr.pairwiseUnparsed);
        row.diff = mr.diff;
        row.diffLow = mr.diffLow;
        row.diffHigh = mr.diffHigh;
        row.pairedN = count(mr.pairedN);
        row.pValue = mr.pValue;
        row.pHolm = mr.pHolm;
        row.significant = mr.significant;
        row.meanLength = mr.meanLength;
        row.lengthCorrelation = mr.lengthCorrelation;
        row.alignmentTax = mr.alignmentTax;
        for (double m : mr.seedMeans)
            row.seedMeans << m;
        row.seedSd = mr.seedSd;
        if (!r.strategies.contains(row.strategy))
            r.strategies << row.strategy;
        if (!r.dimensions.contains(row.dimension))
            r.dimensions << row.dimension;
        r.rows << row;
    }
    return r;
}

const SweepRow* SweepReport::row(const QString& strategy, const QString& dimension) const
{
    for (const SweepRow& r : rows)
        if (r.strategy == strategy && r.dimension == dimension)
            return &r;
    return nullptr;
}

QString SweepReport::taskName(const QString& strategy, qint64 seed)
{
    return QStringLiteral("%1-seed%2").arg(strategy).arg(seed);
}

std::optional<QList<SweepSample>> SweepReport::samples(const QString& strategy, const QString& dimension,
                                                       QString* error) const
{
    QString ignored;
    if (!error)
        error = &ignored;
    const QDir tasks(QDir(dir).filePath(QStringLiteral("tasks")));
    QList<qint64> seedList = seeds;
    if (seedList.isEmpty()) {
        // No seeds in the report: whatever task folders the strategy has.
        const QString prefix = strategy + QStringLiteral("-seed");
        for (const QString& name : tasks.entryList({prefix + QLatin1Char('*')}, QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            bool ok = false;
            const qint64 s = name.mid(prefix.size()).toLongLong(&ok);
            if (ok)
                seedList << s;
        }
    }
    QList<SweepSample> out;
    for (qint64 seed : seedList) {
        const QString task = taskName(strategy, seed);
        if (missingTasks.contains(task))
            continue;
        TaskFiles mine;
        bool found = false;
        if (!readTask(tasks.filePath(task), false, &mine, &found, error))
            return std::nullopt;
        TaskFiles base;
        bool baseFound = false;
        if (strategy != this->base && !missingTasks.contains(taskName(this->base, seed))
            && !readTask(tasks.filePath(taskName(this->base, seed)), true, &base, &baseFound, error))
            return std::nullopt;
        for (const QJsonObject& g : mine.generations) {
            // A prompt written for another dimension (the demo lab's eval sets) is judged only on its own.
            const QString own = g.value(QStringLiteral("dimension")).toString();
            if (!own.isEmpty() && own != dimension)
                continue;
            SweepSample s;
            s.task = task;
            s.seed = seed;
            s.promptId = textOf(g.value(QStringLiteral("prompt_id")));
            s.prompt = g.value(QStringLiteral("prompt")).toString();
            s.response = g.value(QStringLiteral("response")).toString();
            s.finishReason = g.value(QStringLiteral("finish_reason")).toString();
            const QString k = s.promptId + QLatin1Char('\n') + dimension;
            if (const auto it = mine.judgments.constFind(k); it != mine.judgments.constEnd()) {
                s.judged = true;
                s.score = scoreOf(*it);
                s.verdict = textOf(it->value(QStringLiteral("verdict")));
                s.explanation = explanationOf(*it);
            }
            if (baseFound) {
                if (const auto it = base.generationIndex.constFind(s.promptId); it != base.generationIndex.constEnd()) {
                    s.hasBase = true;
                    s.baseResponse = base.generations[*it].value(QStringLiteral("response")).toString();
                }
                if (const auto it = base.judgments.constFind(k); it != base.judgments.constEnd()) {
                    s.baseScore = scoreOf(*it);
                    s.baseVerdict = textOf(it->value(QStringLiteral("verdict")));
                    s.baseExplanation = explanationOf(*it);
                }
            }
            if (const auto it = mine.pairwise.constFind(k); it != mine.pairwise.constEnd()) {
                s.pairwise = textOf(it->value(QStringLiteral("outcome")));
                s.pairwiseFirst = textOf(it->value(QStringLiteral("first")));
                s.pairwiseSwapped = textOf(it->value(QStringLiteral("swapped")));
                s.pairwiseExplanations = stringList(it->value(QStringLiteral("explanations")));
            }
            out << s;
        }
    }
    return out;
}

// ---------------------------------------------------------------- texts

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
    return scoreMin == 0.0 && scoreMax == 1.0;
}

namespace {

// A score in the scale's units without a unit sign.
QString plainNumber(const SweepReport& r, double value)
{
    const QLocale locale;
    if (r.percentScale())
        return locale.toString(value * 100.0, 'f', 1);
    const double range = r.scoreMax - r.scoreMin;
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

QString SweepReport::formatMeanCell(const SweepRow& r) const
{
    QString text = formatScore(r.mean);
    if (!std::isnan(r.mean) && !std::isnan(r.low) && !std::isnan(r.high))
        text = tr("%1 [%2, %3]").arg(text, plainNumber(*this, r.low), plainNumber(*this, r.high));
    const QString details = formatMeanDetails(r);
    return details.isEmpty() ? text : text + QLatin1Char('\n') + details;
}

QString SweepReport::formatMeanDetails(const SweepRow& r) const
{
    QStringList parts;
    if (seeds.size() > 1 && !std::isnan(r.seedSd))
        parts << tr("seed sd %1").arg(plainNumber(*this, r.seedSd));
    if (r.unparsed > 0)
        parts << tr("%n unparsed", nullptr, r.unparsed);
    return parts.join(QStringLiteral(" · "));
}

QString SweepReport::formatMeanTooltip(const SweepRow& r) const
{
    QStringList lines;
    lines << tr("%1 on %2").arg(strategyTitle(r.strategy), dimensionTitle(r.dimension));
    if (std::isnan(r.mean))
        lines << tr("No parsed score: the mean cannot be computed.");
    else if (std::isnan(r.low) || std::isnan(r.high))
        lines << tr("Mean %1; no interval could be computed.").arg(formatScore(r.mean));
    else if (!statistics.present)
        lines << tr("Mean %1, 95% bootstrap interval %2 to %3.")
                     .arg(formatScore(r.mean), formatScore(r.low), formatScore(r.high));
    else
        lines << tr("Mean %1, %2 interval %3 to %4 (%5).")
                     .arg(formatScore(r.mean), levelText(), formatScore(r.low), formatScore(r.high), intervalMethodText());
    lines << tr("Judgments: %n", nullptr, r.n);
    if (r.unparsed > 0)
        lines << tr("Judge replies without a valid rating: %n (left out of the mean).", nullptr, r.unparsed);
    if (seeds.size() > 1 && !r.seedMeans.isEmpty()) {
        QStringList means;
        for (int i = 0; i < r.seedMeans.size(); ++i)
            means << (i < seeds.size() ? tr("seed %1: %2").arg(seeds[i]).arg(formatScore(r.seedMeans[i]))
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

QString SweepReport::formatWinCell(const SweepRow& r) const
{
    if (r.strategy == base || std::isnan(r.winRate))
        return QStringLiteral("–");
    const QString counts = formatWinCounts(r);
    return counts.isEmpty() ? percent(r.winRate) : tr("%1 (%2)").arg(percent(r.winRate), counts);
}

QString SweepReport::formatWinCounts(const SweepRow& r) const
{
    if (r.strategy == base || !r.wins || !r.ties || !r.losses)
        return {};
    return tr("%1 W · %2 T · %3 L").arg(*r.wins).arg(*r.ties).arg(*r.losses);
}

QString SweepReport::formatWinTooltip(const SweepRow& r) const
{
    if (r.strategy == base)
        return tr("Base is the reference the other strategies are compared with.");
    if (std::isnan(r.winRate))
        return tr("No prompt was judged for both this strategy and Base.");
    QString text = r.winSource == QLatin1String("pairwise")
                       ? tr("Share of prompts where the judge preferred %1 over Base, asked in both orders; "
                            "disagreeing orders count as a tie (one half).")
                             .arg(strategyTitle(r.strategy))
                       : tr("Share of prompts where %1 scored higher than Base; a tie counts one half.")
                             .arg(strategyTitle(r.strategy));
    if (r.wins && r.ties && r.losses)
        text += QLatin1Char('\n') + tr("Wins %1, ties %2, losses %3.").arg(*r.wins).arg(*r.ties).arg(*r.losses);
    if (r.pairwiseUnparsed && *r.pairwiseUnparsed > 0)
        text += QLatin1Char('\n')
                + tr("Pairwise verdicts without a valid answer: %n (left out of the rate).", nullptr, *r.pairwiseUnparsed);
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
    const int decimals = percentScale() ? 1 : (scoreMax - scoreMin) <= 2.0 ? 2 : (scoreMax - scoreMin) <= 20.0 ? 1 : 0;
    const double shown = percentScale() ? value * 100.0 : value;
    const QString digits = locale.toString(std::abs(shown), 'f', decimals);
    if (locale.toString(0.0, 'f', decimals) == digits)
        return digits;   // rounds to zero: no sign
    return (shown > 0 ? locale.positiveSign() : QStringLiteral("\u2212")) + digits;
}

QString SweepReport::formatDiffCell(const SweepRow& r) const
{
    if (r.strategy == base || std::isnan(r.diff))
        return QStringLiteral("–");
    QString text = percentScale() ? tr("%1 pts").arg(formatSignedDiff(r.diff)) : formatSignedDiff(r.diff);
    if (!std::isnan(r.diffLow) && !std::isnan(r.diffHigh))
        text = tr("%1 [%2, %3]").arg(text, formatSignedDiff(r.diffLow), formatSignedDiff(r.diffHigh));
    if (r.significant)
        text += QLatin1Char(' ') + significanceMark();
    return text;
}

QString SweepReport::formatDiffTooltip(const SweepRow& r) const
{
    if (r.strategy == base)
        return tr("Base is the reference the other strategies are compared with.");
    if (!statistics.present && version < 2)
        return tr("This report (version 1) has no paired differences to Base; collect the sweep again "
                  "(hialign-cli sweep --collect) for them.");
    QStringList lines;
    lines << tr("%1 against Base on %2, paired on the same prompts and seeds.")
                 .arg(strategyTitle(r.strategy), dimensionTitle(r.dimension));
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
        lines << tr("Paired items (seed × prompt): %1.").arg(*r.pairedN);
    const QString test = pairedTestText();
    if (std::isnan(r.pValue)) {
        lines << tr("%1: no p-value (not computable for these pairs).").arg(test);
    } else {
        QString line = tr("%1: p = %2.").arg(test, pText(r.pValue));
        if (!std::isnan(r.pHolm))
            line += QLatin1Char(' ') + tr("Adjusted (%1): p = %2.").arg(correctionSummary(), pText(r.pHolm));
        lines << line;
        const QString alpha = std::isnan(statistics.alpha) ? QStringLiteral("–")
                                                           : QLocale().toString(statistics.alpha, 'g', 3);
        lines << (r.significant ? tr("Significant at α = %1 after the correction (marked %2).").arg(alpha, significanceMark())
                                : tr("Not significant at α = %1 after the correction.").arg(alpha));
    }
    if (r.alignmentTax)
        lines << taxTooltip(r);
    return lines.join(QLatin1Char('\n'));
}

double SweepReport::intervalLevel() const
{
    return std::isnan(statistics.level) ? 0.95 : statistics.level;
}

QString SweepReport::levelText() const
{
    return tr("%1%").arg(QLocale().toString(intervalLevel() * 100.0, 'g', 4));
}

QString SweepReport::intervalMethodText() const
{
    const QString& m = statistics.interval;
    if (m == QLatin1String("seeds-then-prompts"))
        return tr("bootstrap over seeds, then prompts");
    if (m == QLatin1String("prompts"))
        return tr("bootstrap over prompts");
    return m.isEmpty() ? tr("bootstrap") : m;
}

QString SweepReport::pairedTestText() const
{
    const QString& t = statistics.pairedTest;
    if (t == QLatin1String("mcnemar-exact"))
        return tr("McNemar's exact test");
    if (t == QLatin1String("sign-test"))
        return tr("sign test");
    return t.isEmpty() ? tr("paired test") : t;
}

QString SweepReport::correctionText() const
{
    const QString& c = statistics.correction;
    if (c == QLatin1String("holm"))
        return tr("Holm correction");
    if (c.isEmpty() || c == QLatin1String("none"))
        return tr("no correction");
    return tr("%1 correction").arg(c);
}

QString SweepReport::correctionSummary() const
{
    if (!statistics.present)
        return {};
    const QString alpha = std::isnan(statistics.alpha) ? QStringLiteral("–") : QLocale().toString(statistics.alpha, 'g', 3);
    if (statistics.comparisons && *statistics.comparisons == 1)
        return tr("%1 over one comparison, α = %2").arg(correctionText(), alpha);
    if (statistics.comparisons)
        return tr("%1 over %2 comparisons, α = %3")
            .arg(correctionText(), QLocale().toString(*statistics.comparisons), alpha);
    return tr("%1, α = %2").arg(correctionText(), alpha);
}

QString SweepReport::taxTooltip(const SweepRow& r) const
{
    if (!r.alignmentTax)
        return {};
    if (version >= 2)
        return tr("Alignment tax: the whole %1 interval of %2's paired difference to Base on %3 lies below zero, "
                  "so training made this dimension worse.")
            .arg(levelText(), strategyTitle(r.strategy), dimensionTitle(r.dimension));
    return tr("Alignment tax: even the upper end of %1's 95% interval on %2 lies below Base's mean, so training "
              "made this dimension significantly worse.")
        .arg(strategyTitle(r.strategy), dimensionTitle(r.dimension));
}

QString SweepReport::scoreRangeText() const
{
    const QLocale locale;
    return tr("%1–%2").arg(locale.toString(scoreMin, 'g', 6), locale.toString(scoreMax, 'g', 6));
}

QString SweepReport::summaryText() const
{
    int n = 0;
    for (const SweepRow& r : rows)
        n = std::max(n, r.n);
    QStringList seedTexts;
    for (qint64 s : seeds)
        seedTexts << QString::number(s);
    QStringList parts;
    parts << tr("Judge: %1").arg(judge.isEmpty() ? QStringLiteral("–") : judge);
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
    if (!statistics.present)
        return version < 2 ? tr("This report (version 1) has no paired differences or significance tests; "
                                "collect the sweep again (hialign-cli sweep --collect) for them.")
                           : QString();
    QString intervals = tr("Intervals: %1 %2").arg(levelText(), intervalMethodText());
    if (statistics.bootstrapResamples > 0)
        intervals = tr("%1 (%2 resamples)").arg(intervals, QLocale().toString(statistics.bootstrapResamples));
    const QString tests = tr("Δ vs Base: mean paired difference on the same prompts and seeds, %1; "
                             "%2 significant after %3.")
                              .arg(pairedTestText(), significanceMark(), correctionSummary());
    return intervals + QStringLiteral(". ") + tests;
}

QString SweepReport::missingTasksText() const
{
    if (missingTasks.isEmpty())
        return {};
    return tr("%n task(s) had not finished when the report was collected and are left out: %1.", nullptr,
              static_cast<int>(missingTasks.size()))
        .arg(missingTasks.join(QStringLiteral(", ")));
}

} // namespace hialign::widgets

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

namespace {

// QString's trimming (Unicode spaces), for the core's texts.
std::vector<std::string> nonBlank(const std::vector<std::string>& texts)
{
    std::vector<std::string> out;
    for (const std::string& t : texts)
        if (const QString trimmed = qString(t).trimmed(); !trimmed.isEmpty())
            out.push_back(trimmed.toStdString());
    return out;
}

void appendMissing(std::vector<std::string>& names, const std::string& name)
{
    if (std::find(names.begin(), names.end(), name) == names.end())
        names.push_back(name);
}

// The view's reading of the model: every row's strategy and dimension in the
// lists, the notes and warnings without blank ones.
void completeForView(judge::SweepReportModel& model)
{
    for (const judge::ReportRow& row : model.rows) {
        appendMissing(model.strategies, row.strategy);
        appendMissing(model.dimensions, row.dimension);
    }
    model.notes = nonBlank(model.notes);
    model.warnings = nonBlank(model.warnings);
}

} // namespace

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
    SweepReport r;
    r.dir = dir;
    try {
        r.model = judge::SweepReportModel::parse(f.readAll().toStdString(), native(path).toStdString());
    } catch (const std::exception& e) {
        *error = QString::fromUtf8(e.what());
        return std::nullopt;
    }
    if (!(r.scoreMax() > r.scoreMin())) {
        // Only one end in the file, and the other end's default (0 or 1) on its wrong side.
        *error = tr("%1: \"score_max\" must be greater than \"score_min\".").arg(native(path));
        return std::nullopt;
    }
    completeForView(r.model);
    return r;
}

QStringList qStringList(const std::vector<std::string>& texts)
{
    QStringList out;
    for (const std::string& t : texts)
        out << qString(t);
    return out;
}

double SweepReport::scoreMin() const
{
    return std::isnan(model.scoreMin) ? 0.0 : model.scoreMin;
}

double SweepReport::scoreMax() const
{
    return std::isnan(model.scoreMax) ? 1.0 : model.scoreMax;
}

QString SweepReport::base() const
{
    return model.base ? qString(*model.base) : QStringLiteral("base");
}

bool SweepReport::isBase(const judge::ReportRow& row) const
{
    return row.strategy == model.base.value_or(std::string("base"));
}

QStringList SweepReport::strategies() const
{
    return qStringList(model.strategies);
}

QStringList SweepReport::dimensions() const
{
    return qStringList(model.dimensions);
}

judge::ReportStatistics SweepReport::statistics() const
{
    return model.statistics.value_or(judge::ReportStatistics{});
}

const judge::ReportRow* SweepReport::row(const QString& strategy, const QString& dimension) const
{
    return model.row(strategy.toStdString(), dimension.toStdString());
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
    QList<qint64> seedList;
    for (std::uint64_t seed : model.seeds)
        seedList << static_cast<qint64>(seed);
    const QStringList missingTasks = qStringList(model.missingTasks);
    const QString baseStrategy = base();
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
        if (strategy != baseStrategy && !missingTasks.contains(taskName(baseStrategy, seed))
            && !readTask(tasks.filePath(taskName(baseStrategy, seed)), true, &base, &baseFound, error))
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

} // namespace hialign::widgets

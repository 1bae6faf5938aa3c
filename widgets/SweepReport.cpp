#include "widgets/SweepReport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "judge/SweepReportModel.h"
#include "settings/SweepSettings.h"
#include "settings/SweepTaskFiles.h"
#include "widgets/PathText.h"

namespace hialign::widgets {

namespace {

// SWEEP_DIR/tasks as the core names it (sweep::tasksDir).
QString tasksFolder(const QString& sweepDir)
{
    return fromPath(sweep::tasksDir(toPath(sweepDir)));
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QString native(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

// One task folder's files (the core's reader, settings/SweepTaskFiles.h),
// indexed for the drill-down.
struct TaskFiles {
    std::vector<sweep::GenerationRecord> generations;
    QHash<QString, sweep::JudgmentRecord> judgments;   // prompt_id + '\n' + dimension
    QHash<QString, sweep::PairwiseRecord> pairwise;    // likewise
    QHash<QString, int> generationIndex;               // prompt_id -> index
};

QString key(const std::string& promptId, const std::string& dimension)
{
    return qString(promptId) + QLatin1Char('\n') + qString(dimension);
}

QString missingFile(const QString& path)
{
    return SweepReport::tr("%1 is missing, although the report does not list its task as missing.").arg(native(path));
}

// Reads TASK_DIR's generations and judgments (both required unless
// `optional`) and pairwise.jsonl (never required). Returns false with *error
// set for a malformed file (the core's sentence naming the file and line), or
// for a missing required file.
bool readTask(const QString& taskDir, bool optional, TaskFiles* task, bool* found, QString* error)
{
    *found = false;
    const QDir dir(taskDir);
    const QString generationsPath = dir.filePath(QString::fromLatin1(sweep::kGenerationsFile));
    const QString judgmentsPath = dir.filePath(QString::fromLatin1(sweep::kJudgmentsFile));
    const QString pairwisePath = dir.filePath(QString::fromLatin1(sweep::kPairwiseFile));
    if (!QFileInfo::exists(generationsPath)) {
        if (!optional)
            *error = missingFile(generationsPath);
        return optional;
    }
    try {
        task->generations = sweep::readGenerations(toPath(generationsPath));
        if (QFileInfo::exists(judgmentsPath)) {
            for (sweep::JudgmentRecord& j : sweep::readJudgments(toPath(judgmentsPath)))
                task->judgments.insert(key(j.promptId, j.dimension), std::move(j));
        } else if (!optional) {
            *error = missingFile(judgmentsPath);
            return false;
        }
        if (QFileInfo::exists(pairwisePath))
            for (sweep::PairwiseRecord& p : sweep::readPairwise(toPath(pairwisePath)))
                task->pairwise.insert(key(p.promptId, p.dimension), std::move(p));
    } catch (const std::exception& e) {
        *error = QString::fromUtf8(e.what());
        return false;
    }
    for (int i = 0; i < static_cast<int>(task->generations.size()); ++i)
        task->generationIndex.insert(qString(task->generations[i].promptId), i);
    *found = true;
    return true;
}

double scoreOf(const sweep::JudgmentRecord& judgment)
{
    return judgment.score.value_or(kNaN);
}

QString explanationOf(const sweep::JudgmentRecord& judgment)
{
    return qString(judgment.explanation.empty() ? judgment.reply : judgment.explanation);
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
    const QString path = fromPath(judge::SweepReportModel::jsonFileIn(toPath(dir)));
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
    return QString::fromStdString(sweep::taskName(strategy.toStdString(), static_cast<std::uint64_t>(seed)));
}

namespace {

// One generation of the strategy's task with its judgment on DIMENSION, and
// Base's response, judgment and the pairwise outcome where there are any.
SweepSample sampleOf(const sweep::GenerationRecord& g, const QString& task, qint64 seed, const QString& dimension,
                     const TaskFiles& mine, const TaskFiles* base)
{
    SweepSample s;
    s.task = task;
    s.seed = seed;
    s.promptId = qString(g.promptId);
    s.prompt = qString(g.prompt);
    s.response = qString(g.response);
    s.finishReason = qString(g.finishReason);
    const QString k = s.promptId + QLatin1Char('\n') + dimension;
    if (const auto it = mine.judgments.constFind(k); it != mine.judgments.constEnd()) {
        s.judged = true;
        s.score = scoreOf(*it);
        s.verdict = qString(it->verdict);
        s.explanation = explanationOf(*it);
    }
    if (base) {
        if (const auto it = base->generationIndex.constFind(s.promptId); it != base->generationIndex.constEnd()) {
            s.hasBase = true;
            s.baseResponse = qString(base->generations[static_cast<std::size_t>(*it)].response);
        }
        if (const auto it = base->judgments.constFind(k); it != base->judgments.constEnd()) {
            s.baseScore = scoreOf(*it);
            s.baseVerdict = qString(it->verdict);
            s.baseExplanation = explanationOf(*it);
        }
    }
    if (const auto it = mine.pairwise.constFind(k); it != mine.pairwise.constEnd()) {
        s.pairwise = qString(it->outcome);
        s.pairwiseFirst = qString(it->first.value_or(std::string()));
        s.pairwiseSwapped = qString(it->swapped.value_or(std::string()));
        s.pairwiseExplanations = qStringList(it->explanations);
    }
    return s;
}

} // namespace

QList<qint64> SweepReport::taskSeeds(const QString& strategy) const
{
    QList<qint64> seeds;
    for (std::uint64_t seed : model.seeds)
        seeds << static_cast<qint64>(seed);
    if (!seeds.isEmpty())
        return seeds;
    // No seeds in the report: whatever task folders the strategy has.
    const QDir tasks(tasksFolder(dir));
    const QString prefix = strategy + QStringLiteral("-seed");   // sweep::taskName's form
    for (const QString& name : tasks.entryList({prefix + QLatin1Char('*')}, QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        bool ok = false;
        const qint64 s = name.mid(prefix.size()).toLongLong(&ok);
        if (ok)
            seeds << s;
    }
    return seeds;
}

std::optional<QList<SweepSample>> SweepReport::samples(const QString& strategy, const QString& dimension,
                                                       QString* error) const
{
    QString ignored;
    if (!error)
        error = &ignored;
    const QDir tasks(tasksFolder(dir));
    const QStringList missingTasks = qStringList(model.missingTasks);
    const QString baseStrategy = base();
    QList<SweepSample> out;
    for (qint64 seed : taskSeeds(strategy)) {
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
        for (const sweep::GenerationRecord& g : mine.generations) {
            // A prompt written for another dimension (the demo lab's eval sets) is judged only on its own.
            if (!g.dimension.empty() && qString(g.dimension) != dimension)
                continue;
            out << sampleOf(g, task, seed, dimension, mine, baseFound ? &base : nullptr);
        }
    }
    return out;
}

} // namespace hialign::widgets

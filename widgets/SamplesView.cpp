#include "widgets/SamplesView.h"

#include <QComboBox>
#include <QHash>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "widgets/Palette.h"
#include "widgets/WordDiff.h"

namespace hialign::widgets {

namespace {

constexpr int kChipColorRole = Qt::UserRole;
constexpr int kChangedRole = Qt::UserRole + 1;
constexpr int kChipWidth = 44;

// The mean of a record's readable scores; empty when it has none.
std::optional<double> meanScore(const train::SampleRecord& r)
{
    double sum = 0.0;
    int n = 0;
    for (const train::SampleScore& s : r.scores)
        if (s.score) {
            sum += *s.score;
            ++n;
        }
    if (n == 0)
        return std::nullopt;
    return sum / n;
}

QColor mix(const QColor& a, const QColor& b, double t)
{
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * t),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * t),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * t));
}

// A rounded chip in the cell; a dark outline when the answer changed.
class ChipDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        const QVariant color = index.data(kChipColorRole);
        if (!color.isValid()) {
            QStyledItemDelegate::paint(p, option, index);
            return;
        }
        p->save();
        p->setRenderHint(QPainter::Antialiasing);
        if (option.state & QStyle::State_Selected)
            p->fillRect(option.rect, option.palette.highlight().color().lighter(160));
        const QRectF chip = QRectF(option.rect).adjusted(5, 4, -5, -4);
        const bool changed = index.data(kChangedRole).toBool();
        p->setPen(changed ? QPen(option.palette.text().color(), 2.2) : Qt::NoPen);
        p->setBrush(color.value<QColor>());
        p->drawRoundedRect(chip, 6, 6);
        p->setPen(Qt::white);
        QFont f = option.font;
        f.setBold(true);
        p->setFont(f);
        p->drawText(chip, Qt::AlignCenter, index.data(Qt::DisplayRole).toString());
        p->restore();
    }
};

} // namespace

SamplesView::SamplesView(QWidget* parent) : QWidget(parent)
{
    runLabel_ = new QLabel(this);
    runBox_ = new QComboBox(this);
    runBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(runBox_, &QComboBox::currentIndexChanged, this, [this] { rebuild(); });
    legend_ = new QLabel(this);
    legend_->setForegroundRole(QPalette::PlaceholderText);
    legend_->setWordWrap(true);

    table_ = new QTableWidget(this);
    table_->setItemDelegate(new ChipDelegate(table_));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setSelectionBehavior(QAbstractItemView::SelectItems);
    table_->verticalHeader()->setVisible(false);
    table_->horizontalHeader()->setMinimumSectionSize(kChipWidth);
    table_->setWordWrap(false);
    connect(table_, &QTableWidget::currentCellChanged, this, [this](int row, int column) {
        if (row >= 0 && column >= 1 && column - 1 < steps_.size())
            selectAnswer(row, steps_[column - 1]);
    });

    detail_ = new QTextBrowser(this);
    detail_->setOpenLinks(false);

    auto* bar = new QHBoxLayout;
    bar->addWidget(runLabel_);
    bar->addWidget(runBox_);
    bar->addSpacing(12);
    bar->addWidget(legend_, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(table_);
    split->addWidget(detail_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(split, 1);
    retranslate();
    rebuild();
}

// ---------------------------------------------------------------- runs

SamplesView::Run* SamplesView::runNamed(const QString& name)
{
    for (Run& r : runs_)
        if (r.name == name)
            return &r;
    return nullptr;
}

const SamplesView::Run* SamplesView::shown() const
{
    const QString name = runBox_->currentText();
    for (const Run& r : runs_)
        if (r.name == name)
            return &r;
    return nullptr;
}

void SamplesView::setAnswers(const QString& run, const std::vector<train::SampleRecord>& records)
{
    if (Run* r = runNamed(run)) {
        r->records = records;
    } else {
        runs_.push_back({run, records});
        runBox_->addItem(run);
    }
    setCurrentRun(run);
    rebuild();
}

void SamplesView::addAnswers(const QString& run, const std::vector<train::SampleRecord>& records)
{
    Run* r = runNamed(run);
    if (!r) {
        setAnswers(run, records);
        return;
    }
    r->records.insert(r->records.end(), records.begin(), records.end());
    if (currentRun() == run)
        rebuild();
}

void SamplesView::removeRun(const QString& run)
{
    runs_.erase(std::remove_if(runs_.begin(), runs_.end(), [&](const Run& r) { return r.name == run; }), runs_.end());
    if (const int i = runBox_->findText(run); i >= 0)
        runBox_->removeItem(i);
    rebuild();
}

void SamplesView::clear()
{
    runs_.clear();
    runBox_->clear();
    rebuild();
}

QStringList SamplesView::runs() const
{
    QStringList names;
    for (const Run& r : runs_)
        names << r.name;
    return names;
}

QString SamplesView::currentRun() const
{
    return runBox_->currentText();
}

void SamplesView::setCurrentRun(const QString& run)
{
    if (const int i = runBox_->findText(run); i >= 0)
        runBox_->setCurrentIndex(i);
}

// ---------------------------------------------------------------- timeline

int SamplesView::promptCount() const
{
    return static_cast<int>(promptIds_.size());
}

QList<qint64> SamplesView::steps() const
{
    return steps_;
}

const train::SampleRecord* SamplesView::answerAt(int row, qint64 step) const
{
    const Run* run = shown();
    const auto it = cells_.find({row, step});
    if (!run || it == cells_.end())
        return nullptr;
    return &run->records[it->second];
}

bool SamplesView::changedAt(int row, qint64 step) const
{
    const int column = static_cast<int>(steps_.indexOf(step));
    if (column <= 0)
        return false;
    const train::SampleRecord* now = answerAt(row, step);
    const train::SampleRecord* before = answerAt(row, steps_[column - 1]);
    return now && before && now->response != before->response;
}

QString SamplesView::chipText(const train::SampleRecord& r, bool binary) const
{
    if (r.scores.empty())
        return QStringLiteral("·");
    const std::optional<double> score = meanScore(r);
    if (!score)
        return QStringLiteral("?");
    if (binary)
        return *score >= 0.5 ? QStringLiteral("✓") : QStringLiteral("✗");
    return QString::number(*score, 'g', 2);
}

// The scale of a run's scores: the highest (at least 1), and whether every
// score is 0 or 1 (a correct/wrong judge, shown as ticks and crosses).
SamplesView::ScoreScale SamplesView::scaleOf(const std::vector<train::SampleRecord>& records)
{
    ScoreScale scale;
    for (const train::SampleRecord& r : records)
        for (const train::SampleScore& s : r.scores)
            if (s.score) {
                scale.max = std::max(scale.max, *s.score);
                scale.binary = scale.binary && (*s.score == 0.0 || *s.score == 1.0);
            }
    return scale;
}

QTableWidgetItem* SamplesView::chipItem(const train::SampleRecord& r, bool changed, const ScoreScale& scale) const
{
    auto* item = new QTableWidgetItem(chipText(r, scale.binary));
    const std::optional<double> score = meanScore(r);
    const QColor color = r.scores.empty() ? Palette::grey().lighter(170)
                         : !score         ? Palette::orange()
                                          : mix(Palette::bad(), Palette::good(), *score / scale.max);
    item->setData(kChipColorRole, color);
    item->setData(kChangedRole, changed);
    QString tip = tr("Step %1: %2").arg(r.step).arg(QString::fromStdString(r.response).toHtmlEscaped());
    for (const train::SampleScore& sc : r.scores)
        tip += QStringLiteral("<br><i>%1</i>").arg(QString::fromStdString(sc.verdict).toHtmlEscaped());
    item->setToolTip(tip);
    return item;
}

void SamplesView::rebuild()
{
    const QSignalBlocker block(table_);
    table_->clear();
    promptIds_.clear();
    steps_.clear();
    cells_.clear();
    detail_->clear();
    const Run* run = shown();
    if (!run || run->records.empty()) {
        table_->setRowCount(0);
        table_->setColumnCount(0);
        detail_->setPlaceholderText(tr("No answers yet. Set \"Answer prompts every\" in the training settings, or "
                                       "open a run that answered prompts."));
        return;
    }
    detail_->setPlaceholderText(tr("Click a chip to read its answer beside the one before it."));
    // Rows in the order the prompts first appear; columns by step.
    QStringList labels;
    QHash<QString, int> rowOf;
    std::set<qint64> steps;
    for (std::size_t i = 0; i < run->records.size(); ++i) {
        const train::SampleRecord& r = run->records[i];
        const QString id = QString::fromStdString(r.promptId);
        auto row = rowOf.find(id);
        if (row == rowOf.end()) {
            row = rowOf.insert(id, static_cast<int>(promptIds_.size()));
            promptIds_ << id;
            const QString prompt = QString::fromStdString(r.prompt).simplified();
            labels << (r.dimension.empty() ? prompt
                                           : QStringLiteral("[%1] %2").arg(QString::fromStdString(r.dimension), prompt));
        }
        cells_.emplace(std::make_pair(*row, static_cast<qint64>(r.step)), i);   // the first of a step stays
        steps.insert(r.step);
    }
    steps_ = QList<qint64>(steps.begin(), steps.end());
    const ScoreScale scale = scaleOf(run->records);
    table_->setRowCount(static_cast<int>(promptIds_.size()));
    table_->setColumnCount(static_cast<int>(steps_.size()) + 1);
    QStringList header{tr("Prompt")};
    for (qint64 step : steps_)
        header << QString::number(step);
    table_->setHorizontalHeaderLabels(header);
    for (int row = 0; row < promptIds_.size(); ++row) {
        auto* label = new QTableWidgetItem(labels[row]);
        label->setToolTip(labels[row]);
        table_->setItem(row, 0, label);
        for (int c = 0; c < steps_.size(); ++c)
            if (const train::SampleRecord* r = answerAt(row, steps_[c]))
                table_->setItem(row, c + 1, chipItem(*r, changedAt(row, steps_[c]), scale));
    }
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c <= steps_.size(); ++c) {
        table_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::Fixed);
        table_->setColumnWidth(c, kChipWidth);
    }
    // Follow the newest step: its answers are what a live run adds.
    table_->scrollToItem(table_->item(0, static_cast<int>(steps_.size())));
}

void SamplesView::selectAnswer(int row, qint64 step)
{
    const train::SampleRecord* r = answerAt(row, step);
    if (!r) {
        detail_->clear();
        return;
    }
    const int column = static_cast<int>(steps_.indexOf(step));
    const train::SampleRecord* before = column > 0 ? answerAt(row, steps_[column - 1]) : nullptr;
    const QString response = QString::fromStdString(r->response);
    QString html = QStringLiteral("<p><b>%1</b></p>").arg(QString::fromStdString(r->prompt).toHtmlEscaped());
    const QString answer = before ? WordDiff::toHtml(WordDiff::compare(QString::fromStdString(before->response), response),
                                                     Palette::orange().lighter(150).name())
                                  : response.toHtmlEscaped();
    html += QStringLiteral("<p>%1 %2</p>").arg(tr("<b>Step %1:</b>").arg(step), answer);
    for (const train::SampleScore& s : r->scores) {
        const QString score = s.score ? QString::number(*s.score, 'g', 3) : tr("unreadable");
        html += QStringLiteral("<p><i>%1</i></p>")
                    .arg(tr("Judge (%1): %2 — %3")
                             .arg(QString::fromStdString(s.dimension), score, QString::fromStdString(s.verdict))
                             .toHtmlEscaped());
    }
    if (before)
        html += QStringLiteral("<p style=\"color:gray\">%1 %2</p>")
                    .arg(tr("<b>Step %1 before:</b>").arg(steps_[column - 1]),
                         QString::fromStdString(before->response).toHtmlEscaped());
    detail_->setHtml(html);
    if (table_->currentRow() != row || table_->currentColumn() != column + 1) {
        const QSignalBlocker block(table_);
        table_->setCurrentCell(row, column + 1);
    }
}

bool SamplesView::selectFirstChange()
{
    for (qint64 step : steps_)
        for (int row = 0; row < promptIds_.size(); ++row)
            if (changedAt(row, step)) {
                selectAnswer(row, step);
                return true;
            }
    return false;
}

QString SamplesView::detailText() const
{
    return detail_->toPlainText();
}

std::map<qint64, double> SamplesView::meanScores(const std::vector<train::SampleRecord>& records)
{
    std::map<qint64, std::pair<double, int>> sums;
    for (const train::SampleRecord& r : records)
        for (const train::SampleScore& s : r.scores)
            if (s.score) {
                sums[r.step].first += *s.score;
                ++sums[r.step].second;
            }
    std::map<qint64, double> out;
    for (const auto& [step, sum] : sums)
        out[step] = sum.first / sum.second;
    return out;
}

// ---------------------------------------------------------------- language

void SamplesView::retranslate()
{
    runLabel_->setText(tr("Answers of"));
    legend_->setText(tr("One row per held-out prompt, one chip per sampled step: green correct, red wrong, amber "
                        "unreadable, grey not judged; an outline marks an answer that changed. Click a chip to read "
                        "it."));
    if (table_->columnCount() > 0)
        table_->setHorizontalHeaderItem(0, new QTableWidgetItem(tr("Prompt")));
}

void SamplesView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        rebuild();
    }
    QWidget::changeEvent(event);
}

} // namespace hialign::widgets

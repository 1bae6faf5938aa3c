// The Sweep view's drill-down: one strategy × dimension's judged
// generations in a table, and the selected one beside Base's answer.
#include "widgets/SweepView.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <cmath>

namespace hialign::widgets {

namespace {

enum SampleColumn { SeedColumn, PromptColumn, ResponseColumn, ScoreColumn, VerdictColumn, BaseScoreColumn,
                    PairwiseColumn, SampleColumnCount };

QString oneLine(const QString& text, int max = 400)
{
    QString t = text.simplified();
    if (t.size() > max)
        t = t.left(max) + QStringLiteral("…");
    return t;
}

QString paragraphs(const QString& text)
{
    if (text.isEmpty())
        return QStringLiteral("<i>–</i>");
    QString t = text.toHtmlEscaped();
    t.replace(QLatin1Char('\n'), QLatin1String("<br>"));
    return t;
}

} // namespace

QWidget* SweepView::buildDrillPanel(QWidget* content)
{
    auto* drillPanel = new QWidget(content);
    drillTitle_ = boldLabel(drillPanel);
    drillTitle_->setWordWrap(true);
    samplesTable_ = new QTableWidget(0, SampleColumnCount, drillPanel);
    samplesTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    samplesTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
    samplesTable_->setSelectionMode(QAbstractItemView::SingleSelection);
    samplesTable_->setAlternatingRowColors(true);
    samplesTable_->setWordWrap(false);
    samplesTable_->setTextElideMode(Qt::ElideRight);
    samplesTable_->verticalHeader()->hide();
    samplesTable_->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    samplesTable_->horizontalHeader()->setSectionResizeMode(PromptColumn, QHeaderView::Stretch);
    samplesTable_->horizontalHeader()->setSectionResizeMode(ResponseColumn, QHeaderView::Stretch);
    for (int c : {SeedColumn, ScoreColumn, VerdictColumn, BaseScoreColumn, PairwiseColumn})
        samplesTable_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    detail_ = new QTextBrowser(drillPanel);
    detail_->setOpenLinks(false);
    auto* drillSplit = new QSplitter(Qt::Vertical, drillPanel);
    drillSplit->addWidget(samplesTable_);
    drillSplit->addWidget(detail_);
    drillSplit->setStretchFactor(0, 1);
    drillSplit->setStretchFactor(1, 1);
    drillSplit->setChildrenCollapsible(false);
    auto* drillLayout = new QVBoxLayout(drillPanel);
    drillLayout->setContentsMargins(6, 0, 0, 0);
    drillLayout->addWidget(drillTitle_);
    drillLayout->addWidget(drillSplit, 1);

    return drillPanel;
}

QString SweepView::outcomeText(const QString& outcome) const
{
    if (outcome == QLatin1String("win"))
        return tr("win");
    if (outcome == QLatin1String("loss"))
        return tr("loss");
    if (outcome == QLatin1String("tie"))
        return tr("tie");
    if (outcome == QLatin1String("unparsed"))
        return tr("unparsed");
    return outcome.isEmpty() ? QStringLiteral("–") : outcome;
}

QString SweepView::scoreText(const SweepSample& s, bool base) const
{
    if (base) {
        if (!s.hasBase)
            return QStringLiteral("–");
        return std::isnan(s.baseScore) ? (s.baseVerdict.isEmpty() && s.baseExplanation.isEmpty() ? QStringLiteral("–")
                                                                                                 : tr("unparsed"))
                                       : report_.formatScore(s.baseScore);
    }
    if (!s.judged)
        return QStringLiteral("–");
    return std::isnan(s.score) ? tr("unparsed") : report_.formatScore(s.score);
}

void SweepView::loadSamples()
{
    const QString key = drillStrategy_ + QLatin1Char('\n') + drillDimension_;
    drillError_.clear();
    if (const auto it = sampleCache_.constFind(key); it != sampleCache_.constEnd()) {
        samples_ = *it;
    } else {
        QString error;
        const auto loaded = report_.samples(drillStrategy_, drillDimension_, &error);
        if (loaded) {
            samples_ = *loaded;
            sampleCache_.insert(key, samples_);
        } else {
            samples_.clear();
            drillError_ = error;
        }
    }
    fillSamples();
}

void SweepView::fillSamples()
{
    const QSignalBlocker block(samplesTable_);
    const QString strategyTitle = SweepReport::strategyTitle(drillStrategy_);
    const QString dimensionTitle = SweepReport::dimensionTitle(drillDimension_);
    if (!drillError_.isEmpty()) {
        drillTitle_->setText(drillError_);
        drillTitle_->setStyleSheet(QStringLiteral("color: #7a1f14;"));
    } else {
        drillTitle_->setStyleSheet(QString());
        drillTitle_->setText(samples_.isEmpty()
                                 ? tr("%1 on %2: no generations in the sweep folder").arg(strategyTitle, dimensionTitle)
                                 : tr("%1 on %2: %n generation(s)", nullptr, static_cast<int>(samples_.size()))
                                       .arg(strategyTitle, dimensionTitle));
    }
    const bool isBase = drillStrategy_ == report_.base();
    bool anyPairwise = false;
    for (const SweepSample& s : samples_)
        anyPairwise = anyPairwise || !s.pairwise.isEmpty();
    samplesTable_->setColumnHidden(SeedColumn, report_.model.seeds.size() <= 1);
    samplesTable_->setColumnHidden(BaseScoreColumn, isBase);
    samplesTable_->setColumnHidden(PairwiseColumn, isBase || !anyPairwise);
    samplesTable_->setRowCount(static_cast<int>(samples_.size()));
    for (int i = 0; i < samples_.size(); ++i) {
        const SweepSample& s = samples_[i];
        auto set = [&](int column, const QString& text, const QString& tip = QString()) {
            auto* item = new QTableWidgetItem(text);
            if (!tip.isEmpty())
                item->setToolTip(tip);
            if (column == ScoreColumn || column == BaseScoreColumn || column == SeedColumn)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            samplesTable_->setItem(i, column, item);
            return item;
        };
        set(SeedColumn, QString::number(s.seed));
        set(PromptColumn, oneLine(s.prompt), oneLine(s.prompt, 2000));
        set(ResponseColumn, oneLine(s.response), oneLine(s.response, 2000));
        set(ScoreColumn, scoreText(s, false));
        set(VerdictColumn, oneLine(s.verdict, 60), s.verdict);
        set(BaseScoreColumn, scoreText(s, true));
        auto* outcome = set(PairwiseColumn, outcomeText(s.pairwise));
        if (s.pairwise == QLatin1String("win"))
            outcome->setForeground(QColor(10, 125, 50));
        else if (s.pairwise == QLatin1String("loss"))
            outcome->setForeground(QColor(176, 30, 20));
    }
    if (!samples_.isEmpty()) {
        samplesTable_->setCurrentCell(0, PromptColumn);
        showSample(0);
    } else {
        detail_->clear();
    }
}

void SweepView::showSample(int row)
{
    if (row < 0 || row >= samples_.size()) {
        detail_->clear();
        return;
    }
    const SweepSample& s = samples_[row];
    const bool isBase = drillStrategy_ == report_.base();
    const QString strategyTitle = SweepReport::strategyTitle(drillStrategy_).toHtmlEscaped();
    const QString baseTitle = SweepReport::strategyTitle(report_.base()).toHtmlEscaped();
    auto judgement = [this](const QString& score, const QString& verdict, const QString& explanation) {
        QString h = QStringLiteral("<p><b>%1</b> %2").arg(tr("Score:").toHtmlEscaped(), score.toHtmlEscaped());
        if (!verdict.isEmpty())
            h += QStringLiteral(" · %1").arg(verdict.toHtmlEscaped());
        h += QStringLiteral("</p>");
        if (!explanation.isEmpty())
            h += QStringLiteral("<p style=\"color:#444\">%1</p>").arg(paragraphs(explanation));
        return h;
    };
    QString html;
    html += QStringLiteral("<p><b>%1</b> <span style=\"color:#777\">%2</span></p>")
                .arg(tr("Prompt").toHtmlEscaped(),
                     (report_.model.seeds.size() > 1 ? tr("%1 · seed %2").arg(s.promptId).arg(s.seed) : s.promptId).toHtmlEscaped());
    html += QStringLiteral("<p>%1</p>").arg(paragraphs(s.prompt));
    html += QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"6\" border=\"0\"><tr>");
    html += QStringLiteral("<td width=\"50%\" valign=\"top\" style=\"background:#eef5fb\"><p><b>%1</b></p><p>%2</p>%3</td>")
                .arg(strategyTitle, paragraphs(s.response), judgement(scoreText(s, false), s.verdict, s.explanation));
    if (!isBase) {
        if (s.hasBase)
            html += QStringLiteral("<td width=\"50%\" valign=\"top\" style=\"background:#f3f3f3\"><p><b>%1</b></p><p>%2</p>%3</td>")
                        .arg(baseTitle, paragraphs(s.baseResponse),
                             judgement(scoreText(s, true), s.baseVerdict, s.baseExplanation));
        else
            html += QStringLiteral("<td width=\"50%\" valign=\"top\" style=\"background:#f3f3f3\"><p><b>%1</b></p><p><i>%2</i></p></td>")
                        .arg(baseTitle, tr("Base has no generation for this prompt in the sweep folder.").toHtmlEscaped());
    }
    html += QStringLiteral("</tr></table>");
    if (!s.pairwise.isEmpty()) {
        auto verdict = [this](const QString& v) { return v.isEmpty() ? tr("no verdict") : v; };
        html += QStringLiteral("<p><b>%1</b> %2 <span style=\"color:#777\">(%3)</span></p>")
                    .arg(tr("Pairwise against Base:").toHtmlEscaped(), outcomeText(s.pairwise).toHtmlEscaped(),
                         tr("first order: %1, swapped: %2").arg(verdict(s.pairwiseFirst), verdict(s.pairwiseSwapped)).toHtmlEscaped());
        for (const QString& e : s.pairwiseExplanations)
            html += QStringLiteral("<p style=\"color:#444\">%1</p>").arg(paragraphs(e));
    }
    detail_->setHtml(html);
}

} // namespace hialign::widgets

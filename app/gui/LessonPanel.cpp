#include "app/gui/LessonPanel.h"

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "app/gui/Lesson.h"

namespace hialign::app {

namespace {

QLabel* wrapped(QWidget* parent)
{
    auto* l = new QLabel(parent);
    l->setWordWrap(true);
    l->setTextFormat(Qt::RichText);
    return l;
}

} // namespace

LessonPanel::LessonPanel(Lesson& lesson, QWidget* parent) : QDockWidget(parent), lesson_(lesson)
{
    setObjectName(QStringLiteral("lessonPanel"));
    setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    auto* content = new QWidget;
    auto* v = new QVBoxLayout(content);
    title_ = wrapped(content);
    QFont big = title_->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    big.setBold(true);
    title_->setFont(big);
    intro_ = wrapped(content);
    v->addWidget(title_);
    v->addWidget(intro_);
    v->addWidget(buildSteps());
    v->addWidget(buildFooter());
    v->addStretch(1);
    auto* scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setWidget(scroll);
    setMinimumWidth(340);

    connect(&lesson_, &Lesson::stateChanged, this, &LessonPanel::refreshStep);
    connect(&lesson_, &Lesson::changesChanged, this, &LessonPanel::refreshChanges);
    retranslate();
}

QWidget* LessonPanel::buildSteps()
{
    auto* box = new QWidget;
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    for (int i = 0; i < Lesson::kSteps; ++i) {
        auto* frame = new QFrame(box);
        frame->setFrameShape(QFrame::StyledPanel);
        auto* fv = new QVBoxLayout(frame);
        Row row;
        row.header = wrapped(frame);
        row.body = wrapped(frame);
        row.doIt = new QPushButton(frame);
        row.doIt->setObjectName(QStringLiteral("lessonDoIt-%1").arg(i + 1));
        row.status = wrapped(frame);
        row.status->setTextFormat(Qt::PlainText);
        connect(row.doIt, &QPushButton::clicked, this, [this, i] { lesson_.doStep(i); });
        auto* h = new QHBoxLayout;
        h->addWidget(row.doIt);
        h->addWidget(row.status, 1);
        fv->addWidget(row.header);
        fv->addWidget(row.body);
        fv->addLayout(h);
        v->addWidget(frame);
        rows_ << row;
    }
    return box;
}

QWidget* LessonPanel::buildFooter()
{
    auto* box = new QWidget;
    auto* v = new QVBoxLayout(box);
    v->setContentsMargins(0, 0, 0, 0);
    changesTitle_ = wrapped(box);
    changes_ = wrapped(box);
    changes_->setTextFormat(Qt::PlainText);
    restore_ = new QPushButton(box);
    restore_->setObjectName(QStringLiteral("lessonRestore"));
    connect(restore_, &QPushButton::clicked, this, [this] { lesson_.restoreSettings(); });
    restart_ = new QPushButton(box);
    restart_->setObjectName(QStringLiteral("lessonRestart"));
    connect(restart_, &QPushButton::clicked, this, [this] { lesson_.restart(); });
    export_ = new QPushButton(box);
    export_->setObjectName(QStringLiteral("lessonExportHandout"));
    connect(export_, &QPushButton::clicked, this, &LessonPanel::exportHandoutRequested);
    auto* h = new QHBoxLayout;
    h->addWidget(restart_);
    h->addWidget(export_);
    h->addStretch(1);
    v->addWidget(changesTitle_);
    v->addWidget(changes_);
    v->addWidget(restore_, 0, Qt::AlignLeft);
    v->addLayout(h);
    return box;
}

QString LessonPanel::stepHeader(int step) const
{
    return rows_.at(step).header->text();
}

void LessonPanel::retranslate()
{
    setWindowTitle(tr("Lesson"));
    title_->setText(Lesson::title().toHtmlEscaped());
    intro_->setText(Lesson::introduction().toHtmlEscaped());
    for (int i = 0; i < Lesson::kSteps; ++i) {
        const Lesson::StepText t = Lesson::text(i);
        rows_[i].body->setText(t.body);
        rows_[i].doIt->setText(tr("Do it"));
        rows_[i].doIt->setToolTip(t.doIt);
        refreshStep(i);
    }
    changesTitle_->setText(QStringLiteral("<b>%1</b>").arg(tr("What the lesson changed of your settings").toHtmlEscaped()));
    restore_->setText(tr("Put my settings back"));
    restart_->setText(tr("Restart lesson"));
    restart_->setToolTip(tr("Clears the ticks; the window keeps its model, runs and sweep."));
    export_->setText(tr("Export handout…"));
    refreshChanges();
}

void LessonPanel::refreshStep(int step)
{
    if (step < 0 || step >= rows_.size())
        return;
    const Row& row = rows_[step];
    const Lesson::StepState state = lesson_.state(step);
    const QString mark = state == Lesson::StepState::Done      ? QStringLiteral("<span style='color:#15803d'>✔</span>")
                         : state == Lesson::StepState::Running ? QStringLiteral("<span style='color:#b45309'>…</span>")
                         : state == Lesson::StepState::Failed  ? QStringLiteral("<span style='color:#b91c1c'>✘</span>")
                                                               : QStringLiteral("<span style='color:#6b7280'>○</span>");
    row.header->setText(QStringLiteral("%1 <b>%2. %3</b>").arg(mark).arg(step + 1).arg(Lesson::text(step).title.toHtmlEscaped()));
    row.status->setText(lesson_.stepStatus(step));
    row.status->setStyleSheet(state == Lesson::StepState::Failed ? QStringLiteral("color: #b91c1c")
                                                                 : QStringLiteral("color: #4b5563"));
    for (int i = 0; i < rows_.size(); ++i)
        rows_[i].doIt->setEnabled(!lesson_.isRunning());
}

void LessonPanel::refreshChanges()
{
    const QStringList changes = lesson_.changes();
    changes_->setText(changes.isEmpty() ? tr("Nothing yet.") : QStringLiteral("• ") + changes.join(QStringLiteral("\n• ")));
    restore_->setEnabled(lesson_.canRestore() && !changes.isEmpty());
}

void LessonPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange && title_)
        retranslate();
    QDockWidget::changeEvent(event);
}

} // namespace hialign::app

#include "widgets/CompareView.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

#include "widgets/Palette.h"
#include "widgets/WordDiff.h"

namespace hialign::widgets {

namespace {

constexpr const char* kHighlight = "#ffe08a";

QLabel* sectionTitle(QWidget* parent)
{
    auto* l = new QLabel(parent);
    QFont f = l->font();
    f.setBold(true);
    l->setFont(f);
    return l;
}

} // namespace

CompareView::CompareView(QWidget* parent) : QWidget(parent)
{
    qRegisterMetaType<model::GenerationOptions>();
    qRegisterMetaType<ScoreEntry>();
    qRegisterMetaType<QList<ScoreEntry>>();

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(buildSidePanel());
    splitter->addWidget(buildOutputPanel());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({340, 1000});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(splitter);

    connect(generate_, &QPushButton::clicked, this, &CompareView::requestGeneration);
    connect(stop_, &QPushButton::clicked, this, &CompareView::stopRequested);
    connect(promptList_, &QListWidget::itemDoubleClicked, this, &CompareView::requestGeneration);
    connect(addPrompt_, &QPushButton::clicked, this, &CompareView::addTypedPrompt);
    connect(promptEdit_, &QLineEdit::returnPressed, this, &CompareView::addTypedPrompt);
    setDecoding(model::GenerationOptions::interactiveDefaults());
    retranslate();
}

QWidget* CompareView::buildSidePanel()
{
    auto* side = new QWidget(this);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 6, 0);
    promptsTitle_ = sectionTitle(side);
    promptList_ = new QListWidget(side);
    promptList_->setWordWrap(true);
    promptList_->setAlternatingRowColors(true);
    promptEdit_ = new QLineEdit(side);
    addPrompt_ = new QPushButton(side);
    auto* promptRow = new QHBoxLayout;
    promptRow->addWidget(promptEdit_, 1);
    promptRow->addWidget(addPrompt_);
    modelsTitle_ = sectionTitle(side);
    candidateList_ = new QListWidget(side);
    candidateList_->setMaximumHeight(150);
    decodingTitle_ = sectionTitle(side);
    maxTokens_ = new QSpinBox(side);
    maxTokens_->setRange(1, 2048);
    temperature_ = new QDoubleSpinBox(side);
    temperature_->setRange(0.0, 2.0);
    temperature_->setSingleStep(0.1);
    temperature_->setDecimals(2);
    seed_ = new QSpinBox(side);
    seed_->setRange(0, 1 << 30);
    auto* form = new QFormLayout;
    maxTokensLabel_ = new QLabel(side);
    temperatureLabel_ = new QLabel(side);
    seedLabel_ = new QLabel(side);
    form->addRow(maxTokensLabel_, maxTokens_);
    form->addRow(temperatureLabel_, temperature_);
    form->addRow(seedLabel_, seed_);
    generate_ = new QPushButton(side);
    generate_->setDefault(true);
    stop_ = new QPushButton(side);
    stop_->setEnabled(false);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(generate_, 1);
    buttons->addWidget(stop_);
    sideLayout->addWidget(promptsTitle_);
    sideLayout->addWidget(promptList_, 1);
    sideLayout->addLayout(promptRow);
    sideLayout->addSpacing(8);
    sideLayout->addWidget(modelsTitle_);
    sideLayout->addWidget(candidateList_);
    sideLayout->addSpacing(8);
    sideLayout->addWidget(decodingTitle_);
    sideLayout->addLayout(form);
    sideLayout->addLayout(buttons);
    return side;
}

QWidget* CompareView::buildOutputPanel()
{
    auto* main = new QWidget(this);
    auto* mainLayout = new QVBoxLayout(main);
    mainLayout->setContentsMargins(6, 0, 0, 0);
    promptHeader_ = new QLabel(main);
    promptHeader_->setWordWrap(true);
    promptHeader_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont pf = promptHeader_->font();
    pf.setPointSizeF(pf.pointSizeF() * 1.25);
    promptHeader_->setFont(pf);
    legend_ = new QLabel(main);
    legend_->setWordWrap(true);
    status_ = new QLabel(main);
    status_->setWordWrap(true);
    auto* columnsHost = new QWidget(main);
    columnsLayout_ = new QHBoxLayout(columnsHost);
    columnsLayout_->setContentsMargins(0, 0, 0, 0);
    columnsLayout_->setSpacing(10);
    auto* scroll = new QScrollArea(main);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(columnsHost);
    mainLayout->addWidget(promptHeader_);
    mainLayout->addWidget(legend_);
    mainLayout->addWidget(status_);
    mainLayout->addWidget(scroll, 1);
    return main;
}

CompareView::~CompareView() = default;

void CompareView::retranslate()
{
    promptsTitle_->setText(tr("Prompts"));
    promptList_->setToolTip(tr("Held-out prompts of the data set, and your own. Double-click one to compare."));
    promptEdit_->setPlaceholderText(tr("Type a prompt and press Enter"));
    addPrompt_->setText(tr("Add"));
    modelsTitle_->setText(tr("Models side by side"));
    candidateList_->setToolTip(tr("Base is the model without adapters; every trained run adds its adapter."));
    decodingTitle_->setText(tr("Decoding (same for every column)"));
    maxTokensLabel_->setText(tr("New tokens"));
    temperatureLabel_->setText(tr("Temperature"));
    temperature_->setToolTip(tr("0 picks the most likely token each time (greedy), the fairest comparison"));
    seedLabel_->setText(tr("Seed"));
    generate_->setText(tr("Generate"));
    stop_->setText(tr("Stop"));
    legend_->setText(tr("<span style=\"background-color:%1\">Highlighted</span> words differ from Base.").arg(QLatin1String(kHighlight)));
    if (shownPrompt_.isEmpty())
        promptHeader_->setText(tr("Pick a prompt and press Generate."));
    for (auto& c : columns_)
        renderScores(c);
}

void CompareView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void CompareView::setPrompts(const QStringList& prompts)
{
    promptList_->clear();
    promptList_->addItems(prompts);
    if (!prompts.isEmpty())
        promptList_->setCurrentRow(0);
}

QStringList CompareView::prompts() const
{
    QStringList out;
    for (int i = 0; i < promptList_->count(); ++i)
        out << promptList_->item(i)->text();
    return out;
}

QString CompareView::currentPrompt() const
{
    if (auto* item = promptList_->currentItem())
        return item->text();
    return promptEdit_->text().trimmed();
}

void CompareView::setCurrentPrompt(int row)
{
    promptList_->setCurrentRow(row);
}

void CompareView::addTypedPrompt()
{
    const QString text = promptEdit_->text().trimmed();
    if (text.isEmpty())
        return;
    promptList_->insertItem(0, text);
    promptList_->setCurrentRow(0);
    promptEdit_->clear();
}

void CompareView::setCandidates(const QList<QPair<QString, QString>>& candidates)
{
    const QStringList previouslySelected = selectedCandidates();
    candidateList_->clear();
    for (const auto& [id, title] : candidates) {
        auto* item = new QListWidgetItem(title, candidateList_);
        item->setData(Qt::UserRole, id);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        const bool on = previouslySelected.contains(id) || id == QLatin1String("base");
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
}

QStringList CompareView::selectedCandidates() const
{
    QStringList ids;
    for (int i = 0; i < candidateList_->count(); ++i)
        if (candidateList_->item(i)->checkState() == Qt::Checked)
            ids << candidateList_->item(i)->data(Qt::UserRole).toString();
    return ids;
}

void CompareView::setSelectedCandidates(const QStringList& ids)
{
    for (int i = 0; i < candidateList_->count(); ++i) {
        auto* item = candidateList_->item(i);
        item->setCheckState(ids.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked : Qt::Unchecked);
    }
}

model::GenerationOptions CompareView::decoding() const
{
    // The view edits new tokens, temperature and seed; the rest stays as the core has it.
    model::GenerationOptions d = model::GenerationOptions::interactiveDefaults();
    d.maxNewTokens = maxTokens_->value();
    d.sampling.temperature = temperature_->value();
    d.sampling.seed = static_cast<std::uint64_t>(seed_->value());
    return d;
}

void CompareView::setDecoding(const model::GenerationOptions& d)
{
    maxTokens_->setValue(d.maxNewTokens);
    temperature_->setValue(d.sampling.temperature);
    seed_->setValue(static_cast<int>(d.sampling.seed));
}

void CompareView::setJudgeName(const QString& name)
{
    judgeName_ = name;
    for (auto& c : columns_)
        renderScores(c);
}

void CompareView::requestGeneration()
{
    const QString prompt = currentPrompt();
    if (prompt.isEmpty()) {
        showError(tr("Pick or type a prompt first."));
        return;
    }
    const QStringList ids = selectedCandidates();
    if (ids.isEmpty()) {
        showError(tr("Tick at least one model to compare."));
        return;
    }
    Q_EMIT generateRequested(prompt, ids, decoding());
}

void CompareView::beginComparison(const QString& prompt, const QStringList& ids, const QStringList& titles)
{
    for (auto& c : columns_)
        delete c.frame;
    columns_.clear();
    shownPrompt_ = prompt;
    promptHeader_->setText(tr("<b>Prompt:</b> %1").arg(prompt.toHtmlEscaped()));
    status_->clear();
    QFont bodyFont = font();
    bodyFont.setPointSizeF(std::max(12.0, font().pointSizeF() * 1.2));
    for (int i = 0; i < ids.size(); ++i) {
        Column c;
        c.id = ids[i];
        c.title = i < titles.size() ? titles[i] : ids[i];
        c.frame = new QFrame;
        static_cast<QFrame*>(c.frame)->setFrameShape(QFrame::StyledPanel);
        auto* v = new QVBoxLayout(c.frame);
        c.header = new QLabel(c.frame);
        const QColor color = Palette::column(i);
        c.header->setText(QStringLiteral("<span style=\"color:%1; font-weight:bold; font-size:large\">%2</span>")
                              .arg(color.name(), c.title.toHtmlEscaped()));
        c.header->setWordWrap(true);
        c.body = new QTextBrowser(c.frame);
        c.body->setFont(bodyFont);
        c.body->setMinimumWidth(260);
        c.scoreRow = new QLabel(c.frame);
        c.scoreRow->setWordWrap(true);
        c.scoreRow->setTextFormat(Qt::RichText);
        v->addWidget(c.header);
        v->addWidget(c.body, 1);
        v->addWidget(c.scoreRow);
        columnsLayout_->addWidget(c.frame, 1);
        columns_.push_back(c);
        renderScores(columns_.back());
    }
}

void CompareView::appendText(int column, const QString& text)
{
    if (column < 0 || column >= columnCount())
        return;
    Column& c = columns_[column];
    c.text += text;
    // Append the piece only: re-setting the whole text per token would lay the column out again each time.
    c.body->moveCursor(QTextCursor::End);
    c.body->insertPlainText(text);
}

void CompareView::finishColumn(int column, const QString& finishReason)
{
    if (column < 0 || column >= columnCount())
        return;
    columns_[column].finished = true;
    columns_[column].finishReason = finishReason;
    refreshHighlights();
}

void CompareView::refreshHighlights()
{
    // Base is the reference when it is shown; it stays plain.
    const auto base = std::find_if(columns_.begin(), columns_.end(),
                                   [](const Column& c) { return c.id == QLatin1String("base"); });
    if (base == columns_.end() || !base->finished)
        return;
    for (auto& c : columns_) {
        if (&c == &*base || !c.finished)
            continue;
        const auto tokens = WordDiff::compare(base->text, c.text);
        c.highlighted = static_cast<int>(std::count_if(tokens.begin(), tokens.end(),
                                                       [](const WordDiff::Token& t) { return t.changed; }));
        c.body->setHtml(WordDiff::toHtml(tokens, QLatin1String(kHighlight)));
    }
}

void CompareView::setScores(int column, const QList<ScoreEntry>& scores)
{
    if (column < 0 || column >= columnCount())
        return;
    columns_[column].scores = scores;
    renderScores(columns_[column]);
}

void CompareView::renderScores(Column& c)
{
    if (!c.scoreRow)
        return;
    if (judgeName_.isEmpty()) {
        c.scoreRow->hide();
        return;
    }
    c.scoreRow->show();
    if (c.scores.isEmpty()) {
        c.scoreRow->setText(c.finished ? tr("<i>%1: no dimension applies</i>").arg(judgeName_.toHtmlEscaped())
                                       : tr("<i>%1: waiting for the response…</i>").arg(judgeName_.toHtmlEscaped()));
        return;
    }
    QStringList chips;
    for (const auto& s : c.scores) {
        // Exact judges score 0..1, rubric judges 1..10.
        const double t = s.score <= 1.0 ? s.score : (s.score - 1.0) / 9.0;
        const QColor bg = t >= 0.5 ? Palette::good() : Palette::bad();
        const QString value = s.score <= 1.0 && (s.score == 0.0 || s.score == 1.0)
            ? (s.score == 1.0 ? QStringLiteral("✓") : QStringLiteral("✗"))
            : QString::number(s.score, 'g', 3);
        chips << QStringLiteral("<span title=\"%4\" style=\"background-color:%1; color:white\">&nbsp;%2 %3&nbsp;</span>")
                     .arg(bg.name(), s.dimension.toHtmlEscaped(), value, s.explanation.toHtmlEscaped());
    }
    c.scoreRow->setText(tr("%1: %2").arg(judgeName_.toHtmlEscaped(), chips.join(QStringLiteral("&nbsp; "))));
    QStringList tips;
    for (const auto& s : c.scores)
        tips << tr("%1: %2 (%3) %4").arg(s.dimension).arg(s.score).arg(s.verdict, s.explanation);
    c.scoreRow->setToolTip(tips.join(QLatin1Char('\n')));
}

void CompareView::setBusy(bool busy)
{
    generate_->setEnabled(!busy);
    stop_->setEnabled(busy);
}

void CompareView::showError(const QString& message)
{
    status_->setText(QStringLiteral("<span style=\"color:#c0392b\">%1</span>").arg(message.toHtmlEscaped()));
}

void CompareView::showNotice(const QString& message)
{
    status_->setText(QStringLiteral("<span>%1</span>").arg(message.toHtmlEscaped()));
}

QString CompareView::statusText() const
{
    return status_->text();
}

QString CompareView::columnText(int column) const
{
    return column >= 0 && column < columnCount() ? columns_[column].text : QString();
}

QString CompareView::columnTitle(int column) const
{
    return column >= 0 && column < columnCount() ? columns_[column].title : QString();
}

QString CompareView::scoresText(int column) const
{
    if (column < 0 || column >= columnCount())
        return {};
    QStringList parts;
    for (const auto& s : columns_[column].scores)
        parts << QStringLiteral("%1=%2").arg(s.dimension).arg(s.score);
    return parts.join(QLatin1Char(' '));
}

bool CompareView::scoresVisible(int column) const
{
    return column >= 0 && column < columnCount() && !columns_[column].scoreRow->isHidden();
}

int CompareView::highlightedWordCount(int column) const
{
    return column >= 0 && column < columnCount() ? columns_[column].highlighted : 0;
}

} // namespace hialign::widgets

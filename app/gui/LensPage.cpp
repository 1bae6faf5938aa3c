#include "app/gui/LensPage.h"

#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "align/PreferenceData.h"
#include "app/gui/PageHost.h"
#include "app/gui/RunSummary.h"
#include "settings/RunFolder.h"
#include "widgets/LayerStackView.h"
#include "widgets/LensView.h"
#include "widgets/PathText.h"

namespace hialign::app {

namespace {

// How many pairs of the preference file the input offers.
constexpr int kPairChoices = 200;

} // namespace

LensPage::LensPage(PageHost& host, widgets::LayerStackView* layers, QWidget* parent) : QWidget(parent), host_(host)
{
    setObjectName(QStringLiteral("lensPage"));
    view_ = new widgets::LensView(this);
    view_->setLayerStack(layers);
    input_ = new QComboBox(this);
    input_->setObjectName(QStringLiteral("lensInput"));
    input_->setEditable(true);
    input_->setInsertPolicy(QComboBox::NoInsert);
    input_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    input_->setMinimumContentsLength(12);
    run_ = new QComboBox(this);
    run_->setObjectName(QStringLiteral("lensRun"));
    run_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    run_->setMinimumContentsLength(12);
    read_ = new QPushButton(this);
    read_->setObjectName(QStringLiteral("lensRead"));
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    inputLabel_ = new QLabel(this);
    runLabel_ = new QLabel(this);
    auto* controls = new QGridLayout;
    controls->addWidget(inputLabel_, 0, 0);
    controls->addWidget(input_, 0, 1);
    controls->addWidget(runLabel_, 1, 0);
    controls->addWidget(run_, 1, 1);
    controls->addWidget(read_, 2, 1, Qt::AlignRight);
    controls->setColumnStretch(1, 1);
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);
    v->addWidget(view_, 1);
    v->addLayout(controls);
    v->addWidget(status_);
    watcher_ = new QFutureWatcher<LensOutcome>(this);
    connect(watcher_, &QFutureWatcher<LensOutcome>::finished, this, &LensPage::onFinished);
    connect(read_, &QPushButton::clicked, this, [this] { read(); });
    // Another run or checkpoint picked while a read-out is on show: read again.
    connect(run_, &QComboBox::currentIndexChanged, this, [this] {
        if (shown_ && !isBusy())
            read();
    });
    connect(input_->lineEdit(), &QLineEdit::returnPressed, this, [this] { read(); });
    retranslate();
}

LensPage::~LensPage()
{
    watcher_->waitForFinished();
}

void LensPage::setPairs(const QString& dataFile, const std::vector<align::PreferenceRecord>& records)
{
    dataFile_ = dataFile;
    input_->clear();
    const int n = std::min<int>(kPairChoices, static_cast<int>(records.size()));
    for (int i = 0; i < n; ++i) {
        const align::PreferenceRecord& r = records[static_cast<std::size_t>(i)];
        const std::string& prompt = r.conversational && !r.promptMessages.empty() ? r.promptMessages.back().content : r.prompt;
        input_->addItem(tr("pair %1: %2").arg(i + 1).arg(QString::fromStdString(prompt).simplified()), i);
    }
    input_->lineEdit()->setCursorPosition(0);   // the pair's number and the prompt's start, not its end
}

void LensPage::setRuns(const QList<RunSummary>& runs)
{
    const QString current = run_->currentData().toString();
    const QSignalBlocker quiet(run_);
    run_->clear();
    run_->addItem(tr("Base only"), QString());
    for (const RunSummary& r : runs) {
        if (!r.valid)
            continue;
        const train::RunFolder folder(widgets::toPath(r.dir));
        if (r.hasAdapter)
            run_->addItem(r.name, widgets::fromPath(folder.adapterDir()));
        for (const std::int64_t step : folder.checkpoints())
            run_->addItem(tr("%1 · step %2").arg(r.name).arg(step),
                          widgets::fromPath(train::RunFolder::checkpointAdapterDir(folder.checkpointDir(step))));
    }
    const int i = run_->findData(current);
    run_->setCurrentIndex(i >= 0 ? i : 0);
}

bool LensPage::selectRun(const QString& runDir)
{
    const QString adapter = widgets::fromPath(train::RunFolder(widgets::toPath(runDir)).adapterDir());
    const int i = run_->findData(adapter);
    if (i < 0)
        return false;
    const QSignalBlocker quiet(run_);
    run_->setCurrentIndex(i);
    return true;
}

void LensPage::modelChanged()
{
    shown_ = false;
    view_->clear();
}

void LensPage::runFinished(const QString& runDir)
{
    if (selectRun(runDir) && shown_ && !isBusy())
        read();
}

bool LensPage::isBusy() const
{
    return watcher_->isRunning();
}

bool LensPage::read()
{
    if (isBusy())
        return false;
    LensJob job;
    job.modelDir = host_.modelFolder();
    if (job.modelDir.isEmpty() || !host_.modelConfig()) {
        status_->setText(tr("Open a model first; the lens reads its layers."));
        return false;
    }
    // A choice from the list is a pair of the preference file; anything else typed is a prompt.
    const int pair = input_->currentIndex() >= 0 && input_->currentText() == input_->itemText(input_->currentIndex())
                         ? input_->currentData().toInt()
                         : -1;
    if (pair >= 0) {
        job.dataFile = dataFile_;
        job.pairIndex = pair;
    } else {
        job.prompt = input_->currentText();
        if (job.prompt.trimmed().isEmpty()) {
            status_->setText(tr("Pick a pair or type a prompt to read."));
            return false;
        }
    }
    job.adapterDir = run_->currentData().toString();
    job.runName = job.adapterDir.isEmpty() ? QString() : run_->currentText();
    status_->setText(tr("Reading every layer…"));
    read_->setEnabled(false);
    watcher_->setFuture(QtConcurrent::run(computeLens, job));
    return true;
}

void LensPage::onFinished()
{
    read_->setEnabled(true);
    const LensOutcome out = watcher_->result();
    if (!out.error.isEmpty()) {
        shown_ = false;
        view_->clear(out.error);
        status_->setText(out.error);
        Q_EMIT readFinished(false);
        return;
    }
    shown_ = true;
    view_->setLayers(out.layers, out.runName);
    status_->setText(view_->hasMargins()
                         ? tr("Top next token per layer, and the pair's margin log p(chosen) − log p(rejected) read at "
                              "that layer (Base → run).")
                         : tr("Top next token per layer, read through the final norm and head."));
    Q_EMIT readFinished(true);
}

void LensPage::retranslate()
{
    inputLabel_->setText(tr("Input"));
    runLabel_->setText(tr("Beside Base"));
    read_->setText(tr("Read"));
    input_->setToolTip(tr("A pair of the open preference file, or a prompt typed here"));
    run_->setToolTip(tr("A run's adapter (or a checkpoint's) read beside the base model"));
    if (run_->count() > 0)
        run_->setItemText(0, tr("Base only"));
}

void LensPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange && read_)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace hialign::app

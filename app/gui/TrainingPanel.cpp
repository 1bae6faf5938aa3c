#include "app/gui/TrainingPanel.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cstdint>

#include "config/HubCache.h"
#include "settings/LabFolder.h"
#include "model/Gpus.h"
#include "widgets/PathText.h"

namespace hialign::app {

namespace {

const align::Strategy kStrategies[] = {align::Strategy::Full, align::Strategy::Local, align::Strategy::Mid,
                                       align::Strategy::Global, align::Strategy::Custom};
const train::LossType kLosses[] = {train::LossType::Sigmoid, train::LossType::Ipo, train::LossType::Hinge,
                                   train::LossType::Robust};

QWidget* pathRow(QWidget* parent, QLineEdit* edit, QToolButton* browse)
{
    auto* w = new QWidget(parent);
    auto* h = new QHBoxLayout(w);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(edit, 1);
    h->addWidget(browse);
    return w;
}

} // namespace

QLabel* TrainingPanel::explanation()
{
    auto* l = new QLabel(this);
    l->setWordWrap(true);
    l->setForegroundRole(QPalette::PlaceholderText);
    return l;
}

QLabel* TrainingPanel::newLabel()
{
    auto* l = new QLabel(this);
    labels_ << l;   // in the order of retranslate()'s label texts
    return l;
}

TrainingPanel::TrainingPanel(QWidget* parent) : QWidget(parent)
{
    createDataBox();
    createLoraBox();
    createDpoBox();
    createRunBox();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(dataBox_);
    layout->addWidget(loraBox_);
    layout->addWidget(dpoBox_);
    layout->addWidget(runBox_);
    layout->addStretch(1);
    connectControls();
    retranslate();
    setSettings(train::TrainConfig::interactiveDefaults());
    setRunning(false);
}

void TrainingPanel::createDataBox()
{
    dataBox_ = new QGroupBox(this);
    modelEdit_ = new QLineEdit(this);
    modelBrowse_ = new QToolButton(this);
    modelBrowse_->setText(QStringLiteral("…"));
    modelBrowse_->setObjectName(QStringLiteral("modelBrowse"));
    hubMenu_ = new QMenu(this);
    hubMenu_->setObjectName(QStringLiteral("hubModels"));
    modelBrowse_->setMenu(hubMenu_);
    modelBrowse_->setPopupMode(QToolButton::MenuButtonPopup);
    modelSummary_ = explanation();
    dataEdit_ = new QLineEdit(this);
    dataBrowse_ = new QToolButton(this);
    dataBrowse_->setText(QStringLiteral("…"));
    dataSummary_ = explanation();
    workspaceEdit_ = new QLineEdit(this);
    workspaceBrowse_ = new QToolButton(this);
    workspaceBrowse_->setText(QStringLiteral("…"));
    auto* dataForm = new QFormLayout(dataBox_);
    dataForm->addRow(newLabel(), pathRow(this, modelEdit_, modelBrowse_));
    dataForm->addRow(modelSummary_);
    dataForm->addRow(newLabel(), pathRow(this, dataEdit_, dataBrowse_));
    dataForm->addRow(dataSummary_);
    dataForm->addRow(newLabel(), pathRow(this, workspaceEdit_, workspaceBrowse_));
}

// The spin boxes' values come from setSettings(interactiveDefaults()).
void TrainingPanel::createLoraBox()
{
    loraBox_ = new QGroupBox(this);
    strategy_ = new QComboBox(this);
    for (int i = 0; i < 5; ++i)
        strategy_->addItem(QString());
    modules_ = new QComboBox(this);
    for (int i = 0; i < 3; ++i)
        modules_->addItem(QString());
    rank_ = new QSpinBox(this);
    rank_->setRange(1, 256);
    alpha_ = new QDoubleSpinBox(this);
    alpha_->setRange(0.5, 1024);
    loraHelp_ = explanation();
    auto* loraForm = new QFormLayout(loraBox_);
    loraForm->addRow(newLabel(), strategy_);
    loraForm->addRow(newLabel(), modules_);
    loraForm->addRow(newLabel(), rank_);
    loraForm->addRow(newLabel(), alpha_);
    loraForm->addRow(loraHelp_);
}

void TrainingPanel::createDpoBox()
{
    dpoBox_ = new QGroupBox(this);
    loss_ = new QComboBox(this);
    for (train::LossType l : kLosses)
        loss_->addItem(QString::fromLatin1(train::lossName(l)), QString::fromLatin1(train::lossName(l)));
    beta_ = new QDoubleSpinBox(this);
    beta_->setRange(0.001, 10);
    beta_->setDecimals(3);
    beta_->setSingleStep(0.05);
    learningRate_ = new QDoubleSpinBox(this);
    learningRate_->setDecimals(5);
    learningRate_->setRange(0.00001, 0.1);
    learningRate_->setSingleStep(0.0005);
    steps_ = new QSpinBox(this);
    steps_->setRange(1, 1000000);
    batch_ = new QSpinBox(this);
    batch_->setRange(1, 512);
    evalEvery_ = new QSpinBox(this);
    evalEvery_->setRange(0, 100000);
    seed_ = new QSpinBox(this);
    seed_->setRange(0, 1 << 30);
    createDeviceChoice();
    dpoHelp_ = explanation();
    auto* dpoForm = new QFormLayout(dpoBox_);
    dpoForm->addRow(newLabel(), loss_);
    dpoForm->addRow(newLabel(), beta_);
    dpoForm->addRow(newLabel(), learningRate_);
    dpoForm->addRow(newLabel(), steps_);
    dpoForm->addRow(newLabel(), batch_);
    dpoForm->addRow(newLabel(), evalEvery_);
    createSampleRows(dpoForm);
    dpoForm->addRow(newLabel(), seed_);
    dpoForm->addRow(newLabel(), device_);
    dpoForm->addRow(dpoHelp_);
}

// Answers over training (settings/Samples.h): the interval and the prompts.
void TrainingPanel::createSampleRows(QFormLayout* form)
{
    sampleEvery_ = new QSpinBox(this);
    sampleEvery_->setRange(0, 1000000);
    sampleEvery_->setObjectName(QStringLiteral("sampleEvery"));
    samplePromptsEdit_ = new QLineEdit(this);
    samplePromptsBrowse_ = new QToolButton(this);
    samplePromptsBrowse_->setText(QStringLiteral("…"));
    sampleHint_ = explanation();
    form->addRow(newLabel(), sampleEvery_);
    form->addRow(newLabel(), pathRow(this, samplePromptsEdit_, samplePromptsBrowse_));
    form->addRow(sampleHint_);
}

// Says what the answers will be: the lab's prompts, the user's file, or none.
void TrainingPanel::updateSampleHint()
{
    const bool lab = lab::LabFolder::ofModel(widgets::toPath(modelDir())).has_value();
    if (sampleEvery_->value() == 0)
        sampleHint_->setText(tr("Answers over training are off."));
    else if (!samplePrompts().isEmpty())
        sampleHint_->setText(tr("The prompts of %1 are answered at step 0, every %n step(s) and at the end; they "
                                "are shown unjudged under the curves.", nullptr, sampleEvery_->value())
                                 .arg(QFileInfo(samplePrompts()).fileName()));
    else if (lab)
        sampleHint_->setText(tr("The lab's held-out prompts are answered at step 0, every %n step(s) and at the end, "
                                "judged exactly; the answers and their score show under the curves.", nullptr,
                                sampleEvery_->value()));
    else
        sampleHint_->setText(tr("This model is not a demo lab's: choose a prompt file to see its answers over "
                                "training."));
}

void TrainingPanel::createDeviceChoice()
{
    device_ = new QComboBox(this);
    device_->addItem(QString(), QStringLiteral("auto"));
    device_->addItem(QStringLiteral("CPU"), QStringLiteral("cpu"));
    // One entry per GPU, with its name and memory.
    for (const auto& gpu : model::listGpus())
        device_->addItem(QStringLiteral("cuda:%1 \u2014 %2 (%3 GiB)")
                             .arg(gpu.index)
                             .arg(QString::fromStdString(gpu.name))
                             .arg(static_cast<double>(gpu.totalBytes) / (1 << 30), 0, 'f', 1),
                         QStringLiteral("cuda:%1").arg(gpu.index));
}

void TrainingPanel::createRunBox()
{
    runBox_ = new QGroupBox(this);
    start_ = new QPushButton(this);
    start_->setDefault(true);
    QFont bf = start_->font();
    bf.setBold(true);
    start_->setFont(bf);
    start_->setMinimumHeight(38);
    pause_ = new QPushButton(this);
    pause_->setCheckable(true);
    pause_->setMinimumHeight(38);
    stop_ = new QPushButton(this);
    stop_->setMinimumHeight(38);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1);
    progress_->setValue(0);
    progress_->setTextVisible(true);
    progress_->setFormat(tr("not started"));
    progressDetail_ = new QLabel(this);
    status_ = new QLabel(this);
    status_->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(start_, 2);
    buttons->addWidget(pause_, 1);
    buttons->addWidget(stop_, 1);
    auto* runLayout = new QVBoxLayout(runBox_);
    runLayout->addLayout(buttons);
    runLayout->addWidget(progress_);
    runLayout->addWidget(progressDetail_);
    runLayout->addWidget(status_);
}

void TrainingPanel::fillHubMenu()
{
    hubMenu_->clear();
    hubMenu_->addSection(tr("Models in the Hugging Face cache"));
    const std::vector<io::CachedModelEntry> models = io::listCachedModels();
    if (models.empty()) {
        hubMenu_->addAction(tr("None in %1").arg(QDir::toNativeSeparators(widgets::fromPath(io::hubCacheDir()))))
            ->setEnabled(false);
        return;
    }
    for (const io::CachedModelEntry& e : models) {
        const QString id = QString::fromStdString(e.model.id);
        const QString commit = QString::fromStdString(e.model.commit).left(7);
        const QString revision = QString::fromStdString(e.model.revision);
        // ORG/NAME for main, ORG/NAME@REVISION otherwise: what the field and the CLI take.
        const QString spec = revision == QStringLiteral("main") ? id : id + QLatin1Char('@') + revision;
        const QString shownRevision = revision == QString::fromStdString(e.model.commit)
                                          ? commit
                                          : QStringLiteral("%1 (%2)").arg(revision, commit);
        const QString text = QStringLiteral("%1  ·  %2  ·  %3")
                                 .arg(id, QLocale().formattedDataSize(static_cast<qint64>(e.bytes)), shownRevision);
        hubMenu_->addAction(text, this, [this, spec] {
            modelEdit_->setText(spec);
            Q_EMIT modelDirChosen(spec);
        });
    }
}

void TrainingPanel::connectControls()
{
    connect(modelBrowse_, &QToolButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a Hugging Face model folder"), modelDir());
        if (!dir.isEmpty()) {
            modelEdit_->setText(dir);
            Q_EMIT modelDirChosen(dir);
        }
    });
    connect(modelEdit_, &QLineEdit::editingFinished, this, [this] { Q_EMIT modelDirChosen(modelDir()); });
    connect(modelEdit_, &QLineEdit::textChanged, this, &TrainingPanel::updateSampleHint);
    connect(sampleEvery_, &QSpinBox::valueChanged, this, &TrainingPanel::updateSampleHint);
    // The interval follows the steps (TrainConfig::sampleEveryFor) until the user sets another.
    connect(steps_, &QSpinBox::valueChanged, this, [this](int steps) {
        if (sampleEvery_->value() == train::TrainConfig::sampleEveryFor(shownSteps_))
            sampleEvery_->setValue(train::TrainConfig::sampleEveryFor(steps));
        shownSteps_ = steps;
    });
    connect(samplePromptsEdit_, &QLineEdit::textChanged, this, &TrainingPanel::updateSampleHint);
    connect(samplePromptsBrowse_, &QToolButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Choose prompts to answer during training"),
                                                          samplePrompts(), tr("Prompts (*.jsonl *.json);;All files (*)"));
        if (!file.isEmpty())
            samplePromptsEdit_->setText(file);
    });
    connect(hubMenu_, &QMenu::aboutToShow, this, &TrainingPanel::fillHubMenu);
    connect(dataBrowse_, &QToolButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Choose a preference data set"), dataFile(),
                                                          tr("Preference data (*.jsonl *.json);;All files (*)"));
        if (!file.isEmpty()) {
            dataEdit_->setText(file);
            Q_EMIT dataFileChosen(file);
        }
    });
    connect(dataEdit_, &QLineEdit::editingFinished, this, [this] { Q_EMIT dataFileChosen(dataFile()); });
    connect(workspaceBrowse_, &QToolButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose the folder for run folders"), workspace());
        if (!dir.isEmpty()) {
            workspaceEdit_->setText(dir);
            Q_EMIT workspaceChosen(dir);
        }
    });
    connect(workspaceEdit_, &QLineEdit::editingFinished, this, [this] { Q_EMIT workspaceChosen(workspace()); });
    connect(strategy_, qOverload<int>(&QComboBox::activated), this,
            [this](int i) { Q_EMIT strategyChosen(kStrategies[i]); });
    connect(start_, &QPushButton::clicked, this, &TrainingPanel::startRequested);
    connect(pause_, &QPushButton::toggled, this, &TrainingPanel::pauseToggled);
    connect(stop_, &QPushButton::clicked, this, &TrainingPanel::stopRequested);
}

void TrainingPanel::retranslate()
{
    dataBox_->setTitle(tr("Model and data"));
    loraBox_->setTitle(tr("Where to adapt (LoRA)"));
    dpoBox_->setTitle(tr("Preference optimisation (DPO)"));
    runBox_->setTitle(tr("Run"));
    const QStringList labelTexts = {tr("Model folder"), tr("Preferences"), tr("Workspace"),
                                    tr("Strategy"),     tr("Modules"),     tr("Rank r"),
                                    tr("Alpha"),        tr("Loss"),        tr("β (beta)"),
                                    tr("Learning rate"), tr("Steps"),      tr("Pairs per step"),
                                    tr("Evaluate every"), tr("Answer prompts every"), tr("Answer prompts"),
                                    tr("Seed"),      tr("Device")};
    for (int i = 0; i < labels_.size() && i < labelTexts.size(); ++i)
        labels_[i]->setText(labelTexts[i]);
    modelEdit_->setPlaceholderText(tr("Folder with config.json and model.safetensors"));
    modelEdit_->setToolTip(tr("A Hugging Face model folder (Llama, Mistral, Qwen families)"));
    modelBrowse_->setToolTip(tr("Choose a model folder; the arrow lists the models in the Hugging Face cache"));
    dataEdit_->setPlaceholderText(tr("JSONL with prompt, chosen, rejected"));
    dataEdit_->setToolTip(tr("Each line: {\"prompt\", \"chosen\", \"rejected\"}; the preferred answer is \"chosen\""));
    workspaceEdit_->setToolTip(tr("Every run gets its own folder here: settings, metrics, checkpoints, adapter"));
    const QString strategyNames[] = {tr("Full-DPO (every layer)"), tr("Local-Align (first third)"),
                                     tr("Mid-Align (middle third)"), tr("Global-Align (last third)"),
                                     tr("Custom (painted layers)")};
    for (int i = 0; i < 5; ++i)
        strategy_->setItemText(i, strategyNames[i]);
    strategy_->setToolTip(tr("Which layers get adapters; the layer stack shows and edits the same choice"));
    modules_->setItemText(0, tr("attention + MLP"));
    modules_->setItemText(1, tr("attention only"));
    modules_->setItemText(2, tr("MLP only"));
    rank_->setToolTip(tr("Size of each adapter: more rank, more capacity and more parameters"));
    alpha_->setToolTip(tr("Scale of the adapter's update (alpha / r); twice the rank is a common choice"));
    loraHelp_->setText(tr("The paper's finding: local layers shape fluency, the global block facts and reasoning. "
                          "Adapting one block avoids the 'alignment tax' of training everything."));
    loss_->setToolTip(tr("sigmoid: standard DPO; ipo: squared loss; hinge: margin loss; robust: for noisy labels"));
    beta_->setToolTip(tr("How far the model may move from the base: small β lets it move more"));
    learningRate_->setToolTip(tr("AdamW step size for the adapters (cosine schedule with warm-up)"));
    steps_->setToolTip(tr("Optimizer steps of this run"));
    batch_->setToolTip(tr("Preference pairs per step"));
    evalEvery_->setToolTip(tr("Held-out evaluation every N steps (0: only at the end)"));
    sampleEvery_->setSpecialValueText(tr("off"));
    sampleEvery_->setSuffix(tr(" steps"));
    sampleEvery_->setToolTip(tr("Answer a fixed set of held-out prompts at step 0, every N steps and at the end, "
                                "and judge them: the Answers view under the curves (0: off)"));
    samplePromptsEdit_->setPlaceholderText(tr("the demo lab's held-out prompts"));
    samplePromptsEdit_->setToolTip(tr("JSONL with one {\"prompt\"} per line (optional \"id\", \"dimension\")"));
    updateSampleHint();
    seed_->setToolTip(tr("Same seed, same data order and initialisation: runs are reproducible"));
    device_->setItemText(0, tr("Automatic (GPU when present)"));
    dpoHelp_->setText(tr("DPO raises the likelihood of the chosen answer over the rejected one, relative to the "
                         "untrained model. Watch the reward margin grow and accuracy approach 100%."));
    start_->setText(tr("Start"));
    start_->setToolTip(tr("Train on a background thread; the window stays usable"));
    pause_->setText(pause_->isChecked() ? tr("Continue") : tr("Pause"));
    stop_->setText(tr("Stop"));
    stop_->setToolTip(tr("Stop after the current step and save a checkpoint you can resume"));
}

void TrainingPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

train::TrainConfig TrainingPanel::settings() const
{
    train::TrainConfig s = train::TrainConfig::interactiveDefaults();
    s.modelDir = modelDir().toStdString();
    s.dataFile = dataFile().toStdString();
    s.strategy = align::strategyName(kStrategies[std::max(0, strategy_->currentIndex())]);
    if (modules_->currentIndex() == 1)
        s.targetModules = {"q_proj", "k_proj", "v_proj", "o_proj"};
    else if (modules_->currentIndex() == 2)
        s.targetModules = {"gate_proj", "up_proj", "down_proj"};
    s.rank = rank_->value();
    s.alpha = alpha_->value();
    s.loss = kLosses[std::max(0, loss_->currentIndex())];
    s.beta = beta_->value();
    s.learningRate = learningRate_->value();
    s.steps = steps_->value();
    s.batchSize = batch_->value();
    s.evalEvery = evalEvery_->value();
    s.saveEvery = train::TrainConfig::saveEveryFor(s.steps);
    s.seed = static_cast<std::uint64_t>(seed_->value());
    s.device = device_->currentData().toString().toStdString();
    // Answers over training: the lab's prompts, decoding and judge, or the
    // user's prompts unjudged; none for another model without a file.
    s.samples = train::SampleSettings{};
    if (sampleEvery_->value() > 0) {
        train::SampleSettings samples = train::SampleSettings::forModel(widgets::toPath(modelDir()), sampleEvery_->value());
        if (!samplePrompts().isEmpty()) {
            samples.promptFiles = {widgets::toPath(samplePrompts()).string()};
            samples.judge.clear();   // the lab's exact judge checks the lab's own prompts only
        }
        if (!samples.promptFiles.empty())
            s.samples = samples;
    }
    return s;
}

void TrainingPanel::setSettings(const train::TrainConfig& s)
{
    if (!s.modelDir.empty())
        modelEdit_->setText(QString::fromStdString(s.modelDir));
    if (!s.dataFile.empty())
        dataEdit_->setText(QString::fromStdString(s.dataFile));
    rank_->setValue(s.rank);
    alpha_->setValue(s.alpha);
    loss_->setCurrentIndex(std::max(0, loss_->findData(QString::fromLatin1(train::lossName(s.loss)))));
    beta_->setValue(s.beta);
    learningRate_->setValue(s.learningRate);
    shownSteps_ = s.steps;
    steps_->setValue(s.steps);
    batch_->setValue(s.batchSize);
    evalEvery_->setValue(s.evalEvery);
    sampleEvery_->setValue(s.samples.every);
    seed_->setValue(static_cast<int>(s.seed));
    device_->setCurrentIndex(std::max(0, device_->findData(QString::fromStdString(s.device))));
    const auto& m = s.targetModules;
    modules_->setCurrentIndex(m.empty() ? 0 : (std::find(m.begin(), m.end(), "q_proj") != m.end() ? 1 : 2));
}

QString TrainingPanel::modelDir() const { return modelEdit_->text().trimmed(); }
void TrainingPanel::setModelDir(const QString& dir) { modelEdit_->setText(dir); }
void TrainingPanel::setModelSummary(const QString& text) { modelSummary_->setText(text); }
QString TrainingPanel::dataFile() const { return dataEdit_->text().trimmed(); }
void TrainingPanel::setDataFile(const QString& file) { dataEdit_->setText(file); }
void TrainingPanel::setDataSummary(const QString& text) { dataSummary_->setText(text); }
QString TrainingPanel::workspace() const { return workspaceEdit_->text().trimmed(); }
void TrainingPanel::setWorkspace(const QString& dir) { workspaceEdit_->setText(dir); }
QString TrainingPanel::samplePrompts() const { return samplePromptsEdit_->text().trimmed(); }
void TrainingPanel::setSamplePrompts(const QString& file) { samplePromptsEdit_->setText(file); }

void TrainingPanel::setStrategy(align::Strategy strategy)
{
    for (int i = 0; i < 5; ++i)
        if (kStrategies[i] == strategy)
            strategy_->setCurrentIndex(i);
}

void TrainingPanel::setRunning(bool running)
{
    start_->setEnabled(!running);
    pause_->setEnabled(running);
    stop_->setEnabled(running);
    for (QWidget* w : {static_cast<QWidget*>(dataBox_), static_cast<QWidget*>(loraBox_), static_cast<QWidget*>(dpoBox_)})
        w->setEnabled(!running);
    if (!running) {
        const QSignalBlocker block(pause_);
        pause_->setChecked(false);
        pause_->setText(tr("Pause"));
    }
}

void TrainingPanel::setPaused(bool paused)
{
    const QSignalBlocker block(pause_);
    pause_->setChecked(paused);
    pause_->setText(paused ? tr("Continue") : tr("Pause"));
}

void TrainingPanel::setProgress(qint64 step, qint64 total, const QString& detail)
{
    progress_->setRange(0, static_cast<int>(std::max<qint64>(1, total)));
    progress_->setValue(static_cast<int>(std::min(step, std::max<qint64>(1, total))));
    progress_->setFormat(total > 0 ? tr("step %1 of %2").arg(step).arg(total) : tr("preparing…"));
    progressDetail_->setText(detail);
}

void TrainingPanel::setStatus(const QString& text)
{
    status_->setText(text);
}

} // namespace hialign::app

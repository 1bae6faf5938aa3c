#include "app/gui/MainWindow.h"

#include <QAction>
#include <QCoreApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QLocale>
#include <QMessageBox>
#include <QProcess>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <exception>
#include <filesystem>
#include <optional>

#include "align/PreferenceData.h"
#include "app/gui/CompareController.h"
#include "app/gui/ComparePage.h"
#include "app/gui/LensPage.h"
#include "app/gui/TrainingResult.h"
#include "app/gui/Lesson.h"
#include "app/gui/LessonHandout.h"
#include "app/gui/LessonPanel.h"
#include "app/gui/ProbeController.h"
#include "app/gui/ProbePage.h"
#include "app/gui/RunsBrowser.h"
#include "app/gui/RunsPage.h"
#include "app/gui/SweepController.h"
#include "app/gui/SweepPage.h"
#include "app/gui/TrainingController.h"
#include "app/gui/TrainingPage.h"
#include "app/gui/TrainingPanel.h"
#include "app/gui/WorkbenchSettings.h"
#include "widgets/CompareView.h"
#include "widgets/LayerStackView.h"
#include "widgets/MetricsPlot.h"
#include "widgets/SamplesView.h"
#include "widgets/ParameterCount.h"
#include "widgets/PathText.h"
#include "widgets/SweepView.h"
#include "config/HubCache.h"
#include "config/ModelConfig.h"

namespace hialign::app {

MainWindow::MainWindow(const AppOptions& options, QWidget* parent) : QMainWindow(parent)
{
    createPages();
    createLayout();
    connectPanel();
    confirmClose_ = [this] {
        return QMessageBox::question(this, tr("Training in progress"),
                                     tr("A run is training. Stop it and quit? It is saved with a checkpoint and "
                                        "can be resumed from the Runs tab."),
                                     QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
            == QMessageBox::Yes;
    };
    buildMenus();
    retranslate();
    restoreSession(options);
    resize(1600, 1000);
}

MainWindow::~MainWindow() = default;

// The views, and the pages that do their work.
void MainWindow::createPages()
{
    panel_ = new TrainingPanel;
    layers_ = new widgets::LayerStackView;
    plot_ = new widgets::MetricsPlot;
    answers_ = new widgets::SamplesView;
    compare_ = new widgets::CompareView;
    runs_ = new RunsBrowser;
    sweep_ = new widgets::SweepView;

    comparePage_ = new ComparePage(*this, panel_, compare_, runs_, this);
    trainingPage_ = new TrainingPage(*this, panel_, layers_, plot_, answers_, runs_, comparePage_, this);
    runsPage_ = new RunsPage(*this, runs_, trainingPage_, comparePage_, this);
    sweepPage_ = new SweepPage(*this, panel_, layers_, sweep_, this);
    probePage_ = new ProbePage(*this, layers_, panel_, this);
    lensPage_ = new LensPage(*this, layers_);
}

// The training panel (scrolling) on the left; the error banner over the
// tabs on the right.
void MainWindow::createLayout()
{
    panelScroll_ = new QScrollArea;
    panelScroll_->setWidget(panel_);
    panelScroll_->setWidgetResizable(true);
    panelScroll_->setMinimumWidth(380);
    panelScroll_->setFrameShape(QFrame::NoFrame);

    tabs_ = new QTabWidget;
    // The layer stack with the logit lens beside it, its rows level with the stack's.
    auto* stackAndLens = new QSplitter(Qt::Horizontal);
    stackAndLens->addWidget(layers_);
    stackAndLens->addWidget(lensPage_);
    stackAndLens->setStretchFactor(0, 3);
    stackAndLens->setStretchFactor(1, 2);
    stackAndLens->setSizes({840, 380});
    tabs_->addTab(stackAndLens, QString());
    // The training curves with the answers over training under them.
    auto* curvesAndAnswers = new QSplitter(Qt::Vertical);
    curvesAndAnswers->addWidget(plot_);
    curvesAndAnswers->addWidget(answers_);
    curvesAndAnswers->setStretchFactor(0, 3);
    curvesAndAnswers->setStretchFactor(1, 2);
    curvesAndAnswers->setSizes({560, 300});
    tabs_->addTab(curvesAndAnswers, QString());
    tabs_->addTab(compare_, QString());
    tabs_->addTab(runs_, QString());
    tabs_->addTab(sweep_, QString());
    QFont tabFont = tabs_->font();
    tabFont.setPointSizeF(tabFont.pointSizeF() * 1.1);
    tabs_->tabBar()->setFont(tabFont);

    createErrorBanner();
    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(banner_);
    rightLayout->addWidget(tabs_, 1);

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(panelScroll_);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({400, 1200});
    setCentralWidget(splitter);
    // The Sweep page reads finished sweep folders and needs no training
    // settings: it gets the panel's width for its table and charts.
    connect(tabs_, &QTabWidget::currentChanged, this,
            [this] { panelScroll_->setVisible(tabs_->currentWidget() != sweep_); });
}

void MainWindow::createErrorBanner()
{
    banner_ = new QFrame;
    banner_->setStyleSheet(QStringLiteral("QFrame { background: #fdecea; border: 1px solid #e0796b; border-radius: 4px; }"
                                          "QLabel { border: none; color: #7a1f14; }"));
    bannerText_ = new QLabel;
    bannerText_->setWordWrap(true);
    bannerText_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* bannerClose = new QToolButton;
    bannerClose->setText(QStringLiteral("✕"));
    bannerClose->setAutoRaise(true);
    auto* bannerLayout = new QHBoxLayout(banner_);
    bannerLayout->addWidget(bannerText_, 1);
    bannerLayout->addWidget(bannerClose);
    banner_->hide();
    connect(bannerClose, &QToolButton::clicked, this, &MainWindow::clearError);
}

// The panel's files, the Runs page's workspace and merges, the probe's status widgets.
void MainWindow::connectPanel()
{
    connect(panel_, &TrainingPanel::modelDirChosen, this, [this](const QString& dir) {
        // The panel has already shown `dir`: open it unless it is the model already loaded.
        if (!dir.isEmpty() && QFileInfo(dir).absoluteFilePath() != loadedModelDir_)
            openModel(dir);
    });
    connect(panel_, &TrainingPanel::dataFileChosen, this, [this](const QString& f) {
        if (!f.isEmpty())
            openData(f);
    });
    connect(panel_, &TrainingPanel::workspaceChosen, this, &MainWindow::setWorkspace);
    // The lens offers the runs the runs browser has read; a run that finishes
    // (the browser has read it by then: TrainingPage refreshes it) goes beside Base.
    connect(runs_, &RunsBrowser::refreshed, this, [this] { lensPage_->setRuns(runs_->runs()); });
    connect(training(), &TrainingController::finished, this,
            [this](const TrainingResult& result) { lensPage_->runFinished(result.runDir); });
    connect(runsPage_, &RunsPage::workspaceChosen, this, &MainWindow::setWorkspace);
    connect(runsPage_, &RunsPage::mergeFinished, this, &MainWindow::mergeFinished);
    probePage_->addStatusWidgets(statusBar());
}

void MainWindow::restoreSession(const AppOptions& options)
{
    WorkbenchSettings::load(panel_, layers_, plot_, this);
    const WorkbenchSettings::Startup start = WorkbenchSettings::startup(options);
    setWorkspace(start.workspace);
    if (!start.model.isEmpty())
        openModel(start.model);
    else
        panel_->setModelSummary(tr("Choose a model folder (File ▸ Open model…) to begin."));
    if (!start.data.isEmpty())
        openData(start.data);
    if (!options.sweepDir.isEmpty())
        openSweep(options.sweepDir);
}

// ---------------------------------------------------------------- menus

void MainWindow::buildMenus()
{
    buildFileMenu();
    // The layer stack's own menu: the probe and what follows from it.
    layersMenu_ = menuBar()->addMenu(QString());
    probePage_->addActions(layersMenu_);
    buildViewAndHelpMenus();
}

void MainWindow::buildFileMenu()
{
    fileMenu_ = menuBar()->addMenu(QString());
    openModelAction_ = fileMenu_->addAction(QString(), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a Hugging Face model folder"), panel_->modelDir());
        if (!dir.isEmpty())
            openModel(dir);
    });
    openModelAction_->setObjectName(QStringLiteral("openModel"));
    openModelAction_->setShortcut(QKeySequence::Open);
    openDataAction_ = fileMenu_->addAction(QString(), this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Choose a preference data set"), panel_->dataFile(),
                                                       tr("Preference data (*.jsonl *.json);;All files (*)"));
        if (!f.isEmpty())
            openData(f);
    });
    openDataAction_->setObjectName(QStringLiteral("openData"));
    recentMenu_ = fileMenu_->addMenu(QString());
    fileMenu_->addSeparator();
    sweepPage_->addActions(fileMenu_);
    fileMenu_->addSeparator();
    handoutAction_ = fileMenu_->addAction(QString(), this, &MainWindow::askForHandout);
    handoutAction_->setObjectName(QStringLiteral("exportHandout"));
    fileMenu_->addSeparator();
    quitAction_ = fileMenu_->addAction(QString(), this, &QWidget::close);
    quitAction_->setObjectName(QStringLiteral("quit"));
    quitAction_->setShortcut(QKeySequence::Quit);
}

void MainWindow::buildViewAndHelpMenus()
{
    viewMenu_ = menuBar()->addMenu(QString());
    const char* names[] = {"layers", "training", "compare", "runs", "sweep"};
    for (int i = 0; i < 5; ++i) {
        auto* a = viewMenu_->addAction(QString(), this, [this, i] { tabs_->setCurrentIndex(i); });
        a->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + i)));
        a->setObjectName(QLatin1String(names[i]));
    }
    helpMenu_ = menuBar()->addMenu(QString());
    lessonAction_ = helpMenu_->addAction(QString(), this, [this] { showLesson(); });
    lessonAction_->setObjectName(QStringLiteral("lesson"));
    lessonAction_->setShortcut(QKeySequence::HelpContents);
    aboutAction_ = helpMenu_->addAction(QString(), this, [this] {
        QMessageBox::about(this, tr("About HiAlign Workbench"),
                           tr("<h3>HiAlign Workbench %1</h3><p>DPO with LoRA adapters on chosen functional blocks "
                              "of a model's layer stack: local (syntax), intermediate (logic), global (facts).</p>"
                              "<p>After Zhang &amp; Dong, <i>Hierarchical Alignment: Surgical Fine-Tuning via "
                              "Functional Layer Specialization in Large Language Models</i>, arXiv 2510.12044.</p>")
                               .arg(QStringLiteral(HIALIGN_VERSION)));
    });
    aboutAction_->setObjectName(QStringLiteral("about"));
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("HiAlign Workbench"));
    const QStringList pages = {tr("Layer stack"), tr("Training curves"), tr("Compare"), tr("Runs"), tr("Sweep")};
    for (int i = 0; i < pages.size(); ++i)
        tabs_->setTabText(i, pages[i]);
    tabs_->setTabToolTip(0, tr("Brush the functional blocks and see where training changes the model"));
    tabs_->setTabToolTip(1, tr("Loss, reward margin and accuracy as they train"));
    tabs_->setTabToolTip(2, tr("Base and adapters side by side on the same prompt"));
    tabs_->setTabToolTip(3, tr("Run folders of the workspace"));
    tabs_->setTabToolTip(4, tr("A strategy sweep's table, charts and judged generations"));
    fileMenu_->setTitle(tr("&File"));
    recentMenu_->setTitle(tr("Recent models"));
    viewMenu_->setTitle(tr("&View"));
    layersMenu_->setTitle(tr("&Layers"));
    probePage_->retranslate();
    helpMenu_->setTitle(tr("&Help"));
    openModelAction_->setText(tr("Open model…"));
    openDataAction_->setText(tr("Open preferences…"));
    sweepPage_->retranslate();
    quitAction_->setText(tr("Quit"));
    for (int i = 0; i < viewMenu_->actions().size() && i < pages.size(); ++i)
        viewMenu_->actions()[i]->setText(pages[i]);
    lessonAction_->setText(tr("Lesson"));
    handoutAction_->setText(tr("Export handout…"));
    aboutAction_->setText(tr("About HiAlign Workbench"));
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    if (!recentMenu_)
        return;
    recentMenu_->clear();
    const QStringList recent = WorkbenchSettings::recentModels();
    for (const QString& dir : recent)
        recentMenu_->addAction(QDir::toNativeSeparators(dir), this, [this, dir] { openModel(dir); });
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange && tabs_)
        retranslate();
    QMainWindow::changeEvent(event);
}

// ---------------------------------------------------------------- messages, views

void MainWindow::showError(const QString& message)
{
    lastError_ = message;
    bannerText_->setText(message);
    banner_->show();
    statusBar()->showMessage(message, 10000);
}

void MainWindow::clearError()
{
    banner_->hide();
}

void MainWindow::showStatus(const QString& text, int timeoutMs)
{
    statusBar()->showMessage(text, timeoutMs);
}

void MainWindow::clearStatus()
{
    statusBar()->clearMessage();
}

void MainWindow::showView(const QString& name)
{
    const QStringList names = {QStringLiteral("layers"), QStringLiteral("training"), QStringLiteral("compare"),
                               QStringLiteral("runs"), QStringLiteral("sweep")};
    const int i = static_cast<int>(names.indexOf(name));
    if (i >= 0)
        tabs_->setCurrentIndex(i);
}

// ---------------------------------------------------------------- loading

bool MainWindow::openModel(const QString& folder)
{
    QString dir = folder;
    io::ModelConfig config;
    std::optional<io::CachedModel> hub;
    try {
        // A folder, or ORG/NAME[@REVISION] from the Hugging Face cache (config/HubCache.h).
        const io::ModelLocation where = io::locateModel(widgets::toPath(folder).string());
        hub = where.hub;
        // Absolute: the run folder records it, and a resume may start elsewhere.
        if (!folder.isEmpty())
            dir = QFileInfo(widgets::fromPath(where.dir)).absoluteFilePath();
        config = io::ModelConfig::loadFolder(widgets::toPath(dir));
        if (config.numLayers < 1)
            throw InputError("config.json has no layers (num_hidden_layers).");
    } catch (const std::exception& e) {
        showError(tr("Could not open the model folder %1: %2").arg(QDir::toNativeSeparators(dir), QString::fromUtf8(e.what())));
        return false;
    }
    clearError();
    config_ = config;
    loadedModelDir_ = dir;
    probePage_->forgetResult();
    lensPage_->modelChanged();
    panel_->setModelDir(dir);
    layers_->setModelConfig(config);
    panel_->setStrategy(layers_->plan().strategy());
    // A cached model is named by its hub id and revision before the summary.
    const QString hubName = hub ? QStringLiteral("%1 @ %2 · ").arg(QString::fromStdString(hub->id),
                                                                  QString::fromStdString(hub->revision))
                                : QString();
    panel_->setModelSummary(hubName
                            + tr("%1 · %n layer(s) · %2 parameters", nullptr, config.numLayers)
                                  .arg(QString::fromStdString(config.modelType.empty() ? config.architecture : config.modelType),
                                       widgets::ParameterCount::format(config.totalParameters())));
    WorkbenchSettings::rememberRecent(dir);
    rebuildRecentMenu();
    WorkbenchSettings::setModelDir(dir);
    comparePage_->setupJudge();
    comparePage_->refreshCandidates();
    return true;
}

bool MainWindow::openData(const QString& path)
{
    const QString file = path.isEmpty() ? path : QFileInfo(path).absoluteFilePath();
    std::vector<align::PreferenceRecord> records;
    align::LoadReport report;
    try {
        records = align::loadPreferences(file.toStdString(), false, &report);
    } catch (const std::exception& e) {
        showError(tr("Could not read the preference file: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    clearError();
    panel_->setDataFile(file);
    panel_->setDataSummary(tr("%n preference pair(s)", nullptr, static_cast<int>(records.size())));
    WorkbenchSettings::setDataFile(file);
    comparePage_->setPrompts(file, records);
    lensPage_->setPairs(file, records);
    return true;
}

void MainWindow::setWorkspace(const QString& dir)
{
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    panel_->setWorkspace(dir);
    runs_->setWorkspace(dir);
    WorkbenchSettings::setWorkspace(dir);
    comparePage_->refreshCandidates();
}

// ---------------------------------------------------------------- the pages' work

bool MainWindow::startTraining() { return trainingPage_->startTraining(); }
void MainWindow::openRun(const QString& dir) { trainingPage_->openRun(dir); }
bool MainWindow::mergeRun(const QString& runDir, const QString& outDir) { return runsPage_->mergeRun(runDir, outDir); }
bool MainWindow::openSweep(const QString& dir) { return sweepPage_->openSweep(dir); }
bool MainWindow::startSweep(const SweepJob& job) { return sweepPage_->startSweep(job); }
void MainWindow::compareCurrentPrompt() { comparePage_->compareCurrentPrompt(); }
bool MainWindow::startProbe(const ProbeJob& job) { return probePage_->startProbe(job); }
bool MainWindow::openProbe(const QString& fileOrDir) { return probePage_->openProbe(fileOrDir); }
const probe::ProbeResult* MainWindow::probeResult() const { return probePage_->result(); }
bool MainWindow::trainDimensionBlock(int dimension) { return probePage_->trainDimensionBlock(dimension); }
TrainingController* MainWindow::training() const { return trainingPage_->controller(); }
CompareController* MainWindow::comparer() const { return comparePage_->controller(); }
SweepController* MainWindow::sweeps() const { return sweepPage_->controller(); }
ProbeController* MainWindow::probes() const { return probePage_->controller(); }

// ---------------------------------------------------------------- the lesson

Lesson* MainWindow::lesson()
{
    if (!lesson_)
        lesson_ = new Lesson(*this, this);
    return lesson_;
}

LessonPanel* MainWindow::showLesson()
{
    if (!lessonPanel_) {
        lessonPanel_ = new LessonPanel(*lesson(), this);
        addDockWidget(Qt::RightDockWidgetArea, lessonPanel_);
        resizeDocks({lessonPanel_}, {440}, Qt::Horizontal);
        connect(lessonPanel_, &LessonPanel::exportHandoutRequested, this, &MainWindow::askForHandout);
    }
    lessonPanel_->show();
    lessonPanel_->raise();
    return lessonPanel_;
}

void MainWindow::askForHandout()
{
    const QString file = QFileDialog::getSaveFileName(this, tr("Export the lesson's handout"),
                                                      QDir::home().filePath(QStringLiteral("hialign-lesson.pdf")),
                                                      tr("PDF (*.pdf)"));
    if (!file.isEmpty())
        exportHandout(file);
}

bool MainWindow::exportHandout(const QString& pdfFile)
{
    if (handout_) {
        showError(tr("A handout is being written already; wait for it to finish."));
        return false;
    }
    if (const QString problem = LessonHandout::problemWithOutput(pdfFile); !problem.isEmpty()) {
        showError(problem);
        return false;
    }
    // The same program, headless: the steps run in a window and workspace of its own.
    const QString program = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("hialign"));
    if (!QFileInfo(program).isExecutable()) {
        showError(tr("The handout is drawn by %1, which is not there.").arg(QDir::toNativeSeparators(program)));
        return false;
    }
    handout_ = new QProcess(this);
    handout_->setProcessChannelMode(QProcess::SeparateChannels);
    const QString file = QFileInfo(pdfFile).absoluteFilePath();
    connect(handout_, &QProcess::finished, this, [this, file](int code, QProcess::ExitStatus status) {
        const QString err = QString::fromLocal8Bit(handout_->readAllStandardError()).trimmed();
        handout_->deleteLater();
        handout_ = nullptr;
        if (status == QProcess::NormalExit && code == 0)
            showStatus(tr("The handout is written: %1").arg(QDir::toNativeSeparators(file)), 15000);
        else
            showError(err.isEmpty() ? tr("Writing the handout failed.") : err.section(QLatin1Char('\n'), -1));
    });
    handout_->start(program, {QStringLiteral("--export-handout"), file, QStringLiteral("--lang"),
                              QLocale().name().startsWith(QLatin1String("de")) ? QStringLiteral("de")
                              : QLocale().name().startsWith(QLatin1String("zh")) ? QStringLiteral("zh_CN")
                                                                                 : QStringLiteral("en")});
    showStatus(tr("Writing the handout: the lesson's six steps run in the background (about a minute)…"));
    return true;
}

// ---------------------------------------------------------------- closing, settings

void MainWindow::setCloseConfirmation(std::function<bool()> confirm)
{
    confirmClose_ = std::move(confirm);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (training()->isRunning()) {
        if (!confirmClose_ || !confirmClose_()) {
            event->ignore();
            return;
        }
        trainingPage_->stopAndWait();
    }
    comparer()->stop();
    if (sweeps()->isRunning()) {
        sweeps()->stop();
        sweeps()->waitForFinished(10 * 60 * 1000);
    }
    if (probes()->isRunning()) {
        probes()->stop();
        probes()->waitForFinished(10 * 60 * 1000);
    }
    saveSettings();
    event->accept();
}

void MainWindow::saveSettings() const
{
    WorkbenchSettings::save(panel_, layers_, plot_, this);
}

} // namespace hialign::app

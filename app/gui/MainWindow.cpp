#include "app/gui/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <exception>
#include <set>

#include "align/PreferenceData.h"
#include "app/gui/CompareController.h"
#include "app/gui/ProbeController.h"
#include "app/gui/ProbeDialog.h"
#include "app/gui/RunsBrowser.h"
#include "app/gui/RunSummary.h"
#include "app/gui/SweepController.h"
#include "app/gui/SweepDialog.h"
#include "app/gui/TrainingController.h"
#include "app/gui/TrainingPanel.h"
#include "probe/CutSearch.h"
#include "probe/ProbeFiles.h"
#include "train/MergeAdapter.h"
#include "util/Paths.h"
#include "widgets/CompareView.h"
#include "widgets/LayerStackView.h"
#include "widgets/MetricsPlot.h"
#include "widgets/ParameterCount.h"
#include "widgets/SweepView.h"

#include "sweep/JudgeFactory.h"

namespace hialign::app {

namespace {

constexpr int kMaxRecent = 8;

QString formatDuration(double seconds)
{
    const auto s = static_cast<qint64>(seconds + 0.5);
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString defaultWorkspace()
{
    return QDir::homePath() + QStringLiteral("/hialign-runs");
}

} // namespace

MainWindow::MainWindow(const AppOptions& options, QWidget* parent) : QMainWindow(parent)
{
    createControllers();
    createPages();
    connectPanel();
    connectTraining();
    connectCompare();
    connectRuns();
    connectSweep();
    connectProbe();
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

void MainWindow::createControllers()
{
    training_ = new TrainingController(this);
    sweeps_ = new SweepController(this);
    probes_ = new ProbeController(this);
    comparer_ = new CompareController(this);
}

// The training panel (scrolling) on the left; the error banner over the
// tabs on the right.
void MainWindow::createPages()
{
    panel_ = new TrainingPanel;
    panelScroll_ = new QScrollArea;
    panelScroll_->setWidget(panel_);
    panelScroll_->setWidgetResizable(true);
    panelScroll_->setMinimumWidth(380);
    panelScroll_->setFrameShape(QFrame::NoFrame);

    layers_ = new widgets::LayerStackView;
    plot_ = new widgets::MetricsPlot;
    compare_ = new widgets::CompareView;
    runs_ = new RunsBrowser;
    sweep_ = new widgets::SweepView;
    tabs_ = new QTabWidget;
    tabs_->addTab(layers_, QString());
    tabs_->addTab(plot_, QString());
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

// Layer stack <-> panel strategy; the panel's files and buttons.
void MainWindow::connectPanel()
{
    connect(layers_, &widgets::LayerStackView::planChanged, this,
            [this](const align::LayerPlan& plan) { panel_->setStrategy(plan.strategy()); });
    connect(panel_, &TrainingPanel::strategyChosen, this, [this](align::Strategy s) { layers_->setStrategy(s); });
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
    connect(panel_, &TrainingPanel::startRequested, this, &MainWindow::startTraining);
    connect(panel_, &TrainingPanel::pauseToggled, this, [this](bool pause) {
        if (pause)
            training_->pause();
        else
            training_->unpause();
    });
    connect(panel_, &TrainingPanel::stopRequested, training_, &TrainingController::stop);
}

// The training controller's reports.
void MainWindow::connectTraining()
{
    connect(training_, &TrainingController::sampleReady, this, &MainWindow::onSample);
    connect(training_, &TrainingController::finished, this, &MainWindow::onFinished);
    connect(training_, &TrainingController::pausedChanged, this, [this](bool paused) {
        panel_->setPaused(paused);
        panel_->setStatus(paused ? tr("Paused. Continue or stop (a checkpoint is written on stop).")
                                 : tr("Training…"));
    });
    connect(training_, &TrainingController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
}

void MainWindow::connectCompare()
{
    connect(compare_, &widgets::CompareView::generateRequested, this, [this] { compareCurrentPrompt(); });
    connect(compare_, &widgets::CompareView::stopRequested, comparer_, &CompareController::stop);
    connect(comparer_, &CompareController::textChunk, this, [this](quint64 id, int col, const QString& text) {
        if (id == compareRequest_)
            compare_->appendText(col, text);
    });
    connect(comparer_, &CompareController::columnFinished, this, [this](quint64 id, int col, const QString& reason) {
        if (id == compareRequest_)
            compare_->finishColumn(col, reason);
    });
    connect(comparer_, &CompareController::notice, this, [this](quint64 id, int, const QString& message) {
        if (id == compareRequest_) {
            compare_->showNotice(message);
            statusBar()->showMessage(message, 10000);
        }
    });
    connect(comparer_, &CompareController::scoresReady, this,
            [this](quint64 id, int col, const QList<widgets::ScoreEntry>& scores) {
                if (id == compareRequest_)
                    compare_->setScores(col, scores);
            });
    connect(comparer_, &CompareController::failed, this, [this](quint64 id, const QString& message) {
        if (id == compareRequest_) {
            compare_->showError(message);
            showError(message);
        }
    });
    connect(comparer_, &CompareController::done, this, [this](quint64 id) {
        if (id == compareRequest_)
            compare_->setBusy(false);
    });
}

void MainWindow::connectRuns()
{
    connect(runs_, &RunsBrowser::openRequested, this, [this](const QString& dir) {
        openRun(dir);
        showView(QStringLiteral("training"));
    });
    connect(runs_, &RunsBrowser::resumeRequested, this, [this](const QString& dir) {
        QString error;
        const RunSummary run = RunSummary::read(dir);
        plot_->clearRuns();
        liveRun_ = plot_->addRun(run.name);
        firstStep_ = -1;
        if (!training_->resume(dir, &error)) {
            showError(error);
            return;
        }
        panel_->setRunning(true);
        layers_->setEditable(false);
        runs_->setActiveRun(dir);
        panel_->setStatus(tr("Resuming %1…").arg(run.name));
        showView(QStringLiteral("training"));
    });
    connect(runs_, &RunsBrowser::compareRequested, this, [this](const QStringList& dirs) {
        for (const QString& d : dirs)
            openRun(d);
        refreshCompareCandidates();
        QStringList ids{QStringLiteral("base")};
        ids << dirs;
        compare_->setSelectedCandidates(ids);
        showView(QStringLiteral("compare"));
    });
    connect(runs_, &RunsBrowser::chooseWorkspaceRequested, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose the folder for run folders"), runs_->workspace());
        if (!dir.isEmpty())
            setWorkspace(dir);
    });
    connect(runs_, &RunsBrowser::runDeleted, this, [this] { refreshCompareCandidates(); });
    connect(runs_, &RunsBrowser::mergeRequested, this, [this](const QString& dir) {
        const QString out = QFileDialog::getSaveFileName(this, tr("Folder for the merged model"),
                                                         QDir(dir).filePath(QStringLiteral("merged")));
        if (!out.isEmpty())
            mergeRun(dir, out);
    });
}

bool MainWindow::mergeRun(const QString& runDir, const QString& outDir)
{
    if (merging_)
        return false;
    merging_ = true;
    const std::string adapter = QDir(runDir).filePath(QStringLiteral("adapter")).toStdString();
    const std::string out = outDir.toStdString();
    statusBar()->showMessage(tr("Merging the adapter of %1…").arg(QDir(runDir).dirName()));
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, outDir] {
        const QString message = watcher->result();
        watcher->deleteLater();
        merging_ = false;
        if (message.startsWith(QLatin1Char('!')))
            showError(message.mid(1));
        else
            statusBar()->showMessage(message, 10000);
        Q_EMIT mergeFinished(outDir, !message.startsWith(QLatin1Char('!')));
    });
    watcher->setFuture(QtConcurrent::run([adapter, out]() -> QString {
        try {
            train::MergeRequest r;
            r.adapterDir = adapter;
            r.outDir = out;
            const train::MergeResult m = train::mergeAdapter(r);
            return tr("Merged %n adapted projection(s) into a model folder: %1", nullptr,
                      static_cast<int>(m.mergedProjections))
                .arg(QDir::toNativeSeparators(QString::fromStdString(out)));
        } catch (const std::exception& e) {
            return QLatin1Char('!') + QString::fromStdString(e.what());
        }
    }));
    return true;
}

// The Sweep page and the sweep controller.
void MainWindow::connectSweep()
{
    connect(sweep_, &widgets::SweepView::sweepOpened, this, [this](const QString& dir) {
        QSettings().setValue(QStringLiteral("sweep/dir"), dir);
        exportSweepAction_->setEnabled(true);
        showView(QStringLiteral("sweep"));
    });
    connect(sweep_, &widgets::SweepView::errorOccurred, this, [this](const QString& message) {
        lastError_ = message;
        exportSweepAction_->setEnabled(sweep_->hasReport());
        statusBar()->showMessage(message, 10000);
    });
    connect(sweep_, &widgets::SweepView::exported, this, [this](const QString& dir) {
        statusBar()->showMessage(tr("Wrote the sweep report to %1.").arg(QDir::toNativeSeparators(dir)), 10000);
    });
    connect(sweep_, &widgets::SweepView::runSweepRequested, this, &MainWindow::runSweep);
    sweep_->setRunSweepAvailable(true);
    connect(sweeps_, &SweepController::progress, this, [this](int done, int total, const QString& message) {
        sweep_->setRunProgress(true, done, total, message);
        statusBar()->showMessage(tr("Sweep %1/%2: %3").arg(done).arg(total).arg(message));
    });
    connect(sweeps_, &SweepController::trainingStep, this,
            [this](const QString& task, qint64 step, qint64 total, double loss) {
                sweep_->setRunProgress(true, -1, -1, tr("training %1: step %2 of %3, loss %4")
                                                         .arg(task)
                                                         .arg(step)
                                                         .arg(total)
                                                         .arg(QLocale().toString(loss, 'f', 4)));
                statusBar()->showMessage(tr("Sweep: training %1, step %2 of %3, loss %4")
                                             .arg(task)
                                             .arg(step)
                                             .arg(total)
                                             .arg(QLocale().toString(loss, 'f', 4)));
            });
    connect(sweeps_, &SweepController::finished, this, [this](bool ok, const QString& error, const QString& dir) {
        runSweepAction_->setText(tr("Run sweep…"));
        sweep_->setRunProgress(false);
        if (ok) {
            openSweep(dir);
            showView(QStringLiteral("sweep"));
            statusBar()->showMessage(tr("The sweep finished; its report is in %1.").arg(QDir::toNativeSeparators(dir)), 15000);
        } else if (error.isEmpty()) {
            statusBar()->showMessage(tr("The sweep stopped. Run it again with the same folder to resume."), 15000);
        } else {
            showError(error);
            statusBar()->clearMessage();
        }
    });
}

void MainWindow::restoreSession(const AppOptions& options)
{
    loadSettings();

    // Model: the command line, else the demo lab, else the last one, else ask.
    const std::filesystem::path demo = demoLabDir();
    QString model = options.modelDir;
    QString data = options.dataFile;
    if (model.isEmpty() && !demo.empty()) {
        model = QString::fromStdString((demo / "model").string());
        if (data.isEmpty())
            data = QString::fromStdString((demo / "data" / "preferences_mixed.jsonl").string());
    }
    if (model.isEmpty())
        model = QSettings().value(QStringLiteral("model/dir")).toString();
    if (data.isEmpty())
        data = QSettings().value(QStringLiteral("data/file")).toString();
    setWorkspace(!options.workspace.isEmpty() ? options.workspace
                                              : QSettings().value(QStringLiteral("workspace"), defaultWorkspace()).toString());
    if (!model.isEmpty())
        openModel(model);
    else
        panel_->setModelSummary(tr("Choose a model folder (File ▸ Open model…) to begin."));
    if (!data.isEmpty())
        openData(data);
    if (!options.sweepDir.isEmpty())
        openSweep(options.sweepDir);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    fileMenu_ = menuBar()->addMenu(QString());
    auto* openModelAction = fileMenu_->addAction(QString(), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a Hugging Face model folder"), panel_->modelDir());
        if (!dir.isEmpty())
            openModel(dir);
    });
    openModelAction->setObjectName(QStringLiteral("openModel"));
    openModelAction->setShortcut(QKeySequence::Open);
    auto* openDataAction = fileMenu_->addAction(QString(), this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Choose a preference data set"), panel_->dataFile(),
                                                       tr("Preference data (*.jsonl *.json);;All files (*)"));
        if (!f.isEmpty())
            openData(f);
    });
    openDataAction->setObjectName(QStringLiteral("openData"));
    recentMenu_ = fileMenu_->addMenu(QString());
    fileMenu_->addSeparator();
    auto* openSweepAction = fileMenu_->addAction(QString(), this, [this] {
        sweep_->chooseSweep();
        showView(QStringLiteral("sweep"));
    });
    openSweepAction->setObjectName(QStringLiteral("openSweep"));
    exportSweepAction_ = fileMenu_->addAction(QString(), sweep_, &widgets::SweepView::exportReport);
    exportSweepAction_->setObjectName(QStringLiteral("exportSweepReport"));
    exportSweepAction_->setEnabled(false);
    runSweepAction_ = fileMenu_->addAction(QString(), this, &MainWindow::runSweep);
    runSweepAction_->setObjectName(QStringLiteral("runSweep"));
    fileMenu_->addSeparator();
    auto* quit = fileMenu_->addAction(QString(), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quit"));
    quit->setShortcut(QKeySequence::Quit);

    // The layer stack's own menu: the probe and what follows from it.
    layersMenu_ = menuBar()->addMenu(QString());
    probeAction_ = layersMenu_->addAction(QString(), this, &MainWindow::runProbe);
    probeAction_->setObjectName(QStringLiteral("probeLayers"));
    openProbeAction_ = layersMenu_->addAction(QString(), this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Open a probe result"), QString(),
                                                       tr("Probe result (probe.json *.json);;All files (*)"));
        if (!f.isEmpty())
            openProbe(f);
    });
    openProbeAction_->setObjectName(QStringLiteral("openProbe"));
    layersMenu_->addSeparator();
    layersMenu_->addAction(layers_->applySuggestedCutsAction());
    trainBlockMenu_ = layersMenu_->addMenu(QString());
    trainBlockMenu_->setObjectName(QStringLiteral("trainDimensionBlock"));
    connect(trainBlockMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildProbeMenu);
    clearProbeAction_ = layersMenu_->addAction(QString(), this, &MainWindow::clearProbe);
    clearProbeAction_->setObjectName(QStringLiteral("clearProbe"));

    viewMenu_ = menuBar()->addMenu(QString());
    const char* names[] = {"layers", "training", "compare", "runs", "sweep"};
    for (int i = 0; i < 5; ++i) {
        auto* a = viewMenu_->addAction(QString(), this, [this, i] { tabs_->setCurrentIndex(i); });
        a->setShortcut(QKeySequence(Qt::CTRL | (Qt::Key_1 + i)));
        a->setObjectName(QLatin1String(names[i]));
    }
    helpMenu_ = menuBar()->addMenu(QString());
    helpMenu_->addAction(QString(), this, [this] {
        QMessageBox::about(this, tr("About HiAlign Workbench"),
                           tr("<h3>HiAlign Workbench %1</h3><p>DPO with LoRA adapters on chosen functional blocks "
                              "of a model's layer stack: local (syntax), intermediate (logic), global (facts).</p>"
                              "<p>After Zhang &amp; Dong, <i>Hierarchical Alignment: Surgical Fine-Tuning via "
                              "Functional Layer Specialization in Large Language Models</i>, arXiv 2510.12044.</p>")
                               .arg(QStringLiteral(HIALIGN_VERSION)));
    })->setObjectName(QStringLiteral("about"));
}

void MainWindow::retranslate()
{
    setWindowTitle(tr("HiAlign Workbench"));
    tabs_->setTabText(0, tr("Layer stack"));
    tabs_->setTabText(1, tr("Training curves"));
    tabs_->setTabText(2, tr("Compare"));
    tabs_->setTabText(3, tr("Runs"));
    tabs_->setTabText(4, tr("Sweep"));
    tabs_->setTabToolTip(0, tr("Brush the functional blocks and see where training changes the model"));
    tabs_->setTabToolTip(1, tr("Loss, reward margin and accuracy as they train"));
    tabs_->setTabToolTip(2, tr("Base and adapters side by side on the same prompt"));
    tabs_->setTabToolTip(3, tr("Run folders of the workspace"));
    tabs_->setTabToolTip(4, tr("A strategy sweep's table, charts and judged generations"));
    fileMenu_->setTitle(tr("&File"));
    recentMenu_->setTitle(tr("Recent models"));
    viewMenu_->setTitle(tr("&View"));
    layersMenu_->setTitle(tr("&Layers"));
    probeAction_->setText(probes_ && probes_->isRunning() ? tr("Stop probe") : tr("Probe layers…"));
    probeAction_->setToolTip(tr("Measure which layers carry each dimension's preference signal and suggest cuts"));
    openProbeAction_->setText(tr("Open probe result…"));
    trainBlockMenu_->setTitle(tr("Train a dimension's block"));
    clearProbeAction_->setText(tr("Clear probe"));
    if (probeCancel_)
        probeCancel_->setText(tr("Cancel probe"));
    rebuildProbeMenu();
    helpMenu_->setTitle(tr("&Help"));
    const QStringList fileTexts = {tr("Open model…"), tr("Open preferences…")};
    const auto actions = fileMenu_->actions();
    for (QAction* a : actions) {
        if (a->objectName() == QLatin1String("openModel"))
            a->setText(fileTexts[0]);
        else if (a->objectName() == QLatin1String("openData"))
            a->setText(fileTexts[1]);
        else if (a->objectName() == QLatin1String("openSweep"))
            a->setText(tr("Open sweep…"));
        else if (a->objectName() == QLatin1String("exportSweepReport"))
            a->setText(tr("Export sweep report…"));
        else if (a->objectName() == QLatin1String("runSweep"))
            a->setText(sweeps_ && sweeps_->isRunning() ? tr("Stop sweep") : tr("Run sweep…"));
        else if (a->objectName() == QLatin1String("quit"))
            a->setText(tr("Quit"));
    }
    const QStringList viewTexts = {tr("Layer stack"), tr("Training curves"), tr("Compare"), tr("Runs"), tr("Sweep")};
    for (int i = 0; i < viewMenu_->actions().size() && i < 5; ++i)
        viewMenu_->actions()[i]->setText(viewTexts[i]);
    if (!helpMenu_->actions().isEmpty())
        helpMenu_->actions().first()->setText(tr("About HiAlign Workbench"));
    rebuildRecentMenu();
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange && tabs_)
        retranslate();
    QMainWindow::changeEvent(event);
}

// ---------------------------------------------------------------- errors

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

// ---------------------------------------------------------------- loading

bool MainWindow::openModel(const QString& folder)
{
    // Absolute: the run folder records it, and a resume may start elsewhere.
    const QString dir = folder.isEmpty() ? folder : QFileInfo(folder).absoluteFilePath();
    io::ModelConfig config;
    try {
        config = io::ModelConfig::load((std::filesystem::path(dir.toStdString()) / "config.json"));
        if (config.numLayers < 1)
            throw InputError("config.json has no layers (num_hidden_layers).");
    } catch (const std::exception& e) {
        showError(tr("Could not open the model folder %1: %2").arg(QDir::toNativeSeparators(dir), QString::fromUtf8(e.what())));
        return false;
    }
    clearError();
    config_ = config;
    loadedModelDir_ = dir;
    probe_.reset();
    panel_->setModelDir(dir);
    layers_->setModelConfig(config);
    panel_->setStrategy(layers_->plan().strategy());
    panel_->setModelSummary(tr("%1 · %n layer(s) · %2 parameters", nullptr, config.numLayers)
                                .arg(QString::fromStdString(config.modelType.empty() ? config.architecture : config.modelType),
                                     widgets::ParameterCount::format(config.totalParameters())));
    rememberRecent(dir);
    QSettings().setValue(QStringLiteral("model/dir"), dir);
    setupJudge();
    refreshCompareCandidates();
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
    QSettings().setValue(QStringLiteral("data/file"), file);

    // Prompts for the compare view: the demo lab's held-out eval prompts
    // first, then the data set's own (unique, in order).
    QStringList prompts;
    std::set<QString> seen;
    auto add = [&](const QString& p) {
        const QString t = p.trimmed();
        if (!t.isEmpty() && seen.insert(t).second && prompts.size() < 60)
            prompts << t;
    };
    const QDir dataDir = QFileInfo(file).dir();
    for (const QString& evalFile : dataDir.entryList({QStringLiteral("eval_*.jsonl")}, QDir::Files, QDir::Name)) {
        QFile f(dataDir.filePath(evalFile));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        int taken = 0;
        while (!f.atEnd() && taken < 8) {
            const QJsonObject o = QJsonDocument::fromJson(f.readLine()).object();
            if (o.contains(QStringLiteral("prompt"))) {
                add(o.value(QStringLiteral("prompt")).toString());
                ++taken;
            }
        }
    }
    for (const auto& r : records)
        add(QString::fromStdString(r.prompt));
    compare_->setPrompts(prompts);
    return true;
}

void MainWindow::setWorkspace(const QString& dir)
{
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    panel_->setWorkspace(dir);
    runs_->setWorkspace(dir);
    QSettings().setValue(QStringLiteral("workspace"), dir);
    refreshCompareCandidates();
}

void MainWindow::setupJudge()
{
    std::shared_ptr<judge::Judge> judge;
    // The demo lab's exact checkers, when the model lives in a demo lab folder.
    const QDir modelDir(panel_->modelDir());
    if (QFileInfo::exists(QFileInfo(modelDir.absolutePath()).dir().filePath(QStringLiteral("world.json")))) {
        try {
            judge = sweep::makeJudge("exact", modelDir.absolutePath().toStdString(), {}, {});
        } catch (const std::exception& e) {
            statusBar()->showMessage(tr("The demo lab's judge is unavailable: %1").arg(QString::fromUtf8(e.what())), 10000);
        }
    }
    comparer_->setJudge(judge);
    compare_->setJudgeName(comparer_->judgeName());
}

void MainWindow::refreshCompareCandidates()
{
    QList<QPair<QString, QString>> candidates{{QStringLiteral("base"), tr("Base (no adapter)")}};
    for (const RunSummary& r : runs_->runs())
        if (r.hasAdapter)
            candidates.append({r.dir, tr("%1 · %2").arg(r.name, r.strategy)});
    compare_->setCandidates(candidates);
}

// ---------------------------------------------------------------- training

bool MainWindow::startTraining()
{
    if (!config_) {
        showError(tr("Choose a model folder first."));
        return false;
    }
    if (panel_->dataFile().isEmpty()) {
        showError(tr("Choose a preference data file first."));
        return false;
    }
    const align::LayerPlan plan = layers_->plan();
    if (plan.strategy() == align::Strategy::Base) {
        showError(tr("The Base strategy trains nothing: pick a block, Full, or paint some layers."));
        return false;
    }
    train::TrainConfig s = panel_->settings();
    s.setPlan(plan);
    const QString name =
        QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-")) + QString::fromStdString(s.strategy);
    const QString runDir = QDir(panel_->workspace().isEmpty() ? defaultWorkspace() : panel_->workspace()).filePath(name);
    QString error;
    plot_->clearRuns();
    liveRun_ = plot_->addRun(name);
    firstStep_ = -1;
    layers_->clearHeat();
    if (!training_->start(s, runDir, &error)) {
        showError(error);
        return false;
    }
    clearError();
    saveSettings();
    panel_->setRunning(true);
    panel_->setProgress(0, s.steps, tr("loading the model…"));
    panel_->setStatus(tr("Training %1…").arg(name));
    layers_->setEditable(false);
    runs_->setActiveRun(runDir);
    return true;
}

void MainWindow::onSample(const TrainingSample& sample)
{
    plot_->appendValues(liveRun_, static_cast<double>(sample.step), sample.values, sample.eval);
    if (sample.eval)
        return;
    layers_->setHeat(sample.deltaNorm, sample.gradNorm);
    if (firstStep_ < 0)
        firstStep_ = sample.step - 1;
    const double elapsed = training_->elapsedSeconds();
    const qint64 done = sample.step - firstStep_;
    QStringList parts;
    if (done > 0 && sample.totalSteps > sample.step)
        parts << tr("ETA %1").arg(formatDuration(elapsed / done * (sample.totalSteps - sample.step)));
    if (const auto it = sample.values.find(QStringLiteral("tokens_per_second")); it != sample.values.end())
        parts << tr("%1 tokens/s").arg(QString::number(it.value(), 'f', 0));
    if (const auto it = sample.values.find(QStringLiteral("gpu_memory_mb")); it != sample.values.end())
        parts << tr("GPU memory %1 GiB").arg(QString::number(it.value() / 1024.0, 'f', 1));
    if (const auto it = sample.values.find(QStringLiteral("loss")); it != sample.values.end())
        parts << tr("loss %1").arg(QString::number(it.value(), 'f', 3));
    panel_->setProgress(sample.step, sample.totalSteps, parts.join(QStringLiteral(" · ")));
}

void MainWindow::onFinished(const TrainingResult& result)
{
    panel_->setRunning(false);
    layers_->setEditable(true);
    runs_->setActiveRun(QString());
    refreshCompareCandidates();
    const QString name = QFileInfo(result.runDir).fileName();
    if (result.status == QLatin1String("finished")) {
        panel_->setStatus(tr("Finished %1 after %n step(s). Compare it with Base in the Compare tab.", nullptr,
                             static_cast<int>(result.steps)).arg(name));
        QStringList ids{QStringLiteral("base"), result.runDir};
        compare_->setSelectedCandidates(ids);
    } else if (result.status == QLatin1String("stopped")) {
        panel_->setStatus(tr("Stopped %1 at step %2; resume it from the Runs tab.").arg(name).arg(result.steps));
    } else {
        panel_->setStatus(tr("Training failed."));
        showError(tr("Training failed: %1").arg(result.message));
    }
}

void MainWindow::openRun(const QString& dir)
{
    const RunSummary run = RunSummary::read(dir);
    if (!run.valid) {
        showError(run.error);
        return;
    }
    for (int id : plot_->runs())
        if (plot_->runName(id) == run.name)
            plot_->removeRun(id);
    const int id = plot_->addRun(run.name);
    QFile f(dir + QStringLiteral("/metrics.jsonl"));
    if (!f.open(QIODevice::ReadOnly))
        return;
    while (!f.atEnd()) {
        const QJsonObject o = QJsonDocument::fromJson(f.readLine()).object();
        if (o.isEmpty())
            continue;
        const double step = o.value(QStringLiteral("step")).toDouble();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!it.value().isDouble() || it.key() == QLatin1String("step") || it.key() == QLatin1String("epoch"))
                continue;
            QString key = it.key();
            const bool eval = key.startsWith(QLatin1String("eval_"));
            if (eval)
                key = key.mid(5);
            plot_->appendValue(id, key, step, it.value().toDouble(), eval);
        }
    }
}

// ---------------------------------------------------------------- compare

void MainWindow::compareCurrentPrompt()
{
    if (!config_) {
        showError(tr("Choose a model folder first."));
        return;
    }
    const QString prompt = compare_->currentPrompt();
    const QStringList ids = compare_->selectedCandidates();
    if (prompt.isEmpty() || ids.isEmpty()) {
        compare_->showError(tr("Pick a prompt and at least one model."));
        return;
    }
    QStringList titles, adapters;
    for (const QString& id : ids) {
        if (id == QLatin1String("base")) {
            titles << tr("Base");
            adapters << QString();
        } else {
            const RunSummary r = RunSummary::read(id);
            titles << tr("%1 (%2)").arg(r.name, r.strategy);
            adapters << id + QStringLiteral("/adapter");
        }
    }
    compare_->beginComparison(prompt, ids, titles);
    compare_->setBusy(true);
    compareRequest_ = comparer_->compare(panel_->modelDir(), prompt, ids, adapters, compare_->decoding());
}

void MainWindow::showView(const QString& name)
{
    const QStringList names = {QStringLiteral("layers"), QStringLiteral("training"), QStringLiteral("compare"),
                               QStringLiteral("runs"), QStringLiteral("sweep")};
    const int i = static_cast<int>(names.indexOf(name));
    if (i >= 0)
        tabs_->setCurrentIndex(i);
}

// ---------------------------------------------------------------- sweep

bool MainWindow::openSweep(const QString& dir)
{
    const bool ok = sweep_->openSweep(dir);
    exportSweepAction_->setEnabled(sweep_->hasReport());
    showView(QStringLiteral("sweep"));
    return ok;
}

void MainWindow::runSweep()
{
    if (sweeps_->isRunning()) {
        if (QMessageBox::question(this, tr("Sweep in progress"),
                                  tr("Stop the running sweep? Finished strategies are kept and the sweep resumes "
                                     "when it is run again with the same folder."),
                                  QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes)
            sweeps_->stop();
        return;
    }
    SweepJob job = SweepDialog::defaultsFor(panel_->modelDir());
    // The layer stack's cuts, offered when they are not the thirds.
    const align::LayerPlan& plan = layers_->plan();
    if (plan.numLayers() >= 3) {
        const align::LayerPlan thirds(plan.numLayers());
        if (plan.cut1() != thirds.cut1() || plan.cut2() != thirds.cut2()) {
            job.settings.cut1 = plan.cut1();
            job.settings.cut2 = plan.cut2();
        }
    }
    SweepDialog dialog(job, this);
    if (dialog.exec() != QDialog::Accepted) return;
    startSweep(dialog.request());
}

bool MainWindow::startSweep(const SweepJob& job)
{
    QString error;
    if (!sweeps_->start(job, &error)) {
        showError(error);
        return false;
    }
    clearError();
    runSweepAction_->setText(tr("Stop sweep"));
    sweep_->setRunProgress(true, 0, 0, tr("Sweep started in %1.").arg(QDir::toNativeSeparators(job.outDir)));
    showView(QStringLiteral("sweep"));
    statusBar()->showMessage(tr("Sweep started in %1.").arg(QDir::toNativeSeparators(job.outDir)));
    return true;
}

// ---------------------------------------------------------------- layer probe

namespace {

// The probe's profiles as the layer stack draws them.
widgets::LayerStackView::Probe probeView(const probe::ProbeResult& r)
{
    using View = widgets::LayerStackView::Probe;
    View v;
    for (const auto& d : r.dimensions)
        v.dimensions << QString::fromStdString(d.name);
    if (r.cuts.available) {
        v.importance = r.cuts.profiles;
        v.source = r.cuts.source == "gradient" ? View::Source::Gradient : View::Source::Ablation;
        v.suggestedCuts = std::make_pair(r.cuts.suggested.cut1, r.cuts.suggested.cut2);
        v.blockOf = r.cuts.suggested.blockOf;
    } else {
        v.importance = probe::normaliseProfiles(r.importance());
        v.source = r.ablate ? View::Source::Ablation : View::Source::Gradient;
    }
    return v;
}

} // namespace

void MainWindow::connectProbe()
{
    probeProgress_ = new QProgressBar;
    probeProgress_->setMaximumWidth(220);
    probeProgress_->setTextVisible(true);
    probeProgress_->hide();
    probeCancel_ = new QToolButton;
    probeCancel_->setObjectName(QStringLiteral("cancelProbe"));
    probeCancel_->setText(tr("Cancel probe"));
    probeCancel_->hide();
    statusBar()->addPermanentWidget(probeProgress_);
    statusBar()->addPermanentWidget(probeCancel_);
    connect(probeCancel_, &QToolButton::clicked, probes_, &ProbeController::stop);
    connect(probes_, &ProbeController::progress, this, [this](int done, int total, const QString& label) {
        probeProgress_->setRange(0, std::max(1, total));
        probeProgress_->setValue(std::clamp(done, 0, std::max(1, total)));
        statusBar()->showMessage(tr("Probe: %1").arg(label));
    });
    connect(probes_, &ProbeController::message, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(probes_, &ProbeController::finished, this, &MainWindow::onProbeFinished);
    connect(layers_, &widgets::LayerStackView::probeChanged, this, [this] {
        if (!layers_->hasProbe())
            probe_.reset();
        rebuildProbeMenu();
    });
}

void MainWindow::runProbe()
{
    if (probes_->isRunning()) {
        probes_->stop();
        return;
    }
    if (!config_) {
        showProbeProblem(tr("Open a model folder first; the probe runs on its layers."));
        return;
    }
    ProbeDialog dialog(ProbeDialog::defaultsFor(loadedModelDir_), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    startProbe(dialog.request());
}

bool MainWindow::startProbe(const ProbeJob& job)
{
    if (!config_) {
        showProbeProblem(tr("Open a model folder first; the probe runs on its layers."));
        return false;
    }
    ProbeJob j = job;
    if (j.settings.modelDir.empty())
        j.settings.modelDir = loadedModelDir_.toStdString();
    // A folder holding another model's probe is refused now, not after the run.
    if (!j.outDir.isEmpty()) {
        try {
            probe::checkProbeFolder(j.outDir.toStdString(), j.settings.modelDir, config_->numLayers);
        } catch (const std::exception& e) {
            showProbeProblem(QString::fromUtf8(e.what()));
            return false;
        }
    }
    QString error;
    if (!probes_->start(j, &error)) {
        showProbeProblem(error);
        return false;
    }
    clearError();
    probeAction_->setText(tr("Stop probe"));
    probeProgress_->setRange(0, 0);
    probeProgress_->show();
    probeCancel_->show();
    statusBar()->showMessage(tr("Probe: loading the model…"));
    return true;
}

void MainWindow::onProbeFinished(const ProbeOutcome& outcome)
{
    probeAction_->setText(tr("Probe layers…"));
    probeProgress_->hide();
    probeCancel_->hide();
    switch (outcome.status) {
    case ProbeOutcome::Status::Stopped:
        statusBar()->showMessage(tr("The probe stopped; nothing was written."), 10000);
        return;
    case ProbeOutcome::Status::Failed:
        statusBar()->clearMessage();
        showProbeProblem(outcome.error);
        return;
    case ProbeOutcome::Status::Finished: break;
    }
    QString error;
    if (!showProbe(outcome.result, &error)) {
        showProbeProblem(error);
        return;
    }
    showView(QStringLiteral("layers"));
    const auto& cuts = probe_->cuts;
    QString text = cuts.available
        ? tr("Probe finished: suggested cuts %1 | %2 (separation %3, against %4 at the thirds %5 | %6).")
              .arg(cuts.suggested.cut1)
              .arg(cuts.suggested.cut2)
              .arg(QLocale().toString(cuts.suggested.objective, 'f', 2))
              .arg(QLocale().toString(cuts.thirds.objective, 'f', 2))
              .arg(cuts.thirds.cut1)
              .arg(cuts.thirds.cut2)
        : tr("Probe finished; a stack of fewer than 3 layers gets no suggested cuts.");
    if (!outcome.outDir.isEmpty())
        text += QLatin1Char(' ') + tr("Files in %1.").arg(QDir::toNativeSeparators(outcome.outDir));
    statusBar()->showMessage(text, 30000);
}

bool MainWindow::openProbe(const QString& fileOrDir)
{
    if (!config_) {
        showProbeProblem(tr("Open a model folder first; a probe result belongs to a model."));
        return false;
    }
    std::shared_ptr<const probe::ProbeResult> result;
    try {
        result = std::make_shared<const probe::ProbeResult>(probe::readProbeJson(fileOrDir.toStdString()));
    } catch (const std::exception& e) {
        showProbeProblem(QString::fromUtf8(e.what()));
        return false;
    }
    if (result->numLayers != config_->numLayers) {
        showProbeProblem(tr("This probe is of a model with %1 layers, but the open model has %2.")
                             .arg(result->numLayers)
                             .arg(config_->numLayers));
        return false;
    }
    QString error;
    if (!showProbe(result, &error)) {
        showProbeProblem(error);
        return false;
    }
    clearError();
    showView(QStringLiteral("layers"));
    QString text = tr("Opened the probe in %1.").arg(QDir::toNativeSeparators(fileOrDir));
    if (QFileInfo(QString::fromStdString(result->modelDir)).absoluteFilePath() != loadedModelDir_)
        text += QLatin1Char(' ') + tr("It was measured on %1.").arg(QString::fromStdString(result->modelDir));
    statusBar()->showMessage(text, 15000);
    return true;
}

bool MainWindow::showProbe(std::shared_ptr<const probe::ProbeResult> result, QString* error)
{
    if (!result) {
        *error = tr("The probe returned no result.");
        return false;
    }
    widgets::LayerStackView::Probe view;
    try {
        view = probeView(*result);
    } catch (const std::exception& e) {
        *error = QString::fromUtf8(e.what());
        return false;
    }
    if (!layers_->setProbe(view, error))
        return false;
    probe_ = std::move(result);
    rebuildProbeMenu();
    return true;
}

void MainWindow::clearProbe()
{
    probe_.reset();
    layers_->clearProbe();
    rebuildProbeMenu();
}

void MainWindow::rebuildProbeMenu()
{
    if (!trainBlockMenu_)
        return;
    trainBlockMenu_->clear();
    const bool suggestion = probe_ && probe_->cuts.available;
    if (suggestion) {
        for (std::size_t d = 0; d < probe_->dimensions.size() && d < probe_->cuts.suggested.blockOf.size(); ++d) {
            auto* a = trainBlockMenu_->addAction(tr("Train %1's block (%2)")
                                                     .arg(QString::fromStdString(probe_->dimensions[d].name))
                                                     .arg(widgets::LayerStackView::blockTitle(
                                                         static_cast<align::Block>(probe_->cuts.suggested.blockOf[d]))),
                                                 this, [this, d] { trainDimensionBlock(static_cast<int>(d)); });
            a->setObjectName(QStringLiteral("trainBlock-%1").arg(d));
            a->setEnabled(layers_->isEditable());
        }
    }
    trainBlockMenu_->setEnabled(suggestion);
    clearProbeAction_->setEnabled(probe_ != nullptr);
}

bool MainWindow::trainDimensionBlock(int dimension)
{
    if (!probe_ || !probe_->cuts.available || dimension < 0
        || static_cast<std::size_t>(dimension) >= probe_->cuts.suggested.blockOf.size() || !layers_->isEditable())
        return false;
    if (!layers_->applySuggestedCuts())
        return false;
    const auto block = static_cast<align::Block>(probe_->cuts.suggested.blockOf[static_cast<std::size_t>(dimension)]);
    layers_->setStrategy(align::blockStrategy(block));
    const auto [first, end] = layers_->plan().blockRange(block);
    showView(QStringLiteral("layers"));
    statusBar()->showMessage(tr("The plan trains %1's block (%2, layers %3–%4) with the data in the panel; press Start "
                                "training to run it.")
                                 .arg(QString::fromStdString(probe_->dimensions[static_cast<std::size_t>(dimension)].name))
                                 .arg(widgets::LayerStackView::blockTitle(block))
                                 .arg(first)
                                 .arg(end - 1),
                             15000);
    return true;
}

void MainWindow::showProbeProblem(const QString& message)
{
    showError(message);
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Layer probe"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(QStringLiteral("probeProblem"));
    box->open();
}

// ---------------------------------------------------------------- screenshot

int MainWindow::runScreenshot(const AppOptions& o)
{
    resize(o.width, o.height);
    show();
    QApplication::processEvents();
    if (o.demoProbe) {
        const ProbeJob job = ProbeDialog::defaultsFor(loadedModelDir_);
        if (!startProbe(job))
            return 1;
        if (!probes_->waitForFinished(30 * 60 * 1000)) {
            showError(tr("The probe did not finish within 30 minutes."));
            return 1;
        }
        if (!probe_)
            return 1;
    }
    if (o.demoSteps > 0) {
        train::TrainConfig s = panel_->settings();
        s.steps = o.demoSteps;
        s.evalEvery = std::max(1, o.demoSteps / 4);
        panel_->setSettings(s);
        showView(QStringLiteral("training"));
        if (!startTraining())
            return 1;
        // "Mid-training" for the curves: stop waiting at the end of the run.
        if (!training_->waitForFinished(30 * 60 * 1000)) {
            showError(tr("The training run did not finish within 30 minutes."));
            return 1;
        }
        runs_->refresh();
        refreshCompareCandidates();
    }
    showView(o.view);
    if (o.view == QLatin1String("runs") && !runs_->runs().isEmpty())
        runs_->selectRun(runs_->runs().first().dir);
    if (o.view == QLatin1String("compare") && config_) {
        // Base beside the newest trained run, unless the user chose already.
        if (compare_->selectedCandidates().size() < 2) {
            for (const RunSummary& r : runs_->runs()) {
                if (r.hasAdapter) {
                    compare_->setSelectedCandidates({QStringLiteral("base"), r.dir});
                    break;
                }
            }
        }
        QEventLoop loop;
        connect(comparer_, &CompareController::done, &loop, &QEventLoop::quit);
        QTimer::singleShot(10 * 60 * 1000, &loop, &QEventLoop::quit);
        compareCurrentPrompt();
        if (comparer_->isBusy())
            loop.exec();
    }
    // Let the plots' redraw timer and the layout settle.
    QEventLoop settle;
    QTimer::singleShot(300, &settle, &QEventLoop::quit);
    settle.exec();
    const QImage image = grab().toImage();
    if (!image.save(o.screenshot)) {
        showError(tr("Could not write the screenshot %1.").arg(o.screenshot));
        return 1;
    }
    return 0;
}

// ---------------------------------------------------------------- closing, settings

void MainWindow::setCloseConfirmation(std::function<bool()> confirm)
{
    confirmClose_ = std::move(confirm);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (training_->isRunning()) {
        if (!confirmClose_ || !confirmClose_()) {
            event->ignore();
            return;
        }
        panel_->setStatus(tr("Stopping and writing a checkpoint…"));
        training_->stop();
        training_->waitForFinished(10 * 60 * 1000);
    }
    comparer_->stop();
    if (sweeps_->isRunning()) {
        sweeps_->stop();
        sweeps_->waitForFinished(10 * 60 * 1000);
    }
    if (probes_->isRunning()) {
        probes_->stop();
        probes_->waitForFinished(10 * 60 * 1000);
    }
    saveSettings();
    event->accept();
}

void MainWindow::rememberRecent(const QString& dir)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("model/recent")).toStringList();
    recent.removeAll(dir);
    recent.prepend(dir);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QStringLiteral("model/recent"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    if (!recentMenu_)
        return;
    recentMenu_->clear();
    const QStringList recent = QSettings().value(QStringLiteral("model/recent")).toStringList();
    for (const QString& dir : recent)
        recentMenu_->addAction(QDir::toNativeSeparators(dir), this, [this, dir] { openModel(dir); });
    recentMenu_->setEnabled(!recent.isEmpty());
}

void MainWindow::loadSettings()
{
    QSettings settings;
    train::TrainConfig s = train::TrainConfig::interactiveDefaults();
    s.rank = settings.value(QStringLiteral("train/rank"), s.rank).toInt();
    s.alpha = settings.value(QStringLiteral("train/alpha"), s.alpha).toDouble();
    s.beta = settings.value(QStringLiteral("train/beta"), s.beta).toDouble();
    s.learningRate = settings.value(QStringLiteral("train/learning_rate"), s.learningRate).toDouble();
    s.steps = settings.value(QStringLiteral("train/steps"), s.steps).toInt();
    s.batchSize = settings.value(QStringLiteral("train/batch"), s.batchSize).toInt();
    s.evalEvery = settings.value(QStringLiteral("train/eval_every"), s.evalEvery).toInt();
    s.seed = settings.value(QStringLiteral("train/seed"), qulonglong(s.seed)).toULongLong();
    try {
        s.loss = train::parseLoss(
            settings.value(QStringLiteral("train/loss"), QString::fromLatin1(train::lossName(s.loss))).toString().toStdString());
    } catch (const std::exception&) {
        // An unknown stored name: keep the default.
    }
    s.device = settings.value(QStringLiteral("train/device"), QString::fromStdString(s.device)).toString().toStdString();
    panel_->setSettings(s);
    const auto heat = settings.value(QStringLiteral("view/heat"), 1).toInt();
    layers_->setHeatKind(static_cast<widgets::LayerStackView::HeatKind>(std::clamp(heat, 0, 2)));
    plot_->setSmoothing(settings.value(QStringLiteral("view/smoothing"), 0.6).toDouble());
    if (settings.contains(QStringLiteral("window/geometry")))
        restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    const train::TrainConfig s = panel_->settings();
    settings.setValue(QStringLiteral("train/rank"), s.rank);
    settings.setValue(QStringLiteral("train/alpha"), s.alpha);
    settings.setValue(QStringLiteral("train/beta"), s.beta);
    settings.setValue(QStringLiteral("train/learning_rate"), s.learningRate);
    settings.setValue(QStringLiteral("train/steps"), s.steps);
    settings.setValue(QStringLiteral("train/batch"), s.batchSize);
    settings.setValue(QStringLiteral("train/eval_every"), s.evalEvery);
    settings.setValue(QStringLiteral("train/seed"), qulonglong(s.seed));
    settings.setValue(QStringLiteral("train/loss"), QString::fromLatin1(train::lossName(s.loss)));
    settings.setValue(QStringLiteral("train/device"), QString::fromStdString(s.device));
    settings.setValue(QStringLiteral("view/heat"), static_cast<int>(layers_->heatKind()));
    settings.setValue(QStringLiteral("view/smoothing"), plot_->smoothing());
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
}

} // namespace hialign::app

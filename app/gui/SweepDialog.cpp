#include "app/gui/SweepDialog.h"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <optional>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPoint>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "settings/EvalDecoding.h"
#include "widgets/PathText.h"
#include "widgets/SweepReport.h"

namespace hialign::app {

using widgets::fromPath;
using widgets::toPath;

namespace {

// The demo lab's evaluation decoding for MODEL_DIR (its card.json), if any.
std::optional<lab::EvalDecoding> labDecodingFor(const QString& modelDir)
{
    if (modelDir.trimmed().isEmpty())
        return std::nullopt;
    try {
        return lab::readEvalDecoding(toPath(modelDir.trimmed()));
    } catch (const std::exception&) {
        return std::nullopt;   // an unreadable card: the core's defaults
    }
}

QWidget* withBrowse(QLineEdit* edit, QWidget* parent, const std::function<void()>& browse)
{
    auto* row = new QWidget(parent);
    auto* h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    h->addWidget(edit, 1);
    auto* button = new QPushButton(SweepDialog::tr("Browse…"), row);
    QObject::connect(button, &QPushButton::clicked, row, browse);
    h->addWidget(button);
    return row;
}

// The dialog's words for a problem of the settings; the core's sentence for the rest.
QString problemText(const sweep::SweepSettings::Problem& p)
{
    using Kind = sweep::SweepSettings::Problem::Kind;
    switch (p.kind) {
    case Kind::ModelFolder:
        return SweepDialog::tr("The model folder has no config.json.");
    case Kind::DataFile:
        return SweepDialog::tr("The preference data file does not exist.");
    case Kind::NoEvalPrompts:
        return SweepDialog::tr("Choose at least one eval prompts file.");
    case Kind::EvalPromptsFile:
        return SweepDialog::tr("The eval prompts file %1 does not exist.").arg(fromPath(p.file));
    case Kind::NoStrategy:
        return SweepDialog::tr("Choose at least one strategy.");
    case Kind::NoSeed:
        return SweepDialog::tr("Give at least one seed.");
    case Kind::NoJudge:
        return SweepDialog::tr("Choose a judge.");
    case Kind::Other:
        break;
    }
    return QString::fromStdString(p.message);
}

} // namespace

SweepJob SweepDialog::defaultsFor(const QString& modelDir)
{
    SweepJob r;
    if (!modelDir.trimmed().isEmpty())
        r.settings = sweep::SweepSettings::forModel(toPath(modelDir), &r.labDecoding);
    r.settings.modelDir = toPath(modelDir);
    QDir lab(modelDir);
    lab.cdUp();
    r.outDir = QDir::home().filePath(QStringLiteral("hialign-sweeps/%1").arg(QFileInfo(lab.path()).fileName().isEmpty()
                                                                                  ? QStringLiteral("sweep")
                                                                                  : QFileInfo(lab.path()).fileName()));
    return r;
}

SweepDialog::SweepDialog(const SweepJob& job, QWidget* parent)
    : QDialog(parent), base_(job)
{
    setWindowTitle(tr("Run strategy sweep"));
    auto* form = new QFormLayout;
    addInputRows(form, job.settings);
    addTrainingRows(form, job.settings);
    addDecodingRows(form, job.settings, job.labDecoding);
    addReportRows(form, job);
    error_ = new QLabel(this);
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #b91c1c"));
    error_->hide();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Run sweep"));
    connect(buttons, &QDialogButtonBox::accepted, this, &SweepDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* v = new QVBoxLayout(this);
    v->addLayout(form);
    v->addWidget(error_);
    v->addWidget(buttons);
    resize(720, sizeHint().height());
}

void SweepDialog::addInputRows(QFormLayout* form, const sweep::SweepSettings& d)
{
    model_ = new QLineEdit(fromPath(d.modelDir), this);
    form->addRow(tr("Model folder"), withBrowse(model_, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Model folder"), model_->text());
        if (!dir.isEmpty()) {
            model_->setText(dir);
            updateDecoding();
        }
    }));
    connect(model_, &QLineEdit::editingFinished, this, &SweepDialog::updateDecoding);
    data_ = new QLineEdit(fromPath(d.dataFile), this);
    form->addRow(tr("Preference data"), withBrowse(data_, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Preference data"), data_->text(),
                                                       tr("Preference data (*.jsonl *.json)"));
        if (!f.isEmpty()) data_->setText(f);
    }));
    QStringList evalFiles;
    for (const auto& f : d.evalPromptFiles) evalFiles << fromPath(f);
    eval_ = new QLineEdit(evalFiles.join(QLatin1Char(';')), this);
    eval_->setToolTip(tr("JSON Lines files with a \"prompt\" per line, separated by ';'"));
    form->addRow(tr("Eval prompts"), withBrowse(eval_, this, [this] {
        const QStringList f = QFileDialog::getOpenFileNames(this, tr("Eval prompts"), QString(),
                                                            tr("Eval prompts (*.jsonl)"));
        if (!f.isEmpty()) eval_->setText(f.join(QLatin1Char(';')));
    }));
    evalLimit_ = new QSpinBox(this);
    evalLimit_->setRange(0, 100000);
    evalLimit_->setSpecialValueText(tr("all"));
    evalLimit_->setValue(static_cast<int>(d.evalLimit));
    form->addRow(tr("Prompts per file"), evalLimit_);
    judge_ = new QComboBox(this);
    judge_->setEditable(true);
    judge_->addItems({QStringLiteral("exact"), QStringLiteral("local:MODEL_DIR,batch=8"),
                      QStringLiteral("openai:http://127.0.0.1:8000/v1,model=NAME,key-env=OPENAI_API_KEY")});
    judge_->setCurrentText(QString::fromStdString(d.judgeSpec));
    judge_->setToolTip(tr("exact (demo lab), local:MODEL_DIR or openai:URL,model=NAME,key-env=VARIABLE; "
                          "the API key is read from the environment variable and never saved"));
    form->addRow(tr("Judge"), judge_);
}

void SweepDialog::addTrainingRows(QFormLayout* form, const sweep::SweepSettings& d)
{
    auto* strategies = new QWidget(this);
    auto* sh = new QHBoxLayout(strategies);
    sh->setContentsMargins(0, 0, 0, 0);
    for (const char* name : {"base", "full", "local", "mid", "global"}) {
        const QString key = QLatin1String(name);
        auto* box = new QCheckBox(widgets::SweepReport::strategyTitle(key), strategies);
        box->setProperty("strategy", key);
        box->setChecked(std::find(d.strategies.begin(), d.strategies.end(), name) != d.strategies.end());
        strategies_ << box;
        sh->addWidget(box);
    }
    form->addRow(tr("Strategies"), strategies);
    QStringList seedText;
    for (std::uint64_t s : d.seeds) seedText << QString::number(s);
    seeds_ = new QLineEdit(seedText.join(QLatin1Char(',')), this);
    seeds_->setToolTip(tr("Comma-separated; each seed trains and samples every strategy once"));
    form->addRow(tr("Seeds"), seeds_);
    steps_ = new QSpinBox(this);
    steps_->setRange(1, 100000);
    steps_->setValue(d.recipe.steps);
    form->addRow(tr("Steps per strategy"), steps_);
    cuts_ = new QComboBox(this);
    cuts_->addItem(tr("Thirds (the paper's default)"), QPoint(-1, -1));
    if (d.recipe.cut1 >= 0 && d.recipe.cut2 >= 0) {
        cuts_->addItem(tr("Layer stack's cuts: local [0, %1), intermediate [%1, %2), global [%2, …)")
                           .arg(d.recipe.cut1)
                           .arg(d.recipe.cut2),
                       QPoint(d.recipe.cut1, d.recipe.cut2));
        cuts_->setCurrentIndex(1);
    }
    cuts_->setToolTip(tr("Where the local, intermediate and global blocks of Local-, Mid- and Global-Align end. "
                         "Move the cuts on the layer stack (or apply a layer probe's suggested cuts) to offer them "
                         "here."));
    form->addRow(tr("Block cuts"), cuts_);
}

void SweepDialog::addDecodingRows(QFormLayout* form, const sweep::SweepSettings& d, bool labDecoding)
{
    temperature_ = new QDoubleSpinBox(this);
    temperature_->setRange(0.0, 2.0);
    temperature_->setSingleStep(0.1);
    temperature_->setValue(d.temperature);
    temperature_->setToolTip(tr("Sampling temperature of the eval generations; 0 is greedy"));
    form->addRow(tr("Temperature"), temperature_);
    topP_ = new QDoubleSpinBox(this);
    topP_->setRange(0.01, 1.0);
    topP_->setDecimals(2);
    topP_->setSingleStep(0.05);
    topP_->setValue(d.topP);
    topP_->setToolTip(tr("Nucleus sampling of the eval generations: the smallest set of tokens whose probabilities "
                         "add up to this share; 1 samples from all"));
    form->addRow(tr("Top-p"), topP_);
    maxNewTokens_ = new QSpinBox(this);
    maxNewTokens_->setRange(1, 8192);
    maxNewTokens_->setValue(d.maxNewTokens);
    maxNewTokens_->setToolTip(tr("Longest eval generation, in tokens"));
    form->addRow(tr("Max new tokens"), maxNewTokens_);
    decodingHint_ = new QLabel(tr("Temperature, top-p and max new tokens follow the demo lab's evaluation decoding "
                                  "(its card.json)."),
                               this);
    decodingHint_->setWordWrap(true);
    decodingHint_->setForegroundRole(QPalette::PlaceholderText);
    labDecoding_ = labDecoding;
    decodingHint_->setVisible(labDecoding_);
    form->addRow(QString(), decodingHint_);
}

void SweepDialog::addReportRows(QFormLayout* form, const SweepJob& job)
{
    const sweep::SweepSettings& d = job.settings;
    resamples_ = new QSpinBox(this);
    resamples_->setRange(100, 1000000);
    resamples_->setSingleStep(1000);
    resamples_->setGroupSeparatorShown(true);
    resamples_->setValue(static_cast<int>(d.report.bootstrapResamples));
    resamples_->setToolTip(tr("Bootstrap resamples of the report's intervals (over seeds, then prompts)"));
    form->addRow(tr("Bootstrap resamples"), resamples_);
    significance_ = new QDoubleSpinBox(this);
    significance_->setRange(0.001, 0.5);
    significance_->setDecimals(3);
    significance_->setSingleStep(0.01);
    significance_->setValue(d.report.alpha);
    significance_->setToolTip(tr("Significance level of the paired tests against Base (Holm-corrected); "
                                 "the intervals are at 1 − α"));
    form->addRow(tr("α"), significance_);
    out_ = new QLineEdit(job.outDir, this);
    out_->setToolTip(tr("Running the same sweep into the same folder again resumes it"));
    form->addRow(tr("Sweep folder"), withBrowse(out_, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Sweep folder"), out_->text());
        if (!dir.isEmpty()) out_->setText(dir);
    }));
}

SweepJob SweepDialog::request() const
{
    SweepJob r = base_;
    sweep::SweepSettings& s = r.settings;
    s.modelDir = toPath(model_->text().trimmed());
    s.dataFile = toPath(data_->text().trimmed());
    s.evalPromptFiles.clear();
    for (const QString& f : eval_->text().split(QLatin1Char(';'), Qt::SkipEmptyParts))
        if (!f.trimmed().isEmpty()) s.evalPromptFiles.push_back(toPath(f.trimmed()));
    s.evalLimit = static_cast<std::size_t>(evalLimit_->value());
    s.judgeSpec = judge_->currentText().trimmed().toStdString();
    s.strategies.clear();
    for (QCheckBox* box : strategies_)
        if (box->isChecked()) s.strategies.push_back(box->property("strategy").toString().toStdString());
    s.seeds.clear();
    for (const QString& text : seeds_->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const quint64 v = text.trimmed().toULongLong(&ok);
        if (ok) s.seeds.push_back(v);
    }
    s.recipe.steps = steps_->value();
    const QPoint cuts = cuts_->currentData().toPoint();
    s.recipe.cut1 = cuts.x();
    s.recipe.cut2 = cuts.y();
    s.temperature = temperature_->value();
    s.topP = topP_->value();
    s.maxNewTokens = maxNewTokens_->value();
    r.labDecoding = labDecoding_;
    s.report.bootstrapResamples = static_cast<std::size_t>(resamples_->value());
    s.report.alpha = significance_->value();
    r.outDir = out_->text().trimmed();
    return r;
}

QString SweepDialog::decodingHint() const
{
    return decodingHint_->isHidden() ? QString() : decodingHint_->text();
}

void SweepDialog::updateDecoding()
{
    const std::optional<lab::EvalDecoding> decoding = labDecodingFor(model_->text());
    if (decoding || labDecoding_) {
        // The lab's decoding, or the core's defaults (greedy, top-p 1, 64 tokens) again.
        const lab::EvalDecoding d = decoding ? *decoding : sweep::SweepSettings{}.decoding();
        temperature_->setValue(d.temperature);
        topP_->setValue(d.topP);
        maxNewTokens_->setValue(d.maxNewTokens);
        labDecoding_ = decoding.has_value();
    }
    decodingHint_->setVisible(labDecoding_);
}

QString SweepDialog::problem() const
{
    // What only the form knows: seeds it could not read as numbers (request()
    // leaves them out) and the sweep folder. The settings' own rules are
    // SweepSettings::problem()'s, the ones validate() enforces.
    for (const QString& s : seeds_->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        s.trimmed().toULongLong(&ok);
        if (!ok) return tr("The seeds must be whole numbers separated by commas.");
    }
    const SweepJob job = request();
    try {
        if (const std::optional<sweep::SweepSettings::Problem> p = job.settings.problem()) return problemText(*p);
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());   // e.g. an unreadable config.json
    }
    if (job.outDir.isEmpty()) return tr("Choose a sweep folder.");
    return {};
}

void SweepDialog::accept()
{
    const QString p = problem();
    if (!p.isEmpty()) {
        error_->setText(p);
        error_->show();
        return;
    }
    QDialog::accept();
}

} // namespace hialign::app

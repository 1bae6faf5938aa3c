#include "app/gui/ProbeDialog.h"

#include <exception>
#include <string>

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include "config/ModelConfig.h"
#include "settings/LabFolder.h"
#include "widgets/PathText.h"

namespace hialign::app {

ProbeJob ProbeDialog::defaultsFor(const QString& modelDir)
{
    ProbeJob job;
    probe::ProbeSettings& s = job.settings;
    s.modelDir = modelDir.isEmpty() ? std::string() : QFileInfo(modelDir).absoluteFilePath().toStdString();
    if (!modelDir.isEmpty()) {
        // A demo lab's model: its three preference sets, when all are there.
        const lab::LabFolder lab = lab::LabFolder::forModel(widgets::toPath(modelDir));
        std::vector<probe::DimensionSpec> sets;
        for (const char* name : lab::kLabDimensions) {
            const std::filesystem::path file = lab.preferences(name);
            if (std::filesystem::is_regular_file(file))
                sets.push_back({name, std::filesystem::absolute(file).lexically_normal().string()});
        }
        if (sets.size() == lab::kLabDimensions.size())
            s.dimensions = sets;
    }
    return job;
}

ProbeDialog::ProbeDialog(const ProbeJob& job, QWidget* parent) : QDialog(parent), base_(job)
{
    const probe::ProbeSettings& d = job.settings;
    setWindowTitle(tr("Probe layers"));
    auto* intro = new QLabel(tr("Which layers carry each dimension's preference signal: every layer's attention and MLP "
                                "are removed in turn (ablation), and the DPO gradient on per-layer adapters is "
                                "measured. The result shows beside the layer stack with suggested cuts."),
                             this);
    intro->setWordWrap(true);

    auto* dims = new QGroupBox(tr("Dimensions"), this);
    auto* dimsLayout = new QVBoxLayout(dims);
    rowsLayout_ = new QGridLayout;
    rowsLayout_->setColumnStretch(1, 1);
    dimsLayout->addLayout(rowsLayout_);
    auto* add = new QPushButton(tr("Add dimension"), dims);
    add->setObjectName(QStringLiteral("addDimension"));
    connect(add, &QPushButton::clicked, this, [this] { addDimensionRow(); });
    auto* addRow = new QHBoxLayout;
    addRow->addWidget(add);
    addRow->addStretch(1);
    dimsLayout->addLayout(addRow);
    for (const auto& spec : d.dimensions)
        addDimensionRow(QString::fromStdString(spec.name), QString::fromStdString(spec.file));
    if (rows_.isEmpty())
        addDimensionRow();

    auto* form = new QFormLayout;
    auto* methods = new QWidget(this);
    auto* mh = new QHBoxLayout(methods);
    mh->setContentsMargins(0, 0, 0, 0);
    ablate_ = new QCheckBox(tr("Ablation"), methods);
    ablate_->setToolTip(tr("Remove each layer's attention output, MLP output or both, and measure the change in "
                           "preference accuracy and margin"));
    ablate_->setChecked(d.runs(probe::Method::Ablate));
    gradient_ = new QCheckBox(tr("DPO gradient"), methods);
    gradient_->setToolTip(tr("The DPO loss's gradient reaching each layer's LoRA adapter at step 0"));
    gradient_->setChecked(d.runs(probe::Method::Gradient));
    mh->addWidget(ablate_);
    mh->addWidget(gradient_);
    mh->addStretch(1);
    form->addRow(tr("Methods"), methods);
    maxPairs_ = new QSpinBox(this);
    maxPairs_->setRange(1, 1000000);
    maxPairs_->setValue(d.maxPairs);
    maxPairs_->setToolTip(tr("A seeded sample of each file's pairs; fewer pairs run faster"));
    form->addRow(tr("Pairs per dimension"), maxPairs_);
    out_ = new QLineEdit(job.outDir, this);
    out_->setPlaceholderText(tr("optional: a folder for probe.json, probe.csv and probe.html"));
    auto* outRow = new QWidget(this);
    auto* oh = new QHBoxLayout(outRow);
    oh->setContentsMargins(0, 0, 0, 0);
    oh->addWidget(out_, 1);
    auto* outBrowse = new QPushButton(tr("Browse…"), outRow);
    connect(outBrowse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the probe's files"), out_->text());
        if (!dir.isEmpty())
            out_->setText(dir);
    });
    oh->addWidget(outBrowse);
    form->addRow(tr("Output folder"), outRow);

    error_ = new QLabel(this);
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #b91c1c"));
    error_->hide();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Run probe"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ProbeDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* v = new QVBoxLayout(this);
    v->addWidget(intro);
    v->addWidget(dims);
    v->addLayout(form);
    v->addWidget(error_);
    v->addWidget(buttons);
    resize(760, sizeHint().height());
}

void ProbeDialog::addDimensionRow(const QString& name, const QString& file)
{
    Row row;
    row.name = new QLineEdit(name, this);
    row.name->setPlaceholderText(tr("name"));
    row.name->setToolTip(tr("Letters, digits, '_', '-' and '.'; each name once"));
    row.name->setMaximumWidth(160);
    row.file = new QLineEdit(file, this);
    row.file->setPlaceholderText(tr("preference file (JSONL or JSON)"));
    row.browse = new QToolButton(this);
    row.browse->setText(tr("Browse…"));
    row.remove = new QToolButton(this);
    row.remove->setText(QStringLiteral("✕"));
    row.remove->setToolTip(tr("Remove this dimension"));
    QLineEdit* fileEdit = row.file;
    QLineEdit* nameEdit = row.name;
    connect(row.browse, &QToolButton::clicked, this, [this, fileEdit, nameEdit] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Preference file"), fileEdit->text(),
                                                       tr("Preference data (*.jsonl *.json);;All files (*)"));
        if (f.isEmpty())
            return;
        fileEdit->setText(f);
        if (nameEdit->text().trimmed().isEmpty()) {
            nameEdit->setText(QString::fromStdString(lab::LabFolder::preferenceSetOf(widgets::toPath(f))));
        }
    });
    QToolButton* removeButton = row.remove;
    connect(row.remove, &QToolButton::clicked, this, [this, removeButton] {
        for (int i = 0; i < rows_.size(); ++i)
            if (rows_[i].remove == removeButton) {
                removeDimensionRow(i);
                return;
            }
    });
    rows_.append(row);
    relayoutRows();
}

void ProbeDialog::removeDimensionRow(int i)
{
    if (i < 0 || i >= rows_.size() || rows_.size() <= 1)
        return;
    const Row row = rows_.takeAt(i);
    for (QWidget* w : {static_cast<QWidget*>(row.name), static_cast<QWidget*>(row.file),
                       static_cast<QWidget*>(row.browse), static_cast<QWidget*>(row.remove)})
        w->deleteLater();
    relayoutRows();
}

void ProbeDialog::relayoutRows()
{
    for (const Row& row : rows_)
        for (QWidget* w : {static_cast<QWidget*>(row.name), static_cast<QWidget*>(row.file),
                           static_cast<QWidget*>(row.browse), static_cast<QWidget*>(row.remove)})
            rowsLayout_->removeWidget(w);
    for (int i = 0; i < rows_.size(); ++i) {
        rowsLayout_->addWidget(rows_[i].name, i, 0);
        rowsLayout_->addWidget(rows_[i].file, i, 1);
        rowsLayout_->addWidget(rows_[i].browse, i, 2);
        rowsLayout_->addWidget(rows_[i].remove, i, 3);
        rows_[i].remove->setEnabled(rows_.size() > 1);
    }
}

ProbeJob ProbeDialog::request() const
{
    ProbeJob job = base_;
    probe::ProbeSettings& s = job.settings;
    s.dimensions.clear();
    for (const Row& row : rows_) {
        const QString name = row.name->text().trimmed();
        const QString file = row.file->text().trimmed();
        if (name.isEmpty() && file.isEmpty())
            continue;
        s.dimensions.push_back({name.toStdString(), file.toStdString()});
    }
    s.methods.clear();
    if (ablate_->isChecked())
        s.methods.push_back(probe::Method::Ablate);
    if (gradient_->isChecked())
        s.methods.push_back(probe::Method::Gradient);
    s.maxPairs = maxPairs_->value();
    job.outDir = out_->text().trimmed();
    return job;
}

QString ProbeDialog::problem() const
{
    const ProbeJob job = request();
    const probe::ProbeSettings& s = job.settings;
    if (s.modelDir.empty() || !io::isModelFolder(s.modelDir))
        return tr("Open a model folder (with its config.json) first.");
    if (s.dimensions.empty())
        return tr("Add at least one dimension: a name and its preference file.");
    for (const auto& dim : s.dimensions) {
        if (dim.name.empty())
            return tr("Give the dimension of %1 a name.").arg(QString::fromStdString(dim.file));
        if (dim.file.empty())
            return tr("Choose a preference file for the dimension \"%1\".").arg(QString::fromStdString(dim.name));
        try {
            probe::parseDimensionSpec(dim.name + "=" + dim.file);
        } catch (const std::exception& e) {
            return QString::fromUtf8(e.what());
        }
        if (!QFileInfo(QString::fromStdString(dim.file)).isFile())
            return tr("The preference file of \"%1\" does not exist.").arg(QString::fromStdString(dim.name));
    }
    if (s.methods.empty())
        return tr("Choose at least one method: ablation or the DPO gradient.");
    try {
        s.validate();
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    if (!job.outDir.isEmpty() && QFileInfo(job.outDir).exists() && !QFileInfo(job.outDir).isDir())
        return tr("The output folder is a file.");
    return {};
}

void ProbeDialog::accept()
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

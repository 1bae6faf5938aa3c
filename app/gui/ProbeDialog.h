// The Probe layers dialog: one row per dimension (a name and its preference
// file), the methods (ablation, DPO gradient), the pairs per dimension and
// an optional output folder for probe.json, probe.csv and probe.html. First
// values come from probe::ProbeSettings; for the demo lab's model the rows
// hold its grammar, logic and facts preference sets.
#pragma once

#include <QDialog>
#include <QList>

#include "app/gui/ProbeJob.h"

class QCheckBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace hialign::app {

class ProbeDialog : public QDialog {
    Q_OBJECT
public:
    explicit ProbeDialog(const ProbeJob& defaults, QWidget* parent = nullptr);

    // The defaults with the dialog's fields filled in (rows left wholly empty are skipped).
    ProbeJob request() const;
    // Empty when the probe can run, else one sentence naming the problem.
    QString problem() const;

    // The defaults for a model folder: ProbeSettings' values with the
    // demo lab's three dimensions when ../data beside the model holds them.
    static ProbeJob defaultsFor(const QString& modelDir);

    int dimensionRowCount() const { return static_cast<int>(rows_.size()); }
    void addDimensionRow(const QString& name = {}, const QString& file = {});
    void removeDimensionRow(int row);

private:
    void accept() override;
    void relayoutRows();

    struct Row {
        QLineEdit* name = nullptr;
        QLineEdit* file = nullptr;
        QToolButton* browse = nullptr;
        QToolButton* remove = nullptr;
    };
    QList<Row> rows_;
    QGridLayout* rowsLayout_ = nullptr;
    QCheckBox* ablate_ = nullptr;
    QCheckBox* gradient_ = nullptr;
    QSpinBox* maxPairs_ = nullptr;
    QLineEdit* out_ = nullptr;
    QLabel* error_ = nullptr;
    ProbeJob base_;
};

} // namespace hialign::app

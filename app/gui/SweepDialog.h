// The Run sweep dialog: model, preference data, eval prompts, judge,
// strategies, seeds and the training budget of a strategy sweep. Opens
// filled in for the demo lab when the current model is the lab's.
#pragma once

#include <QDialog>

#include "app/gui/SweepRequest.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace hialign::app {

class SweepDialog : public QDialog {
    Q_OBJECT
public:
    explicit SweepDialog(const SweepRequest& defaults, QWidget* parent = nullptr);

    SweepRequest request() const;
    // Empty when the request can run, else one sentence naming the problem.
    QString problem() const;

    // The defaults for a model folder: its demo lab's data, eval prompts and
    // exact judge when it is a lab model; an output folder beside it.
    static SweepRequest defaultsFor(const QString& modelDir);

private:
    void accept() override;

    QLineEdit* model_ = nullptr;
    QLineEdit* data_ = nullptr;
    QLineEdit* eval_ = nullptr;
    QComboBox* judge_ = nullptr;
    QList<QCheckBox*> strategies_;
    QLineEdit* seeds_ = nullptr;
    QSpinBox* steps_ = nullptr;
    QSpinBox* evalLimit_ = nullptr;
    QDoubleSpinBox* temperature_ = nullptr;
    QLineEdit* out_ = nullptr;
    QLabel* error_ = nullptr;
    SweepRequest base_;
};

} // namespace hialign::app

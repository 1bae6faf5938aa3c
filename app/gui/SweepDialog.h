// The Run sweep dialog: model, preference data, eval prompts, judge,
// strategies, seeds, the training budget, the eval decoding and the report's
// statistics (bootstrap resamples, α) of a strategy sweep, and the block
// cuts: the thirds, or the cuts the job comes with (the window passes the
// layer stack's cuts, e.g. after "Apply suggested cuts" of a layer probe).
// Opens filled in for the demo lab when the current model is the lab's.
#pragma once

#include <QDialog>

#include "app/gui/SweepJob.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace hialign::app {

class SweepDialog : public QDialog {
    Q_OBJECT
public:
    explicit SweepDialog(const SweepJob& defaults, QWidget* parent = nullptr);

    // The defaults with the dialog's fields filled in.
    SweepJob request() const;
    // Empty when the job can run, else one sentence naming the problem: the
    // settings' rules are sweep::SweepSettings::problem()'s (what validate()
    // enforces), worded by the dialog where it has its own translation.
    QString problem() const;

    // The defaults for a model folder: its demo lab's data, eval prompts,
    // exact judge and evaluation decoding (card.json) when it is a lab model,
    // else the core's decoding defaults; an output folder beside it.
    static SweepJob defaultsFor(const QString& modelDir);

    // The one-line hint shown while the lab's decoding is applied (empty when hidden).
    QString decodingHint() const;

private:
    void accept() override;
    // The constructor's rows, top to bottom: model, data, eval prompts and
    // judge; strategies, seeds, steps and cuts; the eval decoding; the
    // report's statistics and the sweep folder.
    void addInputRows(QFormLayout* form, const sweep::SweepSettings& d);
    void addTrainingRows(QFormLayout* form, const sweep::SweepSettings& d);
    void addDecodingRows(QFormLayout* form, const sweep::SweepSettings& d, bool labDecoding);
    void addReportRows(QFormLayout* form, const SweepJob& job);
    // After the model folder changed: the lab's decoding for a lab model;
    // back to the core's defaults when leaving one.
    void updateDecoding();

    QLineEdit* model_ = nullptr;
    QLineEdit* data_ = nullptr;
    QLineEdit* eval_ = nullptr;
    QComboBox* judge_ = nullptr;
    QList<QCheckBox*> strategies_;
    QLineEdit* seeds_ = nullptr;
    QSpinBox* steps_ = nullptr;
    QSpinBox* evalLimit_ = nullptr;
    QComboBox* cuts_ = nullptr;   // item data: QPoint(cut1, cut2); (-1, -1) the thirds
    QDoubleSpinBox* temperature_ = nullptr;
    QDoubleSpinBox* topP_ = nullptr;
    QSpinBox* maxNewTokens_ = nullptr;
    QLabel* decodingHint_ = nullptr;
    bool labDecoding_ = false;
    QSpinBox* resamples_ = nullptr;
    QDoubleSpinBox* significance_ = nullptr;
    QLineEdit* out_ = nullptr;
    QLabel* error_ = nullptr;
    SweepJob base_;
};

} // namespace hialign::app

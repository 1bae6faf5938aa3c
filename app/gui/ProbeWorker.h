// Runs one layer probe (probe::runProbe) on the thread it is moved to,
// writes its files when the job names a folder, and reports progress and the
// outcome through queued signals. The CancelToken is shared so the GUI
// thread can stop it between batches.
#pragma once

#include <QObject>
#include <QString>

#include <memory>

#include "app/gui/ProbeJob.h"

namespace hialign::train { struct CancelToken; }

namespace hialign::app {

class ProbeWorker : public QObject {
    Q_OBJECT
public:
    ProbeWorker(ProbeJob job, std::shared_ptr<train::CancelToken> token);
    ~ProbeWorker() override;

public Q_SLOTS:
    void run();

Q_SIGNALS:
    // done of total units (one batch of one method); label like "ablate grammar 3/13".
    void progress(int done, int total, const QString& label);
    void message(const QString& text);
    void finished(const hialign::app::ProbeOutcome& outcome);

private:
    ProbeJob job_;
    std::shared_ptr<train::CancelToken> token_;
};

} // namespace hialign::app

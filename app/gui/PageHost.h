// What the workbench's pages ask of the window around them: the open model,
// the message bar, the status bar, switching pages and storing settings.
#pragma once

#include <QString>

#include <optional>

#include "config/ModelConfig.h"

class QWidget;

namespace hialign::app {

class PageHost {
public:
    virtual ~PageHost() = default;

    // The open model's config (none before a model opened) and its absolute folder.
    virtual const std::optional<io::ModelConfig>& modelConfig() const = 0;
    virtual QString modelFolder() const = 0;
    // One sentence in the message bar and the status bar; it becomes lastError().
    virtual void showError(const QString& message) = 0;
    virtual void clearError() = 0;
    // Records lastError() without showing the message bar.
    virtual void noteError(const QString& message) = 0;
    // A status bar message (0: until the next one).
    virtual void showStatus(const QString& text, int timeoutMs = 0) = 0;
    virtual void clearStatus() = 0;
    // Shows "layers", "training", "compare", "runs" or "sweep".
    virtual void showView(const QString& name) = 0;
    virtual void saveSettings() const = 0;
    // The parent of the pages' dialogs and message boxes.
    virtual QWidget* dialogParent() = 0;
};

} // namespace hialign::app

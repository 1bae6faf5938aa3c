// Installs the user-interface translation: ours (compiled into the
// executable under :/i18n) and Qt's own, for `--lang` or the system locale.
#pragma once

#include <QString>

class QCoreApplication;

namespace hialign::app {

class Translations {
public:
    // Returns the language installed ("en" when none applies).
    static QString install(QCoreApplication& app, const QString& language);
};

} // namespace hialign::app

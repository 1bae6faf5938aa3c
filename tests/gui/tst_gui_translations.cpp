// The German and Simplified Chinese translations load from :/i18n and
// translate known strings, plural forms included; English installs none.
#include <QCoreApplication>
#include <QFile>
#include <QTranslator>
#include <QLocale>
#include <QTest>

#include "app/gui/Translations.h"

class TranslationsTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cleanup()
    {
        // Each case starts untranslated: remove what install() put in.
        const auto translators = qApp->findChildren<QTranslator*>();
        for (QTranslator* t : translators) {
            QCoreApplication::removeTranslator(t);
            delete t;
        }
        QLocale::setDefault(QLocale::c());
    }
    void qmFilesAreEmbedded()
    {
        QVERIFY(QFile::exists(QStringLiteral(":/i18n/hialign_de.qm")));
        QVERIFY(QFile::exists(QStringLiteral(":/i18n/hialign_zh_CN.qm")));
    }
    void german()
    {
        QCOMPARE(hialign::app::Translations::install(*qApp, QStringLiteral("de")), QStringLiteral("de_DE"));
        QCOMPARE(QCoreApplication::translate("hialign::app::MainWindow", "Layer stack"), QStringLiteral("Schichtstapel"));
        QCOMPARE(QCoreApplication::translate("hialign::widgets::MetricsPlot", "Learning rate"), QStringLiteral("Lernrate"));
        QCOMPARE(QCoreApplication::translate("hialign::app::MainWindow", "%n preference pair(s)", nullptr, 1),
                 QStringLiteral("1 Präferenzpaar"));
        QCOMPARE(QCoreApplication::translate("hialign::app::MainWindow", "%n preference pair(s)", nullptr, 96),
                 QStringLiteral("96 Präferenzpaare"));
        QCOMPARE(QCoreApplication::translate("hialign::widgets::SweepView", "Export report…"),
                 QStringLiteral("Bericht exportieren…"));
        QCOMPARE(QCoreApplication::translate("hialign::widgets::SweepReport", "Grammar"), QStringLiteral("Grammatik"));
        QCOMPARE(QCoreApplication::translate("hialign::widgets::SweepReport", "up to %n judgment(s) per cell", nullptr, 3),
                 QStringLiteral("bis zu 3 Bewertungen je Zelle"));
    }
    void simplifiedChinese()
    {
        QCOMPARE(hialign::app::Translations::install(*qApp, QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
        QCOMPARE(QCoreApplication::translate("hialign::app::MainWindow", "Layer stack"), QStringLiteral("层堆栈"));
        QCOMPARE(QCoreApplication::translate("hialign::widgets::MetricsPlot", "Learning rate"), QStringLiteral("学习率"));
        QCOMPARE(QCoreApplication::translate("hialign::app::MainWindow", "%n preference pair(s)", nullptr, 96),
                 QStringLiteral("96 个偏好对"));
        QCOMPARE(QCoreApplication::translate("hialign::widgets::SweepView", "Export report…"), QStringLiteral("导出报告…"));
        QCOMPARE(QCoreApplication::translate("hialign::widgets::SweepReport", "Facts"), QStringLiteral("事实"));
    }
    void englishInstallsNothing()
    {
        QCOMPARE(hialign::app::Translations::install(*qApp, QStringLiteral("en")), QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("hialign::app::MainWindow", "Layer stack"), QStringLiteral("Layer stack"));
    }
};

QTEST_GUILESS_MAIN(TranslationsTest)
#include "tst_gui_translations.moc"

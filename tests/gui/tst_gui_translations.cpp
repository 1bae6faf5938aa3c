// The German and Simplified Chinese translations load from :/i18n and
// translate known strings, plural forms included; English installs none.
// Every string of the shipped .ts files is finished and not empty.
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTranslator>
#include <QLocale>
#include <QTest>
#include <QXmlStreamReader>

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
    // Each message of translations/*.ts (the folder comes from CMake;
    // HIALIGN_TS_DIR in the environment points elsewhere, to try the check
    // on a broken copy): no translation marked unfinished, none empty, no
    // empty plural form. Obsolete and vanished ones are not shipped.
    void shippedTranslationsAreFinished()
    {
        const QDir dir(qEnvironmentVariable("HIALIGN_TS_DIR", QStringLiteral(HIALIGN_TS_DIR)));
        const QStringList files = dir.entryList({QStringLiteral("hialign_*.ts")}, QDir::Files, QDir::Name);
        QCOMPARE(files, (QStringList{QStringLiteral("hialign_de.ts"), QStringLiteral("hialign_zh_CN.ts")}));
        QStringList problems;
        for (const QString& name : files) {
            QFile file(dir.filePath(name));
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
            QXmlStreamReader xml(&file);
            QStringList stack;   // the elements around the reader's position
            QString context, source, type;
            QStringList forms;   // the translation, or its plural forms
            bool numerus = false, translated = false;
            int messages = 0;
            while (!xml.atEnd()) {
                xml.readNext();
                if (xml.isStartElement()) {
                    const QString tag = xml.name().toString();
                    const QString parent = stack.isEmpty() ? QString() : stack.last();
                    // readElementText() reads through the end tag: such elements are not pushed.
                    if (tag == QLatin1String("name") && parent == QLatin1String("context")) {
                        context = xml.readElementText();
                        continue;
                    }
                    if (tag == QLatin1String("source") && parent == QLatin1String("message")) {
                        source = xml.readElementText();
                        continue;
                    }
                    if (tag == QLatin1String("numerusform") && parent == QLatin1String("translation")) {
                        forms << xml.readElementText();
                        continue;
                    }
                    if (tag == QLatin1String("message")) {
                        numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
                        translated = false;
                        source.clear();
                        type.clear();
                        forms.clear();
                    } else if (tag == QLatin1String("translation") && parent == QLatin1String("message")) {
                        translated = true;
                        type = xml.attributes().value(QLatin1String("type")).toString();
                        if (!numerus) {
                            forms << xml.readElementText();
                            continue;
                        }
                    }
                    stack << tag;
                } else if (xml.isEndElement()) {
                    if (!stack.isEmpty())
                        stack.removeLast();
                    if (xml.name() != QLatin1String("message"))
                        continue;
                    ++messages;
                    const QString where = QStringLiteral("%1: [%2] \"%3\"").arg(name, context, source);
                    if (type == QLatin1String("obsolete") || type == QLatin1String("vanished"))
                        continue;   // not shipped
                    if (!translated)
                        problems << where + QStringLiteral(": no translation");
                    else if (type == QLatin1String("unfinished"))
                        problems << where + QStringLiteral(": unfinished");
                    else if (forms.isEmpty() || forms.contains(QString()))
                        problems << where + (numerus ? QStringLiteral(": an empty plural form") : QStringLiteral(": empty"));
                }
            }
            QVERIFY2(!xml.hasError(), qPrintable(QStringLiteral("%1, line %2: %3")
                                                     .arg(name).arg(xml.lineNumber()).arg(xml.errorString())));
            QVERIFY2(messages > 0, qPrintable(name));
        }
        QVERIFY2(problems.isEmpty(), qPrintable(QStringLiteral("%1 string(s) not translated:\n").arg(problems.size())
                                                    + problems.join(QLatin1Char('\n'))));
    }
    void englishInstallsNothing()
    {
        QCOMPARE(hialign::app::Translations::install(*qApp, QStringLiteral("en")), QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("hialign::app::MainWindow", "Layer stack"), QStringLiteral("Layer stack"));
    }
};

QTEST_GUILESS_MAIN(TranslationsTest)
#include "tst_gui_translations.moc"

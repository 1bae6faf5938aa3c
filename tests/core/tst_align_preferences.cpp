// Preference data files: the three record forms, JSONL and JSON arrays, and
// bad records reported with file, line and field.
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "align/PreferenceData.h"
#include "util/Error.h"

using hialign::InputError;
using hialign::align::LoadReport;
using hialign::align::PreferenceRecord;
using hialign::align::loadPreferences;

class TestAlignPreferences : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    std::filesystem::path write(const std::string& name, const std::string& text)
    {
        const std::filesystem::path p = std::filesystem::path(dir_.path().toStdString()) / name;
        std::ofstream out(p, std::ios::binary);
        out << text;
        return p;
    }

    static QString errorOf(const std::function<void()>& f)
    {
        try {
            f();
        } catch (const InputError& e) {
            return QString::fromStdString(e.what());
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void plainForm()
    {
        const auto file = write("plain.jsonl",
                                R"({"prompt": "Q: 2+2?\nA:", "chosen": " 4", "rejected": " 5"})"
                                "\n\n"   // blank lines are ignored
                                R"({"prompt": "", "chosen": "yes", "rejected": "no", "extra": 1})"
                                "\r\n");
        LoadReport report;
        const auto records = loadPreferences(file, false, &report);
        QCOMPARE(records.size(), std::size_t(2));
        QCOMPARE(report.loaded, std::size_t(2));
        QCOMPARE(report.skipped, std::size_t(0));
        QCOMPARE(records[0].prompt, std::string("Q: 2+2?\nA:"));
        QCOMPARE(records[0].chosen, std::string(" 4"));
        QCOMPARE(records[0].rejected, std::string(" 5"));
        QVERIFY(!records[0].conversational);
        QVERIFY(records[0].promptMessages.empty());
        QCOMPARE(records[0].line, std::size_t(1));
        QCOMPARE(records[1].line, std::size_t(3));
        QCOMPARE(records[1].prompt, std::string());
    }

    void conversationalForm()
    {
        const auto file = write("conv.jsonl",
            R"({"prompt": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Capital of France?"}],)"
            R"( "chosen": [{"role": "assistant", "content": "Paris."}],)"
            R"( "rejected": [{"role": "assistant", "content": "Lyon."}]})" "\n");
        const auto records = loadPreferences(file, false);
        QCOMPARE(records.size(), std::size_t(1));
        const PreferenceRecord& r = records[0];
        QVERIFY(r.conversational);
        QCOMPARE(r.promptMessages.size(), std::size_t(2));
        QCOMPARE(r.promptMessages[0].role, std::string("system"));
        QCOMPARE(r.promptMessages[1].content, std::string("Capital of France?"));
        QCOMPARE(r.chosen, std::string("Paris."));
        QCOMPARE(r.rejected, std::string("Lyon."));
    }

    void implicitConversational()
    {
        // No prompt: the messages shared at the start are the prompt.
        const auto file = write("implicit-conv.jsonl",
            R"({"chosen": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}, {"role": "user", "content": "Name a colour."}, {"role": "assistant", "content": "Blue."}],)"
            R"( "rejected": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}, {"role": "user", "content": "Name a colour."}, {"role": "assistant", "content": "Seven."}]})" "\n"
            // UltraFeedback's layout: a prompt string and full conversations.
            R"({"prompt": "Why?", "chosen": [{"role": "user", "content": "Why?"}, {"role": "assistant", "content": "Because."}],)"
            R"( "rejected": [{"role": "user", "content": "Why?"}, {"role": "assistant", "content": "No."}]})" "\n"
            // A prompt string with assistant-only completions: one user turn.
            R"({"prompt": "Say hi.", "chosen": [{"role": "assistant", "content": "Hi!"}], "rejected": [{"role": "assistant", "content": "Bye."}]})" "\n"
            // Several final assistant messages are joined.
            R"({"chosen": [{"role": "user", "content": "Go"}, {"role": "assistant", "content": "One."}, {"role": "assistant", "content": "Two."}],)"
            R"( "rejected": [{"role": "user", "content": "Go"}, {"role": "assistant", "content": "Three."}]})" "\n");
        const auto records = loadPreferences(file, false);
        QCOMPARE(records.size(), std::size_t(4));

        QVERIFY(records[0].conversational);
        QCOMPARE(records[0].promptMessages.size(), std::size_t(3));
        QCOMPARE(records[0].promptMessages[2].content, std::string("Name a colour."));
        QCOMPARE(records[0].chosen, std::string("Blue."));
        QCOMPARE(records[0].rejected, std::string("Seven."));

        QCOMPARE(records[1].promptMessages.size(), std::size_t(1));
        QCOMPARE(records[1].promptMessages[0].role, std::string("user"));
        QCOMPARE(records[1].promptMessages[0].content, std::string("Why?"));
        QCOMPARE(records[1].chosen, std::string("Because."));

        QCOMPARE(records[2].promptMessages.size(), std::size_t(1));
        QCOMPARE(records[2].promptMessages[0].content, std::string("Say hi."));
        QCOMPARE(records[2].chosen, std::string("Hi!"));

        QCOMPARE(records[3].promptMessages.size(), std::size_t(1));
        QCOMPARE(records[3].chosen, std::string("One.\n\nTwo."));
        QCOMPARE(records[3].rejected, std::string("Three."));
    }

    void implicitPrompt_data()
    {
        QTest::addColumn<QString>("chosen");
        QTest::addColumn<QString>("rejected");
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QString>("chosenRest");
        QTest::addColumn<QString>("rejectedRest");
        QTest::newRow("word boundary") << "The cat sat on the mat." << "The cat sat in the hat."
                                       << "The cat sat" << " on the mat." << " in the hat.";
        QTest::newRow("no word split") << "She was happy." << "She was hungry."
                                       << "She was" << " happy." << " hungry.";
        QTest::newRow("one is a prefix") << "A B" << "A B C" << "A" << " B" << " B C";
        QTest::newRow("newline boundary") << "Story.\nThe end." << "Story.\nA end."
                                          << "Story." << "\nThe end." << "\nA end.";
        QTest::newRow("repeated spaces") << "x  yes" << "x  no" << "x" << "  yes" << "  no";
        QTest::newRow("nothing shared") << "Yes it is." << "No it is not."
                                        << "" << "Yes it is." << "No it is not.";
        QTest::newRow("utf-8") << "Über café ist gut" << "Über café ist schlecht"
                               << "Über café ist" << " gut" << " schlecht";
    }
    void implicitPrompt()
    {
        QFETCH(QString, chosen);
        QFETCH(QString, rejected);
        QFETCH(QString, prompt);
        QFETCH(QString, chosenRest);
        QFETCH(QString, rejectedRest);
        nlohmann::json j{{"chosen", chosen.toStdString()}, {"rejected", rejected.toStdString()}};
        const auto file = write("implicit.jsonl", j.dump() + "\n");
        const auto records = loadPreferences(file, false);
        QCOMPARE(records.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(records[0].prompt), prompt);
        QCOMPARE(QString::fromStdString(records[0].chosen), chosenRest);
        QCOMPARE(QString::fromStdString(records[0].rejected), rejectedRest);
        QVERIFY(!records[0].conversational);
        QCOMPARE(records[0].prompt + records[0].chosen, chosen.toStdString());
    }

    void jsonArray()
    {
        const auto file = write("array.json",
                                "\xEF\xBB\xBF  [\n"
                                "  {\"prompt\": \"a\", \"chosen\": \" b\", \"rejected\": \" c\"},\n"
                                "  {\"chosen\": \"x y\", \"rejected\": \"x z\"},\n"
                                "  {\"prompt\": [{\"role\": \"user\", \"content\": \"q\"}],\n"
                                "   \"chosen\": \"good\", \"rejected\": \"bad\"}\n"
                                "]\n");
        const auto records = loadPreferences(file, false);
        QCOMPARE(records.size(), std::size_t(3));
        QCOMPARE(records[0].line, std::size_t(1));   // element index + 1
        QCOMPARE(records[1].line, std::size_t(2));
        QCOMPARE(records[2].line, std::size_t(3));
        QCOMPARE(records[1].prompt, std::string("x"));
        QCOMPARE(records[1].chosen, std::string(" y"));
        QVERIFY(records[2].conversational);
        QCOMPARE(records[2].chosen, std::string("good"));
    }

    void badRecords_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("expected");
        QTest::newRow("chosen missing") << R"({"prompt": "p", "rejected": "r"})" << "field \"chosen\" is missing";
        QTest::newRow("rejected missing") << R"({"prompt": "p", "chosen": "c"})" << "field \"rejected\" is missing";
        QTest::newRow("chosen number") << R"({"prompt": "p", "chosen": 3, "rejected": "r"})" << "field \"chosen\" must be a string or a list of messages, not a number";
        QTest::newRow("chosen null") << R"({"prompt": "p", "chosen": null, "rejected": "r"})" << "field \"chosen\" must be a string or a list of messages, not null";
        QTest::newRow("prompt object") << R"({"prompt": {"a": 1}, "chosen": "c", "rejected": "r"})" << "field \"prompt\" must be a string or a list of messages, not an object";
        QTest::newRow("empty chosen") << R"({"prompt": "p", "chosen": "", "rejected": "r"})" << "field \"chosen\" is empty";
        QTest::newRow("blank rejected") << R"({"prompt": "p", "chosen": "c", "rejected": "  "})" << "field \"rejected\" is empty";
        QTest::newRow("identical") << R"({"prompt": "p", "chosen": "same", "rejected": "same"})" << "fields \"chosen\" and \"rejected\" are identical";
        QTest::newRow("identical implicit") << R"({"chosen": "same", "rejected": "same"})" << "fields \"chosen\" and \"rejected\" are identical";
        QTest::newRow("invalid json") << R"({"prompt": "p", "chosen": )" << "the line is not valid JSON";
        QTest::newRow("not an object") << R"(["p", "c", "r"])" << "the record must be a JSON object, not a list";
        QTest::newRow("mixed kinds") << R"({"chosen": [{"role": "assistant", "content": "a"}], "rejected": "b"})" << "field \"rejected\" must be a list of messages like \"chosen\"";
        QTest::newRow("message without role") << R"({"prompt": [{"content": "q"}], "chosen": "a", "rejected": "b"})" << "field \"prompt[0].role\" is missing";
        QTest::newRow("message content number") << R"({"prompt": "q", "chosen": [{"role": "assistant", "content": 1}], "rejected": [{"role": "assistant", "content": "b"}]})" << "field \"chosen[0].content\" must be a string, not a number";
        QTest::newRow("message not object") << R"({"prompt": "q", "chosen": ["a"], "rejected": ["b"]})" << "field \"chosen[0]\" must be a message object";
        QTest::newRow("identical messages") << R"({"chosen": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}], "rejected": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]})" << "fields \"chosen\" and \"rejected\" are identical";
        QTest::newRow("reply not assistant") << R"({"chosen": [{"role": "user", "content": "q"}, {"role": "user", "content": "a"}], "rejected": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "b"}]})" << "field \"chosen[1]\" has role \"user\" after the shared prompt";
        QTest::newRow("no reply") << R"({"chosen": [{"role": "user", "content": "q"}], "rejected": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "b"}]})" << "field \"chosen\" has no reply";
    }
    void badRecords()
    {
        QFETCH(QString, line);
        QFETCH(QString, expected);
        // The bad record sits on line 3, after a good one and a blank line.
        const auto file = write("bad-records.jsonl",
                                R"({"prompt": "p", "chosen": "c", "rejected": "r"})" "\n\n" +
                                    line.toStdString() + "\n");
        const QString message = errorOf([&] { loadPreferences(file, false); });
        QVERIFY2(message.contains("bad-records.jsonl line 3: "), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
        QVERIFY2(message.endsWith('.'), qPrintable(message));

        // With skipBad the good record survives and the sentence is kept.
        LoadReport report;
        const auto records = loadPreferences(file, true, &report);
        QCOMPARE(records.size(), std::size_t(1));
        QCOMPARE(report.loaded, std::size_t(1));
        QCOMPARE(report.skipped, std::size_t(1));
        QCOMPARE(report.problems.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(report.problems[0]), message);
    }

    void badArrayElementNamesElementAndLine()
    {
        const auto file = write("bad.json",
                                "[\n"
                                "  {\"prompt\": \"p\", \"chosen\": \"c\", \"rejected\": \"r\"},\n"
                                "  {\"prompt\": \"p\",\n"
                                "   \"rejected\": \"r\"}\n"
                                "]");
        const QString message = errorOf([&] { loadPreferences(file, false); });
        QCOMPARE(message, QString::fromStdString(file.string()) +
                              " element 2 (line 3): field \"chosen\" is missing.");
    }

    void skipBadCounts()
    {
        const auto file = write("mixed.jsonl",
                                R"({"prompt": "p1", "chosen": "c", "rejected": "r"})" "\n"
                                R"({"prompt": "p2", "rejected": "r"})" "\n"
                                "not json at all\n"
                                R"({"prompt": "p4", "chosen": "c", "rejected": "c"})" "\n"
                                R"({"prompt": "p5", "chosen": "c", "rejected": "r"})" "\n");
        LoadReport report;
        const auto records = loadPreferences(file, true, &report);
        QCOMPARE(records.size(), std::size_t(2));
        QCOMPARE(records[0].prompt, std::string("p1"));
        QCOMPARE(records[1].prompt, std::string("p5"));
        QCOMPARE(records[1].line, std::size_t(5));
        QCOMPARE(report.loaded, std::size_t(2));
        QCOMPARE(report.skipped, std::size_t(3));
        QCOMPARE(report.problems.size(), std::size_t(3));
        QVERIFY(QString::fromStdString(report.problems[0]).contains("line 2: field \"chosen\" is missing"));
        QVERIFY(QString::fromStdString(report.problems[1]).contains("line 3: the line is not valid JSON"));
        QVERIFY(QString::fromStdString(report.problems[2]).contains("line 4: fields \"chosen\" and \"rejected\" are identical"));

        // Without skipBad the first problem stops the load.
        QVERIFY(errorOf([&] { loadPreferences(file, false); }).contains("mixed.jsonl line 2"));
        // No report pointer is fine.
        QCOMPARE(loadPreferences(file, true).size(), std::size_t(2));
    }

    void fileProblems_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("content");
        QTest::addColumn<bool>("skipBad");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty file") << "empty.jsonl" << "" << true << "empty.jsonl: the file holds no preference records.";
        QTest::newRow("blank lines only") << "blank.jsonl" << "\n  \n\n" << true << "blank.jsonl: the file holds no preference records.";
        QTest::newRow("empty array") << "empty.json" << "[ ]" << true << "empty.json: the file holds no preference records.";
        QTest::newRow("nothing usable") << "useless.jsonl" << "{\"chosen\": \"a\"}\n{\"chosen\": \"b\"}\n" << true
                                        << "useless.jsonl: none of its 2 records is usable";
        QTest::newRow("broken array") << "broken.json" << "[{\"prompt\": \"p\",]" << true << "broken.json: the JSON array is not valid JSON";
        QTest::newRow("pretty-printed object") << "pretty.jsonl" << "{\n  \"prompt\": \"p\",\n  \"chosen\": \"c\",\n  \"rejected\": \"r\"\n}\n" << false
                                               << "pretty.jsonl: the file is one JSON value spread over lines";
    }
    void fileProblems()
    {
        QFETCH(QString, name);
        QFETCH(QString, content);
        QFETCH(bool, skipBad);
        QFETCH(QString, expected);
        const auto file = write(name.toStdString(), content.toStdString());
        const QString message = errorOf([&] { loadPreferences(file, skipBad); });
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void missingFile()
    {
        const std::filesystem::path file = std::filesystem::path(dir_.path().toStdString()) / "nope.jsonl";
        const QString message = errorOf([&] { loadPreferences(file, true); });
        QCOMPARE(message, QString::fromStdString(file.string()) + ": no such preference data file.");
    }
};

QTEST_APPLESS_MAIN(TestAlignPreferences)
#include "tst_align_preferences.moc"

// Chat formats: rendering against hand-written strings and detection from a
// model folder's template.
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "align/ChatTemplate.h"
#include "support/Fixtures.h"
#include "util/Error.h"

using hialign::InputError;
using hialign::align::ChatFormat;
using hialign::align::Message;

Q_DECLARE_METATYPE(ChatFormat)

namespace {

const std::vector<Message>& dialogue()
{
    static const std::vector<Message> m{{"system", "You are terse."},
                                        {"user", "Hi there"},
                                        {"assistant", "Hello."},
                                        {"user", "Name a colour."}};
    return m;
}

} // namespace

class TestAlignChat : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    std::filesystem::path folder(const std::string& name,
                                 const std::vector<std::pair<std::string, std::string>>& files)
    {
        const std::filesystem::path d = std::filesystem::path(dir_.path().toStdString()) / name;
        std::filesystem::create_directories(d);
        for (const auto& [file, text] : files)
            std::ofstream(d / file, std::ios::binary) << text;
        return d;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void render_data()
    {
        QTest::addColumn<ChatFormat>("format");
        QTest::addColumn<bool>("generationPrompt");
        QTest::addColumn<QString>("expected");

        QTest::newRow("plain") << ChatFormat::Plain << true
                               << "You are terse.\n\nHi there\n\nHello.\n\nName a colour.";
        QTest::newRow("plain, no generation prompt") << ChatFormat::Plain << false
                               << "You are terse.\n\nHi there\n\nHello.\n\nName a colour.";
        QTest::newRow("llama3")
            << ChatFormat::Llama3 << true
            << "<|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|>"
               "<|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>"
               "<|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|>"
               "<|start_header_id|>user<|end_header_id|>\n\nName a colour.<|eot_id|>"
               "<|start_header_id|>assistant<|end_header_id|>\n\n";
        QTest::newRow("llama3, no generation prompt")
            << ChatFormat::Llama3 << false
            << "<|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|>"
               "<|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>"
               "<|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|>"
               "<|start_header_id|>user<|end_header_id|>\n\nName a colour.<|eot_id|>";
        QTest::newRow("chatml")
            << ChatFormat::ChatML << true
            << "<|im_start|>system\nYou are terse.<|im_end|>\n"
               "<|im_start|>user\nHi there<|im_end|>\n"
               "<|im_start|>assistant\nHello.<|im_end|>\n"
               "<|im_start|>user\nName a colour.<|im_end|>\n"
               "<|im_start|>assistant\n";
        QTest::newRow("chatml, no generation prompt")
            << ChatFormat::ChatML << false
            << "<|im_start|>system\nYou are terse.<|im_end|>\n"
               "<|im_start|>user\nHi there<|im_end|>\n"
               "<|im_start|>assistant\nHello.<|im_end|>\n"
               "<|im_start|>user\nName a colour.<|im_end|>\n";
        QTest::newRow("llama2")
            << ChatFormat::Llama2 << true
            << "[INST] <<SYS>>\nYou are terse.\n<</SYS>>\n\nHi there [/INST] Hello. </s>"
               "<s>[INST] Name a colour. [/INST]";
        QTest::newRow("llama2, no generation prompt")
            << ChatFormat::Llama2 << false
            << "[INST] <<SYS>>\nYou are terse.\n<</SYS>>\n\nHi there [/INST] Hello. </s>"
               "<s>[INST] Name a colour. [/INST]";
    }
    void render()
    {
        QFETCH(ChatFormat, format);
        QFETCH(bool, generationPrompt);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(hialign::align::renderChat(format, dialogue(), generationPrompt)),
                 expected);
    }

    void singleTurns()
    {
        const std::vector<Message> user{{"user", "  Why?\n"}};
        // Llama 3 and Llama 2 trim contents as their official templates do.
        QCOMPARE(hialign::align::renderChat(ChatFormat::Llama3, user, true),
                 std::string("<|start_header_id|>user<|end_header_id|>\n\nWhy?<|eot_id|>"
                             "<|start_header_id|>assistant<|end_header_id|>\n\n"));
        QCOMPARE(hialign::align::renderChat(ChatFormat::Llama2, user, true),
                 std::string("[INST] Why? [/INST]"));
        QCOMPARE(hialign::align::renderChat(ChatFormat::ChatML, user, true),
                 std::string("<|im_start|>user\n  Why?\n<|im_end|>\n<|im_start|>assistant\n"));
        QCOMPARE(hialign::align::renderChat(ChatFormat::Plain, user, true), std::string("  Why?\n"));
        // No messages: only the assistant header.
        QCOMPARE(hialign::align::renderChat(ChatFormat::ChatML, {}, true),
                 std::string("<|im_start|>assistant\n"));
        QCOMPARE(hialign::align::renderChat(ChatFormat::Plain, {}, true), std::string());
        // Llama 2: a lone system message still opens an instruction.
        QCOMPARE(hialign::align::renderChat(ChatFormat::Llama2, {{"system", "S"}}, true),
                 std::string("[INST] <<SYS>>\nS\n<</SYS>> [/INST]"));
    }

    void endOfTurn()
    {
        QCOMPARE(std::string(hialign::align::endOfTurnText(ChatFormat::Llama3)), std::string("<|eot_id|>"));
        QCOMPARE(std::string(hialign::align::endOfTurnText(ChatFormat::ChatML)), std::string("<|im_end|>"));
        QCOMPARE(std::string(hialign::align::endOfTurnText(ChatFormat::Llama2)), std::string());
        QCOMPARE(std::string(hialign::align::endOfTurnText(ChatFormat::Plain)), std::string());
    }

    void names()
    {
        for (ChatFormat f : {ChatFormat::Plain, ChatFormat::Llama3, ChatFormat::ChatML, ChatFormat::Llama2})
            QCOMPARE(hialign::align::parseChatFormat(hialign::align::chatFormatName(f)), f);
        try {
            hialign::align::parseChatFormat("jinja");
            QFAIL("no error");
        } catch (const InputError& e) {
            QVERIFY(QString(e.what()).contains("\"jinja\""));
        }
    }

    void detectFromTemplateText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<ChatFormat>("format");
        QTest::newRow("llama3") << "{{ '<|start_header_id|>' + message['role'] }}" << ChatFormat::Llama3;
        QTest::newRow("chatml") << "{{'<|im_start|>' + message['role'] + '\\n'}}" << ChatFormat::ChatML;
        QTest::newRow("llama2") << "{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}" << ChatFormat::Llama2;
        QTest::newRow("unknown") << "{{ message['content'] }}" << ChatFormat::Plain;
        QTest::newRow("empty") << "" << ChatFormat::Plain;
    }
    void detectFromTemplateText()
    {
        QFETCH(QString, text);
        QFETCH(ChatFormat, format);
        QCOMPARE(hialign::align::chatFormatOfTemplate(text.toStdString()), format);
    }

    void detectFromFolder()
    {
        using hialign::align::detectChatFormat;
        QCOMPARE(detectChatFormat(folder("none", {})), ChatFormat::Plain);
        QCOMPARE(detectChatFormat(folder("no-template", {{"tokenizer_config.json", R"({"bos_token": "<s>"})"}})),
                 ChatFormat::Plain);
        QCOMPARE(detectChatFormat(folder("string", {{"tokenizer_config.json",
                     R"({"chat_template": "{% for m in messages %}<|im_start|>{{ m.role }}{% endfor %}"})"}})),
                 ChatFormat::ChatML);
        // A list of named templates: "default" wins over the others.
        QCOMPARE(detectChatFormat(folder("list", {{"tokenizer_config.json",
                     R"({"chat_template": [{"name": "tool_use", "template": "<|im_start|>"},
                                           {"name": "default", "template": "[INST] {{ x }} [/INST]"}]})"}})),
                 ChatFormat::Llama2);
        // Templates in files of their own (newer transformers).
        QCOMPARE(detectChatFormat(folder("jinja", {{"tokenizer_config.json", "{}"},
                                                   {"chat_template.jinja", "<|start_header_id|>"}})),
                 ChatFormat::Llama3);
        QCOMPARE(detectChatFormat(folder("json", {{"chat_template.json", R"({"chat_template": "<|im_start|>"})"}})),
                 ChatFormat::ChatML);
        // A file inside the folder names the folder.
        const auto f = folder("file", {{"tokenizer_config.json", R"({"chat_template": "<|im_start|>"})"}});
        QCOMPARE(detectChatFormat(f / "tokenizer_config.json"), ChatFormat::ChatML);
    }

    void detectErrors_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("expected");
        QTest::newRow("invalid json") << "{\"chat_template\": " << "tokenizer_config.json: the file is not valid JSON";
        QTest::newRow("number") << R"({"chat_template": 3})" << "field \"chat_template\" must be a string or a list";
        QTest::newRow("bad list") << R"({"chat_template": [{"name": "default"}]})" << "field \"chat_template\" must list objects";
    }
    void detectErrors()
    {
        QFETCH(QString, config);
        QFETCH(QString, expected);
        const auto d = folder(std::string("bad-") + QTest::currentDataTag(),
                              {{"tokenizer_config.json", config.toStdString()}});
        try {
            hialign::align::detectChatFormat(d);
            QFAIL("no error");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains(expected), e.what());
        }
    }

    void detectFixtureFolders()
    {
        HIALIGN_FIXTURE(llama3, "tokenizers/llama3");
        HIALIGN_FIXTURE(qwen, "tokenizers/qwen");
        HIALIGN_FIXTURE(stories, "stories260k");
        QCOMPARE(hialign::align::detectChatFormat(llama3), ChatFormat::Llama3);
        QCOMPARE(hialign::align::detectChatFormat(qwen), ChatFormat::ChatML);
        QCOMPARE(hialign::align::detectChatFormat(stories), ChatFormat::Plain);
    }
};

QTEST_APPLESS_MAIN(TestAlignChat)
#include "tst_align_chat.moc"

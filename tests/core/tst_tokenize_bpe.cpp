// Byte-level BPE against the Llama 3 and Qwen3 fixtures: every line of
// cases.jsonl must encode to exactly its ids and decode back to its text.
#include <QtTest/QtTest>

#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/Fixtures.h"
#include "tokenize/BpeTokenizer.h"
#include "tokenize/Tokenizer.h"

namespace {

using hialign::tok::Tokenizer;

struct Case {
    std::string text;
    std::vector<std::int32_t> ids;
    std::string decoded;   // text when roundtrip, else "decoded"
};

std::vector<Case> readCases(const std::filesystem::path& file)
{
    std::vector<Case> cases;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty())
            continue;
        const auto j = nlohmann::json::parse(line);
        Case c;
        c.text = j.at("text").get<std::string>();
        c.ids = j.at("ids").get<std::vector<std::int32_t>>();
        c.decoded = j.at("roundtrip").get<bool>() ? c.text : j.at("decoded").get<std::string>();
        cases.push_back(std::move(c));
    }
    return cases;
}

std::string show(const std::vector<std::int32_t>& ids)
{
    std::string s = "[";
    for (std::size_t i = 0; i < ids.size(); ++i)
        s += (i ? "," : "") + std::to_string(ids[i]);
    return s + "]";
}

// Tokenizers are large (9-11 MB JSON): load each once per process.
const Tokenizer& cached(const std::filesystem::path& dir)
{
    static std::map<std::filesystem::path, std::unique_ptr<Tokenizer>> loaded;
    auto& slot = loaded[dir];
    if (!slot)
        slot = hialign::tok::loadTokenizer(dir);
    return *slot;
}

nlohmann::json readJson(const std::filesystem::path& file)
{
    std::ifstream in(file);
    return nlohmann::json::parse(in);
}

} // namespace

class TestTokenizeBpe : public QObject {
    Q_OBJECT

private:
    void checkCases(const std::filesystem::path& casesFile)
    {
        const Tokenizer& tok = cached(casesFile.parent_path());
        QCOMPARE(QString::fromStdString(tok.kind()), QStringLiteral("bpe"));
        const auto cases = readCases(casesFile);
        QVERIFY(cases.size() >= 60);
        QStringList failures;
        for (const Case& c : cases) {
            const auto ids = tok.encodeRaw(c.text);
            if (ids != c.ids)
                failures << QString::fromStdString("encode " + nlohmann::json(c.text).dump() +
                                                   ": got " + show(ids) + " want " + show(c.ids));
            const std::string text = tok.decode(c.ids, false);
            if (text != c.decoded)
                failures << QString::fromStdString("decode " + show(c.ids) + ": got " +
                                                   nlohmann::json(text).dump() + " want " +
                                                   nlohmann::json(c.decoded).dump());
        }
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join("\n")));
    }

    void checkSpeed(const std::filesystem::path& casesFile)
    {
        const Tokenizer& tok = cached(casesFile.parent_path());
        auto cases = readCases(casesFile);
        std::size_t longest = 0;
        for (std::size_t i = 0; i < cases.size(); ++i)
            if (cases[i].text.size() > cases[longest].text.size())
                longest = i;
        QVERIFY(cases[longest].text.size() >= 2000);

        // A fresh tokenizer instance would share nothing; the cache is warm
        // from other tests in the same process at most, so time both a
        // cold-ish long paragraph with new words and all cases.
        std::string paragraph = cases[longest].text;
        for (char& ch : paragraph)
            if (ch == 'e')
                ch = 'q';   // mostly unseen words: defeats the word cache
        QElapsedTimer timer;
        timer.start();
        const auto ids = tok.encodeRaw(paragraph);
        const qint64 paragraphMs = timer.elapsed();
        QVERIFY(!ids.empty());
        QCOMPARE(tok.decode(ids), paragraph);

        timer.restart();
        for (int round = 0; round < 5; ++round)
            for (const Case& c : cases)
                QCOMPARE(tok.encodeRaw(c.text), c.ids);
        const qint64 allMs = timer.elapsed();
        // Printed, not asserted: speed depends on the machine and its load.
        qInfo("2000-char paragraph: %lld ms; 5 x %zu cases: %lld ms", paragraphMs, cases.size(),
              allMs);
    }

private Q_SLOTS:
    void llama3Cases()
    {
        HIALIGN_FIXTURE(cases, "tokenizers/llama3/cases.jsonl");
        checkCases(cases);
    }

    void qwenCases()
    {
        HIALIGN_FIXTURE(cases, "tokenizers/qwen/cases.jsonl");
        checkCases(cases);
    }

    void llama3Speed()
    {
        HIALIGN_FIXTURE(cases, "tokenizers/llama3/cases.jsonl");
        checkSpeed(cases);
    }

    void qwenSpeed()
    {
        HIALIGN_FIXTURE(cases, "tokenizers/qwen/cases.jsonl");
        checkSpeed(cases);
    }

    void llama3SpecialTokens()
    {
        HIALIGN_FIXTURE(config, "tokenizers/llama3/tokenizer_config.json");
        const Tokenizer& tok = cached(config.parent_path());
        const auto cfg = readJson(config);
        const auto& s = tok.special();
        QVERIFY(s.bos.has_value());
        QCOMPARE(s.bos, tok.pieceToId(cfg.at("bos_token").get<std::string>()));
        QVERIFY(tok.isEos(*tok.pieceToId(cfg.at("eos_token").get<std::string>())));
        // No add_bos_token and only a ByteLevel post-processor: the file adds
        // nothing itself, so neither do we.
        QVERIFY(!cfg.contains("add_bos_token"));
        QCOMPARE(s.addBos, false);
        QCOMPARE(tok.encode("Hello world"), tok.encodeRaw("Hello world"));
        QCOMPARE(tok.vocabSize(), 128256);
    }

    void qwenSpecialTokens()
    {
        HIALIGN_FIXTURE(config, "tokenizers/qwen/tokenizer_config.json");
        const Tokenizer& tok = cached(config.parent_path());
        const auto cfg = readJson(config);
        const auto& s = tok.special();
        QVERIFY(cfg.at("bos_token").is_null());
        QVERIFY(!s.bos.has_value());
        QCOMPARE(s.addBos, cfg.at("add_bos_token").get<bool>());
        QVERIFY(tok.isEos(*tok.pieceToId(cfg.at("eos_token").get<std::string>())));
        QCOMPARE(s.pad, tok.pieceToId(cfg.at("pad_token").get<std::string>()));
    }

    void skipSpecialDropsSpecialTokens()
    {
        HIALIGN_FIXTURE(cases, "tokenizers/qwen/cases.jsonl");
        const Tokenizer& tok = cached(cases.parent_path());
        const auto ids = tok.encodeRaw("<|im_start|>user\nhi<|im_end|>");
        QCOMPARE(tok.decode(ids, true), std::string("user\nhi"));
        QCOMPARE(tok.decode(ids, false), std::string("<|im_start|>user\nhi<|im_end|>"));
        // Ids beyond the tokenizer (padding rows of the embedding) are skipped.
        QCOMPARE(tok.decode({tok.vocabSize() + 5}), std::string());
    }

    void piecesAndIds()
    {
        HIALIGN_FIXTURE(cases, "tokenizers/llama3/cases.jsonl");
        const Tokenizer& tok = cached(cases.parent_path());
        const auto ids = tok.encodeRaw(" world");
        QCOMPARE(ids.size(), std::size_t(1));
        QCOMPARE(tok.piece(ids[0]), std::string("\xC4\xA0world"));   // "Ġworld"
        QCOMPARE(tok.pieceToId("\xC4\xA0world"), std::optional<std::int32_t>(ids[0]));
        QCOMPARE(tok.pieceToId("<|begin_of_text|>"), tok.special().bos);
        QVERIFY(!tok.pieceToId("definitely not a token").has_value());
    }

    void invalidBytesDecodeToReplacement()
    {
        HIALIGN_FIXTURE(cases, "tokenizers/llama3/cases.jsonl");
        const Tokenizer& tok = cached(cases.parent_path());
        // Byte 0xFF maps to 'ÿ' (U+00FF); alone it is not UTF-8.
        const auto ff = tok.pieceToId("\xC3\xBF");
        QVERIFY(ff.has_value());
        QCOMPARE(tok.decode({*ff}), std::string("\xEF\xBF\xBD"));
        // The first three bytes of an emoji: one U+FFFD (maximal subpart).
        const auto emoji = tok.encodeRaw("\xF0\x9F\x98\x80");
        std::string prefix = tok.decode(emoji);
        QCOMPARE(prefix, std::string("\xF0\x9F\x98\x80"));
        // Ill-formed input text is repaired before encoding.
        const auto ids = tok.encodeRaw("a\xFF" "b");
        QCOMPARE(tok.decode(ids), std::string("a\xEF\xBF\xBD" "b"));
    }

    void llama3ChatMarkup()
    {
        HIALIGN_FIXTURE(cases, "tokenizers/llama3/cases.jsonl");
        const Tokenizer& tok = cached(cases.parent_path());
        const std::string text =
            "<|start_header_id|>user<|end_header_id|>\n\nHi there!<|eot_id|>";
        const auto ids = tok.encodeRaw(text);
        QCOMPARE(ids.front(), *tok.pieceToId("<|start_header_id|>"));
        QCOMPARE(ids.back(), *tok.pieceToId("<|eot_id|>"));
        QCOMPARE(tok.decode(ids), text);
        QCOMPARE(tok.decode(ids, true), std::string("user\n\nHi there!"));
    }
};

QTEST_MAIN(TestTokenizeBpe)
#include "tst_tokenize_bpe.moc"

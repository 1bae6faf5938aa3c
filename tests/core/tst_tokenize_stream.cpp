// StreamDecoder: the pieces it emits concatenate to the full text, every
// piece is complete UTF-8, and characters split across byte tokens (emoji in
// Llama 3, byte-fallback pieces in sentencepiece) are held back until whole.
#include <QtTest/QtTest>

#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/Fixtures.h"
#include "tokenize/Tokenizer.h"
#include "tokenize/Utf8.h"

namespace {

using hialign::tok::StreamDecoder;
using hialign::tok::Tokenizer;
using Ids = std::vector<std::int32_t>;

std::vector<std::string> readTexts(const std::filesystem::path& file)
{
    std::vector<std::string> texts;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty())
            texts.push_back(nlohmann::json::parse(line).at("text").get<std::string>());
    return texts;
}

const Tokenizer& cached(const std::filesystem::path& dir)
{
    static std::map<std::filesystem::path, std::unique_ptr<Tokenizer>> loaded;
    auto& slot = loaded[dir];
    if (!slot)
        slot = hialign::tok::loadTokenizer(dir);
    return *slot;
}

struct StreamResult {
    std::vector<std::string> pieces;   // one per pushed id, then finish()
    std::string joined;
    int heldBack = 0;   // pushes that returned nothing
};

StreamResult stream(const Tokenizer& tok, const Ids& ids, bool skipSpecial)
{
    StreamResult r;
    StreamDecoder decoder(tok, skipSpecial);
    for (const auto id : ids) {
        r.pieces.push_back(decoder.push(id));
        r.heldBack += r.pieces.back().empty() ? 1 : 0;
    }
    r.pieces.push_back(decoder.finish());
    for (const auto& p : r.pieces)
        r.joined += p;
    return r;
}

// Streams every fixture text and checks the invariants.
void checkAll(const std::filesystem::path& casesFile)
{
    const Tokenizer& tok = cached(casesFile.parent_path());
    QStringList failures;
    int held = 0;
    for (const std::string& text : readTexts(casesFile)) {
        const Ids ids = tok.encodeRaw(text);
        for (const bool skip : {false, true}) {
            const StreamResult r = stream(tok, ids, skip);
            if (r.joined != tok.decode(ids, skip))
                failures << QString::fromStdString("joined text differs for " +
                                                   nlohmann::json(text).dump());
            for (const auto& p : r.pieces)
                if (!hialign::tok::utf8::isValid(p) ||
                    p.find("\xEF\xBF\xBD") != std::string::npos)
                    failures << QString::fromStdString("bad piece for " + nlohmann::json(text).dump());
            held += r.heldBack;
        }
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join("\n")));
    QVERIFY(held > 0);
}

} // namespace

class TestTokenizeStream : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void llama3AllCases()
    {
        HIALIGN_FIXTURE(cases, "tokenizers/llama3/cases.jsonl");
        checkAll(cases);
    }

    void qwenAllCases()
    {
        HIALIGN_FIXTURE(cases, "tokenizers/qwen/cases.jsonl");
        checkAll(cases);
    }

    void stories260kAllCases()
    {
        HIALIGN_FIXTURE(cases, "stories260k/tokenizer_cases.jsonl");
        checkAll(cases);
    }

    void emojiSplitAcrossByteTokens()
    {
        HIALIGN_FIXTURE(cases, "tokenizers/llama3/cases.jsonl");
        const Tokenizer& tok = cached(cases.parent_path());
        const std::string text = "I love \xF0\x9F\x8D\x95 and \xF0\x9F\x8E\x89!";   // 🍕 🎉
        const Ids ids = tok.encodeRaw(text);
        // The emoji must really be split across tokens for this test to bite.
        bool split = false;
        for (std::size_t n = 1; n < ids.size(); ++n)
            split = split || tok.decode(Ids(ids.begin(), ids.begin() + n)).find("\xEF\xBF\xBD") !=
                                 std::string::npos;
        QVERIFY(split);

        const StreamResult r = stream(tok, ids, true);
        QCOMPARE(r.joined, text);
        QVERIFY(r.heldBack > 0);
        for (const auto& p : r.pieces) {
            QVERIFY(hialign::tok::utf8::isValid(p));
            QVERIFY(p.find("\xEF\xBF\xBD") == std::string::npos);
        }
        // Every piece with a pizza holds all four bytes of it.
        int pizzas = 0;
        for (const auto& p : r.pieces)
            pizzas += p.find("\xF0\x9F\x8D\x95") != std::string::npos ? 1 : 0;
        QCOMPARE(pizzas, 1);
    }

    void skipsSpecialTokens()
    {
        HIALIGN_FIXTURE(cases, "tokenizers/qwen/cases.jsonl");
        const Tokenizer& tok = cached(cases.parent_path());
        const Ids ids = tok.encodeRaw("<|im_start|>assistant\nOK \xF0\x9F\x98\x80<|im_end|>");
        QCOMPARE(stream(tok, ids, true).joined, std::string("assistant\nOK \xF0\x9F\x98\x80"));
        QCOMPARE(stream(tok, ids, false).joined,
                 std::string("<|im_start|>assistant\nOK \xF0\x9F\x98\x80<|im_end|>"));
    }

    void finishFlushesAnIncompleteTail()
    {
        HIALIGN_FIXTURE(cases, "tokenizers/llama3/cases.jsonl");
        const Tokenizer& tok = cached(cases.parent_path());
        // "ok" then the first byte of a 4-byte sequence only ('ð' is 0xF0).
        Ids ids = tok.encodeRaw("ok");
        ids.push_back(*tok.pieceToId("\xC3\xB0"));
        StreamDecoder d(tok);
        std::string out;
        for (const auto id : ids)
            out += d.push(id);
        QCOMPARE(out, std::string("ok"));
        QCOMPARE(d.finish(), std::string("\xEF\xBF\xBD"));
        QCOMPARE(d.finish(), std::string());
    }
};

QTEST_MAIN(TestTokenizeStream)
#include "tst_tokenize_stream.moc"

// Preference pairs as token ids: prompt/completion encoding with the
// stories260k sentencepiece tokenizer (and the byte-level BPE fixtures for
// chat formats), TRL-style truncation, and padded pair batches.
#include <QtTest/QtTest>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "align/TokenizedPair.h"
#include "support/Fixtures.h"
#include "tokenize/Tokenizer.h"
#include "util/Error.h"

using hialign::InputError;
using hialign::align::ChatFormat;
using hialign::align::PreferenceRecord;
using hialign::align::TokenizedPair;
using hialign::align::TokenizeOptions;
using hialign::align::tokenizePair;
using Ids = std::vector<std::int32_t>;

Q_DECLARE_METATYPE(ChatFormat)

namespace {

constexpr std::int32_t kBos = 1;   // stories260k: <s>
constexpr std::int32_t kEos = 2;   // stories260k: </s>

PreferenceRecord plainRecord(std::string prompt, std::string chosen, std::string rejected)
{
    PreferenceRecord r;
    r.prompt = std::move(prompt);
    r.chosen = std::move(chosen);
    r.rejected = std::move(rejected);
    r.line = 7;
    return r;
}

Ids concat(Ids a, const Ids& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

Ids slice(const Ids& v, std::size_t from, std::size_t to)
{
    return Ids(v.begin() + static_cast<std::ptrdiff_t>(from), v.begin() + static_cast<std::ptrdiff_t>(to));
}

QString errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

const std::string kLongPrompt =
    "Once upon a time, there was a little girl named Lily. She loved to play outside in the park "
    "with her friends. One day, she saw a big red ball under a tree and ran to get it.";

} // namespace

class TestAlignTokenize : public QObject {
    Q_OBJECT

    std::unique_ptr<hialign::tok::Tokenizer> stories_;

    const hialign::tok::Tokenizer& stories()
    {
        return *stories_;
    }

private Q_SLOTS:
    void initTestCase()
    {
        HIALIGN_FIXTURE(dir, "stories260k/tokenizer.model");
        stories_ = hialign::tok::loadTokenizer(dir.parent_path());
        QVERIFY(stories_->special().addBos);
        QCOMPARE(*stories_->special().bos, kBos);
        QCOMPARE(stories_->special().eos.front(), kEos);
    }

    void plainPair()
    {
        const auto& tok = stories();
        const TokenizedPair p =
            tokenizePair(plainRecord("Once upon a time", " there was", " a dog"), tok, {});
        QCOMPARE(p.prompt, concat({kBos}, tok.encodeRaw("Once upon a time")));
        QCOMPARE(p.chosen, concat(tok.encodeRaw("there was"), {kEos}));
        QCOMPARE(p.rejected, concat(tok.encodeRaw("a dog"), {kEos}));
        QCOMPARE(p.length(), p.prompt.size() + std::max(p.chosen.size(), p.rejected.size()));
        // Prompt + completion are exactly the ids of the whole text: the
        // completion's leading space is the one sentencepiece adds itself.
        QCOMPARE(concat(p.prompt, slice(p.chosen, 0, p.chosen.size() - 1)),
                 tok.encode("Once upon a time there was", true));
    }

    void completionWithoutLeadingSpace()
    {
        // A completion that starts a new line keeps its text as is.
        const auto& tok = stories();
        const TokenizedPair p = tokenizePair(plainRecord("Title", "\nThe end.", "\nA start."), tok, {});
        QCOMPARE(p.chosen, concat(tok.encodeRaw("\nThe end."), {kEos}));
    }

    void longPromptKeepsEndAndBos()
    {
        const auto& tok = stories();
        const Ids full = tok.encode(kLongPrompt, true);
        QVERIFY(full.size() > 20);
        TokenizeOptions o;
        o.maxPromptLength = 12;
        const TokenizedPair p = tokenizePair(plainRecord(kLongPrompt, " Yes.", " No."), tok, o);
        QCOMPARE(p.prompt.size(), std::size_t(12));
        QCOMPARE(p.prompt.front(), kBos);
        QCOMPARE(slice(p.prompt, 1, 12), slice(full, full.size() - 11, full.size()));
        QCOMPARE(p.chosen, concat(tok.encodeRaw("Yes."), {kEos}));   // untouched
    }

    void longPromptKeepsStart()
    {
        const auto& tok = stories();
        const Ids full = tok.encode(kLongPrompt, true);
        TokenizeOptions o;
        o.maxPromptLength = 12;
        o.keepPromptEnd = false;
        const TokenizedPair p = tokenizePair(plainRecord(kLongPrompt, " Yes.", " No."), tok, o);
        QCOMPARE(p.prompt, slice(full, 0, 12));
    }

    void completionCut()
    {
        const auto& tok = stories();
        const Ids prompt = tok.encode("Once upon a time", true);
        const std::string story = " there was a little girl named Lily who loved to play in the sun.";
        const Ids chosenFull = concat(tok.encodeRaw(story.substr(1)), {kEos});
        TokenizeOptions o;
        o.maxLength = static_cast<int>(prompt.size()) + 4;
        const TokenizedPair p = tokenizePair(plainRecord("Once upon a time", story, " the end"), tok, o);
        QCOMPARE(p.prompt, prompt);                      // the prompt fits: untouched
        QCOMPARE(p.chosen, slice(chosenFull, 0, 4));     // cut, EOS lost
        QCOMPARE(p.rejected, concat(tok.encodeRaw("the end"), {kEos}));   // 3 tokens: fits
        QCOMPARE(p.length(), std::size_t(o.maxLength));
    }

    void promptLeavesNoRoom()
    {
        const auto& tok = stories();
        const Ids full = tok.encode(kLongPrompt, true);
        TokenizeOptions o;
        o.maxLength = 6;
        o.maxPromptLength = 256;
        const TokenizedPair p = tokenizePair(plainRecord(kLongPrompt, " Yes.", " No."), tok, o);
        QCOMPARE(p.prompt.size(), std::size_t(5));
        QCOMPARE(p.prompt.front(), kBos);
        QCOMPARE(slice(p.prompt, 1, 5), slice(full, full.size() - 4, full.size()));
        QCOMPARE(p.chosen.size(), std::size_t(1));
        QCOMPARE(p.rejected.size(), std::size_t(1));
        QCOMPARE(p.length(), std::size_t(6));
    }

    void lengthsNeverExceedMax_data()
    {
        QTest::addColumn<int>("maxLength");
        QTest::addColumn<int>("maxPromptLength");
        QTest::addColumn<bool>("keepEnd");
        for (int maxLength : {2, 3, 8, 17, 40, 512})
            for (int maxPrompt : {1, 2, 5, 16, 256})
                for (bool keepEnd : {true, false})
                    QTest::addRow("max %d prompt %d %s", maxLength, maxPrompt, keepEnd ? "end" : "start")
                        << maxLength << maxPrompt << keepEnd;
    }
    void lengthsNeverExceedMax()
    {
        QFETCH(int, maxLength);
        QFETCH(int, maxPromptLength);
        QFETCH(bool, keepEnd);
        const auto& tok = stories();
        TokenizeOptions o;
        o.maxLength = maxLength;
        o.maxPromptLength = maxPromptLength;
        o.keepPromptEnd = keepEnd;
        const std::vector<PreferenceRecord> records{
            plainRecord(kLongPrompt, " Yes.", " No, she did not, and the ball rolled away into the pond."),
            plainRecord("Hi", kLongPrompt, " x"),
            plainRecord("", " a", " b"),
        };
        for (const auto& r : records) {
            const TokenizedPair p = tokenizePair(r, tok, o);
            QVERIFY(p.length() <= std::size_t(maxLength));
            QVERIFY(p.prompt.size() <= std::size_t(maxPromptLength));
            QVERIFY(!p.prompt.empty());
            QCOMPARE(p.prompt.front(), kBos);   // BOS survives every cut from the start
            QVERIFY(!p.chosen.empty());
            QVERIFY(!p.rejected.empty());
        }
    }

    void badOptions()
    {
        const auto& tok = stories();
        TokenizeOptions o;
        o.maxLength = 1;
        QVERIFY(errorOf([&] { tokenizePair(plainRecord("a", " b", " c"), tok, o); })
                    .contains("maximum length is 1 tokens"));
        o = {};
        o.maxPromptLength = 0;
        QVERIFY(errorOf([&] { tokenizePair(plainRecord("a", " b", " c"), tok, o); })
                    .contains("maximum prompt length is 0 tokens"));
    }

    void conversationalPlainFormat()
    {
        const auto& tok = stories();
        PreferenceRecord r;
        r.conversational = true;
        r.promptMessages = {{"user", "Tell me a story."}, {"assistant", "Once upon a time"}, {"user", "More."}};
        r.chosen = "The cat sat.";
        r.rejected = "No.";
        const TokenizedPair p = tokenizePair(r, tok, {});
        QCOMPARE(p.prompt, concat({kBos}, tok.encodeRaw("Tell me a story.\n\nOnce upon a time\n\nMore.")));
        QCOMPARE(p.chosen, concat(tok.encodeRaw("The cat sat."), {kEos}));
    }

    void llama2WithSentencePiece()
    {
        // The sentencepiece tokenizer does not match "</s><s>" in text; the
        // chat encoder turns them into their ids.
        const auto& tok = stories();
        PreferenceRecord r;
        r.conversational = true;
        r.promptMessages = {{"user", "Hi"}, {"assistant", "Hello"}, {"user", "Bye"}};
        r.chosen = "Bye now.";
        r.rejected = "No.";
        TokenizeOptions o;
        o.chat.format = ChatFormat::Llama2;
        const TokenizedPair p = tokenizePair(r, tok, o);
        Ids expected{kBos};
        expected = concat(expected, tok.encodeRaw("[INST] Hi [/INST] Hello "));
        expected = concat(expected, {kEos, kBos});
        expected = concat(expected, tok.encodeRaw("[INST] Bye [/INST]"));
        QCOMPARE(p.prompt, expected);
        QCOMPARE(p.chosen, concat(tok.encodeRaw("Bye now."), {kEos}));
        QCOMPARE(hialign::align::encodePrompt(r, tok, hialign::align::ChatTemplate{ChatFormat::Llama2}), expected);
    }

    void llama3WithByteLevelBpe()
    {
        HIALIGN_FIXTURE(dir, "tokenizers/llama3/tokenizer.json");
        const auto tok = hialign::tok::loadTokenizer(dir.parent_path());
        const std::int32_t start = *tok->pieceToId("<|start_header_id|>");
        const std::int32_t end = *tok->pieceToId("<|end_header_id|>");
        const std::int32_t eot = *tok->pieceToId("<|eot_id|>");
        PreferenceRecord r;
        r.conversational = true;
        r.promptMessages = {{"user", "Hi"}};
        r.chosen = "Hello!";
        r.rejected = "Go away.";
        TokenizeOptions o;
        o.chat.format = ChatFormat::Llama3;
        const TokenizedPair p = tokenizePair(r, *tok, o);
        // This tokenizer.json adds no BOS, so the prompt is the rendered chat.
        const Ids expected = tok->encodeRaw(hialign::align::renderChat(ChatFormat::Llama3, r.promptMessages, true));
        QCOMPARE(p.prompt, expected);
        QCOMPARE(std::count(p.prompt.begin(), p.prompt.end(), start), std::ptrdiff_t(2));
        QCOMPARE(std::count(p.prompt.begin(), p.prompt.end(), end), std::ptrdiff_t(2));
        QCOMPARE(p.prompt.front(), start);
        QCOMPARE(p.chosen, concat(tok->encodeRaw("Hello!"), {eot}));
        QCOMPARE(p.rejected.back(), eot);
        QCOMPARE(hialign::align::completionEndId(ChatFormat::Llama3, true, *tok), eot);

        // A plain-text record is not a chat turn: it ends with EOS.
        const TokenizedPair q = tokenizePair(plainRecord("Hi", " there", " you"), *tok, o);
        QCOMPARE(q.chosen.back(), tok->special().eos.front());

        // The model's template writes bos_token (Llama 3's does): a chat
        // prompt starts with the BOS id, as apply_chat_template's ids do;
        // plain text still gets none from this tokenizer.
        o.chat.writesBos = true;
        QVERIFY(tok->special().bos.has_value());
        QCOMPARE(tokenizePair(r, *tok, o).prompt, concat(Ids{*tok->special().bos}, expected));
        QCOMPARE(tokenizePair(plainRecord("Hi", " there", " you"), *tok, o).prompt, tok->encodeRaw("Hi"));

        // templateCompletions (TRL's processing): the completion is what the
        // template renders after the prompt. Llama 3 Instruct's first
        // template appends the assistant header after every conversation, so
        // it follows the end of turn; the prompt stays the same.
        o.chat.alwaysGenerationPrompt = true;
        o.templateCompletions = true;
        const TokenizedPair t = tokenizePair(r, *tok, o);
        QCOMPARE(t.prompt, concat(Ids{*tok->special().bos}, expected));
        const Ids header = tok->encodeRaw("<|start_header_id|>assistant<|end_header_id|>\n\n");
        QCOMPARE(t.chosen, concat(concat(tok->encodeRaw("Hello!"), {eot}), header));
        QCOMPARE(t.rejected, concat(concat(tok->encodeRaw("Go away."), {eot}), header));
        // Plain-text records are not rendered through the template.
        QCOMPARE(tokenizePair(plainRecord("Hi", " there", " you"), *tok, o).chosen, q.chosen);
    }

    void chatmlWithByteLevelBpe()
    {
        HIALIGN_FIXTURE(dir, "tokenizers/qwen/tokenizer.json");
        const auto tok = hialign::tok::loadTokenizer(dir.parent_path());
        const std::int32_t imStart = *tok->pieceToId("<|im_start|>");
        const std::int32_t imEnd = *tok->pieceToId("<|im_end|>");
        PreferenceRecord r;
        r.conversational = true;
        r.promptMessages = {{"system", "Be kind."}, {"user", "Hi"}};
        r.chosen = "Hello!";
        r.rejected = "Go away.";
        TokenizeOptions o;
        o.chat.format = ChatFormat::ChatML;
        const TokenizedPair p = tokenizePair(r, *tok, o);
        QCOMPARE(p.prompt.front(), imStart);   // Qwen: no BOS
        QCOMPARE(std::count(p.prompt.begin(), p.prompt.end(), imStart), std::ptrdiff_t(3));
        QCOMPARE(std::count(p.prompt.begin(), p.prompt.end(), imEnd), std::ptrdiff_t(2));
        QCOMPARE(p.chosen, concat(tok->encodeRaw("Hello!"), {imEnd}));

        // Qwen3's template with templateCompletions: the empty think block
        // before the reply and the newline after <|im_end|> are part of it.
        o.chat.thinking = true;
        o.templateCompletions = true;
        const TokenizedPair t = tokenizePair(r, *tok, o);
        QCOMPARE(t.prompt, p.prompt);
        QCOMPARE(t.chosen, concat(concat(tok->encodeRaw("<think>\n\n</think>\n\nHello!"), {imEnd}),
                                  tok->encodeRaw("\n")));
        o.templateCompletions = false;
        o.chat.thinking = false;

        // An empty prompt with no BOS leaves the first completion token
        // without context: a clear error naming the record.
        const QString message = errorOf([&] { tokenizePair(plainRecord("", "a", "b"), *tok, {}); });
        QVERIFY2(message.contains("the preference record at line 7 has an empty prompt"), qPrintable(message));
    }

    void tokenizeAllSetsIndices()
    {
        const std::vector<PreferenceRecord> records{plainRecord("a", " b", " c"),
                                                    plainRecord("d", " e", " f")};
        const auto pairs = hialign::align::tokenizeAll(records, stories(), {});
        QCOMPARE(pairs.size(), std::size_t(2));
        QCOMPARE(pairs[0].index, std::size_t(0));
        QCOMPARE(pairs[1].index, std::size_t(1));
        QCOMPARE(pairs[1].prompt, tokenizePair(records[1], stories(), {}).prompt);
    }

    void collate()
    {
        std::vector<TokenizedPair> pairs(2);
        pairs[0].prompt = {1, 10, 11};
        pairs[0].chosen = {20, 2};
        pairs[0].rejected = {30, 31, 32, 2};
        pairs[0].index = 5;
        pairs[1].prompt = {1, 12};
        pairs[1].chosen = {21, 22, 2};
        pairs[1].rejected = {33, 2};
        pairs[1].index = 9;
        const auto b = hialign::align::collatePairs(pairs, {1, 0}, 0);
        QCOMPARE(b.pairs, std::int64_t(2));
        QCOMPARE(b.width, std::int64_t(7));   // pair 0: 3 + 4
        QCOMPARE(b.indices, (std::vector<std::size_t>{9, 5}));
        // Rows: chosen of pair 1, chosen of pair 0, rejected of pair 1, rejected of pair 0.
        const Ids ids{1, 12, 21, 22, 2, 0, 0,
                      1, 10, 11, 20, 2, 0, 0,
                      1, 12, 33, 2, 0, 0, 0,
                      1, 10, 11, 30, 31, 32, 2};
        QCOMPARE(b.inputIds, ids);
        const std::vector<std::uint8_t> attention{1, 1, 1, 1, 1, 0, 0,
                                                  1, 1, 1, 1, 1, 0, 0,
                                                  1, 1, 1, 1, 0, 0, 0,
                                                  1, 1, 1, 1, 1, 1, 1};
        QCOMPARE(b.attentionMask, attention);
        const std::vector<std::uint8_t> completion{0, 0, 1, 1, 1, 0, 0,
                                                   0, 0, 0, 1, 1, 0, 0,
                                                   0, 0, 1, 1, 0, 0, 0,
                                                   0, 0, 0, 1, 1, 1, 1};
        QCOMPARE(b.completionMask, completion);
        QCOMPARE(b.promptLengths, (std::vector<std::int64_t>{2, 3, 2, 3}));
        QCOMPARE(b.lengths, (std::vector<std::int64_t>{5, 5, 4, 7}));
        QCOMPARE(hialign::align::paddingId(stories()), kEos);   // no pad token: EOS
    }
};

QTEST_APPLESS_MAIN(TestAlignTokenize)
#include "tst_align_tokenize.moc"

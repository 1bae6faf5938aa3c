// tokenizer.json features on small hand-made byte-level BPE files: both merge
// forms, ignore_merges, added-token flags (lstrip, rstrip, single_word,
// normalized), the plain ByteLevel pre-tokenizer, and malformed files.
#include <QtTest/QtTest>

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tokenize/BpeTokenizer.h"
#include "tokenize/ByteLevel.h"
#include "tokenize/Tokenizer.h"

namespace {

using hialign::tok::BpeTokenizer;
using nlohmann::json;

std::string mapped(const std::string& bytes)
{
    return hialign::tok::ByteLevel::instance().encode(bytes);
}

// A tokenizer.json whose vocabulary is the 256 byte characters (id = byte
// value) plus the merges below, ids 256.. in order.
//   "h e" -> he (256), "l l" -> ll (257), "he ll" -> hell (258),
//   "hell o" -> hello (259), "Ġ w" -> Ġw (260), "Ġ hello" -> Ġhello (261)
json makeSpec(bool arrayMerges)
{
    json vocab = json::object();
    for (int b = 0; b < 256; ++b)
        vocab[mapped(std::string(1, static_cast<char>(b)))] = b;
    const std::vector<std::pair<std::string, std::string>> merges = {
        {"h", "e"}, {"l", "l"}, {"he", "ll"}, {"hell", "o"}, {mapped(" "), "w"},
        {mapped(" "), "hello"}};
    json mergeList = json::array();
    int next = 256;
    for (const auto& [a, b] : merges) {
        vocab[a + b] = next++;
        mergeList.push_back(arrayMerges ? json::array({a, b}) : json(a + " " + b));
    }
    json spec;
    spec["version"] = "1.0";
    spec["added_tokens"] = json::array();
    spec["normalizer"] = nullptr;
    spec["pre_tokenizer"] = {
        {"type", "Sequence"},
        {"pretokenizers",
         json::array({{{"type", "Split"},
                       {"pattern", {{"Regex", R"( ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)"}}},
                       {"behavior", "Isolated"},
                       {"invert", false}},
                      {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", false}}})}};
    spec["post_processor"] = nullptr;
    spec["decoder"] = {{"type", "ByteLevel"}};
    spec["model"] = {{"type", "BPE"}, {"vocab", vocab}, {"merges", mergeList},
                     {"ignore_merges", false}};
    return spec;
}

json addedToken(int id, const std::string& content, bool special, bool lstrip = false,
                bool rstrip = false, bool singleWord = false, bool normalized = false)
{
    return {{"id", id},          {"content", content},       {"special", special},
            {"lstrip", lstrip},  {"rstrip", rstrip},         {"single_word", singleWord},
            {"normalized", normalized}};
}

using Ids = std::vector<std::int32_t>;

// Writes `text` to dir/name and returns the path.
std::filesystem::path writeFile(const QTemporaryDir& dir, const std::string& name,
                                const std::string& text)
{
    const std::filesystem::path path = std::filesystem::path(dir.path().toStdString()) / name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

// Expects loading `path` to throw an InputError whose message holds every
// string of `needles`.
void expectInputError(const std::filesystem::path& path, const std::vector<std::string>& needles)
{
    try {
        hialign::tok::loadTokenizer(path);
        QFAIL("no error");
    } catch (const hialign::InputError& e) {
        const std::string msg = e.what();
        for (const auto& n : needles)
            QVERIFY2(msg.find(n) != std::string::npos, qPrintable(QString::fromStdString(msg)));
    } catch (const std::exception& e) {
        QFAIL(qPrintable(QString("wrong exception type: ") + e.what()));
    }
}

} // namespace

class TestTokenizeBpeJson : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void mergesInBothForms()
    {
        for (const bool arrayForm : {false, true}) {
            BpeTokenizer tok(makeSpec(arrayForm), "test.json");
            QCOMPARE(tok.encodeRaw("hello"), Ids({259}));
            // "Ġhello" merges fully; "Ġw" + "o" ... per byte after.
            QCOMPARE(tok.encodeRaw(" hello world"), Ids({261, 260, 'o', 'r', 'l', 'd'}));
            QCOMPARE(tok.encodeRaw("hehe"), Ids({256, 256}));
            QCOMPARE(tok.decode(tok.encodeRaw(" hello world")), std::string(" hello world"));
            QCOMPARE(tok.vocabSize(), 262);
        }
    }

    void mergeRankOrder()
    {
        // "hell" needs he(256) + ll(257) before he+ll(258): rank decides, not
        // position. "lle": only l+l merges.
        BpeTokenizer tok(makeSpec(false), "test.json");
        QCOMPARE(tok.encodeRaw("hell"), Ids({258}));
        QCOMPARE(tok.encodeRaw("lle"), Ids({257, 'e'}));
        QCOMPARE(tok.encodeRaw("lll"), Ids({257, 'l'}));
    }

    void ignoreMerges()
    {
        json spec = makeSpec(false);
        // A word in the vocabulary that the merges cannot build.
        spec["model"]["vocab"]["xyz"] = 300;
        QCOMPARE(BpeTokenizer(spec, "t.json").encodeRaw("xyz"), Ids({'x', 'y', 'z'}));
        spec["model"]["ignore_merges"] = true;
        QCOMPARE(BpeTokenizer(spec, "t.json").encodeRaw("xyz"), Ids({300}));
    }

    void addedTokensStripAndSingleWord()
    {
        json spec = makeSpec(false);
        spec["added_tokens"] = json::array({
            addedToken(400, "<s>", true),
            addedToken(401, "<m>", false, /*lstrip*/ true, /*rstrip*/ true),
            addedToken(402, "cat", false, false, false, /*single_word*/ true),
            addedToken(403, "<s><s>", true),   // longest match wins
        });
        BpeTokenizer tok(spec, "t.json");
        QCOMPARE(tok.encodeRaw("<s>hello"), Ids({400, 259}));
        QCOMPARE(tok.encodeRaw("<s><s>"), Ids({403}));
        // lstrip/rstrip swallow the spaces around <m>.
        QCOMPARE(tok.encodeRaw("hello  <m>  hello"), Ids({259, 401, 259}));
        // single_word: only when not glued to letters.
        QCOMPARE(tok.encodeRaw("cat"), Ids({402}));
        QCOMPARE(tok.encodeRaw("a cat."), Ids({'a', ' ', 402, '.'}));
        QCOMPARE(tok.encodeRaw("concat"), Ids({'c', 'o', 'n', 'c', 'a', 't'}));
        QCOMPARE(tok.encodeRaw("_cat"), Ids({'_', 'c', 'a', 't'}));   // '_' is a word character
        QCOMPARE(tok.decode({400, 259, 401}, true), std::string("hello<m>"));
        QCOMPARE(tok.decode({400, 259, 401}, false), std::string("<s>hello<m>"));
    }

    void normalizedAddedTokens()
    {
        json spec = makeSpec(false);
        spec["normalizer"] = {{"type", "Sequence"}, {"normalizers", json::array({{{"type", "NFC"}}})}};
        // "é" (U+00E9) matched after NFC; a raw token is matched before it.
        spec["added_tokens"] = json::array({
            addedToken(500, "\xC3\xA9", false, false, false, false, /*normalized*/ true),
            addedToken(501, "e\xCC\x81!", false, false, false, false, /*normalized*/ false),
        });
        BpeTokenizer tok(spec, "t.json");
        QCOMPARE(tok.encodeRaw("e\xCC\x81"), Ids({500}));
        QCOMPARE(tok.encodeRaw("\xC3\xA9"), Ids({500}));
        QCOMPARE(tok.encodeRaw("e\xCC\x81!"), Ids({501}));
    }

    void plainByteLevelWithRegex()
    {
        json spec = makeSpec(false);
        spec["pre_tokenizer"] = {{"type", "ByteLevel"}, {"add_prefix_space", true},
                                 {"use_regex", true}};
        BpeTokenizer tok(spec, "t.json");
        // add_prefix_space: "hello" is read as " hello".
        QCOMPARE(tok.encodeRaw("hello"), Ids({261}));
        // GPT-2 pattern: contractions split off.
        QCOMPARE(tok.encodeRaw("he's"), Ids({' ', 256, '\'', 's'}));
    }

    void splitBehaviors()
    {
        // Split on the literal "e" with each behavior, then ByteLevel.
        const std::vector<std::pair<std::string, Ids>> expected = {
            {"Isolated", {'h', 'e', 'h', 'e'}},
            {"Removed", {'h', 'h'}},
            {"MergedWithPrevious", {256, 256}},           // "he" "he"
            {"MergedWithNext", {'h', 'e', 'h', 'e'}},     // "h" "eh" "e"
            {"Contiguous", {'h', 'e', 'h', 'e'}},
        };
        for (const auto& [behavior, ids] : expected) {
            json spec = makeSpec(false);
            spec["pre_tokenizer"] = {
                {"type", "Sequence"},
                {"pretokenizers",
                 json::array({{{"type", "Split"}, {"pattern", {{"String", "e"}}},
                               {"behavior", behavior}, {"invert", false}},
                              {{"type", "ByteLevel"}, {"add_prefix_space", false},
                               {"use_regex", false}}})}};
            QVERIFY2(BpeTokenizer(spec, "t.json").encodeRaw("hehe") == ids, behavior.c_str());
        }
    }

    void templateProcessingAddsBos()
    {
        QTemporaryDir dir;
        json spec = makeSpec(false);
        spec["added_tokens"] = json::array({addedToken(400, "<bos>", true)});
        spec["post_processor"] = {
            {"type", "Sequence"},
            {"processors",
             json::array({{{"type", "ByteLevel"}},
                          {{"type", "TemplateProcessing"},
                           {"single", json::array({{{"SpecialToken", {{"id", "<bos>"}, {"type_id", 0}}}},
                                                   {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}})},
                           {"special_tokens",
                            {{"<bos>", {{"id", "<bos>"}, {"ids", json::array({400})}, {"tokens", json::array({"<bos>"})}}}}}}})}};
        writeFile(dir, "tokenizer.json", spec.dump());
        auto tok = hialign::tok::loadTokenizer(dir.path().toStdString());
        QCOMPARE(tok->special().bos, std::optional<std::int32_t>(400));
        QVERIFY(tok->special().addBos);
        QCOMPARE(tok->encode("hello"), Ids({400, 259}));

        // tokenizer_config.json's add_bos_token wins over the template.
        writeFile(dir, "tokenizer_config.json", R"({"add_bos_token": false, "bos_token": "<bos>"})");
        tok = hialign::tok::loadTokenizer(dir.path().toStdString());
        QVERIFY(!tok->special().addBos);
        QCOMPARE(tok->encode("hello"), Ids({259}));

        // eos: tokenizer_config's token plus every generation_config id.
        writeFile(dir, "tokenizer_config.json",
                  R"({"bos_token": {"content": "<bos>", "special": true}, "eos_token": "<bos>"})");
        writeFile(dir, "generation_config.json", R"({"eos_token_id": [7, 8]})");
        tok = hialign::tok::loadTokenizer(dir.path().toStdString());
        QVERIFY(tok->special().addBos);
        QCOMPARE(tok->special().eos, Ids({400, 7, 8}));
        QVERIFY(tok->isEos(8));
        QVERIFY(!tok->isEos(9));
    }

    void malformedFiles()
    {
        QTemporaryDir dir;
        const std::string full = makeSpec(false).dump();

        const auto truncated = writeFile(dir, "truncated.json", full.substr(0, full.size() / 2));
        expectInputError(truncated, {"truncated.json", "JSON"});

        json noVocab = makeSpec(false);
        noVocab["model"].erase("vocab");
        expectInputError(writeFile(dir, "novocab.json", noVocab.dump()),
                         {"novocab.json", "model.vocab"});

        json unigram = makeSpec(false);
        unigram["model"]["type"] = "Unigram";
        expectInputError(writeFile(dir, "unigram.json", unigram.dump()),
                         {"unigram.json", "model.type", "Unigram"});

        json badMerge = makeSpec(false);
        badMerge["model"]["merges"].push_back("q z");
        expectInputError(writeFile(dir, "badmerge.json", badMerge.dump()),
                         {"badmerge.json", "model.merges[6]"});

        json badRegex = makeSpec(false);
        badRegex["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = "(unclosed";
        expectInputError(writeFile(dir, "badregex.json", badRegex.dump()),
                         {"badregex.json", "pre_tokenizer.pretokenizers[0].pattern.Regex"});

        json metaspace = makeSpec(false);
        metaspace["pre_tokenizer"] = {{"type", "Metaspace"}};
        expectInputError(writeFile(dir, "metaspace.json", metaspace.dump()),
                         {"metaspace.json", "Metaspace"});

        // A folder: the error names tokenizer.json inside it.
        QTemporaryDir folder;
        writeFile(folder, "tokenizer.json", full.substr(0, 100));
        expectInputError(folder.path().toStdString(), {"tokenizer.json"});
        // A malformed tokenizer_config.json beside a good tokenizer.json.
        writeFile(folder, "tokenizer.json", full);
        writeFile(folder, "tokenizer_config.json", R"({"add_bos_token": "yes"})");
        expectInputError(folder.path().toStdString(), {"tokenizer_config.json", "add_bos_token"});

        QTemporaryDir empty;
        expectInputError(empty.path().toStdString(), {"tokenizer.json", "tokenizer.model"});
        expectInputError("/nonexistent/tokenizer.json", {"/nonexistent/tokenizer.json"});
        expectInputError(writeFile(dir, "vocab.txt", "x"), {"vocab.txt"});
    }
};

QTEST_MAIN(TestTokenizeBpeJson)
#include "tst_tokenize_bpejson.moc"

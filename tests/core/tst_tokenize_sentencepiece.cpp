// SentencePiece through the dlopen()ed bridge: the stories260k fixture
// (ids, pieces, decoded text), its folder's special tokens, loading from
// bytes, training a model, and a clear error when the bridge is missing.
#include <QtTest/QtTest>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/Fixtures.h"
#include "tokenize/SentencePieceTokenizer.h"
#include "tokenize/SentencePieceTrainer.h"
#include "tokenize/Tokenizer.h"

namespace {

using hialign::tok::SentencePieceTokenizer;
using Ids = std::vector<std::int32_t>;

struct Case {
    std::string text;
    Ids ids;
    std::vector<std::string> pieces;
    std::string decoded;
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
        cases.push_back({j.at("text").get<std::string>(), j.at("ids").get<Ids>(),
                         j.at("pieces").get<std::vector<std::string>>(),
                         j.at("decoded").get<std::string>()});
    }
    return cases;
}

std::string readBytes(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

nlohmann::json readJson(const std::filesystem::path& file)
{
    std::ifstream in(file);
    return nlohmann::json::parse(in);
}

void checkCases(const hialign::tok::Tokenizer& tok, const std::vector<Case>& cases)
{
    QStringList failures;
    for (const Case& c : cases) {
        const Ids ids = tok.encodeRaw(c.text);
        if (ids != c.ids)
            failures << QString::fromStdString("encode " + nlohmann::json(c.text).dump());
        std::vector<std::string> pieces;
        for (const auto id : c.ids)
            pieces.push_back(tok.piece(id));
        if (pieces != c.pieces)
            failures << QString::fromStdString("pieces " + nlohmann::json(c.text).dump());
        const std::string text = tok.decode(c.ids);
        if (text != c.decoded)
            failures << QString::fromStdString("decode " + nlohmann::json(c.text).dump() +
                                               " gave " + nlohmann::json(text).dump());
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join("\n")));
}

} // namespace

class TestTokenizeSentencePiece : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void stories260kCases()
    {
        HIALIGN_FIXTURE(casesFile, "stories260k/tokenizer_cases.jsonl");
        const auto cases = readCases(casesFile);
        QCOMPARE(cases.size(), std::size_t(30));
        SentencePieceTokenizer tok(casesFile.parent_path() / "tokenizer.model");
        QCOMPARE(QString::fromStdString(tok.kind()), QStringLiteral("sentencepiece"));
        QCOMPARE(tok.vocabSize(), 512);
        checkCases(tok, cases);
    }

    void fromBytes()
    {
        HIALIGN_FIXTURE(model, "stories260k/tokenizer.model");
        HIALIGN_FIXTURE(casesFile, "stories260k/tokenizer_cases.jsonl");
        const auto tok = SentencePieceTokenizer::fromBytes(readBytes(model), model.string());
        checkCases(*tok, readCases(casesFile));
        QVERIFY_THROWS_EXCEPTION(hialign::InputError,
                                 SentencePieceTokenizer::fromBytes("not a model", "junk"));
    }

    void folderSpecialTokens()
    {
        HIALIGN_FIXTURE(casesFile, "stories260k/tokenizer_cases.jsonl");
        const auto dir = casesFile.parent_path();
        const auto tok = hialign::tok::loadTokenizer(dir);
        QCOMPARE(QString::fromStdString(tok->kind()), QStringLiteral("sentencepiece"));
        const auto gen = readJson(dir / "generation_config.json");
        const auto cfg = readJson(dir / "tokenizer_config.json");
        const auto& s = tok->special();
        QCOMPARE(s.bos, std::optional<std::int32_t>(gen.at("bos_token_id").get<std::int32_t>()));
        QCOMPARE(s.eos, Ids({gen.at("eos_token_id").get<std::int32_t>()}));
        QCOMPARE(s.addBos, cfg.at("add_bos_token").get<bool>());
        QCOMPARE(s.addEos, cfg.at("add_eos_token").get<bool>());
        QVERIFY(!s.pad.has_value());
        // The README's numbers for this model.
        QCOMPARE(s.bos, std::optional<std::int32_t>(1));
        QCOMPARE(s.eos, Ids({2}));
        QVERIFY(s.addBos);

        const Case first = readCases(casesFile).front();
        Ids expected = {1};
        expected.insert(expected.end(), first.ids.begin(), first.ids.end());
        QCOMPARE(tok->encode(first.text), expected);
        QCOMPARE(tok->encode(first.text, false), first.ids);
        QVERIFY(tok->isEos(2));
        QVERIFY(!tok->isEos(1));
    }

    void controlTokens()
    {
        HIALIGN_FIXTURE(model, "stories260k/tokenizer.model");
        SentencePieceTokenizer tok(model);
        QCOMPARE(tok.pieceToId("<s>"), std::optional<std::int32_t>(1));
        QCOMPARE(tok.pieceToId("<unk>"), std::optional<std::int32_t>(0));
        QVERIFY(!tok.pieceToId("no such piece").has_value());
        QVERIFY(tok.isControl(1) && tok.isControl(2) && tok.isUnknown(0) && tok.isByte(3));
        QVERIFY(!tok.isControl(600));
        const Ids once = tok.encodeRaw("Once upon");
        Ids ids = {1};
        ids.insert(ids.end(), once.begin(), once.end());
        ids.push_back(2);
        QCOMPARE(tok.decode(ids, true), std::string("Once upon"));
        QCOMPARE(tok.decode(ids, false), std::string("<s>Once upon</s>"));
        Ids outOfRange = {9999};   // skipped, like padding rows of an embedding
        outOfRange.insert(outOfRange.end(), once.begin(), once.end());
        QCOMPARE(tok.decode(outOfRange), std::string("Once upon"));
        QVERIFY_THROWS_EXCEPTION(hialign::InputError, tok.piece(-1));
    }

    void missingModelFile()
    {
        try {
            SentencePieceTokenizer tok("/nonexistent/tokenizer.model");
            QFAIL("no error");
        } catch (const hialign::InputError& e) {
            QVERIFY(std::string(e.what()).find("/nonexistent/tokenizer.model") != std::string::npos);
        }
        QTemporaryDir dir;
        const std::string bad = (dir.path() + "/bad.model").toStdString();
        std::ofstream(bad) << "not a protobuf";
        try {
            hialign::tok::loadTokenizer(bad);
            QFAIL("no error");
        } catch (const hialign::InputError& e) {
            QVERIFY(std::string(e.what()).find("bad.model") != std::string::npos);
        }
    }

    void trainAndLoad()
    {
        QTemporaryDir dir;
        const std::string corpus = (dir.path() + "/corpus.txt").toStdString();
        {
            std::ofstream out(corpus);
            const char* lines[] = {"Once upon a time there was a little girl named Lily.",
                                   "She loved to play outside in the park with her dog.",
                                   "One day she found a shiny red ball under a big tree.",
                                   "The sun was warm and the birds were singing happily."};
            for (int i = 0; i < 200; ++i)
                out << lines[i % 4] << " " << i << "\n";
        }
        const std::string prefix = (dir.path() + "/demo").toStdString();
        hialign::tok::trainSentencePiece("--input=" + corpus + " --model_prefix=" + prefix +
                                         " --vocab_size=400 --model_type=bpe --byte_fallback=true"
                                         " --minloglevel=2");
        const auto tok = hialign::tok::loadTokenizer(prefix + ".model");
        QCOMPARE(tok->vocabSize(), 400);
        const std::string text = "Lily found a red ball. 日本";
        QCOMPARE(tok->decode(tok->encodeRaw(text)), text);
        QVERIFY(tok->special().addBos);
        QCOMPARE(tok->encode("Lily").front(), *tok->special().bos);

        try {
            hialign::tok::trainSentencePiece("--input=/nonexistent/corpus.txt --model_prefix=" +
                                             prefix + "2 --vocab_size=50 --minloglevel=2");
            QFAIL("no error");
        } catch (const hialign::Error& e) {
            QVERIFY(std::string(e.what()).find("sentencepiece training failed") != std::string::npos);
        }
    }

    // Training with absolute paths records the given relative names in the
    // model's trainer spec, without changing the working directory.
    void trainRecordsRelativeNames()
    {
        QTemporaryDir dir;
        const std::filesystem::path root = std::filesystem::absolute(dir.path().toStdString());
        std::filesystem::create_directories(root / "model dir");
        const auto corpus = root / "corpus.txt";
        {
            std::ofstream out(corpus);
            for (int i = 0; i < 200; ++i)
                out << "The little dog played in the park with a red ball " << i << ".\n";
        }
        const auto before = std::filesystem::current_path();
        hialign::tok::SentencePieceTraining training;
        training.input = corpus;
        training.modelPrefix = root / "model dir" / "tok";
        training.flags = "--vocab_size=300 --model_type=bpe --byte_fallback=true --num_threads=1 --minloglevel=2";
        training.recordedInput = "corpus.txt";
        training.recordedModelPrefix = "model dir/tok";
        hialign::tok::trainSentencePiece(training);
        QCOMPARE(std::filesystem::current_path(), before);

        const auto modelFile = root / "model dir" / "tok.model";
        std::ifstream in(modelFile, std::ios::binary);
        std::ostringstream buf;
        buf << in.rdbuf();
        const std::string bytes = buf.str();
        // trainer_spec (field 2) holds input (field 1) and model_prefix (field 2).
        QVERIFY(bytes.find(std::string("\x0a\x0a") + "corpus.txt") != std::string::npos);
        QVERIFY(bytes.find(std::string("\x12\x0d") + "model dir/tok") != std::string::npos);
        QVERIFY(bytes.find(root.string()) == std::string::npos);

        const auto tok = hialign::tok::loadTokenizer(modelFile);
        QCOMPARE(tok->vocabSize(), 300);
        QCOMPARE(tok->decode(tok->encodeRaw("The red dog.")), std::string("The red dog."));

        training.flags += " --input=elsewhere.txt";
        try {
            hialign::tok::trainSentencePiece(training);
            QFAIL("no error");
        } catch (const hialign::Error& e) {
            QVERIFY(std::string(e.what()).find("--input") != std::string::npos);
        }
    }

    void missingBridgeIsAClearError()
    {
        HIALIGN_FIXTURE(model, "stories260k/tokenizer.model");
        qputenv("HIALIGN_SPM_BRIDGE", "/nonexistent/libhialign_spm_bridge.so");
        try {
            SentencePieceTokenizer tok(model);
            qunsetenv("HIALIGN_SPM_BRIDGE");
            QFAIL("no error");
        } catch (const hialign::Error& e) {
            qunsetenv("HIALIGN_SPM_BRIDGE");
            const std::string msg = e.what();
            QVERIFY2(msg.find("HIALIGN_SPM_BRIDGE") != std::string::npos, msg.c_str());
            QVERIFY2(msg.find("/nonexistent/libhialign_spm_bridge.so") != std::string::npos, msg.c_str());
        }
        // A file that is not a shared library.
        qputenv("HIALIGN_SPM_BRIDGE", model.string().c_str());
        QVERIFY_THROWS_EXCEPTION(hialign::Error, SentencePieceTokenizer tok(model));
        qunsetenv("HIALIGN_SPM_BRIDGE");
        // Unset again: the normal search finds the bridge.
        SentencePieceTokenizer tok(model);
        QCOMPARE(tok.vocabSize(), 512);
    }
};

QTEST_MAIN(TestTokenizeSentencePiece)
#include "tst_tokenize_sentencepiece.moc"

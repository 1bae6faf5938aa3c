// Tests for core/io/Safetensors: round trips, zero-copy views, the atomic
// writer, sharded checkpoints, the real stories260k fixture, and one _data
// row per malformed file (built by hand from bytes) with the expected error.

// ATen before Qt: Qt's `slots` keyword macro breaks ATen's ivalue headers.
#include <ATen/ATen.h>

#include <QtTest/QtTest>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "io/Safetensors.h"
#include "support/Fixtures.h"

namespace fs = std::filesystem;
using hialign::InputError;
using namespace hialign::io;

namespace {

// The 8-byte little-endian length prefix.
QByteArray le64(std::uint64_t n)
{
    QByteArray out(8, '\0');
    for (int i = 0; i < 8; ++i)
        out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
    return out;
}

// A safetensors file from a header text and raw data bytes; the length prefix
// is the header size unless `declared` overrides it.
QByteArray stFile(const QByteArray& header, const QByteArray& data = {},
                  std::optional<std::uint64_t> declared = std::nullopt)
{
    return le64(declared ? *declared : static_cast<std::uint64_t>(header.size())) + header + data;
}

void writeBytes(const fs::path& path, const QByteArray& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.constData(), bytes.size());
    QVERIFY(out.good());
}

QByteArray readBytes(const fs::path& path)
{
    QFile f(QString::fromStdString(path.string()));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

// The message of the InputError `fn` throws; a marker string when it throws
// nothing or something else, so QVERIFY(contains) fails with a useful text.
QString inputErrorOf(const std::function<void()>& fn)
{
    try {
        fn();
    } catch (const InputError& e) {
        return QString::fromUtf8(e.what());
    } catch (const std::exception& e) {
        return QStringLiteral("<not an InputError: %1>").arg(QString::fromUtf8(e.what()));
    }
    return QStringLiteral("<no exception>");
}

bool insideMapping(const at::Tensor& t, const SafetensorsFile& f)
{
    const auto* p = static_cast<const std::uint8_t*>(t.data_ptr());
    const std::uint8_t* begin = f.mapping().data();
    return p >= begin && p + t.nbytes() <= begin + f.mapping().size();
}

fs::path toPath(const QTemporaryDir& dir, const char* name)
{
    return fs::path(dir.path().toStdString()) / name;
}

std::vector<std::string> filesIn(const fs::path& dir)
{
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

class TestIoSafetensors : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip();
    void headerIsDeterministicAndAligned();
    void writerAcceptsAnyLayout();
    void writerRejectsBadInput();
    void writerCleansUpOnFailure();
    void viewsOutliveTheFileObject();
    void writesToViewsStayPrivate();
    void overwriteWhileMapped();
    void emptyAndZeroSizedTensors();
    void acceptsNullMetadataAndWhitespace();
    void badFiles_data();
    void badFiles();
    void missingAndEmptyFiles();
    void shardedIndex();
    void weightStoreErrors();
    void weightStoreDirectFile();
    void stories260kFixture();
};

void TestIoSafetensors::roundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path path = toPath(dir, "rt.safetensors");

    const at::Tensor f32 = at::arange(6, at::kFloat).reshape({2, 3}) * 0.5 - 1.0;
    const at::Tensor bf16 = at::tensor({1.5f, -2.0f, 3.25f, 1e30f}).to(at::kBFloat16).reshape({4, 1});
    const at::Tensor f16 = at::tensor({0.1f, 65504.f, -0.0f, 6e-8f, 2.0f}).to(at::kHalf);
    const at::Tensor tail = at::tensor({42.f});   // offset 42: not 4-aligned
    const std::map<std::string, std::string> meta{{"format", "pt"}, {"note", "héllo ✓"}};
    writeSafetensors(path, {{"w.f32", f32}, {"w.bf16", bf16}, {"w.f16", f16}, {"tail", tail}},
                     meta);

    const SafetensorsFile file(path);
    QCOMPARE(file.header().metadata, meta);
    QCOMPARE(file.header().tensors.size(), std::size_t{4});
    // File order is the order given to the writer.
    QCOMPARE(file.header().tensors[0].name, std::string("w.f32"));
    QCOMPARE(file.header().tensors[3].name, std::string("tail"));
    QCOMPARE(file.entry("w.f16").dtype, DType::F16);
    QCOMPARE(file.entry("w.bf16").shape, (std::vector<std::int64_t>{4, 1}));
    QCOMPARE(file.header().dataSize, std::uint64_t{24 + 8 + 10 + 4});
    QVERIFY(file.contains("tail"));
    QVERIFY(!file.contains("nope"));

    struct Case { const char* name; at::Tensor expected; bool aligned; };
    for (const Case& c : {Case{"w.f32", f32, true}, Case{"w.bf16", bf16, true},
                          Case{"w.f16", f16, true}, Case{"tail", tail, false}}) {
        const at::Tensor t = file.tensor(c.name);
        QCOMPARE(t.scalar_type(), c.expected.scalar_type());
        QCOMPARE(t.sizes().vec(), c.expected.sizes().vec());
        QVERIFY2(at::equal(t, c.expected), c.name);
        QVERIFY(t.device().is_cpu());
        QVERIFY(!t.requires_grad());
        // Aligned data is viewed in place; misaligned data is copied.
        QVERIFY2(insideMapping(t, file) == c.aligned, c.name);
    }
    QVERIFY(inputErrorOf([&] { file.tensor("nope"); }).contains("'nope'"));
    // No temporary file left behind.
    QCOMPARE(filesIn(path.parent_path()), std::vector<std::string>{"rt.safetensors"});
}

void TestIoSafetensors::headerIsDeterministicAndAligned()
{
    QTemporaryDir dir;
    const fs::path path = toPath(dir, "det.safetensors");
    writeSafetensors(path, {{"b", at::ones({1}, at::kFloat)}, {"a", at::zeros({}, at::kHalf)}},
                     {{"format", "pt"}});
    const QByteArray bytes = readBytes(path);
    std::uint64_t n = 0;
    std::memcpy(&n, bytes.constData(), 8);
    QCOMPARE((8 + n) % 8, std::uint64_t{0});
    // Keys sorted at every level; tensors laid out in the order given.
    const QByteArray expected =
        R"({"__metadata__":{"format":"pt"},"a":{"data_offsets":[4,6],"dtype":"F16","shape":[]},)"
        R"("b":{"data_offsets":[0,4],"dtype":"F32","shape":[1]}})";
    QCOMPARE(bytes.mid(8, int(n)).trimmed(), expected);
    QVERIFY(bytes.mid(8 + expected.size(), int(n) - expected.size()).count(' ') ==
            int(n) - expected.size());
    QCOMPARE(bytes.size(), int(8 + n + 6));

    // Same input, same bytes.
    const fs::path again = toPath(dir, "again.safetensors");
    writeSafetensors(again, {{"b", at::ones({1}, at::kFloat)}, {"a", at::zeros({}, at::kHalf)}},
                     {{"format", "pt"}});
    QCOMPARE(readBytes(again), bytes);
}

void TestIoSafetensors::writerAcceptsAnyLayout()
{
    QTemporaryDir dir;
    const fs::path path = toPath(dir, "layout.safetensors");
    const at::Tensor base = at::randn({3, 5});
    const at::Tensor transposed = base.t();                   // non-contiguous
    const at::Tensor sliced = base.slice(1, 1, 4);
    const at::Tensor withGrad = at::randn({2, 2}).set_requires_grad(true);
    writeSafetensors(path, {{"t", transposed}, {"s", sliced}, {"g", withGrad}});

    const SafetensorsFile file(path);
    QVERIFY(at::equal(file.tensor("t"), transposed));
    QVERIFY(at::equal(file.tensor("s"), sliced));
    QVERIFY(at::equal(file.tensor("g"), withGrad.detach()));
    QCOMPARE(file.tensor("t").sizes().vec(), (std::vector<std::int64_t>{5, 3}));
}

void TestIoSafetensors::writerRejectsBadInput()
{
    QTemporaryDir dir;
    const fs::path path = toPath(dir, "bad.safetensors");
    QVERIFY(inputErrorOf([&] { writeSafetensors(path, {{"x", at::zeros({2}, at::kDouble)}}); })
                .contains("'x'"));
    QVERIFY(inputErrorOf([&] {
                writeSafetensors(path, {{"x", at::zeros({2})}, {"x", at::zeros({2})}});
            }).contains("twice"));
    QVERIFY(inputErrorOf([&] { writeSafetensors(path, {{"__metadata__", at::zeros({2})}}); })
                .contains("reserved"));
    QVERIFY(inputErrorOf([&] { writeSafetensors(path, {{"u", at::Tensor()}}); })
                .contains("undefined"));
    QVERIFY(!fs::exists(path));
    QVERIFY(filesIn(path.parent_path()).empty());
}

void TestIoSafetensors::writerCleansUpOnFailure()
{
    QTemporaryDir dir;
    // The target is a non-empty folder, so the final rename fails after the
    // temporary file was written in full.
    const fs::path target = toPath(dir, "occupied");
    fs::create_directories(target / "inside");
    bool threw = false;
    try {
        writeSafetensors(target, {{"x", at::ones({16})}});
    } catch (const hialign::Error& e) {
        threw = true;
        QVERIFY2(QString(e.what()).contains("occupied"), e.what());
    }
    QVERIFY(threw);
    QCOMPARE(filesIn(dir.path().toStdString()), std::vector<std::string>{"occupied"});

    // A folder that does not exist: nothing can be created.
    QVERIFY_THROWS_EXCEPTION(
        hialign::Error,
        writeSafetensors(toPath(dir, "no/such/dir/x.safetensors"), {{"x", at::ones({1})}}));
}

void TestIoSafetensors::viewsOutliveTheFileObject()
{
    QTemporaryDir dir;
    const fs::path path = toPath(dir, "alive.safetensors");
    const at::Tensor expected = at::arange(1000, at::kFloat);
    writeSafetensors(path, {{"x", expected}});
    at::Tensor view;
    {
        const SafetensorsFile file(path);
        view = file.tensor("x").slice(0, 10, 20);
        QVERIFY(insideMapping(view, file));
    }
    // The mapping is still alive through the tensor's deleter.
    QVERIFY(at::equal(view, expected.slice(0, 10, 20)));
}

void TestIoSafetensors::writesToViewsStayPrivate()
{
    QTemporaryDir dir;
    const fs::path path = toPath(dir, "cow.safetensors");
    writeSafetensors(path, {{"x", at::zeros({8})}});
    const QByteArray before = readBytes(path);
    {
        const SafetensorsFile file(path);
        at::Tensor view = file.tensor("x");
        QVERIFY(insideMapping(view, file));
        view.add_(1.0f);   // copy-on-write: lands in a private page
        QVERIFY(at::equal(view, at::ones({8})));
    }
    QCOMPARE(readBytes(path), before);
    QVERIFY(at::equal(SafetensorsFile(path).tensor("x"), at::zeros({8})));
}

void TestIoSafetensors::overwriteWhileMapped()
{
    QTemporaryDir dir;
    const fs::path path = toPath(dir, "model.safetensors");
    writeSafetensors(path, {{"x", at::full({64}, 1.0f)}});
    const SafetensorsFile old(path);
    const at::Tensor oldView = old.tensor("x");
    // Writing from the views of a file to that same file is safe: the new
    // bytes go to a new inode, renamed over the old name.
    writeSafetensors(path, {{"x", oldView * 2}, {"y", oldView}});
    QVERIFY(at::equal(oldView, at::full({64}, 1.0f)));
    const SafetensorsFile fresh(path);
    QVERIFY(at::equal(fresh.tensor("x"), at::full({64}, 2.0f)));
    QVERIFY(at::equal(fresh.tensor("y"), at::full({64}, 1.0f)));
}

void TestIoSafetensors::emptyAndZeroSizedTensors()
{
    QTemporaryDir dir;
    const fs::path path = toPath(dir, "zero.safetensors");
    writeSafetensors(path, {{"a", at::zeros({0, 3})}, {"b", at::ones({2}, at::kHalf)},
                            {"c", at::zeros({4, 0}, at::kBFloat16)}});
    const SafetensorsFile file(path);
    QCOMPARE(file.tensor("a").sizes().vec(), (std::vector<std::int64_t>{0, 3}));
    QCOMPARE(file.tensor("c").scalar_type(), at::kBFloat16);
    QVERIFY(at::equal(file.tensor("b"), at::ones({2}, at::kHalf)));

    // No tensors at all: a valid file with an empty data section.
    const fs::path none = toPath(dir, "none.safetensors");
    writeSafetensors(none, {});
    const SafetensorsFile empty(none);
    QVERIFY(empty.header().tensors.empty());
    QCOMPARE(empty.header().dataSize, std::uint64_t{0});

    // A valid header (the element count is 0) whose non-zero dimensions
    // cannot be a LibTorch tensor: opening works, tensor() refuses cleanly.
    const fs::path huge = toPath(dir, "huge-empty.safetensors");
    writeBytes(huge, stFile(R"({"h":{"dtype":"F32","shape":[0,4611686018427387904,)"
                            R"(4611686018427387904],"data_offsets":[0,0]}})"));
    const SafetensorsFile hugeFile(huge);
    const QString msg = inputErrorOf([&] { hugeFile.tensor("h"); });
    QVERIFY2(msg.contains("'h'") && msg.contains("too large"), qPrintable(msg));
}

void TestIoSafetensors::acceptsNullMetadataAndWhitespace()
{
    // Hand-written, as other writers produce it: key order not sorted,
    // whitespace, __metadata__ null (the reference reads it as "none").
    const QByteArray header =
        R"( { "y": {"dtype": "F16", "shape": [1], "data_offsets": [4, 6]},)"
        R"( "__metadata__": null, "x": {"dtype":"F32","shape":[],"data_offsets":[0,4]} }  )";
    QByteArray data(6, '\0');
    const float one = 1.0f;
    std::memcpy(data.data(), &one, 4);
    const QByteArray bytes = stFile(header, data);
    const SafetensorsHeader h = parseSafetensors(
        reinterpret_cast<const std::uint8_t*>(bytes.constData()), bytes.size(), "hand");
    QCOMPARE(h.tensors.size(), std::size_t{2});
    QCOMPARE(h.tensors[0].name, std::string("x"));
    QVERIFY(h.tensors[0].shape.empty());
    QVERIFY(h.metadata.empty());
}

void TestIoSafetensors::badFiles_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");

    const QByteArray f4(4, '\0');
    const auto entry = [](const char* name, const char* dtype, const char* shape,
                          std::uint64_t b, std::uint64_t e) {
        return QByteArray("\"") + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape +
               ",\"data_offsets\":[" + QByteArray::number(qulonglong(b)) + "," +
               QByteArray::number(qulonglong(e)) + "]}";
    };

    QTest::newRow("truncated (3 bytes)") << QByteArray("\x05\0\0", 3) << "too short";
    QTest::newRow("truncated (7 bytes)") << QByteArray(7, '\0') << "it has 7 bytes";
    QTest::newRow("header length past end of file")
        << stFile("{}", {}, 100) << "past the end of the file";
    QTest::newRow("huge header length")
        << stFile("{}", {}, 0xFFFFFFFFFFFFFFFFull) << "18446744073709551615 bytes";
    QTest::newRow("header length 2^64-8 (8 + N wraps)")
        << stFile("{}", {}, 0xFFFFFFFFFFFFFFF8ull) << "limit";
    QTest::newRow("header over the cap")
        << stFile("{}", {}, 100000001) << "more than the 100000000-byte limit";
    QTest::newRow("empty header") << stFile("") << "not valid JSON";
    QTest::newRow("invalid UTF-8 in header")
        << stFile("{\"a\xff\":{}}") << "not valid UTF-8";
    QTest::newRow("overlong UTF-8 in header")
        << stFile("{\"\xc0\xaf\":{}}") << "not valid UTF-8";
    QTest::newRow("UTF-16 surrogate in header")
        << stFile("{\"\xed\xa0\x80\":{}}") << "not valid UTF-8";
    QTest::newRow("invalid JSON") << stFile("{\"a\": ") << "not valid JSON";
    QTest::newRow("NUL in header") << stFile(QByteArray("{}\0", 3)) << "not valid JSON";
    QTest::newRow("non-object header") << stFile("[1,2]") << "is a JSON array, not an object";
    QTest::newRow("string header") << stFile("\"x\"") << "is a JSON string, not an object";
    QTest::newRow("overlapping spans")
        << stFile("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) +
                  "}", QByteArray(12, '\0'))
        << "tensors 'a' and 'b' in";
    QTest::newRow("same span twice")
        << stFile("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 0, 4) +
                  "}", QByteArray(8, '\0'))
        << "overlap";
    QTest::newRow("gapped spans")
        << stFile("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) +
                  "}", QByteArray(12, '\0'))
        << "gap of 4 unused bytes before tensor 'b'";
    QTest::newRow("data not starting at 0")
        << stFile("{" + entry("a", "F32", "[1]", 4, 8) + "}", QByteArray(8, '\0'))
        << "gap of 4 unused bytes before tensor 'a'";
    QTest::newRow("trailing bytes")
        << stFile("{" + entry("a", "F32", "[1]", 0, 4) + "}", QByteArray(8, '\0'))
        << "4 trailing bytes";
    QTest::newRow("no tensors, trailing bytes") << stFile("{}", f4) << "4 trailing bytes";
    QTest::newRow("span past end of file")
        << stFile("{" + entry("a", "F32", "[4]", 0, 16) + "}", f4)
        << "past the end of the file (4 data bytes)";
    QTest::newRow("span at 2^64-4")
        << stFile("{" + entry("a", "F32", "[1]", 0xFFFFFFFFFFFFFFFBull, 0xFFFFFFFFFFFFFFFFull) +
                  "}", f4)
        << "gap";
    QTest::newRow("unknown dtype Q7")
        << stFile("{" + entry("x", "Q7", "[1]", 0, 4) + "}", f4) << "unknown dtype 'Q7'";
    QTest::newRow("unsupported dtype I64")
        << stFile("{" + entry("x", "I64", "[1]", 0, 8) + "}", QByteArray(8, '\0'))
        << "has dtype I64; only F32, F16 and BF16 are supported";
    QTest::newRow("unsupported dtype F64")
        << stFile("{" + entry("x", "F64", "[1]", 0, 8) + "}", QByteArray(8, '\0'))
        << "has dtype F64";
    QTest::newRow("unsupported dtype BOOL")
        << stFile("{" + entry("x", "BOOL", "[4]", 0, 4) + "}", f4) << "has dtype BOOL";
    QTest::newRow("lower-case dtype")
        << stFile("{" + entry("x", "f32", "[1]", 0, 4) + "}", f4) << "unknown dtype 'f32'";
    QTest::newRow("shape/span mismatch")
        << stFile("{" + entry("x", "F32", "[3]", 0, 8) + "}", QByteArray(8, '\0'))
        << "(12 bytes) but its data_offsets span 8 bytes";
    QTest::newRow("shape product overflow")
        << stFile("{" + entry("x", "F32", "[4294967296,4294967296,16]", 0, 4) + "}", f4)
        << "overflows 64 bits";
    QTest::newRow("shape x dtype overflow")
        << stFile("{" + entry("x", "F32", "[4611686018427387904]", 0, 4) + "}", f4)
        << "overflows 64 bits";
    QTest::newRow("shape entry beyond int64")
        << stFile("{" + entry("x", "F32", "[0,18446744073709551615]", 0, 0) + "}")
        << "too large for a tensor dimension";
    QTest::newRow("negative shape entry")
        << stFile("{" + entry("x", "F32", "[-1]", 0, 4) + "}", f4)
        << "shape entry -1; shape entries must be non-negative integers";
    QTest::newRow("fractional shape entry")
        << stFile("{" + entry("x", "F32", "[1.0]", 0, 4) + "}", f4) << "shape entry 1.0";
    QTest::newRow("string shape entry")
        << stFile("{" + entry("x", "F32", "[\"1\"]", 0, 4) + "}", f4) << "shape entry \"1\"";
    QTest::newRow("shape not an array")
        << stFile("{" + entry("x", "F32", "4", 0, 4) + "}", f4) << "shape that is a JSON number";
    QTest::newRow("data_offsets reversed")
        << stFile("{" + entry("x", "F32", "[0]", 4, 0) + "}", f4) << "begin is past its end";
    QTest::newRow("data_offsets of three")
        << stFile(R"({"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4,4]}})", f4)
        << "expected an array of two non-negative integers";
    QTest::newRow("negative data_offsets")
        << stFile(R"({"x":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}})", f4)
        << "data_offsets entry -4";
    QTest::newRow("dtype not a string")
        << stFile(R"({"x":{"dtype":32,"shape":[1],"data_offsets":[0,4]}})", f4)
        << "dtype that is a JSON number";
    QTest::newRow("missing field")
        << stFile(R"({"x":{"dtype":"F32","data_offsets":[0,4]}})", f4) << "no 'shape' field";
    QTest::newRow("extra field")
        << stFile(R"({"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"z":1}})", f4)
        << "unexpected field 'z'";
    QTest::newRow("entry not an object") << stFile(R"({"x":[1]})") << "JSON array, not an object";
    QTest::newRow("duplicate tensor names")
        << stFile("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("a", "F32", "[1]", 4, 8) +
                  "}", QByteArray(8, '\0'))
        << "names tensor 'a' twice";
    QTest::newRow("duplicate key in an entry")
        << stFile(R"({"x":{"dtype":"I64","dtype":"F32","shape":[1],"data_offsets":[0,4]}})", f4)
        << "repeats the key 'dtype'";
    QTest::newRow("duplicate __metadata__")
        << stFile(R"({"__metadata__":{},"__metadata__":{}})") << "more than one '__metadata__'";
    QTest::newRow("metadata with a non-string value")
        << stFile(R"({"__metadata__":{"format":"pt","epoch":3}})")
        << "metadata key 'epoch'";
    QTest::newRow("metadata not an object")
        << stFile(R"({"__metadata__":["pt"]})") << "__metadata__ of";
    QTest::newRow("nested too deep")
        << stFile(R"({"x":{"dtype":"F32","shape":[[[1]]],"data_offsets":[0,4]}})", f4)
        << "nests JSON objects or arrays deeper";
    QTest::newRow("control characters are escaped in messages")
        << stFile("{" + entry("a\\u0001b", "Q7", "[1]", 0, 4) + "}", f4) << "'a\\x01b'";
}

void TestIoSafetensors::badFiles()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);

    // From memory, on an exactly-sized heap buffer.
    std::vector<std::uint8_t> buffer(bytes.begin(), bytes.end());
    const QString fromMemory = inputErrorOf([&] {
        parseSafetensors(buffer.empty() ? nullptr : buffer.data(), buffer.size(), "BUF");
    });
    QVERIFY2(fromMemory.contains(expected), qPrintable(fromMemory));
    QVERIFY2(fromMemory.contains("BUF"), qPrintable(fromMemory));

    // From a file: the message names it.
    QTemporaryDir dir;
    const fs::path path = toPath(dir, "bad.safetensors");
    writeBytes(path, bytes);
    const QString fromFile = inputErrorOf([&] { SafetensorsFile file(path); });
    QVERIFY2(fromFile.contains(expected), qPrintable(fromFile));
    QVERIFY2(fromFile.contains(QString::fromStdString(path.string())), qPrintable(fromFile));
    qInfo("%s", qPrintable(fromMemory));   // the message, for review in the log
    // One sentence, no embedded newlines.
    QVERIFY2(!fromFile.contains('\n'), qPrintable(fromFile));
}

void TestIoSafetensors::missingAndEmptyFiles()
{
    QTemporaryDir dir;
    const fs::path missing = toPath(dir, "missing.safetensors");
    QString msg = inputErrorOf([&] { MappedFile m(missing); });
    QVERIFY2(msg.contains("missing.safetensors") && msg.contains("does not exist"),
             qPrintable(msg));

    const fs::path empty = toPath(dir, "empty.safetensors");
    writeBytes(empty, {});
    msg = inputErrorOf([&] { SafetensorsFile f(empty); });
    QVERIFY2(msg.contains("empty.safetensors") && msg.contains("is empty"), qPrintable(msg));

    msg = inputErrorOf([&] { MappedFile m(dir.path().toStdString()); });
    QVERIFY2(msg.contains("is a folder"), qPrintable(msg));
}

namespace {

void writeIndex(const fs::path& dir, const QByteArray& weightMap)
{
    writeBytes(dir / "model.safetensors.index.json",
               R"({"metadata":{"total_size":0},"weight_map":)" + weightMap + "}");
}

} // namespace

void TestIoSafetensors::shardedIndex()
{
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();
    const at::Tensor a = at::randn({4, 3});
    const at::Tensor b = at::randn({7}).to(at::kHalf);
    const at::Tensor c = at::randn({2, 2}).to(at::kBFloat16);
    writeSafetensors(root / "model-00001-of-00002.safetensors", {{"a", a}, {"b", b}});
    writeSafetensors(root / "model-00002-of-00002.safetensors", {{"c", c}});
    writeIndex(root, R"({"a":"model-00001-of-00002.safetensors",)"
                     R"("c":"model-00002-of-00002.safetensors",)"
                     R"("b":"model-00001-of-00002.safetensors"})");

    const WeightStore store(root);
    QCOMPARE(store.names(), (std::vector<std::string>{"a", "b", "c"}));
    QVERIFY(store.contains("c"));
    QVERIFY(!store.contains("d"));
    QCOMPARE(store.entry("b").dtype, DType::F16);
    QVERIFY(at::equal(store.tensor("a"), a));
    QVERIFY(at::equal(store.tensor("b"), b));
    QVERIFY(at::equal(store.tensor("c"), c));
    QCOMPARE(store.totalBytes(), std::uint64_t{4 * 3 * 4 + 7 * 2 + 2 * 2 * 2});
    const QString msg = inputErrorOf([&] { store.tensor("d"); });
    QVERIFY2(msg.contains("'d'"), qPrintable(msg));

    // model.safetensors wins over an index, as in transformers.
    writeSafetensors(root / "model.safetensors", {{"only", a}});
    QCOMPARE(WeightStore(root).names(), std::vector<std::string>{"only"});
}

void TestIoSafetensors::weightStoreErrors()
{
    QTemporaryDir dir;
    const fs::path root = dir.path().toStdString();

    QString msg = inputErrorOf([&] { WeightStore s(root); });
    QVERIFY2(msg.contains("neither model.safetensors nor model.safetensors.index.json") &&
                 msg.contains(QString::fromStdString(root.string())),
             qPrintable(msg));

    msg = inputErrorOf([&] { WeightStore s(root / "nowhere"); });
    QVERIFY2(msg.contains("nowhere") && msg.contains("does not exist"), qPrintable(msg));

    writeSafetensors(root / "shard1.safetensors", {{"a", at::ones({2})}});

    writeIndex(root, R"({"a":"shard1.safetensors","b":"shard2.safetensors"})");
    msg = inputErrorOf([&] { WeightStore s(root); });
    QVERIFY2(msg.contains("shard2.safetensors") && msg.contains("does not exist"),
             qPrintable(msg));

    writeIndex(root, R"({"a":"shard1.safetensors","b":"shard1.safetensors"})");
    msg = inputErrorOf([&] { WeightStore s(root); });
    QVERIFY2(msg.contains("'b'") && msg.contains("no such tensor"), qPrintable(msg));

    writeIndex(root, R"({"a":"../shard1.safetensors"})");
    msg = inputErrorOf([&] { WeightStore s(root); });
    QVERIFY2(msg.contains("not a file inside the model folder"), qPrintable(msg));

    writeIndex(root, R"({"a":1})");
    msg = inputErrorOf([&] { WeightStore s(root); });
    QVERIFY2(msg.contains("JSON number"), qPrintable(msg));

    writeBytes(root / "model.safetensors.index.json", "{\"weight_map\": ");
    msg = inputErrorOf([&] { WeightStore s(root); });
    QVERIFY2(msg.contains("not valid JSON"), qPrintable(msg));

    writeBytes(root / "model.safetensors.index.json", "{}");
    msg = inputErrorOf([&] { WeightStore s(root); });
    QVERIFY2(msg.contains("weight_map"), qPrintable(msg));
}

void TestIoSafetensors::weightStoreDirectFile()
{
    QTemporaryDir dir;
    const fs::path file = toPath(dir, "weights.safetensors");
    writeSafetensors(file, {{"x", at::ones({3})}, {"y", at::zeros({2}, at::kHalf)}});
    const WeightStore store(file);
    QCOMPARE(store.names(), (std::vector<std::string>{"x", "y"}));
    QCOMPARE(store.totalBytes(), std::uint64_t{16});
}

void TestIoSafetensors::stories260kFixture()
{
    HIALIGN_FIXTURE(path, "stories260k/model.safetensors");
    const SafetensorsFile file(path);
    QVERIFY(file.contains("model.embed_tokens.weight"));
    QVERIFY(!file.contains("lm_head.weight"));
    const TensorEntry& e = file.entry("model.embed_tokens.weight");
    QCOMPARE(e.dtype, DType::F32);
    QCOMPARE(e.shape, (std::vector<std::int64_t>{512, 64}));
    QCOMPARE(file.header().metadata.at("format"), std::string("pt"));

    std::uint64_t sum = 0;
    for (const TensorEntry& t : file.header().tensors) {
        sum += t.end - t.begin;
        const at::Tensor x = file.tensor(t.name);
        QCOMPARE(static_cast<std::uint64_t>(x.nbytes()), t.end - t.begin);
        QVERIFY(insideMapping(x, file));   // F32 at 4-aligned offsets: zero-copy
        QVERIFY(at::isfinite(x).all().item<bool>());
    }
    QCOMPARE(sum, static_cast<std::uint64_t>(fs::file_size(path)) - file.header().dataStart());
    QCOMPARE(sum, file.header().dataSize);

    const WeightStore store(path.parent_path());
    QCOMPARE(store.totalBytes(), sum);
    QCOMPARE(store.tensor("model.embed_tokens.weight").sizes().vec(),
             (std::vector<std::int64_t>{512, 64}));
}

QTEST_MAIN(TestIoSafetensors)
#include "tst_io_safetensors.moc"

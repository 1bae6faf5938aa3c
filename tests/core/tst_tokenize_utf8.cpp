// UTF-8 helpers and the GPT-2 byte map (hand-checked cases).
#include <QtTest/QtTest>

#include <string>

#include "tokenize/ByteLevel.h"
#include "tokenize/Utf8.h"

namespace utf8 = hialign::tok::utf8;

class TestTokenizeUtf8 : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sanitizeUsesMaximalSubparts()
    {
        const std::string r = "\xEF\xBF\xBD";
        QCOMPARE(utf8::sanitize("plain"), std::string("plain"));
        QCOMPARE(utf8::sanitize("a\xF0\x9F\x98"), "a" + r);               // truncated emoji: one
        QCOMPARE(utf8::sanitize("\xC0\x80"), r + r);                      // overlong: each byte
        QCOMPARE(utf8::sanitize("\xED\xA0\x80"), r + r + r);              // surrogate: each byte
        QCOMPARE(utf8::sanitize("\xF0\x9F\x98x"), r + "x");
        QCOMPARE(utf8::sanitize("\x80\xBF"), r + r);                      // lone continuations
        QCOMPARE(utf8::sanitize("\xF4\x90\x80\x80"), r + r + r + r);      // > U+10FFFF
        QCOMPARE(utf8::sanitize("\xE2\x82\xAC\xFF"), "\xE2\x82\xAC" + r); // € then 0xFF
    }

    void completePrefix()
    {
        QCOMPARE(utf8::completePrefixLength("ab"), std::size_t(2));
        QCOMPARE(utf8::completePrefixLength("ab\xF0\x9F\x98"), std::size_t(2));
        QCOMPARE(utf8::completePrefixLength("ab\xF0\x9F\x98\x80"), std::size_t(6));
        QCOMPARE(utf8::completePrefixLength("ab\xE2"), std::size_t(2));
        QCOMPARE(utf8::completePrefixLength("ab\xFF"), std::size_t(3));     // never valid
        QCOMPARE(utf8::completePrefixLength("ab\xE0\x80"), std::size_t(4)); // never valid
    }

    void byteMap()
    {
        const auto& m = hialign::tok::ByteLevel::instance();
        QCOMPARE(m.encode(" "), std::string("\xC4\xA0"));    // Ġ
        QCOMPARE(m.encode("\n"), std::string("\xC4\x8A"));   // Ċ
        QCOMPARE(m.encode("A~"), std::string("A~"));
        QCOMPARE(m.encode("\xAD"), std::string("\xC5\x83"));  // soft hyphen -> U+0143
        std::string all;
        for (int b = 0; b < 256; ++b)
            all += static_cast<char>(b);
        std::string back;
        QVERIFY(m.decode(m.encode(all), back));
        QCOMPARE(back, all);
        std::string out = "x";
        QVERIFY(!m.decode("a b", out));   // a plain space is not a mapped character
        QCOMPARE(out, std::string("x"));
    }
};

QTEST_MAIN(TestTokenizeUtf8)
#include "tst_tokenize_utf8.moc"

// Judge specs: the three kinds, options checked against the kind, secrets
// refused, numbers checked; and where the rating's number sits in a reply.
#include <QtTest/QtTest>

#include "judge/JudgeSpec.h"
#include "judge/RubricJudge.h"
#include "util/Error.h"

using namespace hialign::judge;

namespace {

std::string errorOf(const std::string& spec)
{
    try {
        parseJudgeSpec(spec);
    } catch (const hialign::InputError& e) {
        return e.what();
    }
    return "";
}

} // namespace

class TestJudgeSpec : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void kinds()
    {
        JudgeSpec e = parseJudgeSpec("exact");
        QCOMPARE(e.kind, std::string("exact"));
        QVERIFY(e.target.empty());
        QCOMPARE(parseJudgeSpec("exact:/labs/demo").target, std::string("/labs/demo"));

        JudgeSpec l = parseJudgeSpec("local:/models/Qwen2.5-7B-Instruct,batch=4,force-rating=1");
        QCOMPARE(l.kind, std::string("local"));
        QCOMPARE(l.target, std::string("/models/Qwen2.5-7B-Instruct"));
        QCOMPARE(l.intOption("batch", 8), 4);
        QCOMPARE(l.boolOption("force-rating", false), true);
        QCOMPARE(l.intOption("max-new-tokens", 192), 192);

        JudgeSpec o = parseJudgeSpec("openai:http://127.0.0.1:8000/v1,model=qwen,key-env=JUDGE_KEY,concurrency=8,timeout=2.5");
        QCOMPARE(o.target, std::string("http://127.0.0.1:8000/v1"));
        const HttpBackendOptions h = httpOptions(o);
        QCOMPARE(h.model, std::string("qwen"));
        QCOMPARE(h.keyEnv, std::string("JUDGE_KEY"));
        QCOMPARE(h.concurrency, 8);
        QCOMPARE(h.timeoutSeconds, 2.5);
        QCOMPARE(h.logprobs, std::string("auto"));
        // A folder name with a comma stays whole.
        QCOMPARE(parseJudgeSpec("local:/m/a,b,batch=2").target, std::string("/m/a,b"));
    }

    void errorsNameTheProblem()
    {
        QVERIFY(errorOf("oracle").find("Unknown judge \"oracle\"") != std::string::npos);
        QVERIFY(errorOf("local").find("needs a model folder") != std::string::npos);
        QVERIFY(errorOf("openai").find("needs a server URL") != std::string::npos);
        QVERIFY(errorOf("openai:http://h").find("needs a model name") != std::string::npos);
        QVERIFY(errorOf("local:/m,colour=red").find("has no option \"colour\"; it knows") != std::string::npos);
        QVERIFY(errorOf("local:/m,batch=2,batch=3").find("given twice") != std::string::npos);
        QVERIFY(errorOf("openai:http://h,model=m,api_key=sk-1").find("Do not put an API key") != std::string::npos);
        QVERIFY(errorOf("exact:/lab,batch=2").find("no option") != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(hialign::InputError, parseJudgeSpec("local:/m,batch=two").intOption("batch", 1));
        QVERIFY_THROWS_EXCEPTION(hialign::InputError, httpOptions(parseJudgeSpec("openai:http://h,model=m,logprobs=maybe")));
        QVERIFY_THROWS_EXCEPTION(hialign::InputError, httpOptions(parseJudgeSpec("openai:ftp://h,model=m")));
    }

    void ratingOffsets()
    {
        const std::string reply = "Good.\n  Rating: [[ 7 ]] done";
        const ParsedRating r = parseRating(reply);
        QCOMPARE(*r.score, 7);
        QCOMPARE(reply.substr(r.valueOffset, 1), std::string("7"));
        // An invalid marker first: the offset is the valid one's.
        const std::string two = "Rating: [[11]]\r\nRating: [[10]]\n";
        const ParsedRating t = parseRating(two);
        QCOMPARE(*t.score, 10);
        QCOMPARE(two.substr(t.valueOffset, 2), std::string("10"));
        QCOMPARE(parseRating("no marker").valueOffset, std::string::npos);
        const std::string v = "x\nVerdict: [[tie]]";
        QCOMPARE(v.substr(parseVerdict(v).valueOffset, 3), std::string("tie"));
    }
};

QTEST_GUILESS_MAIN(TestJudgeSpec)
#include "tst_judge_spec.moc"

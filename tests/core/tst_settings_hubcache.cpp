// Models by hub id from a Hugging Face cache laid out as the hub client
// writes it (blobs, symlinked snapshots, refs), built here from the
// stories260k fixture: resolution by id, revision, tag and commit, the
// environment's cache folder, snapshot paths back to ids, the picker's list,
// and the refusals (not cached, revision missing, interrupted download,
// gated model's empty folder).
#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <string>

#include "config/HubCache.h"
#include "support/Fixtures.h"
#include "util/Error.h"

using namespace hialign;
namespace fs = std::filesystem;

namespace {

const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";
const std::string kOld = "89abcdef0123456789abcdef0123456789abcdef";

fs::path fixtures()
{
    return hialign::test::fixturesDir();
}

void writeText(const fs::path& p, const std::string& text)
{
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

// CACHE/models--ORG--NAME with a snapshot COMMIT whose files link to blobs
// that link to the fixture's files.
fs::path addSnapshot(const fs::path& cache, const std::string& repo, const std::string& commit,
                     const std::vector<std::string>& files)
{
    const fs::path dir = cache / repo;
    fs::create_directories(dir / "blobs");
    fs::create_directories(dir / "snapshots" / commit);
    for (const std::string& f : files) {
        const fs::path blob = dir / "blobs" / (commit.substr(0, 8) + "-" + f);
        if (!fs::exists(fs::symlink_status(blob)))
            fs::create_symlink(fixtures() / "stories260k" / f, blob);
        fs::create_symlink(fs::path("../../blobs") / blob.filename(), dir / "snapshots" / commit / f);
    }
    return dir / "snapshots" / commit;
}

std::string refusal(const std::string& spec)
{
    try {
        io::locateModel(spec);
    } catch (const InputError& e) {
        return e.what();
    }
    return {};
}

} // namespace

class TestHubCache : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;
    fs::path cache_;
    fs::path snapshot_;

private Q_SLOTS:
    void initTestCase()
    {
        HIALIGN_FIXTURE(weights, "stories260k/model.safetensors");
        cache_ = fs::path(tmp_.path().toStdString()) / "hub";
        const std::vector<std::string> files{"config.json", "model.safetensors", "tokenizer.model",
                                             "tokenizer_config.json"};
        snapshot_ = addSnapshot(cache_, "models--hialign-test--stories260k", kCommit, files);
        addSnapshot(cache_, "models--hialign-test--stories260k", kOld, files);
        writeText(cache_ / "models--hialign-test--stories260k" / "refs" / "main", kCommit);
        writeText(cache_ / "models--hialign-test--stories260k" / "refs" / "v1", kOld + "\n");
        // An interrupted download: the weights' link points at a blob that never arrived.
        const fs::path broken = addSnapshot(cache_, "models--hialign-test--partial", kCommit, {"config.json"});
        fs::create_symlink("../../blobs/missing.incomplete", broken / "model.safetensors");
        writeText(cache_ / "models--hialign-test--partial" / "refs" / "main", kCommit);
        // A gated model whose download was refused: the folder, no snapshot.
        fs::create_directories(cache_ / "models--hialign-test--gated" / "refs");
        qputenv("HF_HUB_CACHE", QByteArray::fromStdString(cache_.string()));
    }

    void parsesHubIds()
    {
        const auto plain = io::parseHubId("Qwen/Qwen2.5-0.5B-Instruct");
        QVERIFY(plain);
        QCOMPARE(plain->id, std::string("Qwen/Qwen2.5-0.5B-Instruct"));
        QCOMPARE(plain->revision, std::string("main"));
        const auto at = io::parseHubId("meta-llama/Llama-3.2-1B@refs/pr/3");
        QVERIFY(at);
        QCOMPARE(at->revision, std::string("refs/pr/3"));
        for (const char* bad : {"model", "/abs/path", "./rel/dir", "a/b/c", "org/", "org/name@", "org/na me",
                                "org/name@../x", "../name"})
            QVERIFY2(!io::parseHubId(bad), bad);
    }

    void cacheFolderFollowsTheEnvironment()
    {
        QCOMPARE(io::hubCacheDir(), cache_);
        const QByteArray saved = qgetenv("HF_HUB_CACHE");
        qunsetenv("HF_HUB_CACHE");
        qputenv("HF_HOME", "/somewhere/hf");
        QCOMPARE(io::hubCacheDir(), fs::path("/somewhere/hf/hub"));
        qunsetenv("HF_HOME");
        QVERIFY(io::hubCacheDir().string().find(".cache/huggingface/hub") != std::string::npos);
        qputenv("HF_HUB_CACHE", saved);
    }

    void resolvesIdsRevisionsAndCommits()
    {
        const io::ModelLocation main = io::locateModel("hialign-test/stories260k");
        QCOMPARE(main.dir, snapshot_);
        QVERIFY(main.hub);
        QCOMPARE(main.hub->commit, kCommit);
        QCOMPARE(main.hub->revision, std::string("main"));
        QVERIFY(fs::is_regular_file(main.dir / "config.json"));

        const io::ModelLocation tag = io::locateModel("hialign-test/stories260k@v1");
        QCOMPARE(tag.hub->commit, kOld);
        QCOMPARE(tag.dir.filename().string(), kOld);
        const io::ModelLocation commit = io::locateModel("hialign-test/stories260k@" + kOld);
        QCOMPARE(commit.dir, tag.dir);

        // A folder that exists is taken as it is, and known as the snapshot it is.
        const io::ModelLocation folder = io::locateModel(snapshot_.string());
        QCOMPARE(folder.dir, snapshot_);
        QVERIFY(folder.hub);
        QCOMPARE(folder.hub->id, std::string("hialign-test/stories260k"));
        QCOMPARE(folder.hub->revision, std::string("main"));
        QCOMPARE(io::baseModelName(snapshot_), std::string("hialign-test/stories260k"));
        QCOMPARE(io::baseModelName(fixtures() / "stories260k"), fs::absolute(fixtures() / "stories260k").string());
        QVERIFY(!io::cachedModelOfSnapshot(fixtures() / "stories260k"));

        // Not a hub id and not a folder: left to the caller's own sentence.
        QCOMPARE(io::locateModel("no-such-folder").dir, fs::path("no-such-folder"));
    }

    void refusesInOneSentence()
    {
        const std::string missing = refusal("hialign-test/nothing");
        QVERIFY2(missing.find("hialign-test/nothing is neither a folder nor a model in the Hugging Face cache") == 0,
                 missing.c_str());
        QVERIFY2(missing.find((cache_ / "models--hialign-test--nothing").string()) != std::string::npos,
                 missing.c_str());

        const std::string revision = refusal("hialign-test/stories260k@v9");
        QVERIFY2(revision.find("revision v9 of hialign-test/stories260k is not in the Hugging Face cache") == 0,
                 revision.c_str());
        QVERIFY2(revision.find("main") != std::string::npos && revision.find(kOld) != std::string::npos,
                 revision.c_str());

        const std::string partial = refusal("hialign-test/partial");
        QVERIFY2(partial.find("is incomplete") != std::string::npos
                     && partial.find("download was interrupted") != std::string::npos,
                 partial.c_str());

        const std::string gated = refusal("hialign-test/gated");
        QVERIFY2(gated.find("holds no files of hialign-test/gated") != std::string::npos
                     && gated.find("gated") != std::string::npos,
                 gated.c_str());
    }

    void listsCompleteCachedModels()
    {
        const auto models = io::listCachedModels();
        QCOMPARE(models.size(), std::size_t(1));
        QCOMPARE(models[0].model.id, std::string("hialign-test/stories260k"));
        QCOMPARE(models[0].model.commit, kCommit);
        QVERIFY(models[0].bytes >= fs::file_size(fixtures() / "stories260k" / "model.safetensors"));
    }
};

QTEST_GUILESS_MAIN(TestHubCache)
#include "tst_settings_hubcache.moc"

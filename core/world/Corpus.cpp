#include "world/Corpus.h"

#include "util/Error.h"
#include "util/AtomicFile.h"
#include "world/ClauseSampler.h"
#include "world/ErrorInjector.h"
#include "world/Rng.h"

namespace hialign::world {

namespace {

// Builds one document; holds the per-document state (the topic).
class DocumentMaker {
public:
    DocumentMaker(const World& world, Rng& rng)
        : world_(world)
        , rng_(rng)
        , sampler_(world)
        , chains_(world)
        , injector_(world)
    {
    }

    Document make()
    {
        const ErrorRates& rates = world_.errorRates();
        const std::size_t length = 3 + rng_.index(6);   // 3..8 sentences
        const double u = rng_.unit();
        std::size_t chains = u < 0.35 ? 0 : (u < 0.85 ? 1 : 2);
        while (chains * 3 > length)
            --chains;

        Document doc;
        for (std::size_t i = 0; i < chains; ++i) {
            Chain chain = chains_.generate(rng_);
            Segment seg;
            seg.kind = SegmentKind::Chain;
            seg.chainKind = chain.kind;
            Clause last = chain.conclusion;
            if (rng_.chance(rates.logic)) {
                last = chains_.wrongConclusion(chain, rng_);
                seg.injectedError = true;
            }
            for (const auto& p : chain.premises)
                seg.sentences.push_back(joinWords(sentenceWords(p)));
            seg.sentences.push_back(joinWords(sentenceWords(conclusion(last))));
            doc.segments.push_back(std::move(seg));
        }
        for (std::size_t i = chains * 3; i < length; ++i) {
            Segment seg;
            Clause clause;
            if (rng_.chance(0.7)) {
                seg.kind = SegmentKind::Fact;
                clause = nextFact();
                if (rng_.chance(rates.facts)) {
                    clause = sampler_.falsify(clause, rng_);
                    seg.injectedError = true;
                }
            } else {
                seg.kind = SegmentKind::Scene;
                clause = sampler_.scene(rng_);
            }
            seg.sentences.push_back(joinWords(clauseWords(clause)));
            doc.segments.push_back(std::move(seg));
        }
        rng_.shuffle(doc.segments);

        // Grammar errors, then the periods. (Sentences are held as words joined by spaces until here.)
        for (auto& seg : doc.segments) {
            seg.grammarErrors.assign(seg.sentences.size(), false);
            for (std::size_t k = 0; k < seg.sentences.size(); ++k) {
                if (rng_.chance(rates.grammar)) {
                    const std::vector<std::string> words = split(seg.sentences[k]);
                    const std::vector<std::string> broken = injector_.grammarError(words, rng_);
                    seg.grammarErrors[k] = broken != words;
                    seg.sentences[k] = joinWords(broken);
                }
                seg.sentences[k] += ".";
            }
        }
        return doc;
    }

private:
    static std::vector<std::string> split(const std::string& text)
    {
        std::vector<std::string> words;
        std::string word;
        for (char c : text) {
            if (c == ' ') {
                if (!word.empty())
                    words.push_back(std::move(word));
                word.clear();
            } else {
                word += c;
            }
        }
        if (!word.empty())
            words.push_back(std::move(word));
        return words;
    }

    // Facts follow a topic (a person, sometimes a river) until it has no
    // more to tell, then a new topic begins.
    Clause nextFact()
    {
        if (pending_.empty() && !riverTopic_)
            newTopic();
        if (riverTopic_) {
            riverTopic_ = false;
            const River& river = world_.rivers()[riverIndex_];
            return sampler_.riverFact(river, rng_);
        }
        const Person& person = world_.people()[personIndex_];
        const FactRelation relation = pending_.back();
        pending_.pop_back();
        if (rng_.chance(0.2)) {
            if (auto pair = sampler_.pairFact(person, relation, rng_))
                return *pair;
        }
        return sampler_.fact(person, relation);
    }

    void newTopic()
    {
        if (!world_.rivers().empty() && rng_.chance(0.15)) {
            riverTopic_ = true;
            riverIndex_ = rng_.index(world_.rivers().size());
            return;
        }
        personIndex_ = rng_.index(world_.people().size());
        pending_.assign(std::begin(kAllRelations), std::end(kAllRelations));
        rng_.shuffle(pending_);
    }

    const World& world_;
    Rng& rng_;
    ClauseSampler sampler_;
    ChainGenerator chains_;
    ErrorInjector injector_;
    std::vector<FactRelation> pending_;
    std::size_t personIndex_ = 0;
    std::size_t riverIndex_ = 0;
    bool riverTopic_ = false;
};

} // namespace

std::string Document::text() const
{
    std::string out;
    for (const auto& seg : segments) {
        for (const auto& s : seg.sentences) {
            if (!out.empty())
                out += ' ';
            out += s;
        }
    }
    return out;
}

std::size_t Document::sentenceCount() const
{
    std::size_t n = 0;
    for (const auto& seg : segments)
        n += seg.sentences.size();
    return n;
}

std::vector<Document> generateDocuments(const World& world, std::size_t documents, std::uint64_t seed)
{
    if (world.people().size() < 3)
        throw InputError("the world has fewer than three people; generate it or load it from JSON first.");
    std::vector<Document> out;
    out.reserve(documents);
    const std::uint64_t base = Rng::forStream(seed, "corpus").next();
    for (std::size_t i = 0; i < documents; ++i) {
        Rng rng(mix64(base + i));
        DocumentMaker maker(world, rng);
        out.push_back(maker.make());
    }
    return out;
}

std::vector<std::string> generateCorpus(const World& world, std::size_t documents, std::uint64_t seed)
{
    std::vector<std::string> out;
    out.reserve(documents);
    for (const auto& doc : generateDocuments(world, documents, seed))
        out.push_back(doc.text());
    return out;
}

void writeCorpus(const std::filesystem::path& file, const std::vector<std::string>& documents)
{
    std::string contents;
    for (const auto& d : documents) {
        contents += d;
        contents += '\n';
    }
    hialign::writeFileAtomic(file, contents);
}

} // namespace hialign::world

#include "world/SentenceParser.h"

#include "world/Text.h"

namespace hialign::world {

namespace {

class Cursor {
public:
    Cursor(const Lexicon& lexicon, const std::vector<std::string>& words)
        : lex_(lexicon)
        , w_(words)
    {
    }

    bool sentence(Sentence& out)
    {
        bool ok = false;
        if (accept("if")) {
            out.form = SentenceForm::Conditional;
            ok = clause(out.clause) && expectWord("then") && clause(out.consequent);
        } else if (accept("so")) {
            out.form = SentenceForm::Conclusion;
            ok = clause(out.clause);
        } else {
            out.form = SentenceForm::Statement;
            ok = clause(out.clause);
        }
        if (ok && i_ < w_.size())
            return fail("expected the end of the sentence");
        return ok;
    }

    std::vector<AgreementIssue>& issues() { return issues_; }
    const std::string& error() const { return error_; }

private:
    const WordInfo* info(std::size_t k) const { return k < w_.size() ? lex_.find(w_[k]) : nullptr; }
    const WordInfo* current() const { return info(i_); }
    bool is(WordClass cls) const
    {
        const WordInfo* wi = current();
        return wi != nullptr && wi->wordClass == cls;
    }
    bool isWord(const char* word) const { return i_ < w_.size() && w_[i_] == word; }

    bool accept(const char* word)
    {
        if (!isWord(word))
            return false;
        ++i_;
        return true;
    }

    bool fail(const std::string& what)
    {
        if (error_.empty()) {
            std::string where = i_ == 0 ? std::string(" at the start") : " after \"" + w_[i_ - 1] + "\"";
            std::string found = i_ < w_.size() ? " but found \"" + w_[i_] + "\"" : " but the sentence ends";
            error_ = what + where + found;
        }
        return false;
    }

    bool expectWord(const char* word)
    {
        if (accept(word))
            return true;
        return fail(std::string("expected \"") + word + "\"");
    }

    // A word of the class; a noun with the given number when `plural` is set.
    bool expectClass(WordClass cls, const char* what, std::string& lemma, int plural = -1)
    {
        const WordInfo* wi = current();
        if (wi == nullptr || wi->wordClass != cls || (plural >= 0 && wi->plural != (plural == 1)))
            return fail(std::string("expected ") + what);
        lemma = wi->lemma;
        ++i_;
        return true;
    }

    bool subject(Subject& s)
    {
        if (is(WordClass::Person)) {
            s.first = w_[i_++];
            const WordInfo* next = info(i_ + 1);
            if (isWord("and") && next != nullptr && next->wordClass == WordClass::Person) {
                s.kind = SubjectKind::PersonPair;
                s.second = w_[i_ + 1];
                i_ += 2;
            } else {
                s.kind = SubjectKind::Person;
            }
            return true;
        }
        if (accept("the")) {
            const WordInfo* wi = current();
            if (wi != nullptr && wi->wordClass == WordClass::Creature) {
                s.kind = wi->plural ? SubjectKind::Creatures : SubjectKind::Creature;
                s.first = wi->lemma;
                ++i_;
                return true;
            }
            if (wi != nullptr && wi->wordClass == WordClass::River) {
                s.kind = SubjectKind::River;
                s.first = wi->lemma;
                ++i_;
                return true;
            }
            return fail("expected a creature or a river");
        }
        return fail("expected a subject");
    }

    void agree(std::size_t position, const Subject& s, const std::string& expected)
    {
        AgreementIssue issue;
        issue.position = position;
        issue.subject = joinWords(subjectWords(s));
        issue.found = w_[position];
        issue.expected = expected;
        issue.pluralSubject = s.plural();
        issues_.push_back(std::move(issue));
    }

    bool clause(Clause& c)
    {
        return subject(c.subject) && predicate(c.predicate, c.subject);
    }

    bool predicate(Predicate& p, const Subject& s)
    {
        const WordInfo* verb = current();
        if (verb == nullptr || verb->wordClass != WordClass::Verb)
            return fail("expected a verb");
        const std::size_t verbPos = i_++;
        if (verb->plural != s.plural())
            agree(verbPos, s, Lexicon::verbForm(verb->lemma, s.plural()));
        p = Predicate{};
        std::string object;
        const std::string& lemma = verb->lemma;
        if (lemma == "live") {
            p.kind = PredicateKind::LivesIn;
            if (!expectWord("in") || !expectClass(WordClass::Town, "a town", object))
                return false;
            p.objects.push_back(object);
            return true;
        }
        if (lemma == "have") {
            p.kind = PredicateKind::HasPet;
            if (!expectWord("a") || !expectClass(WordClass::Creature, "a creature", object, 0))
                return false;
            p.objects.push_back(object);
            return true;
        }
        if (lemma == "like") {
            p.kind = PredicateKind::Likes;
            if (!expectClass(WordClass::Colour, "a colour", object))
                return false;
            p.objects.push_back(object);
            return true;
        }
        if (lemma == "run") {
            p.kind = PredicateKind::RunsThrough;
            if (!expectWord("through") || !expectClass(WordClass::Town, "a town", object))
                return false;
            p.objects.push_back(object);
            if (accept("and")) {
                if (!expectClass(WordClass::Town, "a town", object))
                    return false;
                p.objects.push_back(object);
            }
            return true;
        }
        // be
        p.negated = accept("not");
        if (!complement(p, s, true))
            return false;
        if (!p.negated && p.kind != PredicateKind::Comparative && accept("or"))
            return complement(p, s, false);
        return true;
    }

    bool complement(Predicate& p, const Subject& s, bool first)
    {
        std::string object;
        PredicateKind kind;
        const std::size_t start = i_;
        if (isWord("a")) {
            ++i_;
            kind = PredicateKind::IsJob;
            if (!expectClass(WordClass::Job, "a job", object, 0))
                return false;
            if (s.plural())
                agree(start, s, Lexicon::pluralOf(object));
        } else if (is(WordClass::Job) && current()->plural) {
            kind = PredicateKind::IsJob;
            object = current()->lemma;
            ++i_;
            if (!s.plural())
                agree(start, s, "a " + object);
        } else if (is(WordClass::State)) {
            kind = PredicateKind::IsState;
            object = w_[i_++];
        } else if (isWord("in")) {
            ++i_;
            kind = PredicateKind::IsIn;
            if (!expectClass(WordClass::Town, "a town", object))
                return false;
        } else if (first && is(WordClass::Comparative)) {
            kind = PredicateKind::Comparative;
            p.comparative = w_[i_++];
            if (!expectWord("than") || !expectClass(WordClass::Person, "a person", object))
                return false;
        } else {
            return fail(first ? "expected a job, a state, \"in\" and a town, or a comparison"
                              : "expected a second job, state or town");
        }
        if (!first && kind != p.kind)
            return fail("expected the same kind of word on both sides of \"or\"");
        p.kind = kind;
        p.objects.push_back(object);
        return true;
    }

    const Lexicon& lex_;
    const std::vector<std::string>& w_;
    std::size_t i_ = 0;
    std::vector<AgreementIssue> issues_;
    std::string error_;
};

} // namespace

SentenceParser::SentenceParser(World world)
    : world_(std::move(world))
{
}

ParseResult SentenceParser::parse(const std::vector<std::string>& words) const
{
    ParseResult r;
    if (words.empty()) {
        r.status = ParseResult::Status::Empty;
        r.detail = "there are no words";
        return r;
    }
    const Lexicon& lex = world_.lexicon();
    for (const auto& w : words) {
        if (!lex.contains(w)) {
            r.status = ParseResult::Status::UnknownWord;
            r.detail = w;
            return r;
        }
    }
    Cursor cursor(lex, words);
    if (!cursor.sentence(r.sentence)) {
        r.status = ParseResult::Status::Ungrammatical;
        r.detail = cursor.error();
        r.sentence = Sentence{};
        return r;
    }
    r.status = ParseResult::Status::Parsed;
    r.agreement = std::move(cursor.issues());
    return r;
}

ParseResult SentenceParser::parse(const TokenizedSentence& sentence) const
{
    if (!sentence.foreign.empty()) {
        ParseResult r;
        r.status = ParseResult::Status::Foreign;
        r.detail = sentence.foreign;
        return r;
    }
    return parse(sentence.words);
}

} // namespace hialign::world

#include "world/LogicChecker.h"

#include "world/Text.h"

namespace hialign::world {

namespace {

bool isStatement(const Sentence& s)
{
    return s.form != SentenceForm::Conditional;
}

std::optional<Clause> inferOrdered(const Sentence& a, const Sentence& b)
{
    // Modus ponens / tollens.
    if (a.form == SentenceForm::Conditional && isStatement(b)) {
        if (b.clause == a.clause)
            return a.consequent;
        const auto notConsequent = LogicChecker::negate(a.consequent);
        if (notConsequent && b.clause == *notConsequent)
            return LogicChecker::negate(a.clause);
        return std::nullopt;
    }
    if (!isStatement(a) || !isStatement(b))
        return std::nullopt;
    const Clause& x = a.clause;
    const Clause& y = b.clause;

    // Transitivity: x = A R B, y = B R C.
    if (x.predicate.kind == PredicateKind::Comparative && y.predicate.kind == PredicateKind::Comparative &&
        !x.predicate.negated && !y.predicate.negated && x.predicate.comparative == y.predicate.comparative &&
        x.subject.kind == SubjectKind::Person && y.subject.kind == SubjectKind::Person &&
        x.predicate.objects.size() == 1 && y.predicate.objects.size() == 1 &&
        x.predicate.objects[0] == y.subject.first && x.subject.first != y.predicate.objects[0]) {
        Clause c = x;
        c.predicate.objects = {y.predicate.objects[0]};
        return c;
    }

    // Disjunction: x = S is P or Q, y = S is not P.
    if (x.subject == y.subject && x.predicate.kind == y.predicate.kind && isCopular(x.predicate.kind) &&
        !x.predicate.negated && x.predicate.objects.size() == 2 &&
        x.predicate.objects[0] != x.predicate.objects[1] && y.predicate.negated &&
        y.predicate.objects.size() == 1) {
        const auto& objs = x.predicate.objects;
        const std::string& denied = y.predicate.objects[0];
        if (denied != objs[0] && denied != objs[1])
            return std::nullopt;
        Clause c = x;
        c.predicate.objects = {denied == objs[0] ? objs[1] : objs[0]};
        return c;
    }
    return std::nullopt;
}

} // namespace

LogicChecker::LogicChecker(World world)
    : world_(std::move(world))
    , parser_(world_)
{
}

std::optional<Clause> LogicChecker::negate(const Clause& clause)
{
    if (!isCopular(clause.predicate.kind) || clause.predicate.objects.size() != 1)
        return std::nullopt;
    Clause c = clause;
    c.predicate.negated = !c.predicate.negated;
    return c;
}

std::optional<Clause> LogicChecker::infer(const Sentence& first, const Sentence& second)
{
    if (auto c = inferOrdered(first, second))
        return c;
    return inferOrdered(second, first);
}

std::optional<Clause> LogicChecker::derive(const std::string& premises, std::string* why) const
{
    auto reason = [&](std::string text) -> std::optional<Clause> {
        if (why != nullptr)
            *why = std::move(text);
        return std::nullopt;
    };
    const auto sentences = splitSentences(finishedPart(premises));
    if (sentences.size() < 2)
        return reason("The prompt has fewer than two premises.");
    const ParseResult a = parser_.parse(sentences[sentences.size() - 2]);
    const ParseResult b = parser_.parse(sentences[sentences.size() - 1]);
    if (!a.parsed() || !b.parsed())
        return reason("A premise of the prompt does not parse.");
    if (auto c = infer(a.sentence, b.sentence))
        return c;
    return reason("Nothing follows from the prompt's premises by the world's rules.");
}

Check LogicChecker::check(const std::string& prompt, const std::string& continuation) const
{
    const std::string tail(unfinishedTail(prompt));
    const TokenizedSentence tailWords = firstSentence(tail);
    if (!tailWords.foreign.empty() || tailWords.words.size() > 1 ||
        (tailWords.words.size() == 1 && tailWords.words[0] != "so"))
        return {Verdict::Unparseable, "The prompt does not end with premises and \"so\"."};
    std::string why;
    const auto expected = derive(prompt, &why);
    if (!expected)
        return {Verdict::Unparseable, why};
    if (isBlank(continuation))
        return {Verdict::Unparseable, "The continuation is empty."};

    const TokenizedSentence sentence = firstSentence(tail + continuation);
    const ParseResult r = parser_.parse(sentence);
    if (!r.parsed()) {
        std::string detail = r.status == ParseResult::Status::Ungrammatical ? r.detail
                             : r.status == ParseResult::Status::UnknownWord
                                 ? "\"" + r.detail + "\" is not a word of this world"
                             : r.status == ParseResult::Status::Foreign ? "\"" + r.detail + "\" is not a word"
                                                                        : "there are no words";
        return {Verdict::Unparseable, "The conclusion does not parse (" + detail + ")."};
    }
    const std::string want = clauseText(*expected);
    if (r.sentence.form == SentenceForm::Conditional)
        return {Verdict::Wrong, "A conditional is not a conclusion; what follows is \"" + want + "\"."};
    const std::string got = clauseText(r.sentence.clause);
    if (r.sentence.clause == *expected)
        return {Verdict::Correct, "\"" + got + "\" follows from the premises."};
    return {Verdict::Wrong, "What follows from the premises is \"" + want + "\", not \"" + got + "\"."};
}

} // namespace hialign::world

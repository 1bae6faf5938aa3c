#include "world/GrammarChecker.h"

#include "world/Text.h"

namespace hialign::world {

namespace {

std::string quoted(const std::vector<std::string>& words)
{
    return "\"" + joinWords(words) + "\"";
}

} // namespace

GrammarChecker::GrammarChecker(World world)
    : world_(std::move(world))
    , parser_(world_)
{
}

Check GrammarChecker::check(const std::string& text) const
{
    const TokenizedSentence sentence = firstSentence(text);
    const ParseResult r = parser_.parse(sentence);
    switch (r.status) {
    case ParseResult::Status::Empty:
        return {Verdict::Unparseable, "There is no sentence to check."};
    case ParseResult::Status::Foreign:
        return {Verdict::Unparseable, "The text contains \"" + r.detail + "\", which is not a word."};
    case ParseResult::Status::UnknownWord:
        return {Verdict::Unparseable, "\"" + r.detail + "\" is not a word of this world."};
    case ParseResult::Status::Ungrammatical:
        return {Verdict::Wrong, "Word-order error: " + quoted(sentence.words) +
                                    " is not a sentence of the grammar (" + r.detail + ")."};
    case ParseResult::Status::Parsed:
        break;
    }
    if (!r.agreement.empty()) {
        const AgreementIssue& a = r.agreement.front();
        return {Verdict::Wrong, std::string("Agreement error: the ") + (a.pluralSubject ? "plural" : "singular") +
                                    " subject \"" + a.subject + "\" takes \"" + a.expected + "\", not \"" +
                                    a.found + "\"."};
    }
    return {Verdict::Correct, quoted(sentence.words) + " is a grammatical sentence" +
                                  (sentence.terminated ? "." : " (without its final period).")};
}

Check GrammarChecker::check(const std::string& prompt, const std::string& continuation) const
{
    if (isBlank(continuation))
        return {Verdict::Unparseable, "The continuation is empty."};
    return check(std::string(unfinishedTail(prompt)) + continuation);
}

} // namespace hialign::world

#include "judge/RubricJudge.h"

#include <cctype>
#include <cmath>
#include <functional>
#include <sstream>

#include "util/Error.h"

namespace hialign::judge {

namespace {

const std::vector<Rubric>& rubrics()
{
    static const std::vector<Rubric> all = {
        {"grammar", "grammatical fluency",
         "Judge only the language of the response: grammar, agreement, word order, "
         "punctuation and whether it reads naturally; ignore whether it is true or sensible.",
         "Barely readable: broken sentences, wrong word forms and agreement almost everywhere, "
         "or word salad.",
         "Understandable but clumsy: several clear grammatical errors or awkward constructions "
         "that a careful reader notices.",
         "Fluent and correct throughout: every sentence is grammatical and reads as natural, "
         "well-edited text."},
        {"logic", "logical coherence",
         "Judge only the reasoning: whether statements follow from each other and from the "
         "prompt, without contradictions or non sequiturs; ignore grammar and outside facts.",
         "Incoherent: the response contradicts itself or the prompt, or its conclusions have "
         "nothing to do with what came before.",
         "Partly coherent: the main line can be followed, but there are gaps, unsupported "
         "jumps or a minor contradiction.",
         "Fully coherent: every step follows from the previous ones and from the prompt, and "
         "the conclusion is the one the premises support."},
        {"facts", "factual consistency",
         "Judge only the facts: whether the claims agree with the prompt and with what is "
         "known to be true; ignore style and grammar.",
         "Mostly false: the central claims are wrong or invented, or contradict facts given "
         "in the prompt.",
         "Mixed: the main claim is right but some details are wrong, invented or unverifiable.",
         "Entirely accurate: every claim agrees with the prompt and with established facts, "
         "and nothing is invented."},
    };
    return all;
}

std::string trim(const std::string& s)
{
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

std::string lower(std::string s)
{
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string rubricText(const Rubric& r)
{
    std::ostringstream out;
    out << "Dimension: " << r.title << ".\n" << r.focus << "\n\n"
        << "Scale (whole numbers from 1 to 10):\n"
        << "- 1: " << r.one << "\n"
        << "- 5: " << r.five << "\n"
        << "- 10: " << r.ten << "\n"
        << "Use the numbers in between for responses that fall between these descriptions.\n";
    return out.str();
}

// One line's marker, if the line starts with `keyword` followed by an optional
// colon and `[[...]]`; returns the trimmed text inside the brackets and sets
// `offset` to where that text starts in the line.
std::optional<std::string> markerToken(const std::string& line, const std::string& keyword,
                                       std::size_t& offset)
{
    std::size_t i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (lower(line.substr(i, keyword.size())) != keyword) return std::nullopt;
    i += keyword.size();
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i < line.size() && line[i] == ':') ++i;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (line.compare(i, 2, "[[") != 0) return std::nullopt;
    const std::size_t close = line.find("]]", i + 2);
    if (close == std::string::npos) return std::nullopt;
    offset = i + 2;
    while (offset < close && std::isspace(static_cast<unsigned char>(line[offset]))) ++offset;
    return trim(line.substr(i + 2, close - i - 2));
}

// Scans `reply` line by line for the first marker whose token `accept` takes;
// `accept` returns the value or sets `why` to the reason it refused.
template <typename T>
void scanMarkers(const std::string& reply, const std::string& keyword,
                 const std::function<std::optional<T>(const std::string&, std::string&)>& accept,
                 std::optional<T>& value, std::string& explanation, std::string& problem,
                 std::size_t& valueOffset)
{
    if (trim(reply).empty()) {
        problem = "empty reply";
        return;
    }
    std::string before;        // lines preceding the current one
    std::string firstProblem;  // reason the first invalid marker was refused
    std::istringstream lines(reply);
    std::string line;
    std::size_t lineStart = 0;
    while (std::getline(lines, line)) {
        const std::size_t nextLine = lineStart + line.size() + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::size_t offset = 0;
        if (auto token = markerToken(line, keyword, offset)) {
            std::string why;
            if (auto v = accept(*token, why)) {
                value = v;
                explanation = trim(before);
                valueOffset = lineStart + offset;
                return;
            }
            if (firstProblem.empty()) firstProblem = why;
        }
        before += line;
        before += '\n';
        lineStart = nextLine;
    }
    explanation = trim(reply);
    problem = firstProblem.empty() ? "no " + keyword + " marker" : firstProblem;
}

} // namespace

std::vector<std::string> rubricDimensions()
{
    std::vector<std::string> names;
    for (const Rubric& r : rubrics()) names.push_back(r.dimension);
    return names;
}

const Rubric& rubric(const std::string& dimension)
{
    for (const Rubric& r : rubrics())
        if (r.dimension == dimension) return r;
    throw InputError("Unknown judging dimension \"" + dimension +
                     "\"; expected grammar, logic or facts.");
}

std::string buildJudgePrompt(const std::string& dimension, const std::string& prompt,
                             const std::string& response)
{
    const Rubric& r = rubric(dimension);
    std::ostringstream out;
    out << "You are an impartial judge. Rate the response below on " << r.title << ".\n\n"
        << rubricText(r) << "\n"
        << "[Prompt]\n" << prompt << "\n[End of prompt]\n\n"
        << "[Response]\n" << response << "\n[End of response]\n\n"
        << "First explain your judgement in two or three sentences. Then write the rating "
           "alone on the last line, exactly in this form, with N a whole number from 1 to 10:\n"
        << "Rating: [[N]]\n";
    return out.str();
}

std::string buildPairwisePrompt(const std::string& dimension, const std::string& prompt,
                                const std::string& responseA, const std::string& responseB)
{
    const Rubric& r = rubric(dimension);
    std::ostringstream out;
    out << "You are an impartial judge. Compare the two responses below on " << r.title
        << " only. The order in which they appear says nothing about their quality, and "
           "length is not a merit in itself.\n\n"
        << rubricText(r) << "\n"
        << "[Prompt]\n" << prompt << "\n[End of prompt]\n\n"
        << "[Response A]\n" << responseA << "\n[End of response A]\n\n"
        << "[Response B]\n" << responseB << "\n[End of response B]\n\n"
        << "First explain your comparison in two or three sentences. Then write the verdict "
           "alone on the last line, exactly in one of these forms:\n"
        << "Verdict: [[A]]   (response A is better)\n"
        << "Verdict: [[B]]   (response B is better)\n"
        << "Verdict: [[tie]] (they are equally good)\n";
    return out.str();
}

ParsedRating parseRating(const std::string& reply)
{
    const std::function<std::optional<int>(const std::string&, std::string&)> accept =
        [](const std::string& token, std::string& why) -> std::optional<int> {
        if (token.empty()) {
            why = "rating marker is empty";
            return std::nullopt;
        }
        const bool negative = token[0] == '-';
        const std::string digits = negative ? token.substr(1) : token;
        const bool allDigits = !digits.empty() &&
            digits.find_first_not_of("0123456789") == std::string::npos;
        if (!allDigits) {
            const bool decimal = digits.find_first_not_of("0123456789.") == std::string::npos &&
                digits.find_first_of("0123456789") != std::string::npos;
            why = decimal ? "rating " + token + " is not a whole number"
                          : "rating \"" + token + "\" is not a number";
            return std::nullopt;
        }
        // More than three digits (after leading zeros) is far out of range anyway.
        const std::size_t nz = digits.find_first_not_of('0');
        const std::string significant = nz == std::string::npos ? "0" : digits.substr(nz);
        const int value = significant.size() > 3 ? 1000 : std::stoi(significant);
        if (negative || value < 1 || value > 10) {
            why = "rating " + token + " is outside 1-10";
            return std::nullopt;
        }
        return value;
    };
    ParsedRating out;
    scanMarkers(reply, "rating", accept, out.score, out.explanation, out.problem, out.valueOffset);
    return out;
}

ParsedVerdict parseVerdict(const std::string& reply)
{
    const std::function<std::optional<char>(const std::string&, std::string&)> accept =
        [](const std::string& token, std::string& why) -> std::optional<char> {
        const std::string t = lower(token);
        if (t == "a") return 'A';
        if (t == "b") return 'B';
        if (t == "tie") return 'T';
        why = "verdict \"" + token + "\" is not A, B or tie";
        return std::nullopt;
    };
    ParsedVerdict out;
    scanMarkers(reply, "verdict", accept, out.verdict, out.explanation, out.problem, out.valueOffset);
    return out;
}

WeightedScore weightedScore(const std::map<std::string, double>& tokenLogprobs, double minMass)
{
    if (!(minMass >= 0.0 && minMass <= 1.0))
        throw InputError("The minimum probability mass must be between 0 and 1.");
    double prob[11] = {};
    for (const auto& [token, logprob] : tokenLogprobs) {
        const std::string t = trim(token);
        if (t.empty() || t.size() > 2 || t.find_first_not_of("0123456789") != std::string::npos)
            continue;
        if (std::isnan(logprob) || logprob > 1e-9)
            throw InputError("The log-probability " + std::to_string(logprob) + " of token \"" +
                             token + "\" is not a valid log-probability.");
        const int n = std::stoi(t);
        if (t[0] == '0' || n < 1 || n > 10) continue;   // "0", "07", "11".. are not scores
        prob[n] += std::exp(logprob);
    }
    double mass = 0.0, weighted = 0.0;
    for (int n = 1; n <= 10; ++n) {
        mass += prob[n];
        weighted += n * prob[n];
    }
    WeightedScore out;
    if (mass <= 0.0) return out;   // {0, 0, true}: no score tokens
    out.mass = mass;
    out.score = weighted / mass;
    out.lowMass = mass < minMass;
    return out;
}

char combinePairwise(std::optional<char> firstOrder, std::optional<char> swappedOrder)
{
    // Each order's verdict as seen from response 1: W, L or T.
    const auto fromResponse1 = [](char verdict, bool swapped) -> char {
        switch (verdict) {
        case 'A': return swapped ? 'L' : 'W';
        case 'B': return swapped ? 'W' : 'L';
        case 'T': return 'T';
        default:
            throw InputError(std::string("The pairwise verdict \"") + verdict +
                             "\" is not A, B or T.");
        }
    };
    // Validate both before deciding, so a bad value never hides behind 'U'.
    const std::optional<char> first =
        firstOrder ? std::optional<char>(fromResponse1(*firstOrder, false)) : std::nullopt;
    const std::optional<char> second =
        swappedOrder ? std::optional<char>(fromResponse1(*swappedOrder, true)) : std::nullopt;
    if (!first || !second) return 'U';
    return *first == *second ? *first : 'T';
}

} // namespace hialign::judge

#include "align/PreferenceData.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <system_error>

#include <nlohmann/json.hpp>

#include "util/Error.h"

namespace hialign::align {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A problem with one record; the loader prefixes file and line.
struct RecordError {
    std::string what;   // e.g. "field \"chosen\" is missing"
};

[[noreturn]] void fail(std::string what)
{
    throw RecordError{std::move(what)};
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool isBlank(const std::string& s)
{
    return std::all_of(s.begin(), s.end(), isSpace);
}

const char* typeName(const json& v)
{
    switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "a list";
    case json::value_t::object: return "an object";
    case json::value_t::binary: return "binary data";
    default: return "a number";
    }
}

std::string quoted(const std::string& field)
{
    return "\"" + field + "\"";
}

// nlohmann's parse error text without its "[json.exception...] " tag.
std::string parseErrorText(const json::parse_error& e)
{
    std::string s = e.what();
    if (const auto p = s.find("] "); s.rfind("[json.exception", 0) == 0 && p != std::string::npos)
        s = s.substr(p + 2);
    return s;
}

std::vector<Message> readMessages(const json& list, const std::string& field)
{
    std::vector<Message> messages;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json& m = list[i];
        const std::string at = field + "[" + std::to_string(i) + "]";
        if (!m.is_object())
            fail("field " + quoted(at) + " must be a message object with \"role\" and \"content\", not " +
                 typeName(m));
        for (const char* key : {"role", "content"}) {
            if (!m.contains(key))
                fail("field " + quoted(at + "." + key) + " is missing");
            if (!m[key].is_string())
                fail("field " + quoted(at + "." + key) + " must be a string, not " +
                     typeName(m[key]));
        }
        Message msg{m["role"].get<std::string>(), m["content"].get<std::string>()};
        if (msg.role.empty())
            fail("field " + quoted(at + ".role") + " is empty");
        messages.push_back(std::move(msg));
    }
    return messages;
}

bool sameMessage(const Message& a, const Message& b)
{
    return a.role == b.role && a.content == b.content;
}

// Content of completion messages (all must be assistant turns), joined by
// blank lines when there are several.
std::string completionText(const std::vector<Message>& messages, std::size_t from,
                           const std::string& field)
{
    std::string text;
    for (std::size_t i = from; i < messages.size(); ++i) {
        if (messages[i].role != "assistant")
            fail("field " + quoted(field + "[" + std::to_string(i) + "]") + " has role \"" +
                 messages[i].role +
                 "\" after the shared prompt; the reply there must be assistant messages only");
        text += (i > from ? "\n\n" : "") + messages[i].content;
    }
    return text;
}

// The completion fields ("chosen"/"rejected") as given: a string or messages.
struct Completion {
    bool isList = false;
    std::string text;
    std::vector<Message> messages;
};

Completion readCompletion(const json& record, const char* key)
{
    if (!record.contains(key))
        fail("field " + quoted(key) + " is missing");
    const json& v = record[key];
    Completion c;
    if (v.is_string()) {
        c.text = v.get<std::string>();
    } else if (v.is_array()) {
        c.isList = true;
        c.messages = readMessages(v, key);
    } else {
        fail("field " + quoted(key) + " must be a string or a list of messages, not " +
             typeName(v));
    }
    return c;
}

// The "prompt" field: absent/null, a string, or messages.
struct PromptField {
    std::optional<std::string> text;
    std::optional<std::vector<Message>> messages;
};

PromptField readPrompt(const json& record)
{
    PromptField prompt;
    if (!record.contains("prompt") || record["prompt"].is_null())
        return prompt;
    const json& p = record["prompt"];
    if (p.is_string())
        prompt.text = p.get<std::string>();
    else if (p.is_array())
        prompt.messages = readMessages(p, "prompt");
    else
        fail(std::string("field \"prompt\" must be a string or a list of messages, not ") + typeName(p));
    return prompt;
}

// Conversational completions: messages shared at the start belong to the
// prompt (TRL's extract_prompt), the rest are the replies.
void fillFromMessages(PreferenceRecord& r, const Completion& chosen, const Completion& rejected,
                      const PromptField& prompt)
{
    const auto& c = chosen.messages;
    const auto& j = rejected.messages;
    std::size_t shared = 0;
    while (shared < c.size() && shared < j.size() && sameMessage(c[shared], j[shared]))
        ++shared;
    if (shared == c.size() && shared == j.size())
        fail("fields \"chosen\" and \"rejected\" are identical");
    if (shared == c.size())
        fail("field \"chosen\" has no reply after the messages it shares with \"rejected\"");
    if (shared == j.size())
        fail("field \"rejected\" has no reply after the messages it shares with \"chosen\"");
    r.chosen = completionText(c, shared, "chosen");
    r.rejected = completionText(j, shared, "rejected");
    std::vector<Message> lead(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(shared));

    r.conversational = true;
    if (prompt.messages) {
        const auto& p = *prompt.messages;
        const bool repeated = lead.size() >= p.size() &&
                              std::equal(p.begin(), p.end(), lead.begin(), sameMessage);
        r.promptMessages = p;
        if (repeated)
            r.promptMessages = lead;
        else
            r.promptMessages.insert(r.promptMessages.end(), lead.begin(), lead.end());
    } else if (prompt.text) {
        // The string is the user turn, unless the lists already carry it.
        r.promptMessages = lead.empty() ? std::vector<Message>{{"user", *prompt.text}} : lead;
        if (lead.empty() && prompt.text->empty())
            r.promptMessages.clear();
    } else {
        r.promptMessages = lead;
    }
}

// Plain-text completions; without a prompt, the common start of both is the prompt.
void fillFromStrings(PreferenceRecord& r, const Completion& chosen, const Completion& rejected,
                     const PromptField& prompt)
{
    r.chosen = chosen.text;
    r.rejected = rejected.text;
    if (prompt.messages) {
        r.conversational = true;
        r.promptMessages = *prompt.messages;
    } else if (prompt.text) {
        r.prompt = *prompt.text;
    } else {
        if (r.chosen == r.rejected)
            fail("fields \"chosen\" and \"rejected\" are identical");
        const std::size_t n = implicitPromptLength(r.chosen, r.rejected);
        r.prompt = r.chosen.substr(0, n);
        r.chosen.erase(0, n);
        r.rejected.erase(0, n);
    }
}

PreferenceRecord normalise(const json& record)
{
    if (!record.is_object())
        fail(std::string("the record must be a JSON object, not ") + typeName(record));

    Completion chosen = readCompletion(record, "chosen");
    Completion rejected = readCompletion(record, "rejected");
    if (chosen.isList != rejected.isList)
        fail(chosen.isList ? "field \"rejected\" must be a list of messages like \"chosen\""
                           : "field \"rejected\" must be a string like \"chosen\"");
    const PromptField prompt = readPrompt(record);

    PreferenceRecord r;
    if (chosen.isList)
        fillFromMessages(r, chosen, rejected, prompt);
    else
        fillFromStrings(r, chosen, rejected, prompt);

    if (isBlank(r.chosen))
        fail("field \"chosen\" is empty");
    if (isBlank(r.rejected))
        fail("field \"rejected\" is empty");
    if (r.chosen == r.rejected)
        fail("fields \"chosen\" and \"rejected\" are identical");
    return r;
}

std::string readFileText(const fs::path& file)
{
    std::error_code ec;
    if (!fs::exists(file, ec))
        throw InputError(file.string() + ": no such preference data file.");
    if (fs::is_directory(file, ec))
        throw InputError(file.string() + ": is a folder, not a preference data file.");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw InputError(file.string() + ": the preference data file cannot be read.");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
        throw InputError(file.string() + ": reading the preference data file failed.");
    return text;
}

// Line numbers (1-based) where the elements of a top-level JSON array start.
// The text is known to be valid JSON, so a plain scan suffices.
std::vector<std::size_t> arrayElementLines(const std::string& text)
{
    std::vector<std::size_t> lines;
    std::size_t line = 1;
    int depth = 0;
    bool inString = false, escaped = false, expectValue = false;
    for (char ch : text) {
        if (ch == '\n')
            ++line;
        if (inString) {
            if (escaped)
                escaped = false;
            else if (ch == '\\')
                escaped = true;
            else if (ch == '"')
                inString = false;
            continue;
        }
        if (isSpace(ch))
            continue;
        if (depth == 1 && expectValue && ch != ']') {
            lines.push_back(line);
            expectValue = false;
        }
        if (ch == '"') {
            inString = true;
        } else if (ch == '[' || ch == '{') {
            if (++depth == 1)
                expectValue = true;
        } else if (ch == ']' || ch == '}') {
            --depth;
        } else if (ch == ',' && depth == 1) {
            expectValue = true;
        }
    }
    return lines;
}

} // namespace

std::size_t implicitPromptLength(const std::string& chosen, const std::string& rejected)
{
    const std::size_t n = std::min(chosen.size(), rejected.size());
    std::size_t common = 0;
    while (common < n && chosen[common] == rejected[common])
        ++common;
    // Back to the start of the last whitespace run inside the common part,
    // so that the first differing word stays whole in the completions.
    for (std::size_t p = common; p-- > 0;)
        if (isSpace(chosen[p]) && (p == 0 || !isSpace(chosen[p - 1])))
            return p;
    return 0;
}

namespace {

// The records of one file as they are read: a bad record either stops the
// load or, with skipBad, is counted and its sentence kept.
class RecordCollector {
public:
    RecordCollector(const std::string& name, bool skipBad, LoadReport& report)
        : name_(name), skipBad_(skipBad), report_(report)
    {
    }

    // One value read from the file at `line`; `where` names it in messages.
    void take(const json& value, std::size_t line, const std::string& where)
    {
        ++seen_;
        try {
            PreferenceRecord r = normalise(value);
            r.line = line;
            records_.push_back(std::move(r));
            ++report_.loaded;
        } catch (const RecordError& e) {
            reject(name_ + " " + where + ": " + e.what + ".");
        }
    }

    // A JSON Lines line that is not valid JSON, with the parser's complaint.
    void takeUnparsed(const json::parse_error& e, std::size_t lineNo)
    {
        ++seen_;
        // Within one line the parser's "line 1" says nothing: keep the column.
        std::string detail = parseErrorText(e);
        if (detail.rfind("parse error at line 1, ", 0) == 0)
            detail = detail.substr(23);
        reject(name_ + " line " + std::to_string(lineNo) + ": the line is not valid JSON (" + detail + ").");
    }

    std::size_t seen() const { return seen_; }

    // The usable records; throws when there were none.
    std::vector<PreferenceRecord> finish()
    {
        if (seen_ == 0)
            throw InputError(name_ + ": the file holds no preference records.");
        if (records_.empty()) {
            std::string first = report_.problems.front();
            if (!first.empty() && first.back() == '.')
                first.pop_back();
            throw InputError(name_ + (seen_ == 1 ? std::string(": its only record is not usable (")
                                                 : ": none of its " + std::to_string(seen_) +
                                                       " records is usable (first problem: ") +
                             first + ").");
        }
        return std::move(records_);
    }

private:
    void reject(const std::string& sentence)
    {
        if (!skipBad_)
            throw InputError(sentence);
        ++report_.skipped;
        report_.problems.push_back(sentence);
    }

    const std::string& name_;
    bool skipBad_;
    LoadReport& report_;
    std::vector<PreferenceRecord> records_;
    std::size_t seen_ = 0;
};

// A top-level JSON array of records; messages name the element and its line.
void readJsonArray(const std::string& text, const std::string& name, RecordCollector& records)
{
    json array;
    try {
        array = json::parse(text);
    } catch (const json::parse_error& e) {
        throw InputError(name + ": the JSON array is not valid JSON (" + parseErrorText(e) + ").");
    }
    const std::vector<std::size_t> lines = arrayElementLines(text);
    for (std::size_t i = 0; i < array.size(); ++i) {
        const std::string where = "element " + std::to_string(i + 1) +
                                  (i < lines.size() ? " (line " + std::to_string(lines[i]) + ")"
                                                    : std::string());
        records.take(array[i], i + 1, where);
    }
}

// JSON Lines: one record per line, blank lines skipped.
void readJsonLines(const std::string& text, const std::string& name, RecordCollector& records)
{
    std::size_t lineNo = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos)
            end = text.size();
        std::string line = text.substr(pos, end - pos);
        pos = end + 1;
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (isBlank(line))
            continue;
        json value;
        try {
            value = json::parse(line);
        } catch (const json::parse_error& e) {
            // A pretty-printed single object is a common mistake: say so.
            if (records.seen() == 0 && json::accept(text))
                throw InputError(name +
                                 ": the file is one JSON value spread over lines; expected "
                                 "one record per line (JSON Lines) or a JSON array.");
            records.takeUnparsed(e, lineNo);
            continue;
        }
        records.take(value, lineNo, "line " + std::to_string(lineNo));
    }
}

} // namespace

std::vector<PreferenceRecord> loadPreferences(const fs::path& file, bool skipBad,
                                              LoadReport* report)
{
    const std::string name = file.string();
    std::string text = readFileText(file);
    if (text.rfind("\xEF\xBB\xBF", 0) == 0)   // UTF-8 byte-order mark
        text.erase(0, 3);

    LoadReport local;
    LoadReport& rep = report ? *report : local;
    rep = LoadReport{};
    RecordCollector records(name, skipBad, rep);

    const auto first = std::find_if_not(text.begin(), text.end(), isSpace);
    if (first == text.end())
        throw InputError(name + ": the file holds no preference records.");
    if (*first == '[')
        readJsonArray(text, name, records);
    else
        readJsonLines(text, name, records);
    return records.finish();
}

} // namespace hialign::align

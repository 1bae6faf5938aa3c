#include "align/ChatTemplate.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string_view>
#include <system_error>

#include <nlohmann/json.hpp>

#include "util/Error.h"

namespace hialign::align {

namespace fs = std::filesystem;

namespace {

bool isFile(const fs::path& p)
{
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

std::string readText(const fs::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw InputError(file.string() + ": the file cannot be read.");
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

nlohmann::json readJson(const fs::path& file)
{
    try {
        return nlohmann::json::parse(readText(file));
    } catch (const nlohmann::json::parse_error& e) {
        throw InputError(file.string() + ": the file is not valid JSON (byte " +
                         std::to_string(e.byte) + ").");
    }
}

// A "chat_template" value: a string, or a list of {"name","template"} of
// which "default" (else the first) is used. Empty when there is none.
std::string templateText(const nlohmann::json& value, const fs::path& file)
{
    if (value.is_null())
        return {};
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_array()) {
        const nlohmann::json* chosen = nullptr;
        for (const auto& entry : value) {
            if (!entry.is_object() || !entry.contains("template") || !entry["template"].is_string())
                throw InputError(file.string() +
                                 ": field \"chat_template\" must list objects with a "
                                 "\"template\" string.");
            if (!chosen)
                chosen = &entry;
            if (entry.contains("name") && entry["name"] == "default")
                chosen = &entry;
        }
        return chosen ? (*chosen)["template"].get<std::string>() : std::string();
    }
    throw InputError(file.string() +
                     ": field \"chat_template\" must be a string or a list of named templates.");
}

// Python's str.isspace() for one code point (Jinja's trim filter and
// str.strip() use it): ASCII whitespace, the separators U+001C..U+001F,
// U+0085, and the Unicode space separators and line/paragraph separators.
bool isPythonSpace(char32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

// The code point of the well-formed UTF-8 sequence s[i, i + n) (n from 1 to 4).
char32_t codePoint(std::string_view s, std::size_t i, std::size_t n)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    if (n == 1)
        return byte(0);
    char32_t c = byte(0) & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k)
        c = (c << 6) | (byte(k) & 0x3F);
    return c;
}

// Byte length of the UTF-8 sequence whose lead byte is `lead` (1 for a stray
// continuation or invalid byte, which is never whitespace).
std::size_t sequenceLength(unsigned char lead)
{
    if (lead < 0xC0)
        return 1;
    if (lead < 0xE0)
        return 2;
    if (lead < 0xF0)
        return 3;
    return 4;
}

// Python's str.strip() (Jinja's trim filter).
std::string trim(std::string_view s)
{
    std::size_t b = 0;
    while (b < s.size()) {
        const std::size_t n = std::min(sequenceLength(static_cast<unsigned char>(s[b])), s.size() - b);
        if (!isPythonSpace(codePoint(s, b, n)))
            break;
        b += n;
    }
    std::size_t e = s.size();
    while (e > b) {
        std::size_t start = e - 1;   // back to the lead byte of the last character
        while (start > b && e - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80)
            --start;
        const std::size_t n = e - start;
        if (sequenceLength(static_cast<unsigned char>(s[start])) != n ||
            !isPythonSpace(codePoint(s, start, n)))
            break;
        e = start;
    }
    return std::string(s.substr(b, e - b));
}

// Python's str.strip / lstrip / rstrip of '\n' characters only.
std::string_view stripNewlines(std::string_view s, bool left, bool right)
{
    while (left && !s.empty() && s.front() == '\n')
        s.remove_prefix(1);
    while (right && !s.empty() && s.back() == '\n')
        s.remove_suffix(1);
    return s;
}

std::string renderPlain(const std::vector<Message>& messages)
{
    std::string out;
    for (std::size_t i = 0; i < messages.size(); ++i)
        out += (i ? "\n\n" : "") + messages[i].content;
    return out;
}

std::string renderLlama3(const std::vector<Message>& messages, bool addGenerationPrompt)
{
    // Each content is trimmed by itself: in the template's
    // "... + message['content'] | trim + ...", the filter binds tighter than +.
    std::string out;
    for (const auto& m : messages)
        out += "<|start_header_id|>" + m.role + "<|end_header_id|>\n\n" + trim(m.content) +
               "<|eot_id|>";
    if (addGenerationPrompt)
        out += "<|start_header_id|>assistant<|end_header_id|>\n\n";
    return out;
}

std::string renderChatML(const std::vector<Message>& messages, bool addGenerationPrompt)
{
    std::string out;
    for (const auto& m : messages)
        out += "<|im_start|>" + m.role + "\n" + m.content + "<|im_end|>\n";
    if (addGenerationPrompt)
        out += "<|im_start|>assistant\n";
    return out;
}

// Qwen3's template: see ChatTemplate::thinking. A user message whose content
// is a whole <tool_response> block does not count as a user query.
std::string renderQwen3(const std::vector<Message>& messages, bool addGenerationPrompt)
{
    const auto isQuery = [](const Message& m) {
        const std::string_view c = m.content;
        const std::string_view open = "<tool_response>", close = "</tool_response>";
        const bool toolResponse = c.size() >= open.size() && c.substr(0, open.size()) == open &&
                                  c.size() >= close.size() &&
                                  c.substr(c.size() - close.size()) == close;
        return m.role == "user" && !toolResponse;
    };
    std::ptrdiff_t lastQuery = static_cast<std::ptrdiff_t>(messages.size()) - 1;
    for (std::ptrdiff_t i = lastQuery; i >= 0; --i)
        if (isQuery(messages[static_cast<std::size_t>(i)])) {
            lastQuery = i;
            break;
        }

    std::string out;
    if (!messages.empty() && messages.front().role == "system")
        out += "<|im_start|>system\n" + messages.front().content + "<|im_end|>\n";
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const Message& m = messages[i];
        const bool last = i + 1 == messages.size();
        if (m.role == "user" || (m.role == "system" && i > 0)) {
            out += "<|im_start|>" + m.role + "\n" + m.content + "<|im_end|>\n";
        } else if (m.role == "assistant") {
            std::string_view content = m.content;
            std::string_view reasoning;
            if (const std::size_t close = content.find("</think>"); close != std::string_view::npos) {
                const std::string_view before = content.substr(0, close);
                const std::size_t lastClose = content.rfind("</think>");
                content = stripNewlines(content.substr(lastClose + 8), true, false);
                reasoning = stripNewlines(before, false, true);
                if (const std::size_t open = reasoning.rfind("<think>"); open != std::string_view::npos)
                    reasoning = reasoning.substr(open + 7);
                reasoning = stripNewlines(reasoning, true, false);
            }
            out += "<|im_start|>assistant\n";
            if (static_cast<std::ptrdiff_t>(i) > lastQuery && (last || !reasoning.empty()))
                out += "<think>\n" + std::string(stripNewlines(reasoning, true, true)) +
                       "\n</think>\n\n" + std::string(stripNewlines(content, true, false));
            else
                out += content;
            out += "<|im_end|>\n";
        } else if (m.role == "tool") {
            if (i == 0 || messages[i - 1].role != "tool")
                out += "<|im_start|>user";
            out += "\n<tool_response>\n" + m.content + "\n</tool_response>";
            if (last || messages[i + 1].role != "tool")
                out += "<|im_end|>\n";
        }
    }
    if (addGenerationPrompt)
        out += "<|im_start|>assistant\n";
    return out;
}

// Meta's Llama 2 chat layout: every user turn opens with BOS (the first one
// comes from the tokenizer), a system message goes inside the next user
// turn, and every assistant turn closes with EOS. Roles other than system
// and assistant are user turns.
std::string renderLlama2(const std::vector<Message>& messages)
{
    std::string out;
    std::string system;
    bool pendingSystem = false;
    for (const auto& m : messages) {
        if (m.role == "system") {
            system += (pendingSystem ? "\n\n" : "") + m.content;
            pendingSystem = true;
            continue;
        }
        if (m.role == "assistant") {
            out += " " + trim(m.content) + " </s>";
            continue;
        }
        std::string content = m.content;
        if (pendingSystem) {
            content = "<<SYS>>\n" + system + "\n<</SYS>>\n\n" + content;
            system.clear();
            pendingSystem = false;
        }
        if (!out.empty())
            out += "<s>";
        out += "[INST] " + trim(content) + " [/INST]";
    }
    if (pendingSystem) {   // a system message with no user turn after it
        if (!out.empty())
            out += "<s>";
        out += "[INST] " + trim("<<SYS>>\n" + system + "\n<</SYS>>\n\n") + " [/INST]";
    }
    return out;
}

} // namespace

ChatFormat chatFormatOfTemplate(const std::string& text)
{
    if (text.find("<|start_header_id|>") != std::string::npos)
        return ChatFormat::Llama3;
    if (text.find("<|im_start|>") != std::string::npos)
        return ChatFormat::ChatML;
    if (text.find("[INST]") != std::string::npos)
        return ChatFormat::Llama2;
    return ChatFormat::Plain;
}

namespace {

// The chat template text of a model folder (or of the folder of a file in
// it); empty when there is none.
std::string folderTemplateText(const fs::path& modelDir)
{
    std::error_code ec;
    const fs::path dir = fs::is_directory(modelDir, ec) ? modelDir : modelDir.parent_path();

    if (const fs::path file = dir / "tokenizer_config.json"; isFile(file)) {
        const nlohmann::json config = readJson(file);
        if (!config.is_object())
            throw InputError(file.string() + ": the top level must be a JSON object.");
        if (config.contains("chat_template")) {
            std::string text = templateText(config["chat_template"], file);
            if (!text.empty())
                return text;
        }
    }
    // Newer transformers versions keep the template in a file of its own.
    if (const fs::path file = dir / "chat_template.jinja"; isFile(file))
        return readText(file);
    if (const fs::path file = dir / "chat_template.json"; isFile(file)) {
        const nlohmann::json config = readJson(file);
        if (config.is_object() && config.contains("chat_template"))
            return templateText(config["chat_template"], file);
    }
    return {};
}

} // namespace

ChatTemplate chatTemplateOfText(const std::string& text)
{
    ChatTemplate t;
    t.format = chatFormatOfTemplate(text);
    if (t.format == ChatFormat::Plain)
        return t;
    t.writesBos = text.find("bos_token") != std::string::npos;
    t.alwaysGenerationPrompt =
        t.format == ChatFormat::Llama3 &&
        text.find("add_generation_prompt") == std::string::npos &&
        text.find("<|start_header_id|>assistant<|end_header_id|>") != std::string::npos;
    t.thinking = t.format == ChatFormat::ChatML && text.find("<think>") != std::string::npos &&
                 text.find("last_query_index") != std::string::npos;
    return t;
}

ChatTemplate detectChatTemplate(const fs::path& modelDir)
{
    return chatTemplateOfText(folderTemplateText(modelDir));
}

ChatFormat detectChatFormat(const fs::path& modelDir)
{
    return chatFormatOfTemplate(folderTemplateText(modelDir));
}

const char* chatFormatName(ChatFormat format)
{
    switch (format) {
    case ChatFormat::Plain: return "plain";
    case ChatFormat::Llama3: return "llama3";
    case ChatFormat::ChatML: return "chatml";
    case ChatFormat::Llama2: return "llama2";
    }
    return "?";
}

ChatFormat parseChatFormat(const std::string& name)
{
    for (ChatFormat f : {ChatFormat::Plain, ChatFormat::Llama3, ChatFormat::ChatML,
                         ChatFormat::Llama2})
        if (name == chatFormatName(f))
            return f;
    throw InputError("unknown chat format \"" + name +
                     "\" (expected plain, llama3, chatml or llama2).");
}

std::string renderChat(ChatFormat format, const std::vector<Message>& messages,
                       bool addGenerationPrompt)
{
    switch (format) {
    case ChatFormat::Plain: return renderPlain(messages);
    case ChatFormat::Llama3: return renderLlama3(messages, addGenerationPrompt);
    case ChatFormat::ChatML: return renderChatML(messages, addGenerationPrompt);
    case ChatFormat::Llama2: return renderLlama2(messages);
    }
    return {};
}

std::string renderChat(const ChatTemplate& t, const std::vector<Message>& messages,
                       bool addGenerationPrompt)
{
    if (t.thinking)
        return renderQwen3(messages, addGenerationPrompt);
    return renderChat(t.format, messages, addGenerationPrompt || t.alwaysGenerationPrompt);
}

const char* endOfTurnText(ChatFormat format)
{
    switch (format) {
    case ChatFormat::Llama3: return "<|eot_id|>";
    case ChatFormat::ChatML: return "<|im_end|>";
    case ChatFormat::Plain:
    case ChatFormat::Llama2: return "";
    }
    return "";
}

const std::vector<std::string>& chatSpecialTokens(ChatFormat format)
{
    static const std::vector<std::string> none;
    static const std::vector<std::string> llama3{"<|begin_of_text|>", "<|start_header_id|>",
                                                 "<|end_header_id|>", "<|eot_id|>"};
    static const std::vector<std::string> chatml{"<|im_start|>", "<|im_end|>"};
    static const std::vector<std::string> llama2{"<s>", "</s>"};
    switch (format) {
    case ChatFormat::Llama3: return llama3;
    case ChatFormat::ChatML: return chatml;
    case ChatFormat::Llama2: return llama2;
    case ChatFormat::Plain: break;
    }
    return none;
}

} // namespace hialign::align

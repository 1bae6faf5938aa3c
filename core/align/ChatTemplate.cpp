#include "align/ChatTemplate.h"

#include <cctype>
#include <fstream>
#include <iterator>
#include <sstream>
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

// Python's str.strip() for ASCII whitespace (Jinja's trim filter).
std::string trim(const std::string& s)
{
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return s.substr(b, e - b);
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

ChatFormat detectChatFormat(const fs::path& modelDir)
{
    std::error_code ec;
    const fs::path dir = fs::is_directory(modelDir, ec) ? modelDir : modelDir.parent_path();

    if (const fs::path file = dir / "tokenizer_config.json"; isFile(file)) {
        const nlohmann::json config = readJson(file);
        if (!config.is_object())
            throw InputError(file.string() + ": the top level must be a JSON object.");
        if (config.contains("chat_template")) {
            const std::string text = templateText(config["chat_template"], file);
            if (!text.empty())
                return chatFormatOfTemplate(text);
        }
    }
    // Newer transformers versions keep the template in a file of its own.
    if (const fs::path file = dir / "chat_template.jinja"; isFile(file))
        return chatFormatOfTemplate(readText(file));
    if (const fs::path file = dir / "chat_template.json"; isFile(file)) {
        const nlohmann::json config = readJson(file);
        if (config.is_object() && config.contains("chat_template"))
            return chatFormatOfTemplate(templateText(config["chat_template"], file));
    }
    return ChatFormat::Plain;
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

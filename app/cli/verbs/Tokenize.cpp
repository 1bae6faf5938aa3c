// hialign-cli tokenize: JSON lines on stdin, one JSON line out per line in.
//   default   {"text": ...}                      -> {"ids": [...]}
//   --decode  {"ids": [...]}                     -> {"text": ...}
//   --chat    {"messages": [{"role", "content"}, ...], "add_generation_prompt": bool}
//                                                -> {"text": ..., "ids": [...]}
#include <cstdint>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "../CliCommon.h"
#include "../Verbs.h"
#include "align/ChatTemplate.h"
#include "align/TokenizedPair.h"
#include "tokenize/Tokenizer.h"
#include "util/Error.h"

namespace hialign::cli {

namespace {

using nlohmann::json;

struct TokenizeOptions {
    std::string source;   // model folder, tokenizer.json or tokenizer.model
    bool noSpecial = false;
    bool decode = false;
    bool chat = false;
    bool skipSpecial = false;
    bool cleanUpSpaces = false;
};

std::string lineName(std::int64_t lineNo)
{
    return "stdin line " + std::to_string(lineNo);
}

std::vector<std::int32_t> readIds(const json& in, std::int64_t lineNo)
{
    if (!in.contains("ids") || !in["ids"].is_array())
        throw InputError(lineName(lineNo) + " has no array field \"ids\"");
    std::vector<std::int32_t> ids;
    ids.reserve(in["ids"].size());
    for (const auto& v : in["ids"]) {
        if (!v.is_number_integer() || v.get<std::int64_t>() < INT32_MIN || v.get<std::int64_t>() > INT32_MAX)
            throw InputError(lineName(lineNo) + ": field \"ids\" must hold only integer token ids");
        ids.push_back(v.get<std::int32_t>());
    }
    return ids;
}

std::vector<align::Message> readMessages(const json& in, std::int64_t lineNo)
{
    if (!in.contains("messages") || !in["messages"].is_array())
        throw InputError(lineName(lineNo) + " has no array field \"messages\"");
    std::vector<align::Message> messages;
    for (const auto& m : in["messages"]) {
        if (!m.is_object() || !m.contains("role") || !m["role"].is_string() || !m.contains("content") ||
            !m["content"].is_string())
            throw InputError(lineName(lineNo) +
                             ": every entry of \"messages\" must be an object with string fields "
                             "\"role\" and \"content\"");
        messages.push_back({m["role"].get<std::string>(), m["content"].get<std::string>()});
    }
    return messages;
}

// Reads the JSON lines of stdin (blank lines are skipped) and writes what
// `handle` returns for each as one line.
int forEachLine(const std::function<json(const json&, std::int64_t)>& handle)
{
    std::string line;
    std::int64_t lineNo = 0;
    while (std::getline(std::cin, line)) {
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        json in;
        try {
            in = json::parse(line);
        } catch (const json::parse_error&) {
            throw InputError(lineName(lineNo) + " is not valid JSON");
        }
        if (!in.is_object())
            throw InputError(lineName(lineNo) + " is not a JSON object");
        std::cout << handle(in, lineNo).dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
    }
    return 0;
}

int runTokenize(const TokenizeOptions& o)
{
    const std::string source = modelArg(o.source);
    const auto tokenizer = tok::loadTokenizer(source);

    if (o.decode)
        return forEachLine([&](const json& in, std::int64_t lineNo) {
            std::string text = tokenizer->decode(readIds(in, lineNo), o.skipSpecial);
            if (o.cleanUpSpaces)
                text = tok::cleanUpTokenizationSpaces(std::move(text));
            return json{{"text", text}};
        });

    if (o.chat) {
        // As transformers' apply_chat_template: the rendered text (with the
        // BOS the template writes), tokenized without adding special tokens.
        const align::ChatTemplate chatTemplate = align::detectChatTemplate(source);
        std::string bosText;
        std::optional<std::int32_t> bos;
        if (chatTemplate.writesBos && tokenizer->special().bos) {
            bos = tokenizer->special().bos;
            bosText = tokenizer->piece(*bos);
        }
        return forEachLine([&](const json& in, std::int64_t lineNo) {
            const auto messages = readMessages(in, lineNo);
            bool generationPrompt = false;
            if (in.contains("add_generation_prompt")) {
                if (!in["add_generation_prompt"].is_boolean())
                    throw InputError(lineName(lineNo) + ": field \"add_generation_prompt\" must be true or false");
                generationPrompt = in["add_generation_prompt"].get<bool>();
            }
            const std::string rendered = align::renderChat(chatTemplate, messages, generationPrompt);
            std::vector<std::int32_t> ids;
            if (bos)
                ids.push_back(*bos);
            const auto body = align::encodeChatText(rendered, *tokenizer, chatTemplate.format);
            ids.insert(ids.end(), body.begin(), body.end());
            return json{{"text", bosText + rendered}, {"ids", ids}};
        });
    }

    return forEachLine([&](const json& in, std::int64_t lineNo) {
        if (!in.contains("text") || !in["text"].is_string())
            throw InputError(lineName(lineNo) + " has no string field \"text\"");
        return json{{"ids", tokenizer->encode(in["text"].get<std::string>(), !o.noSpecial)}};
    });
}

} // namespace

void addTokenize(CLI::App& app, Verbs& verbs)
{
    auto o = std::make_shared<TokenizeOptions>();
    CLI::App* cmd = app.add_subcommand(
        "tokenize", "Read JSON lines {\"text\": ...} on stdin, write {\"ids\": [...]} per line "
                    "(--decode: ids to text; --chat: a conversation through the chat template)");
    cmd->add_option("TOKENIZER_OR_MODEL_DIR", o->source, "Model folder, tokenizer.json or tokenizer.model")->required();
    auto* noSpecial = cmd->add_flag("--no-special", o->noSpecial, "Add no BOS/EOS");
    auto* decode = cmd->add_flag("--decode", o->decode,
                                 "Read {\"ids\": [...]} and write {\"text\": ...}; ids outside the "
                                 "vocabulary are skipped");
    auto* chat = cmd->add_flag(
        "--chat", o->chat,
        "Read {\"messages\": [{\"role\", \"content\"}, ...], \"add_generation_prompt\": bool} and write "
        "{\"text\", \"ids\"} as transformers' apply_chat_template does (the chat template comes from "
        "the tokenizer's folder; no other special tokens are added)");
    auto* skip = cmd->add_flag("--skip-special", o->skipSpecial, "With --decode: leave out special tokens");
    auto* cleanUp = cmd->add_flag("--clean-up-spaces", o->cleanUpSpaces,
                                  "With --decode: remove spaces before punctuation and English "
                                  "contractions (clean_up_tokenization_spaces)");
    decode->excludes(chat);
    noSpecial->excludes(decode)->excludes(chat);
    skip->needs(decode);
    cleanUp->needs(decode);
    verbs.push_back({cmd, [o] { return runTokenize(*o); }});
}

} // namespace hialign::cli

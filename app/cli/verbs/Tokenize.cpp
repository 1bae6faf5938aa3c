// hialign-cli tokenize: JSON lines {"text": ...} on stdin -> {"ids": [...]} on stdout.
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "../Verbs.h"
#include "tokenize/Tokenizer.h"
#include "util/Error.h"

namespace hialign::cli {

namespace {

using nlohmann::json;

struct TokenizeOptions {
    std::string source;   // model folder, tokenizer.json or tokenizer.model
    bool noSpecial = false;
};

int runTokenize(const TokenizeOptions& o)
{
    const auto tokenizer = tok::loadTokenizer(o.source);
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
            throw InputError("stdin line " + std::to_string(lineNo) + " is not valid JSON");
        }
        if (!in.is_object() || !in.contains("text") || !in["text"].is_string())
            throw InputError("stdin line " + std::to_string(lineNo) + " has no string field \"text\"");
        const auto ids = tokenizer->encode(in["text"].get<std::string>(), !o.noSpecial);
        std::cout << json{{"ids", ids}}.dump() << "\n";
    }
    return 0;
}

} // namespace

void addTokenize(CLI::App& app, Verbs& verbs)
{
    auto o = std::make_shared<TokenizeOptions>();
    CLI::App* cmd = app.add_subcommand(
        "tokenize", "Read JSON lines {\"text\": ...} on stdin, write {\"ids\": [...]} per line");
    cmd->add_option("TOKENIZER_OR_MODEL_DIR", o->source, "Model folder, tokenizer.json or tokenizer.model")->required();
    cmd->add_flag("--no-special", o->noSpecial, "Add no BOS/EOS");
    verbs.push_back({cmd, [o] { return runTokenize(*o); }});
}

} // namespace hialign::cli

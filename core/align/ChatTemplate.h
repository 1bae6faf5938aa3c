// Chat formats for conversational preference data.
//
// The workbench does not run Jinja: it recognises the few chat template
// families of the supported models (docs/ARCHITECTURE.md, "Extending") from the model folder's
// template text and renders them with fixed code. The BOS token is never part
// of the rendered text: a template that writes bos_token says so in
// ChatTemplate::writesBos, and the caller puts the BOS id first.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "align/PreferenceData.h"

namespace hialign::align {

enum class ChatFormat {
    Plain,    // no template: message contents joined by blank lines
    Llama3,   // <|start_header_id|>role<|end_header_id|>\n\ncontent<|eot_id|>
    ChatML,   // <|im_start|>role\ncontent<|im_end|>\n (Qwen)
    Llama2,   // [INST] <<SYS>>..<</SYS>> user [/INST] assistant </s><s>[INST] ...
};

// The format of a template text: "<|start_header_id|>" -> Llama3,
// "<|im_start|>" -> ChatML, "[INST]" -> Llama2 (also Mistral), else Plain.
ChatFormat chatFormatOfTemplate(const std::string& templateText);

// A chat format plus the variants of its family that the template text shows.
struct ChatTemplate {
    ChatFormat format = ChatFormat::Plain;
    // The template writes bos_token before the first message.
    bool writesBos = false;
    // The template never reads add_generation_prompt and always ends with the
    // assistant header (the first Llama 3 Instruct template).
    bool alwaysGenerationPrompt = false;
    // Qwen3's ChatML: the last assistant turn after the final user query gets
    // a <think> block (empty when the reply has none); earlier assistant
    // turns lose their reasoning; a later system message is an ordinary turn,
    // tool messages become <tool_response> blocks inside a user turn, and
    // other roles are left out.
    bool thinking = false;
};

// The template of a template text: the format of chatFormatOfTemplate() and
// the variants above.
ChatTemplate chatTemplateOfText(const std::string& templateText);

// The template of a model folder, looked up as detectChatFormat() does.
ChatTemplate detectChatTemplate(const std::filesystem::path& modelDir);

// The format of a model folder (or of the folder of a file inside it), from
// tokenizer_config.json "chat_template" (a string, or a list of
// {"name","template"} where "default" is used), else chat_template.jinja or
// chat_template.json beside it. No template at all -> Plain. A file that is
// there but unreadable or malformed -> InputError naming it.
ChatFormat detectChatFormat(const std::filesystem::path& modelDir);

const char* chatFormatName(ChatFormat format);   // "plain", "llama3", "chatml", "llama2"
ChatFormat parseChatFormat(const std::string& name);   // throws InputError

// Renders messages as the model's template does (without BOS).
// addGenerationPrompt appends the header of an assistant turn, so that the
// model's continuation is the assistant's reply. Llama3 and Llama2 trim each
// content as their official templates do (Python's str.strip: Unicode
// whitespace); ChatML and Plain keep it as is.
std::string renderChat(ChatFormat format, const std::vector<Message>& messages,
                       bool addGenerationPrompt);
// The same with the template's variants applied (still without BOS).
std::string renderChat(const ChatTemplate& chatTemplate, const std::vector<Message>& messages,
                       bool addGenerationPrompt);

// The text that ends an assistant turn: "<|eot_id|>" (Llama3), "<|im_end|>"
// (ChatML), "" for Plain and Llama2 (the tokenizer's EOS id ends it there).
const char* endOfTurnText(ChatFormat format);

// Special-token strings that a rendered chat of this format contains; the
// tokenizing code maps each to its single id (see encodeChatText).
const std::vector<std::string>& chatSpecialTokens(ChatFormat format);

} // namespace hialign::align

// Preference data sets (docs/ARCHITECTURE.md, "File formats"): JSON Lines or a JSON array of
// records, each normalised to one prompt and two completions.
//
// Accepted record forms (TRL's dataset formats):
//  1. standard:        {"prompt": str, "chosen": str, "rejected": str}
//  2. conversational:  "prompt" a list of {"role","content"} messages and
//                      "chosen"/"rejected" lists of messages; the completion
//                      is the content of the final assistant message(s).
//                      Without "prompt", the messages that chosen and
//                      rejected share at the start are the prompt (TRL's
//                      extract_prompt); a string "prompt" beside message
//                      lists is a single user turn unless the lists already
//                      repeat it (UltraFeedback's layout).
//  3. implicit prompt: no "prompt"; "chosen"/"rejected" hold the full text.
//                      The prompt is their longest common prefix, cut back to
//                      the start of the whitespace before the first word that
//                      differs, so no word is split; the completions keep
//                      that whitespace (" word ...", as TRL does).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace hialign::align {

struct Message {
    std::string role;      // "system", "user", "assistant", ...
    std::string content;
};

// One example, normalised.
struct PreferenceRecord {
    std::vector<Message> promptMessages;   // conversational form (may be empty)
    std::string prompt;                    // plain-text form (used when not conversational)
    std::string chosen, rejected;          // completion texts (assistant content for conversational)
    bool conversational = false;
    std::size_t line = 0;                  // 1-based line (JSONL) or element index+1 (JSON array)
};

struct LoadReport {
    std::size_t loaded = 0;
    std::size_t skipped = 0;
    std::vector<std::string> problems;   // one sentence each, naming file, line and field
};

// Reads JSONL (one object per line; blank lines ignored) or a JSON array (the
// file's first non-blank character is '['). A bad record (invalid JSON line,
// missing field, wrong type, empty chosen/rejected, chosen == rejected):
//  - skipBad false: throws InputError "FILE line N: field \"chosen\" is missing."
//    (for a JSON array: "FILE element N (line L): ...");
//  - skipBad true: skips it, counts it in report->skipped and keeps the
//    sentence in report->problems.
// A missing or unreadable file, a JSON array that does not parse, an empty
// file, or a file without one usable record -> InputError naming the file.
std::vector<PreferenceRecord> loadPreferences(const std::filesystem::path& file, bool skipBad,
                                              LoadReport* report = nullptr);

// The implicit-prompt split of form 3: returns the prompt's length in bytes
// (a common prefix of both texts, ending before a whitespace run).
std::size_t implicitPromptLength(const std::string& chosen, const std::string& rejected);

} // namespace hialign::align

// Eval prompt files (docs/SWEEP.md, "Eval prompts"): JSON Lines, one object
// per line with "prompt" (a non-empty string) and optionally "id" (a string
// or a number), "dimension" and "reference" (strings, null for none, as in a
// sweep's task files); other keys are ignored. The demo lab writes data/eval_DIM.jsonl in this format
// (dimension, prompt, reference); a sweep reads any such file, the Compare
// page offers their prompts. This is the one reader and writer. Plain C++.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hialign::eval {

struct EvalPromptRecord {
    std::string id;                        // "id", else "STEM:LINE" (the file's stem and line number)
    std::string prompt;
    std::optional<std::string> dimension;
    std::optional<std::string> reference;   // a correct continuation (the demo lab's files)
    std::size_t line = 0;                   // 1-based line in the file
};

// The file's records in order, the first `limit` of them when limit > 0;
// blank lines are skipped. Throws InputError naming the file (and the line)
// when it cannot be read or a line is not such an object.
std::vector<EvalPromptRecord> readEvalPromptFile(const std::filesystem::path& file, std::size_t limit = 0);

// "FILE line N" for errors about a record's contents.
std::string whereIs(const std::filesystem::path& file, const EvalPromptRecord& record);

// Writes records as {"dimension","prompt","reference"} lines (a key only
// when set; ids are not written: a line's id is its position), to a temporary
// file renamed over FILE.
void writeEvalPromptFile(const std::filesystem::path& file, const std::vector<EvalPromptRecord>& records);

} // namespace hialign::eval

// Reading JSON files of a model folder with errors that name the file and
// the field (hialign::InputError, one sentence each).
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace hialign::tok::json {

// Parses `file`. Throws InputError "<file>: ..." when it cannot be read or is
// not valid JSON (the parser's position is included).
nlohmann::json readFile(const std::filesystem::path& file);

// Throws InputError "<file>: field <field> <problem>.".
[[noreturn]] void fail(const std::filesystem::path& file, const std::string& field,
                       const std::string& problem);

// obj[key], which must exist and not be null; `field` is the dotted path of
// obj's key as shown in errors (e.g. "model.vocab").
const nlohmann::json& require(const nlohmann::json& obj, const char* key, const std::string& field,
                              const std::filesystem::path& file);

// obj[key] when obj is an object holding a non-null key, else nullptr.
const nlohmann::json* find(const nlohmann::json& obj, const char* key);

// The boolean/string value of obj[key], `fallback` when absent or null.
// A value of the wrong type is an error naming the field.
bool boolOr(const nlohmann::json& obj, const char* key, bool fallback, const std::string& field,
            const std::filesystem::path& file);
std::string stringOr(const nlohmann::json& obj, const char* key, const std::string& fallback,
                     const std::string& field, const std::filesystem::path& file);

} // namespace hialign::tok::json

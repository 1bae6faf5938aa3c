// Records stored one JSON object per line, read with the file and line named
// in every error, and the typed fields such records hold. Shared by the
// settings library's readers (settings/SweepTaskFiles, settings/EvalPromptFile).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace hialign::util {

struct JsonObjectLine {
    nlohmann::json value;   // an object
    std::string where;      // "FILE line N", for messages about its fields
    std::size_t line = 0;   // 1-based
};

// The objects of FILE's non-blank lines, in order; with LIMIT > 0 the first
// LIMIT of them (the lines after are not read). InputError "Cannot read
// NAME." (NAME: the file unless given) or "FILE line N is not a JSON object.".
std::vector<JsonObjectLine> readJsonObjectLines(const std::filesystem::path& file, std::size_t limit = 0,
                                                const std::string& name = {});

// "WHERE: field "KEY" WHAT."
std::string fieldError(const std::string& where, const char* key, const char* what);
// A string field; null or absent gives FALLBACK unless REQUIRED.
std::string stringField(const nlohmann::json& j, const char* key, const std::string& where, bool required = false,
                        const std::string& fallback = std::string());
// A string field that may be null or absent.
std::optional<std::string> optionalStringField(const nlohmann::json& j, const char* key, const std::string& where);
// A number field that may be null or absent.
std::optional<double> numberField(const nlohmann::json& j, const char* key, const std::string& where);
// A non-negative integer field; absent or null gives 0.
std::uint64_t countField(const nlohmann::json& j, const char* key, const std::string& where);

} // namespace hialign::util

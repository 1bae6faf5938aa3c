// Writes a whole file atomically: to a temporary name beside it, then renamed.
#pragma once

#include <filesystem>
#include <string>

namespace hialign::world {

// Throws Error naming the file when it cannot be written.
void writeFileAtomically(const std::filesystem::path& file, const std::string& contents);

} // namespace hialign::world

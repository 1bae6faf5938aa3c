// Whole-file writes that never leave a half-written file: the bytes go to a
// temporary name beside the target (with the process id, so concurrent
// writers never share it), are flushed to disk, then renamed. Plain C++.
#pragma once

#include <filesystem>
#include <string>

namespace hialign {

// Throws Error naming the file when it cannot be written or renamed.
void writeFileAtomic(const std::filesystem::path& path, const std::string& bytes);

} // namespace hialign

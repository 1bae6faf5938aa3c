// Where the workbench finds its shipped files.
#pragma once

#include <filesystem>

namespace hialign {

// Folder of the running executable (/proc/self/exe), empty if unknown.
std::filesystem::path executableDir();

// The shipped demo lab: a folder with model/ (a Hugging Face model folder),
// data/ (preference sets and eval prompts), world.json and MODEL_CARD.md.
// Looked up in order: $HIALIGN_DEMO_DIR, <exe>/../share/hialign/demo-lab,
// the source tree's resources/demo-lab. Empty when none exists.
std::filesystem::path demoLabDir();

} // namespace hialign

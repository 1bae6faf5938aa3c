// The probe's files in an output folder (docs/PROBE.md, "Files"):
// probe.json (ProbeResult::toJson), probe.csv (one row per layer x dimension
// x measure) and probe.html (a self-contained SVG heat map), written
// atomically; and the CLI's table. Torch-free.
#pragma once

#include <filesystem>
#include <string>

#include "probe/ProbeResult.h"

namespace hialign::probe {

// Refuses (InputError) a folder whose probe.json is unreadable or belongs to
// another model: a different layer count or a different model folder.
// Nothing to check when the folder or its probe.json does not exist.
void checkProbeFolder(const std::filesystem::path& dir, const std::string& modelDir, int numLayers);

// Reads probe.json (a file, or a folder holding one); InputError naming the file.
ProbeResult readProbeJson(const std::filesystem::path& fileOrDir);

// checkProbeFolder, then writes the three files (the folder is created).
void writeProbeFolder(const ProbeResult& result, const std::filesystem::path& dir);

std::string probeCsv(const ProbeResult& result);
std::string probeHtml(const ProbeResult& result);
// Layer rows with each dimension's "both" ablation change in margin [95%
// interval] and gradient norm, then the suggested cuts against the thirds.
std::string probeTable(const ProbeResult& result);

} // namespace hialign::probe

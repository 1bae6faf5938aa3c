// Run-time loader of the sentencepiece bridge (libhialign_spm_bridge.so).
//
// The bridge is dlopen()ed with RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND so that
// the protobuf inside libsentencepiece never resolves against LibTorch's
// (docs/ARCHITECTURE.md, "Platform notes"). It is never dlclose()d: libraries with protobuf static
// state are not safe to unload.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "spm_bridge/SpmBridge.h"

namespace hialign::tok {

// The resolved entry points of one loaded bridge. Immutable once loaded.
class SpmLibrary {
public:
    // The bridge, found in this order (first existing file wins):
    //   1. $HIALIGN_SPM_BRIDGE (a full path; if set it must exist),
    //   2. the directory of /proc/self/exe,
    //   3. <exe dir>/../lib and <exe dir>/../lib/x86_64-linux-gnu,
    //   4. the build tree's library folder, then the install library folder.
    // The search runs on every call (so a changed environment is honoured);
    // each distinct file is loaded once and cached for the process lifetime.
    // Throws hialign::Error when no usable bridge is found.
    static std::shared_ptr<const SpmLibrary> load();

    // The file name looked for in each folder.
    static const char* fileName();
    // The candidate paths of steps 2–4, in search order.
    static std::vector<std::filesystem::path> searchPath();

    const std::filesystem::path& path() const { return path_; }

    // Message of the last failed bridge call on this thread (no final period).
    std::string lastError() const;

    hialign_spm_last_error_fn lastErrorFn = nullptr;
    hialign_spm_load_file_fn loadFile = nullptr;
    hialign_spm_load_bytes_fn loadBytes = nullptr;
    hialign_spm_free_fn freeModel = nullptr;
    hialign_spm_free_buffer_fn freeBuffer = nullptr;
    hialign_spm_encode_fn encode = nullptr;
    hialign_spm_decode_fn decode = nullptr;
    hialign_spm_piece_size_fn pieceSize = nullptr;
    hialign_spm_id_to_piece_fn idToPiece = nullptr;
    hialign_spm_piece_to_id_fn pieceToId = nullptr;
    hialign_spm_id_query_fn isControl = nullptr;
    hialign_spm_id_query_fn isUnknown = nullptr;
    hialign_spm_id_query_fn isByte = nullptr;
    hialign_spm_special_id_fn bosId = nullptr;
    hialign_spm_special_id_fn eosId = nullptr;
    hialign_spm_special_id_fn unkId = nullptr;
    hialign_spm_special_id_fn padId = nullptr;
    hialign_spm_train_fn train = nullptr;
    hialign_spm_train_recorded_fn trainRecorded = nullptr;

private:
    explicit SpmLibrary(std::filesystem::path path) : path_(std::move(path)) {}
    static std::shared_ptr<const SpmLibrary> open(const std::filesystem::path& path);

    std::filesystem::path path_;
};

} // namespace hialign::tok

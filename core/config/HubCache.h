// Models by hub id from the Hugging Face cache, offline (docs/ARCHITECTURE.md,
// "Models from the Hugging Face cache"). The hub client keeps a model as
//   CACHE/models--ORG--NAME/refs/REVISION        a commit hash (text)
//   CACHE/models--ORG--NAME/snapshots/COMMIT/    the files, as links to blobs/
//   CACHE/models--ORG--NAME/blobs/               the content
// where CACHE is $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub.
// Nothing here downloads: a model not in the cache is refused in one sentence.
// Plain C++, no LibTorch.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hialign::io {

// ORG/NAME, optionally at a revision (ORG/NAME@REVISION): a branch, a tag or a commit.
struct HubModelRef {
    std::string id;                    // ORG/NAME
    std::string revision = "main";
};

// A model snapshot found in the cache.
struct CachedModel {
    std::string id;                    // ORG/NAME
    std::string revision;              // as asked ("main", a tag, or the commit itself)
    std::string commit;                // the snapshot's commit hash
    std::filesystem::path snapshot;    // CACHE/models--ORG--NAME/snapshots/COMMIT
};

// What a user named as a model: the folder to load, and the cached model it
// is when it came from the cache (by hub id, or a snapshot folder's path).
struct ModelLocation {
    std::filesystem::path dir;
    std::optional<CachedModel> hub;
};

// The cache folder in use: $HF_HUB_CACHE, else $HF_HOME/hub, else
// ~/.cache/huggingface/hub (whether or not it exists).
std::filesystem::path hubCacheDir();

// SPEC as a hub id: ORG/NAME or ORG/NAME@REVISION, each of ORG and NAME made
// of letters, digits, '-', '_' and '.', not starting with '.'; empty otherwise.
std::optional<HubModelRef> parseHubId(const std::string& spec);

// The snapshot of REF in the cache. InputError, naming what was searched, for
// a model not in the cache, a revision not there, a folder without snapshots
// (a gated model whose download was refused), or a snapshot without
// config.json or without its weights (an interrupted download).
CachedModel resolveCachedModel(const HubModelRef& ref);

// The model SPEC names: an existing path as it is (with .hub set when it is a
// snapshot folder in a cache layout); else a hub id resolved in the cache
// (InputError as above); else SPEC as a path, for the caller's own "not a
// model folder" sentence.
ModelLocation locateModel(const std::string& spec);

// The cached model whose snapshot folder DIR is (…/models--ORG--NAME/snapshots/COMMIT), if any.
std::optional<CachedModel> cachedModelOfSnapshot(const std::filesystem::path& dir);

// What an adapter records as its base model (PEFT's base_model_name_or_path):
// the hub id for a cached snapshot, as PEFT writes it, else the absolute folder.
std::string baseModelName(const std::filesystem::path& modelDir);

// Every model in the cache whose main (or only) snapshot holds config.json,
// by id: for the window's picker. size: the bytes of the snapshot's files.
struct CachedModelEntry {
    CachedModel model;
    std::uintmax_t bytes = 0;
};
std::vector<CachedModelEntry> listCachedModels();

} // namespace hialign::io

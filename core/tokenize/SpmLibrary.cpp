#include "tokenize/SpmLibrary.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <system_error>

#include "util/Error.h"

namespace hialign::tok {

namespace fs = std::filesystem;

namespace {

fs::path exeDir()
{
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
}

bool isFile(const fs::path& p)
{
    std::error_code ec;
    return !p.empty() && fs::is_regular_file(p, ec);
}

// Looks up `name` in `handle`, or throws naming the bridge file.
template <typename Fn>
Fn symbol(void* handle, const char* name, const fs::path& path)
{
    dlerror();
    void* sym = dlsym(handle, name);
    if (!sym)
        throw Error("The sentencepiece bridge " + path.string() + " lacks the symbol " + name +
                    "; it does not belong to this build.");
    return reinterpret_cast<Fn>(sym);
}

} // namespace

const char* SpmLibrary::fileName()
{
    return "libhialign_spm_bridge.so";
}

std::vector<fs::path> SpmLibrary::searchPath()
{
    std::vector<fs::path> dirs;
    if (const fs::path exe = exeDir(); !exe.empty()) {
        dirs.push_back(exe);
        dirs.push_back(exe / ".." / "lib");
        dirs.push_back(exe / ".." / "lib" / "x86_64-linux-gnu");
    }
#ifdef HIALIGN_BUILD_LIBDIR
    if (*HIALIGN_BUILD_LIBDIR)
        dirs.emplace_back(HIALIGN_BUILD_LIBDIR);
#endif
#ifdef HIALIGN_INSTALL_LIBDIR
    if (*HIALIGN_INSTALL_LIBDIR)
        dirs.emplace_back(HIALIGN_INSTALL_LIBDIR);
#endif
    std::vector<fs::path> files;
    files.reserve(dirs.size());
    for (const auto& d : dirs)
        files.push_back((d / fileName()).lexically_normal());
    return files;
}

std::shared_ptr<const SpmLibrary> SpmLibrary::load()
{
    fs::path found;
    if (const char* env = std::getenv("HIALIGN_SPM_BRIDGE"); env && *env) {
        found = env;
        if (!isFile(found))
            throw Error("The sentencepiece bridge named by HIALIGN_SPM_BRIDGE (" + found.string() +
                        ") does not exist.");
    } else {
        const auto candidates = searchPath();
        for (const auto& c : candidates) {
            if (isFile(c)) {
                found = c;
                break;
            }
        }
        if (found.empty()) {
            std::string where;
            for (const auto& c : candidates)
                where += (where.empty() ? "" : ", ") + c.parent_path().string();
            throw Error(std::string("The sentencepiece bridge ") + fileName() +
                        " was not found (looked in " + where +
                        "); set HIALIGN_SPM_BRIDGE to its full path.");
        }
    }

    static std::mutex mutex;
    static std::map<fs::path, std::shared_ptr<const SpmLibrary>> cache;
    std::error_code ec;
    fs::path key = fs::canonical(found, ec);
    if (ec)
        key = found;
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = cache.find(key); it != cache.end())
        return it->second;
    auto lib = open(key);
    cache.emplace(key, lib);
    return lib;
}

std::shared_ptr<const SpmLibrary> SpmLibrary::open(const fs::path& path)
{
    // Deliberately never dlclose()d (see the header).
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (!handle) {
        const char* why = dlerror();
        throw Error("The sentencepiece bridge " + path.string() + " could not be loaded: " +
                    (why ? why : "unknown error") + ".");
    }
    const auto version = symbol<hialign_spm_api_version_fn>(handle, "hialign_spm_api_version", path);
    if (version() != HIALIGN_SPM_BRIDGE_API_VERSION)
        throw Error("The sentencepiece bridge " + path.string() + " has API version " +
                    std::to_string(version()) + " but this build needs " +
                    std::to_string(HIALIGN_SPM_BRIDGE_API_VERSION) + ".");

    std::shared_ptr<SpmLibrary> lib(new SpmLibrary(path));
    lib->lastErrorFn = symbol<hialign_spm_last_error_fn>(handle, "hialign_spm_last_error", path);
    lib->loadFile = symbol<hialign_spm_load_file_fn>(handle, "hialign_spm_load_file", path);
    lib->loadBytes = symbol<hialign_spm_load_bytes_fn>(handle, "hialign_spm_load_bytes", path);
    lib->freeModel = symbol<hialign_spm_free_fn>(handle, "hialign_spm_free", path);
    lib->freeBuffer = symbol<hialign_spm_free_buffer_fn>(handle, "hialign_spm_free_buffer", path);
    lib->encode = symbol<hialign_spm_encode_fn>(handle, "hialign_spm_encode", path);
    lib->decode = symbol<hialign_spm_decode_fn>(handle, "hialign_spm_decode", path);
    lib->pieceSize = symbol<hialign_spm_piece_size_fn>(handle, "hialign_spm_piece_size", path);
    lib->idToPiece = symbol<hialign_spm_id_to_piece_fn>(handle, "hialign_spm_id_to_piece", path);
    lib->pieceToId = symbol<hialign_spm_piece_to_id_fn>(handle, "hialign_spm_piece_to_id", path);
    lib->isControl = symbol<hialign_spm_id_query_fn>(handle, "hialign_spm_is_control", path);
    lib->isUnknown = symbol<hialign_spm_id_query_fn>(handle, "hialign_spm_is_unknown", path);
    lib->isByte = symbol<hialign_spm_id_query_fn>(handle, "hialign_spm_is_byte", path);
    lib->bosId = symbol<hialign_spm_special_id_fn>(handle, "hialign_spm_bos_id", path);
    lib->eosId = symbol<hialign_spm_special_id_fn>(handle, "hialign_spm_eos_id", path);
    lib->unkId = symbol<hialign_spm_special_id_fn>(handle, "hialign_spm_unk_id", path);
    lib->padId = symbol<hialign_spm_special_id_fn>(handle, "hialign_spm_pad_id", path);
    lib->train = symbol<hialign_spm_train_fn>(handle, "hialign_spm_train", path);
    lib->trainRecorded =
        symbol<hialign_spm_train_recorded_fn>(handle, "hialign_spm_train_recorded", path);
    return lib;
}

std::string SpmLibrary::lastError() const
{
    const char* msg = lastErrorFn ? lastErrorFn() : nullptr;
    std::string text = (msg && *msg) ? std::string(msg) : std::string("unknown error");
    // Callers end their sentence themselves.
    while (!text.empty() && (text.back() == '.' || text.back() == ' ' || text.back() == '\n'))
        text.pop_back();
    return text;
}

} // namespace hialign::tok

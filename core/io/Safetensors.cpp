// SafetensorsFile (zero-copy tensors over a MappedFile) and the atomic
// writer. The header parser lives in SafetensorsParse.cpp (torch-free).

#include "io/Safetensors.h"

#include <ATen/core/Tensor.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/from_blob.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <set>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "safetensors stores little-endian data; this reader maps it as is"
#endif

namespace hialign::io {

namespace {

at::ScalarType scalarType(DType dtype)
{
    switch (dtype) {
    case DType::F32: return at::kFloat;
    case DType::F16: return at::kHalf;
    case DType::BF16: return at::kBFloat16;
    }
    return at::kFloat;
}

} // namespace

// ---------------------------------------------------------------- SafetensorsFile

SafetensorsFile::SafetensorsFile(const std::filesystem::path& path)
    : mapping_(std::make_shared<MappedFile>(path))
    , header_(parseSafetensors(mapping_->data(), mapping_->size(), path.string()))
{
    for (std::size_t i = 0; i < header_.tensors.size(); ++i)
        index_.emplace(header_.tensors[i].name, i);
}

bool SafetensorsFile::contains(const std::string& name) const
{
    return index_.count(name) != 0;
}

const TensorEntry& SafetensorsFile::entry(const std::string& name) const
{
    const auto it = index_.find(name);
    if (it == index_.end())
        throw InputError("there is no tensor '" + name + "' in " + path().string());
    return header_.tensors[it->second];
}

at::Tensor SafetensorsFile::tensor(const std::string& name) const
{
    const TensorEntry& e = entry(name);
    const auto options = at::TensorOptions().dtype(scalarType(e.dtype)).device(at::kCPU);
    const std::uint64_t bytes = e.end - e.begin;
    if (bytes == 0) {
        // An empty tensor may still have huge dimensions ([0, 2^62, 2^62] is a
        // valid header); LibTorch's contiguous strides multiply the non-zero
        // sizes, which must then fit in int64.
        std::int64_t stride = 1;
        for (std::int64_t d : e.shape)
            if (__builtin_mul_overflow(stride, std::max<std::int64_t>(d, 1), &stride))
                throw InputError("tensor '" + name + "' in " + path().string() +
                                 " is empty but its dimensions are too large for a tensor");
        return at::empty(e.shape, options);
    }

    // parseSafetensors guarantees dataStart() + end <= size(); re-checked here
    // because reading out of bounds is the one thing this class must not do.
    const std::uint64_t offset = header_.dataStart() + e.begin;
    if (offset > mapping_->size() || bytes > mapping_->size() - offset)
        throw InputError("tensor '" + name + "' in " + path().string() +
                         " lies outside the file");
    const std::uint8_t* p = mapping_->data() + offset;

    if (reinterpret_cast<std::uintptr_t>(p) % dtypeSize(e.dtype) == 0) {
        // Zero-copy view. The deleter owns a reference to the mapping, so the
        // file stays mapped while any tensor (or view of one) uses it. The
        // memory is a private mapping of the file: writes never reach the
        // file (copy-on-write, or a fault when only PROT_READ was granted),
        // so callers clone or convert before modifying.
        std::shared_ptr<MappedFile> keepAlive = mapping_;
        return at::from_blob(
            const_cast<std::uint8_t*>(p), e.shape,
            [keepAlive](void*) mutable { keepAlive.reset(); }, options);
    }

    // Misaligned for the element type: copy into a fresh tensor.
    at::Tensor copy = at::empty(e.shape, options);
    std::memcpy(copy.data_ptr(), p, bytes);
    return copy;
}

// ---------------------------------------------------------------- writer

namespace {

// The temporary file: closed and removed unless committed.
class TempFile {
public:
    explicit TempFile(std::filesystem::path path)
        : path_(std::move(path))
    {
        fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (fd_ < 0)
            throw Error("cannot create " + path_.string() + ": " + std::strerror(errno));
    }
    ~TempFile()
    {
        if (fd_ >= 0)
            ::close(fd_);
        if (!committed_)
            ::unlink(path_.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    void write(const void* data, std::size_t size)
    {
        const auto* p = static_cast<const char*>(data);
        while (size > 0) {
            const ssize_t n = ::write(fd_, p, size);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                throw Error("cannot write " + path_.string() + ": " + std::strerror(errno));
            }
            p += n;
            size -= static_cast<std::size_t>(n);
        }
    }

    // fsync, close and rename over `target`.
    void commit(const std::filesystem::path& target)
    {
        if (::fsync(fd_) != 0)
            throw Error("cannot flush " + path_.string() + " to disk: " + std::strerror(errno));
        const int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0)
            throw Error("cannot close " + path_.string() + ": " + std::strerror(errno));
        if (::rename(path_.c_str(), target.c_str()) != 0)
            throw Error("cannot rename " + path_.string() + " to " + target.string() + ": " +
                        std::strerror(errno));
        committed_ = true;
        // Make the rename itself durable; failure here loses nothing written.
        std::filesystem::path dir = target.parent_path();
        if (dir.empty())
            dir = ".";
        const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            ::fsync(dfd);
            ::close(dfd);
        }
    }

private:
    std::filesystem::path path_;
    int fd_ = -1;
    bool committed_ = false;
};

DType writableDtype(const std::string& name, const at::Tensor& t)
{
    switch (t.scalar_type()) {
    case at::kFloat: return DType::F32;
    case at::kHalf: return DType::F16;
    case at::kBFloat16: return DType::BF16;
    default:
        throw InputError("cannot write tensor '" + name + "' as safetensors: its dtype " +
                         std::string(c10::toString(t.scalar_type())) +
                         " is not F32, F16 or BF16");
    }
}

} // namespace

void writeSafetensors(const std::filesystem::path& path,
                      const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata)
{
    // 1. The header, from shapes and dtypes alone. nlohmann::json objects are
    //    std::maps, so keys come out sorted and the bytes are deterministic.
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty()) {
        nlohmann::json meta = nlohmann::json::object();
        for (const auto& [k, v] : metadata)
            meta[k] = v;
        header["__metadata__"] = std::move(meta);
    }
    std::uint64_t offset = 0;
    std::set<std::string> seen;
    for (const auto& [name, t] : tensors) {
        if (name == "__metadata__")
            throw InputError("cannot write a tensor named '__metadata__' to " + path.string() +
                             ": that key is reserved");
        if (!seen.insert(name).second)
            throw InputError("cannot write " + path.string() + ": tensor '" + name +
                             "' is given twice");
        if (!t.defined())
            throw InputError("cannot write tensor '" + name + "' to " + path.string() +
                             ": it is undefined");
        if (t.layout() != at::kStrided)
            throw InputError("cannot write tensor '" + name + "' to " + path.string() +
                             ": only dense (strided) tensors can be stored");
        const DType dtype = writableDtype(name, t);
        const auto bytes = static_cast<std::uint64_t>(t.numel()) * dtypeSize(dtype);
        nlohmann::json entry = nlohmann::json::object();
        entry["dtype"] = dtypeName(dtype);
        entry["shape"] = t.sizes().vec();
        entry["data_offsets"] = nlohmann::json::array({offset, offset + bytes});
        header[name] = std::move(entry);
        offset += bytes;
    }

    std::string text;
    try {
        text = header.dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
    } catch (const nlohmann::json::exception&) {
        throw InputError("cannot write " + path.string() +
                         ": a tensor name or metadata string is not valid UTF-8");
    }
    // Pad with spaces (valid trailing JSON whitespace) so the data section,
    // and therefore every tensor whose offset is a multiple of its element
    // size, starts 8-byte aligned.
    text.append((8 - (8 + text.size()) % 8) % 8, ' ');
    if (text.size() > kMaxHeaderBytes)
        throw InputError("cannot write " + path.string() + ": its header would be " +
                         std::to_string(text.size()) + " bytes, more than the " +
                         std::to_string(kMaxHeaderBytes) + "-byte limit");

    // 2. Header then tensor data, one tensor at a time, into a temporary file
    //    beside the target; only a complete, synced file replaces it.
    std::filesystem::path tmp = path;
    tmp += ".tmp-" + std::to_string(::getpid());
    TempFile file(tmp);

    std::uint8_t prefix[8];
    const std::uint64_t n = text.size();
    for (int i = 0; i < 8; ++i)
        prefix[i] = static_cast<std::uint8_t>(n >> (8 * i));
    file.write(prefix, sizeof prefix);
    file.write(text.data(), text.size());

    for (const auto& [name, t] : tensors) {
        // No-ops for a contiguous CPU tensor; otherwise one temporary copy of
        // this tensor only.
        const at::Tensor c = t.detach().to(at::kCPU).resolve_neg().contiguous();
        file.write(c.data_ptr(), c.numel() * c.element_size());
    }
    file.commit(path);
}

// ---------------------------------------------------------------- WeightStore

namespace {

// The shard named in an index must be a plain relative path inside the
// model folder.
bool isSafeRelativePath(const std::filesystem::path& p)
{
    if (p.empty() || p.is_absolute())
        return false;
    for (const auto& part : p)
        if (part == "..")
            return false;
    return true;
}

} // namespace

WeightStore::WeightStore(const std::filesystem::path& modelDir)
    : root_(modelDir)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(modelDir, ec);
    if (!fs::exists(status))
        throw InputError("model path " + modelDir.string() + " does not exist");

    auto addWholeFile = [this](const fs::path& file) {
        files_.push_back(std::make_unique<SafetensorsFile>(file));
        const SafetensorsFile* f = files_.back().get();
        for (const TensorEntry& e : f->header().tensors)
            where_.emplace(e.name, f);
    };

    // A direct path to one .safetensors file.
    if (fs::is_regular_file(status)) {
        addWholeFile(modelDir);
        return;
    }
    if (!fs::is_directory(status))
        throw InputError("model path " + modelDir.string() + " is neither a folder nor a file");

    const fs::path single = modelDir / "model.safetensors";
    if (fs::exists(single, ec)) {
        addWholeFile(single);
        return;
    }

    const fs::path indexPath = modelDir / "model.safetensors.index.json";
    if (!fs::exists(indexPath, ec))
        throw InputError("the folder " + modelDir.string() +
                         " has neither model.safetensors nor model.safetensors.index.json");

    // The sharded form: {"weight_map": {tensor name: shard file name}, ...}.
    const MappedFile indexFile(indexPath);
    nlohmann::json index;
    try {
        index = nlohmann::json::parse(reinterpret_cast<const char*>(indexFile.data()),
                                      reinterpret_cast<const char*>(indexFile.data()) +
                                          indexFile.size());
    } catch (const nlohmann::json::exception& e) {
        std::string what = e.what();
        if (const auto close = what.find("] "); close != std::string::npos)
            what = what.substr(close + 2);
        throw InputError("the index " + indexPath.string() + " is not valid JSON: " + what);
    }
    if (!index.is_object() || !index.contains("weight_map") ||
        !index["weight_map"].is_object())
        throw InputError("the index " + indexPath.string() +
                         " has no 'weight_map' object mapping tensor names to shard files");

    std::map<std::string, const SafetensorsFile*> shards;   // opened once each
    for (const auto& [name, shardValue] : index["weight_map"].items()) {
        if (!shardValue.is_string())
            throw InputError("the index " + indexPath.string() + " maps tensor '" + name +
                             "' to a JSON " + shardValue.type_name() +
                             " instead of a shard file name");
        const auto& shardName = shardValue.get_ref<const std::string&>();
        if (!isSafeRelativePath(shardName))
            throw InputError("the index " + indexPath.string() + " maps tensor '" + name +
                             "' to the shard '" + shardName +
                             "', which is not a file inside the model folder");
        auto it = shards.find(shardName);
        if (it == shards.end()) {
            const fs::path shardPath = modelDir / shardName;
            if (!fs::exists(shardPath, ec))
                throw InputError("the shard file " + shardPath.string() + " listed in " +
                                 indexPath.string() + " does not exist");
            files_.push_back(std::make_unique<SafetensorsFile>(shardPath));
            it = shards.emplace(shardName, files_.back().get()).first;
        }
        if (!it->second->contains(name))
            throw InputError("the index " + indexPath.string() + " places tensor '" + name +
                             "' in " + it->second->path().string() +
                             ", but that shard has no such tensor");
        where_.emplace(name, it->second);
    }
}

bool WeightStore::contains(const std::string& name) const
{
    return where_.count(name) != 0;
}

const TensorEntry& WeightStore::entry(const std::string& name) const
{
    const auto it = where_.find(name);
    if (it == where_.end())
        throw InputError("the model " + root_.string() + " has no tensor '" + name + "'");
    return it->second->entry(name);
}

at::Tensor WeightStore::tensor(const std::string& name) const
{
    const auto it = where_.find(name);
    if (it == where_.end())
        throw InputError("the model " + root_.string() + " has no tensor '" + name + "'");
    return it->second->tensor(name);
}

std::vector<std::string> WeightStore::names() const
{
    std::vector<std::string> out;
    out.reserve(where_.size());
    for (const auto& [name, _] : where_)
        out.push_back(name);
    return out;
}

std::uint64_t WeightStore::totalBytes() const
{
    std::uint64_t total = 0;
    for (const auto& f : files_)
        total += f->header().dataSize;
    return total;
}

} // namespace hialign::io

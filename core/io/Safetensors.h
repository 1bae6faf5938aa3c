// Safetensors: a validated, memory-mapped reader and an atomic writer.
//
// The parser checks what the reference implementation checks: header length
// against the file size (overflow-checked), a header size cap, UTF-8 and JSON
// validity, known dtypes, shape x dtype size == byte span (overflow-checked),
// spans that are contiguous, non-overlapping and exactly cover the data, no
// trailing bytes, no duplicate names. `__metadata__` is kept.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "util/Error.h"

namespace at { class Tensor; }

namespace hialign::io {

enum class DType { F32, F16, BF16 };

const char* dtypeName(DType dtype);      // "F32", "F16", "BF16"
std::size_t dtypeSize(DType dtype);      // bytes per element

struct TensorEntry {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;   // offset into the data section (after the header)
    std::uint64_t end = 0;     // one past the last byte
};

struct SafetensorsHeader {
    std::uint64_t headerLength = 0;          // N in the 8-byte prefix
    std::vector<TensorEntry> tensors;         // in file (offset) order
    std::map<std::string, std::string> metadata;
    std::uint64_t dataSize = 0;              // bytes in the data section (file size - 8 - N)

    // Offset of the data section from the start of the file.
    std::uint64_t dataStart() const { return 8 + headerLength; }
};

// Largest header accepted (the reference implementation uses 100 MB).
constexpr std::uint64_t kMaxHeaderBytes = 100u * 1000u * 1000u;

// Parses and validates a whole file held in memory. Torch-free so it can be
// fuzzed on its own. Throws InputError with `source` (a file name) in the
// message.
SafetensorsHeader parseSafetensors(const std::uint8_t* data, std::size_t size,
                                   const std::string& source = "<memory>");

// A memory mapping of a whole file, shared by the tensors that view it.
// MAP_PRIVATE over a read-only descriptor, mapped PROT_READ|PROT_WRITE where
// the kernel allows: the file is never modified, and a stray write through a
// tensor view lands in a private copy-on-write page rather than faulting.
// Missing, empty or unreadable files throw InputError naming the file.
class MappedFile {
public:
    explicit MappedFile(const std::filesystem::path& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::uint8_t* data() const { return data_; }
    std::size_t size() const { return size_; }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
    const std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
};

// One validated .safetensors file, memory-mapped.
class SafetensorsFile {
public:
    explicit SafetensorsFile(const std::filesystem::path& path);

    const SafetensorsHeader& header() const { return header_; }
    const std::filesystem::path& path() const { return mapping_->path(); }
    // The whole mapped file (e.g. to check that a tensor is a zero-copy view).
    const MappedFile& mapping() const { return *mapping_; }
    bool contains(const std::string& name) const;
    const TensorEntry& entry(const std::string& name) const;   // throws if absent

    // A CPU tensor viewing the mapped bytes when the data is aligned for its
    // dtype (zero-copy; the tensor keeps the mapping alive), otherwise a copy.
    // The view is read-only memory as far as the file is concerned (a private
    // copy-on-write mapping, or PROT_READ as a fallback, where a write would
    // fault): clone or convert before writing to it.
    at::Tensor tensor(const std::string& name) const;

private:
    std::shared_ptr<MappedFile> mapping_;
    SafetensorsHeader header_;
    std::map<std::string, std::size_t> index_;
};

// Writes tensors (F32/F16/BF16, any device or layout) to `path` atomically:
// to `<path>.tmp-<pid>` in the same folder, fsync, then rename; on failure the
// temporary file is removed and Error (InputError for bad arguments) thrown.
// The header has sorted keys (deterministic bytes) and is space-padded so the
// data starts 8-byte aligned; data is laid out in the order given, one tensor
// at a time (each moved to the CPU and made contiguous only while written).
void writeSafetensors(const std::filesystem::path& path,
                      const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

// A checkpoint that may be split into shards: a folder with
// model.safetensors, or model.safetensors.index.json plus its shards (each
// opened once; every name in weight_map must exist in its shard), or a
// direct path to one .safetensors file. totalBytes() sums the data sections.
// names() is sorted.
class WeightStore {
public:
    explicit WeightStore(const std::filesystem::path& modelDir);
    bool contains(const std::string& name) const;
    const TensorEntry& entry(const std::string& name) const;
    at::Tensor tensor(const std::string& name) const;
    std::vector<std::string> names() const;
    std::uint64_t totalBytes() const;

private:
    std::filesystem::path root_;   // as given: folder or file
    std::vector<std::unique_ptr<SafetensorsFile>> files_;
    std::map<std::string, const SafetensorsFile*> where_;
};

} // namespace hialign::io

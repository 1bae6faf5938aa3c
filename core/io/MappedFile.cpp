// MappedFile: a private memory mapping of a whole file.
//
// The mapping is MAP_PRIVATE with PROT_READ|PROT_WRITE over a file opened
// read-only: the file itself can never be modified through it, and an
// accidental write through a zero-copy tensor view becomes a private
// copy-on-write page instead of a SIGSEGV. Untouched pages stay shared with
// the page cache, so mapping costs no host memory beyond the pages read.
// Should the kernel refuse a writable private mapping (strict overcommit
// accounting can), we fall back to PROT_READ, where writes would fault.
//
// Known limit: if another process truncates the file while it is mapped,
// touching the lost pages raises SIGBUS; nothing portable prevents that.

#include "io/Safetensors.h"

#include <cerrno>
#include <cstring>
#include <limits>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hialign::io {

namespace {

std::string errnoText(int err) { return std::strerror(err); }

// Closes a file descriptor on scope exit.
struct FdGuard {
    int fd = -1;
    ~FdGuard()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

} // namespace

MappedFile::MappedFile(const std::filesystem::path& path)
    : path_(path)
{
    const std::string name = path.string();
    FdGuard fd{::open(name.c_str(), O_RDONLY | O_CLOEXEC)};
    if (fd.fd < 0) {
        const int err = errno;
        if (err == ENOENT)
            throw InputError("file " + name + " does not exist");
        throw InputError("cannot open " + name + ": " + errnoText(err));
    }

    struct stat st {};
    if (::fstat(fd.fd, &st) != 0)
        throw InputError("cannot read the size of " + name + ": " + errnoText(errno));
    if (S_ISDIR(st.st_mode))
        throw InputError(name + " is a folder, not a file");
    if (!S_ISREG(st.st_mode))
        throw InputError(name + " is not a regular file");
    if (st.st_size == 0)
        throw InputError("file " + name + " is empty");
    if (st.st_size < 0 ||
        static_cast<std::uint64_t>(st.st_size) > std::numeric_limits<std::size_t>::max())
        throw InputError("file " + name + " is too large to map into memory");
    const auto size = static_cast<std::size_t>(st.st_size);

    void* addr = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd.fd, 0);
    if (addr == MAP_FAILED && (errno == ENOMEM || errno == EACCES || errno == EPERM))
        addr = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.fd, 0);
    if (addr == MAP_FAILED)
        throw InputError("cannot map " + name + " into memory: " + errnoText(errno));

    // The mapping stays valid after the descriptor is closed.
    data_ = static_cast<const std::uint8_t*>(addr);
    size_ = size;
}

MappedFile::~MappedFile()
{
    if (data_)
        ::munmap(const_cast<std::uint8_t*>(data_), size_);
}

} // namespace hialign::io

#include "util/AtomicFile.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>

#include "util/Error.h"

namespace hialign {

namespace fs = std::filesystem;

void writeFileAtomic(const fs::path& path, const std::string& bytes)
{
    const fs::path tmp = path.string() + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw Error("cannot write " + tmp.string());
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out)
            throw Error("cannot write " + tmp.string() + " (disk full?)");
    }
    if (int fd = ::open(tmp.c_str(), O_RDONLY); fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw Error("cannot rename " + tmp.string() + " to " + path.string());
    }
}

} // namespace hialign

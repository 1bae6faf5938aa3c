#include "world/AtomicFile.h"

#include <fstream>
#include <system_error>

#include "util/Error.h"

namespace hialign::world {

void writeFileAtomically(const std::filesystem::path& file, const std::string& contents)
{
    std::filesystem::path temp = file;
    temp += ".tmp";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw Error("cannot write \"" + temp.string() + "\".");
        out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
        out.flush();
        if (!out)
            throw Error("cannot write \"" + temp.string() + "\".");
    }
    std::error_code ec;
    std::filesystem::rename(temp, file, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        throw Error("cannot write \"" + file.string() + "\".");
    }
}

} // namespace hialign::world

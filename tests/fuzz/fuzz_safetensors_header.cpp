// libFuzzer target for the safetensors header parser (core/io/SafetensorsParse.cpp).
//
// Built with clang -fsanitize=fuzzer,address,undefined by tests/fuzz/CMakeLists.txt.
// Contract under test: parseSafetensors either throws hialign::InputError or
// returns a header whose spans provably lie inside the input. Anything else
// (another exception, a sanitizer report, a broken invariant) is a bug.

#include "io/Safetensors.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

void check(bool ok)
{
    if (!ok)
        __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    // An exactly-sized heap copy, so ASan flags any read past the end.
    std::vector<std::uint8_t> copy(data, data + size);
    const std::uint8_t* buffer = copy.empty() ? nullptr : copy.data();
    try {
        const hialign::io::SafetensorsHeader h =
            hialign::io::parseSafetensors(buffer, copy.size(), "fuzz-input");

        // Invariants of an accepted file.
        check(h.headerLength <= hialign::io::kMaxHeaderBytes);
        check(h.dataStart() <= size);
        check(h.dataSize == size - h.dataStart());
        std::uint64_t expected = 0;
        for (const auto& t : h.tensors) {
            check(t.begin == expected && t.begin <= t.end);
            std::uint64_t elements = 1;
            for (std::int64_t d : t.shape) {
                check(d >= 0);
                check(!__builtin_mul_overflow(elements, static_cast<std::uint64_t>(d), &elements));
            }
            check(elements * hialign::io::dtypeSize(t.dtype) == t.end - t.begin);
            expected = t.end;
            // Touch every byte of the span: out-of-bounds spans would trip ASan.
            volatile std::uint8_t sink = 0;
            for (std::uint64_t i = t.begin; i < t.end; ++i)
                sink = sink ^ buffer[h.dataStart() + i];
            (void)sink;
        }
        check(expected == h.dataSize);
    } catch (const hialign::InputError&) {
        // Rejected cleanly: the expected outcome for most inputs.
    }
    return 0;
}

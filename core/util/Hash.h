// 64-bit FNV-1a (fingerprints and cache keys, not security). Plain C++,
// header only.
#pragma once

#include <cstdint>
#include <string_view>

namespace hialign::util {

inline constexpr std::uint64_t kFnv1a64Offset = 0xcbf29ce484222325ULL;   // 14695981039346656037
inline constexpr std::uint64_t kFnv1a64Prime = 0x100000001b3ULL;         // 1099511628211

// Continues a hash over `bytes`; start from kFnv1a64Offset (or another basis).
constexpr std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t hash)
{
    for (unsigned char c : bytes) {
        hash ^= c;
        hash *= kFnv1a64Prime;
    }
    return hash;
}

constexpr std::uint64_t fnv1a64(std::string_view bytes)
{
    return fnv1a64(bytes, kFnv1a64Offset);
}

} // namespace hialign::util

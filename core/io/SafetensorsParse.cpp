// The safetensors header parser and validator.
//
// This translation unit is deliberately free of LibTorch: the libFuzzer target
// in tests/fuzz compiles exactly this file (plus nlohmann-json) with clang and
// the sanitizers. Keep it that way.
//
// File layout (https://github.com/huggingface/safetensors):
//
//   [0, 8)          N, the header length, unsigned 64-bit little-endian
//   [8, 8 + N)      the header: UTF-8 JSON object
//                     { "__metadata__": {string: string},        (optional)
//                       "<name>": { "dtype": "F32",
//                                   "shape": [d0, d1, ...],
//                                   "data_offsets": [begin, end] }, ... }
//   [8 + N, size)   the data section; every tensor's bytes are
//                   [8 + N + begin, 8 + N + end)
//
// Checks, in the order the reference implementation performs them:
//   1. size >= 8, N <= kMaxHeaderBytes, 8 + N <= size (overflow-checked);
//   2. the header is valid UTF-8 and valid JSON, with no duplicate keys and
//      no nesting deeper than a valid header has; it is an object;
//   3. every entry has exactly dtype/shape/data_offsets with the right types,
//      a supported dtype, and prod(shape) * dtypeSize == end - begin
//      (overflow-checked);
//   4. spans sorted by offset start at 0, are contiguous, and end exactly at
//      the end of the file.
// After these checks every tensor's bytes lie inside [8 + N, size), so the
// reader never touches memory outside the mapping.

#include "io/Safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <limits>
#include <set>
#include <sstream>
#include <string_view>

namespace hialign::io {

const char* dtypeName(DType dtype)
{
    switch (dtype) {
    case DType::F32: return "F32";
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
    }
    return "?";
}

std::size_t dtypeSize(DType dtype)
{
    switch (dtype) {
    case DType::F32: return 4;
    case DType::F16: return 2;
    case DType::BF16: return 2;
    }
    return 0;
}

namespace {

using nlohmann::json;

// Every dtype name the reference implementation knows. Those we cannot load
// are rejected by name, so the user learns the file is fine but unsupported.
constexpr const char* kKnownUnsupportedDtypes[] = {
    "BOOL", "U8", "I8", "U16", "I16", "U32", "I32", "U64", "I64", "F64",
    "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64",
};

// A name or value fit for an error message: control characters escaped and
// long strings shortened, so that a hostile header cannot flood the message.
std::string printable(std::string_view text, std::size_t maxLength = 120)
{
    std::string out;
    const std::size_t n = std::min(text.size(), maxLength);
    out.reserve(n + 8);
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f) {
            static const char hex[] = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xf];
        } else {
            out += static_cast<char>(c);
        }
    }
    if (text.size() > maxLength) {
        // Do not cut a UTF-8 sequence in half.
        while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80)
            out.pop_back();
        if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0)
            out.pop_back();
        out += "...";
    }
    return out;
}

std::string inQuotes(std::string_view text) { return "'" + printable(text) + "'"; }

// A JSON value as it would appear in the header, shortened.
std::string preview(const json& value)
{
    return printable(value.dump(-1, ' ', false, json::error_handler_t::replace), 60);
}

[[noreturn]] void fail(const std::string& message) { throw InputError(message); }

// Strict UTF-8 validation, as Rust's std::str::from_utf8: no overlong forms,
// no surrogates, nothing above U+10FFFF. Returns the offset of the first bad
// byte, or `size` when all is well.
std::size_t firstInvalidUtf8(const std::uint8_t* s, std::size_t size)
{
    std::size_t i = 0;
    while (i < size) {
        const std::uint8_t c = s[i];
        if (c < 0x80) { ++i; continue; }
        std::size_t len = 0;
        std::uint8_t lo = 0x80, hi = 0xBF;   // allowed range of the 2nd byte
        if (c >= 0xC2 && c <= 0xDF) { len = 2; }
        else if (c == 0xE0) { len = 3; lo = 0xA0; }
        else if (c >= 0xE1 && c <= 0xEC) { len = 3; }
        else if (c == 0xED) { len = 3; hi = 0x9F; }   // no surrogates
        else if (c >= 0xEE && c <= 0xEF) { len = 3; }
        else if (c == 0xF0) { len = 4; lo = 0x90; }
        else if (c >= 0xF1 && c <= 0xF3) { len = 4; }
        else if (c == 0xF4) { len = 4; hi = 0x8F; }   // <= U+10FFFF
        else return i;
        if (size - i < len) return i;
        if (s[i + 1] < lo || s[i + 1] > hi) return i;
        for (std::size_t k = 2; k < len; ++k)
            if ((s[i + k] & 0xC0) != 0x80) return i;
        i += len;
    }
    return size;
}

// Thrown from inside the JSON parser callback; turned into an InputError.
struct StructureError {
    std::string message;
};

// Parses the header text. nlohmann's DOM parser silently keeps the last of
// duplicate keys, so a callback tracks the keys of every open object and
// rejects a repeat. It also stops containers nested deeper than a valid
// header ever has (root object 0 > tensor entry 1 > shape array 2), which
// keeps hostile inputs from building huge nested DOMs.
json parseHeaderJson(const char* begin, const char* end, const std::string& source)
{
    constexpr int kMaxContainerDepth = 2;
    std::vector<std::set<std::string>> openObjects;

    auto callback = [&](int depth, json::parse_event_t event, json& parsed) -> bool {
        switch (event) {
        case json::parse_event_t::object_start:
        case json::parse_event_t::array_start:
            if (depth > kMaxContainerDepth)
                throw StructureError{"the header of " + source +
                                     " nests JSON objects or arrays deeper than a safetensors "
                                     "header can"};
            if (event == json::parse_event_t::object_start)
                openObjects.emplace_back();
            break;
        case json::parse_event_t::object_end:
            if (!openObjects.empty())
                openObjects.pop_back();
            break;
        case json::parse_event_t::key:
            if (!openObjects.empty() && parsed.is_string()) {
                const auto& key = parsed.get_ref<const std::string&>();
                if (!openObjects.back().insert(key).second) {
                    if (depth == 1)
                        throw StructureError{key == "__metadata__"
                                                 ? "the header of " + source +
                                                       " has more than one '__metadata__' entry"
                                                 : "the header of " + source +
                                                       " names tensor " + inQuotes(key) + " twice"};
                    throw StructureError{"the header of " + source + " repeats the key " +
                                         inQuotes(key) + " inside one object"};
                }
            }
            break;
        default:
            break;
        }
        return true;
    };

    try {
        return json::parse(begin, end, callback, /*allow_exceptions=*/true,
                           /*ignore_comments=*/false);
    } catch (const StructureError& e) {
        fail(e.message);
    } catch (const json::exception& e) {
        // e.what() reads "[json.exception.parse_error.101] parse error at ...";
        // drop the bracketed id, keep the position and reason.
        std::string what = e.what();
        if (const auto close = what.find("] "); what.rfind("[json.exception.", 0) == 0 &&
                                                close != std::string::npos)
            what = what.substr(close + 2);
        fail("the header of " + source + " is not valid JSON: " + printable(what, 300));
    }
}

// A JSON number that is a non-negative integer (serde's usize rules: no
// fractions, no exponents, no negatives).
bool isNonNegativeInteger(const json& v)
{
    return v.is_number_unsigned() ||
           (v.is_number_integer() && v.get<std::int64_t>() >= 0);
}

std::uint64_t asUnsigned(const json& v)
{
    return v.is_number_unsigned() ? v.get<std::uint64_t>()
                                  : static_cast<std::uint64_t>(v.get<std::int64_t>());
}

bool checkedMul(std::uint64_t a, std::uint64_t b, std::uint64_t& out)
{
    return !__builtin_mul_overflow(a, b, &out);
}

std::string shapeText(const std::vector<std::int64_t>& shape)
{
    std::ostringstream s;
    s << '[';
    for (std::size_t i = 0; i < shape.size(); ++i)
        s << (i ? ", " : "") << shape[i];
    s << ']';
    return s.str();
}

// Only dtype, shape and data_offsets, and all three.
void checkEntryFields(const std::string& who, const json& value)
{
    if (!value.is_object())
        fail(who + " is described by a JSON " + value.type_name() + ", not an object");
    for (const auto& [key, _] : value.items())
        if (key != "dtype" && key != "shape" && key != "data_offsets")
            fail(who + " has an unexpected field " + inQuotes(key) +
                 "; only dtype, shape and data_offsets are allowed");
    for (const char* field : {"dtype", "shape", "data_offsets"})
        if (!value.contains(field))
            fail(who + " has no '" + field + "' field");
}

DType parseDtype(const std::string& who, const json& dtype)
{
    if (!dtype.is_string())
        fail(who + " has a dtype that is a JSON " + dtype.type_name() + " (" + preview(dtype) +
             "), not a string");
    const auto& dtypeText = dtype.get_ref<const std::string&>();
    if (dtypeText == "F32") return DType::F32;
    if (dtypeText == "F16") return DType::F16;
    if (dtypeText == "BF16") return DType::BF16;
    for (const char* known : kKnownUnsupportedDtypes)
        if (dtypeText == known)
            fail(who + " has dtype " + dtypeText + "; only F32, F16 and BF16 are supported");
    fail(who + " has unknown dtype " + inQuotes(dtypeText) + "; only F32, F16 and BF16 are supported");
}

// The shape: an array of non-negative integers that fit an int64 (LibTorch's
// size type), into entry.shape. The element count is folded left to right
// with overflow checks, as the reference does. Returns the size in bytes.
std::uint64_t parseShape(const std::string& who, const json& shape, TensorEntry& entry)
{
    if (!shape.is_array())
        fail(who + " has a shape that is a JSON " + shape.type_name() + " (" + preview(shape) +
             "), not an array");
    std::uint64_t elements = 1;
    bool overflow = false;
    entry.shape.reserve(shape.size());
    for (const json& dim : shape) {
        if (!isNonNegativeInteger(dim))
            fail(who + " has shape entry " + preview(dim) +
                 "; shape entries must be non-negative integers");
        const std::uint64_t d = asUnsigned(dim);
        if (d > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            fail(who + " has shape entry " + std::to_string(d) +
                 ", which is too large for a tensor dimension");
        entry.shape.push_back(static_cast<std::int64_t>(d));
        if (!overflow && !checkedMul(elements, d, elements))
            overflow = true;
    }
    std::uint64_t bytes = 0;
    if (overflow || !checkedMul(elements, dtypeSize(entry.dtype), bytes))
        fail(who + " has shape " + shapeText(entry.shape) +
             " whose size in bytes overflows 64 bits");
    return bytes;
}

// data_offsets: [begin, end], non-negative integers, begin <= end.
void parseOffsets(const std::string& who, const json& offsets, TensorEntry& entry)
{
    if (!offsets.is_array() || offsets.size() != 2)
        fail(who + " has data_offsets " + preview(offsets) +
             "; expected an array of two non-negative integers");
    for (const json& o : offsets)
        if (!isNonNegativeInteger(o))
            fail(who + " has data_offsets entry " + preview(o) +
                 "; data_offsets must be non-negative integers");
    entry.begin = asUnsigned(offsets[0]);
    entry.end = asUnsigned(offsets[1]);
    if (entry.begin > entry.end)
        fail(who + " has data_offsets [" + std::to_string(entry.begin) + ", " +
             std::to_string(entry.end) + "] whose begin is past its end");
}

// Parses one tensor entry; checks types, dtype and shape x dtype == span.
TensorEntry parseEntry(const std::string& name, const json& value, const std::string& source)
{
    const std::string who = "tensor " + inQuotes(name) + " in " + source;
    checkEntryFields(who, value);
    TensorEntry entry;
    entry.name = name;
    entry.dtype = parseDtype(who, value["dtype"]);
    const std::uint64_t bytes = parseShape(who, value["shape"], entry);
    parseOffsets(who, value["data_offsets"], entry);
    if (entry.end - entry.begin != bytes)
        fail(who + " has shape " + shapeText(entry.shape) + " of " + value["dtype"].get<std::string>() + " (" +
             std::to_string(bytes) + " bytes) but its data_offsets span " +
             std::to_string(entry.end - entry.begin) + " bytes");
    return entry;
}

// Check 1: the header length N, little-endian, fits the file; sets the
// header's length and data size.
void readHeaderLength(const std::uint8_t* data, std::size_t size, const std::string& source,
                      SafetensorsHeader& header)
{
    if (size < 8)
        fail(source + " is too short to be a safetensors file: it has " + std::to_string(size) +
             " bytes, fewer than the 8-byte header length");
    // Little-endian regardless of the host's byte order.
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i)
        n = (n << 8) | data[i];
    header.headerLength = n;

    if (n > kMaxHeaderBytes)
        fail(source + " declares a header of " + std::to_string(n) + " bytes, more than the " +
             std::to_string(kMaxHeaderBytes) + "-byte limit");
    std::uint64_t stop = 0;
    if (__builtin_add_overflow(n, std::uint64_t{8}, &stop) || stop > size)
        fail(source + " declares a header of " + std::to_string(n) +
             " bytes, past the end of the file (" + std::to_string(size - 8) +
             " bytes follow the header length)");
    header.dataSize = size - stop;
}

// Check 2: the n header bytes at `text` are UTF-8 and a JSON object.
json parseHeaderText(const std::uint8_t* text, std::size_t n, const std::string& source)
{
    if (const std::size_t bad = firstInvalidUtf8(text, n); bad != n)
        fail("the header of " + source + " is not valid UTF-8 (bad byte at offset " +
             std::to_string(8 + bad) + ")");

    // nlohmann's lexer takes a NUL byte for the end of input and would
    // accept "{...}\0garbage"; serde_json (the reference) rejects it.
    if (const void* nul = std::memchr(text, 0, n))
        fail("the header of " + source + " is not valid JSON: it contains a NUL byte at offset " +
             std::to_string(8 + (static_cast<const std::uint8_t*>(nul) - text)));

    json root = parseHeaderJson(reinterpret_cast<const char*>(text),
                                reinterpret_cast<const char*>(text + n), source);
    if (!root.is_object())
        fail("the header of " + source + " is a JSON " + root.type_name() +
             ", not an object");
    return root;
}

// The reference reads Option<HashMap<String, String>>: null means no
// metadata, anything but an object of strings is an error.
void readMetadata(const json& value, const std::string& source, std::map<std::string, std::string>& metadata)
{
    if (value.is_null())
        return;
    if (!value.is_object())
        fail("the __metadata__ of " + source + " is a JSON " + value.type_name() +
             ", not an object of strings");
    for (const auto& [mkey, mvalue] : value.items()) {
        if (!mvalue.is_string())
            fail("metadata key " + inQuotes(mkey) + " in " + source + " has a " +
                 mvalue.type_name() + " value (" + preview(mvalue) +
                 "); metadata values must be strings");
        metadata.emplace(mkey, mvalue.get<std::string>());
    }
}

// Check 4 on tensors in file order: each span starts where the previous one
// ended, from 0, and the last ends at the end of the data section.
void checkContiguous(const SafetensorsHeader& header, const std::string& source)
{
    std::uint64_t expected = 0;
    const TensorEntry* previous = nullptr;
    for (const TensorEntry& t : header.tensors) {
        if (t.begin < expected)
            fail("tensors " + inQuotes(previous->name) + " and " + inQuotes(t.name) + " in " +
                 source + " overlap: bytes [" + std::to_string(previous->begin) + ", " +
                 std::to_string(previous->end) + ") and [" + std::to_string(t.begin) + ", " +
                 std::to_string(t.end) + ") of the data section");
        if (t.begin > expected)
            fail("the data section of " + source + " has a gap of " +
                 std::to_string(t.begin - expected) + " unused bytes before tensor " +
                 inQuotes(t.name) + " (bytes [" + std::to_string(expected) + ", " +
                 std::to_string(t.begin) + "))");
        expected = t.end;
        previous = &t;
    }
    if (expected > header.dataSize)
        fail("tensor " + inQuotes(previous->name) + " in " + source + " ends at byte " +
             std::to_string(expected) + " of the data section, past the end of the file (" +
             std::to_string(header.dataSize) + " data bytes)");
    if (expected < header.dataSize)
        fail(source + " has " + std::to_string(header.dataSize - expected) +
             " trailing bytes after the last tensor's data");
}

} // namespace

SafetensorsHeader parseSafetensors(const std::uint8_t* data, std::size_t size,
                                   const std::string& source)
{
    if (data == nullptr)
        size = 0;
    SafetensorsHeader header;
    readHeaderLength(data, size, source, header);
    const json root = parseHeaderText(data + 8, header.headerLength, source);

    for (const auto& [key, value] : root.items()) {
        if (key == "__metadata__")
            readMetadata(value, source, header.metadata);
        else
            header.tensors.push_back(parseEntry(key, value, source));
    }

    // File order. Ties (zero-sized tensors at one offset) are broken by name
    // so the order is deterministic.
    std::sort(header.tensors.begin(), header.tensors.end(),
              [](const TensorEntry& a, const TensorEntry& b) {
                  if (a.begin != b.begin) return a.begin < b.begin;
                  if (a.end != b.end) return a.end < b.end;
                  return a.name < b.name;
              });
    checkContiguous(header, source);
    return header;
}

} // namespace hialign::io

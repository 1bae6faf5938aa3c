// The sentencepiece bridge: wraps sentencepiece::SentencePieceProcessor and
// SentencePieceTrainer behind the C API of SpmBridge.h. This is the only
// translation unit in the project that includes sentencepiece headers.
//
// Every exported function catches all exceptions: nothing but plain C values
// leaves this library.
#include "spm_bridge/SpmBridge.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstdlib>
#include <cstring>
#include <cstdio>
#include <exception>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct HialignSpmModel {
    sentencepiece::SentencePieceProcessor processor;
};

namespace {

thread_local std::string lastError;

void setError(std::string message)
{
    lastError = std::move(message);
}

bool validId(const HialignSpmModel* model, int32_t id)
{
    return model && id >= 0 && id < model->processor.GetPieceSize();
}

// Copies `bytes` into a malloc()ed buffer released by hialign_spm_free_buffer.
template <typename T>
T* copyToBuffer(const T* data, size_t count, size_t extra = 0)
{
    auto* out = static_cast<T*>(std::malloc((count + extra) * sizeof(T) + 1));
    if (!out)
        return nullptr;
    if (count)
        std::memcpy(out, data, count * sizeof(T));
    return out;
}

// Runs `f` and turns exceptions into the last-error message and `failValue`.
template <typename R, typename F>
R guarded(R failValue, F&& f)
{
    try {
        return f();
    } catch (const std::exception& e) {
        setError(e.what());
    } catch (...) {
        setError("unknown exception in the sentencepiece bridge");
    }
    return failValue;
}

HialignSpmModel* finishLoad(std::unique_ptr<HialignSpmModel> model,
                            const sentencepiece::util::Status& status)
{
    if (!status.ok()) {
        setError(status.ToString());
        return nullptr;
    }
    return model.release();
}

} // namespace

extern "C" {

int32_t hialign_spm_api_version(void)
{
    return HIALIGN_SPM_BRIDGE_API_VERSION;
}

const char* hialign_spm_last_error(void)
{
    return lastError.c_str();
}

HialignSpmModel* hialign_spm_load_file(const char* path)
{
    return guarded<HialignSpmModel*>(nullptr, [&]() -> HialignSpmModel* {
        if (!path) {
            setError("no model path given");
            return nullptr;
        }
        auto model = std::make_unique<HialignSpmModel>();
        const auto status = model->processor.Load(path);
        return finishLoad(std::move(model), status);
    });
}

HialignSpmModel* hialign_spm_load_bytes(const char* data, size_t size)
{
    return guarded<HialignSpmModel*>(nullptr, [&]() -> HialignSpmModel* {
        if (!data && size) {
            setError("no model bytes given");
            return nullptr;
        }
        auto model = std::make_unique<HialignSpmModel>();
        const auto status =
            model->processor.LoadFromSerializedProto(absl::string_view(data, size));
        return finishLoad(std::move(model), status);
    });
}

void hialign_spm_free(HialignSpmModel* model)
{
    delete model;
}

void hialign_spm_free_buffer(void* buffer)
{
    std::free(buffer);
}

int64_t hialign_spm_encode(const HialignSpmModel* model, const char* text, size_t len,
                           int32_t** out_ids)
{
    return guarded<int64_t>(-1, [&]() -> int64_t {
        if (!model || !out_ids || (!text && len)) {
            setError("invalid arguments to hialign_spm_encode");
            return -1;
        }
        *out_ids = nullptr;
        std::vector<int> ids;
        const auto status = model->processor.Encode(absl::string_view(text, len), &ids);
        if (!status.ok()) {
            setError(status.ToString());
            return -1;
        }
        if (ids.empty())
            return 0;
        static_assert(sizeof(int) == sizeof(int32_t), "int must be 32-bit");
        *out_ids = reinterpret_cast<int32_t*>(copyToBuffer(ids.data(), ids.size()));
        if (!*out_ids) {
            setError("out of memory");
            return -1;
        }
        return static_cast<int64_t>(ids.size());
    });
}

int64_t hialign_spm_decode(const HialignSpmModel* model, const int32_t* ids, size_t n,
                           char** out_text)
{
    return guarded<int64_t>(-1, [&]() -> int64_t {
        if (!model || !out_text || (!ids && n)) {
            setError("invalid arguments to hialign_spm_decode");
            return -1;
        }
        *out_text = nullptr;
        std::vector<int> input(n);
        for (size_t i = 0; i < n; ++i) {
            if (!validId(model, ids[i])) {
                setError("token id " + std::to_string(ids[i]) + " is out of range");
                return -1;
            }
            input[i] = ids[i];
        }
        std::string text;
        const auto status = model->processor.Decode(input, &text);
        if (!status.ok()) {
            setError(status.ToString());
            return -1;
        }
        char* out = copyToBuffer(text.data(), text.size(), 1);
        if (!out) {
            setError("out of memory");
            return -1;
        }
        out[text.size()] = '\0';
        *out_text = out;
        return static_cast<int64_t>(text.size());
    });
}

int32_t hialign_spm_piece_size(const HialignSpmModel* model)
{
    return model ? model->processor.GetPieceSize() : 0;
}

const char* hialign_spm_id_to_piece(const HialignSpmModel* model, int32_t id, size_t* len)
{
    return guarded<const char*>(nullptr, [&]() -> const char* {
        if (!validId(model, id)) {
            setError("token id " + std::to_string(id) + " is out of range");
            return nullptr;
        }
        const std::string& piece = model->processor.IdToPiece(id);
        if (len)
            *len = piece.size();
        return piece.data();
    });
}

int32_t hialign_spm_piece_to_id(const HialignSpmModel* model, const char* piece, size_t len)
{
    return guarded<int32_t>(-1, [&]() -> int32_t {
        if (!model || (!piece && len))
            return -1;
        const absl::string_view wanted(piece, len);
        const int id = model->processor.PieceToId(wanted);
        // PieceToId answers unk_id for unknown pieces; tell them apart.
        if (!validId(model, id) || model->processor.IdToPiece(id) != wanted)
            return -1;
        return id;
    });
}

int32_t hialign_spm_is_control(const HialignSpmModel* model, int32_t id)
{
    return validId(model, id) && model->processor.IsControl(id) ? 1 : 0;
}

int32_t hialign_spm_is_unknown(const HialignSpmModel* model, int32_t id)
{
    return validId(model, id) && model->processor.IsUnknown(id) ? 1 : 0;
}

int32_t hialign_spm_is_byte(const HialignSpmModel* model, int32_t id)
{
    return validId(model, id) && model->processor.IsByte(id) ? 1 : 0;
}

int32_t hialign_spm_bos_id(const HialignSpmModel* model)
{
    return model ? model->processor.bos_id() : -1;
}

int32_t hialign_spm_eos_id(const HialignSpmModel* model)
{
    return model ? model->processor.eos_id() : -1;
}

int32_t hialign_spm_unk_id(const HialignSpmModel* model)
{
    return model ? model->processor.unk_id() : -1;
}

int32_t hialign_spm_pad_id(const HialignSpmModel* model)
{
    return model ? model->processor.pad_id() : -1;
}

} // extern "C"

namespace sentencepiece::logging {
void SetMinLogLevel(int v);   // exported by libsentencepiece, not declared in its public headers
}

namespace {

// Loaded with RTLD_DEEPBIND, this library binds to libstdc++'s own std::cerr,
// not to the copy the executable carries and constructs (a copy relocation):
// any sentencepiece log line would write through an unconstructed stream and
// crash. Silence its logging when the bridge is loaded; failures still come
// back as a Status with a message.
struct QuietLogging {
    QuietLogging() { sentencepiece::logging::SetMinLogLevel(100); }
} quietLogging;

} // namespace

extern "C" {

int32_t hialign_spm_train(const char* args)
{
    return guarded<int32_t>(-1, [&]() -> int32_t {
        if (!args) {
            setError("no training arguments given");
            return -1;
        }
        const auto status = sentencepiece::SentencePieceTrainer::Train(args);
        if (!status.ok()) {
            setError(status.ToString());
            return -1;
        }
        return 0;
    });
}

} // extern "C"

namespace {

// ---- Protobuf wire format, just enough to rewrite two strings of a model ----
//
// The generated ModelProto header is not shipped with Debian's
// libsentencepiece-dev, so the trainer spec is edited on the wire. A message
// serialized by protobuf lists its fields in field-number order; rewriting
// the values of fields in place keeps that order, so the result has exactly
// the bytes protobuf would write for the edited message.

struct WireField {
    uint32_t number = 0;
    uint32_t type = 0;
    std::string_view whole;   // key and value, as found
    std::string_view payload; // the value of a length-delimited field
};

bool readVarint(std::string_view data, size_t& pos, uint64_t& value)
{
    value = 0;
    for (int shift = 0; shift < 64 && pos < data.size(); shift += 7) {
        const auto byte = static_cast<unsigned char>(data[pos++]);
        value |= static_cast<uint64_t>(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return true;
    }
    return false;
}

void writeVarint(std::string& out, uint64_t value)
{
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

void writeBytesField(std::string& out, uint32_t number, std::string_view value)
{
    writeVarint(out, (static_cast<uint64_t>(number) << 3) | 2u);
    writeVarint(out, value.size());
    out.append(value.data(), value.size());
}

// Splits a serialized message into its fields; throws on malformed input.
std::vector<WireField> readFields(std::string_view data)
{
    std::vector<WireField> fields;
    size_t pos = 0;
    while (pos < data.size()) {
        const size_t start = pos;
        uint64_t key = 0;
        if (!readVarint(data, pos, key))
            throw std::runtime_error("malformed model file (bad field key)");
        WireField f;
        f.number = static_cast<uint32_t>(key >> 3);
        f.type = static_cast<uint32_t>(key & 7);
        uint64_t len = 0;
        switch (f.type) {
        case 0:
            if (!readVarint(data, pos, len))
                throw std::runtime_error("malformed model file (bad varint)");
            break;
        case 1:
            pos += 8;
            break;
        case 5:
            pos += 4;
            break;
        case 2:
            if (!readVarint(data, pos, len) || len > data.size() - pos)
                throw std::runtime_error("malformed model file (bad length)");
            f.payload = data.substr(pos, len);
            pos += len;
            break;
        default:
            throw std::runtime_error("malformed model file (unsupported wire type)");
        }
        if (pos > data.size())
            throw std::runtime_error("malformed model file (truncated)");
        f.whole = data.substr(start, pos - start);
        fields.push_back(f);
    }
    return fields;
}

std::vector<std::string> splitInputs(const std::string& list)
{
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
        const size_t comma = list.find(',', start);
        parts.push_back(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return parts;
}

// ModelProto.trainer_spec = 2; TrainerSpec.input = 1 (repeated), model_prefix = 2.
std::string rewriteTrainerSpec(std::string_view model, const char* recordedInput,
                               const char* recordedPrefix)
{
    std::string out;
    out.reserve(model.size() + 256);
    bool seenSpec = false;
    for (const auto& f : readFields(model)) {
        if (f.number != 2 || f.type != 2) {
            out.append(f.whole.data(), f.whole.size());
            continue;
        }
        seenSpec = true;
        std::string spec;
        bool inputDone = false;
        for (const auto& g : readFields(f.payload)) {
            if (g.number == 1 && g.type == 2 && recordedInput) {
                if (!inputDone)
                    for (const auto& name : splitInputs(recordedInput))
                        writeBytesField(spec, 1, name);
                inputDone = true;
            } else if (g.number == 2 && g.type == 2 && recordedPrefix) {
                writeBytesField(spec, 2, recordedPrefix);
            } else {
                spec.append(g.whole.data(), g.whole.size());
            }
        }
        writeBytesField(out, 2, spec);
    }
    if (!seenSpec)
        throw std::runtime_error("the trained model has no trainer spec");
    return out;
}

std::string readWholeFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::ostringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

void writeWholeFile(const std::string& path, const std::string& bytes)
{
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out)
            throw std::runtime_error("cannot write " + tmp);
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw std::runtime_error("cannot replace " + path);
    }
}

} // namespace

extern "C" {

int32_t hialign_spm_train_recorded(const char* args, const char* input, const char* model_prefix,
                                   const char* recorded_input, const char* recorded_model_prefix)
{
    return guarded<int32_t>(-1, [&]() -> int32_t {
        if (!input || !*input || !model_prefix || !*model_prefix) {
            setError("no training input or model prefix given");
            return -1;
        }
        // The same parse as SentencePieceTrainer::Train(args): "--key=value"
        // words separated by spaces.
        std::unordered_map<std::string, std::string> kwargs;
        std::istringstream words(args ? args : "");
        for (std::string word; words >> word;) {
            if (word.rfind("--", 0) == 0)
                word.erase(0, 2);
            const size_t eq = word.find('=');
            std::string key = word.substr(0, eq);
            std::string value = eq == std::string::npos ? std::string() : word.substr(eq + 1);
            if (key == "input" || key == "model_prefix") {
                setError("--" + key + " belongs in its own argument, not in the flags");
                return -1;
            }
            kwargs[key] = value;
        }
        kwargs["input"] = input;
        kwargs["model_prefix"] = model_prefix;
        const auto status = sentencepiece::SentencePieceTrainer::Train(kwargs);
        if (!status.ok()) {
            setError(status.ToString());
            return -1;
        }
        if (!recorded_input && !recorded_model_prefix)
            return 0;
        const std::string modelFile = std::string(model_prefix) + ".model";
        const std::string rewritten =
            rewriteTrainerSpec(readWholeFile(modelFile), recorded_input, recorded_model_prefix);
        // Check that the edited model still loads before replacing the file.
        sentencepiece::SentencePieceProcessor check;
        const auto loaded = check.LoadFromSerializedProto(absl::string_view(rewritten.data(), rewritten.size()));
        if (!loaded.ok()) {
            setError("the rewritten model does not load: " + loaded.ToString());
            return -1;
        }
        writeWholeFile(modelFile, rewritten);
        return 0;
    });
}

} // extern "C"

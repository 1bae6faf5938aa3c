// The sentencepiece bridge: wraps sentencepiece::SentencePieceProcessor and
// SentencePieceTrainer behind the C API of SpmBridge.h. This is the only
// translation unit in the project that includes sentencepiece headers.
//
// Every exported function catches all exceptions: nothing but plain C values
// leaves this library.
#include "tokenize/spm_bridge/SpmBridge.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
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

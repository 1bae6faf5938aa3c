/* Plain C API of the sentencepiece bridge (libhialign_spm_bridge.so).
 *
 * Why a bridge: Debian's libsentencepiece carries its own protobuf 3.14 and
 * LibTorch links protobuf 3.21; both in one global symbol namespace crash
 * before main(). The bridge is the only library that links sentencepiece and
 * the core loads it at run time with dlopen(RTLD_NOW | RTLD_LOCAL |
 * RTLD_DEEPBIND) (see SpmLibrary.h), so the two protobufs never meet.
 *
 * Rules of this interface:
 *  - C types only: no C++ objects and no exceptions cross it.
 *  - Functions that fail return NULL or a negative value and set a message
 *    that hialign_spm_last_error() returns (per thread, valid until the next
 *    bridge call on that thread).
 *  - Buffers returned through `out` parameters are allocated by the bridge
 *    and must be released with hialign_spm_free_buffer().
 *  - Strings passed in are (pointer, length) pairs, so they may contain NUL.
 *
 * The core never links this library; it looks the symbols up by name with
 * dlsym() using the *_fn typedefs below. */
#ifndef HIALIGN_SPM_BRIDGE_H
#define HIALIGN_SPM_BRIDGE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a signature below changes; the loader checks it. */
#define HIALIGN_SPM_BRIDGE_API_VERSION 1

#define HIALIGN_SPM_EXPORT __attribute__((visibility("default")))

/* A loaded sentencepiece model (opaque). Safe to use from several threads
 * for the const operations (encode, decode, lookups). */
typedef struct HialignSpmModel HialignSpmModel;

HIALIGN_SPM_EXPORT int32_t hialign_spm_api_version(void);
HIALIGN_SPM_EXPORT const char* hialign_spm_last_error(void);

/* Loading. Return NULL on failure. */
HIALIGN_SPM_EXPORT HialignSpmModel* hialign_spm_load_file(const char* path);
HIALIGN_SPM_EXPORT HialignSpmModel* hialign_spm_load_bytes(const char* data, size_t size);
HIALIGN_SPM_EXPORT void hialign_spm_free(HialignSpmModel* model);
HIALIGN_SPM_EXPORT void hialign_spm_free_buffer(void* buffer);

/* text[0..len) -> *out_ids (count returned, -1 on error). *out_ids may be
 * NULL when the count is 0. */
HIALIGN_SPM_EXPORT int64_t hialign_spm_encode(const HialignSpmModel* model, const char* text,
                                              size_t len, int32_t** out_ids);
/* ids[0..n) -> *out_text, NUL-terminated; returns its length in bytes (without
 * the NUL), -1 on error (e.g. an id out of range). */
HIALIGN_SPM_EXPORT int64_t hialign_spm_decode(const HialignSpmModel* model, const int32_t* ids,
                                              size_t n, char** out_text);

/* Vocabulary. */
HIALIGN_SPM_EXPORT int32_t hialign_spm_piece_size(const HialignSpmModel* model);
/* The stored piece of `id` (not NUL-terminated; *len set), owned by the model
 * and valid while it lives; NULL when id is out of range. */
HIALIGN_SPM_EXPORT const char* hialign_spm_id_to_piece(const HialignSpmModel* model, int32_t id,
                                                       size_t* len);
/* The id of a piece, or -1 when the vocabulary does not hold it. */
HIALIGN_SPM_EXPORT int32_t hialign_spm_piece_to_id(const HialignSpmModel* model, const char* piece,
                                                   size_t len);
/* 1 or 0; 0 for ids out of range. */
HIALIGN_SPM_EXPORT int32_t hialign_spm_is_control(const HialignSpmModel* model, int32_t id);
HIALIGN_SPM_EXPORT int32_t hialign_spm_is_unknown(const HialignSpmModel* model, int32_t id);
HIALIGN_SPM_EXPORT int32_t hialign_spm_is_byte(const HialignSpmModel* model, int32_t id);
/* Reserved ids; -1 when the model has none. */
HIALIGN_SPM_EXPORT int32_t hialign_spm_bos_id(const HialignSpmModel* model);
HIALIGN_SPM_EXPORT int32_t hialign_spm_eos_id(const HialignSpmModel* model);
HIALIGN_SPM_EXPORT int32_t hialign_spm_unk_id(const HialignSpmModel* model);
HIALIGN_SPM_EXPORT int32_t hialign_spm_pad_id(const HialignSpmModel* model);

/* Trains a model with spm_train-style flags, e.g.
 * "--input=corpus.txt --model_prefix=out/tok --vocab_size=512 --model_type=bpe".
 * Returns 0 on success, -1 on failure. */
HIALIGN_SPM_EXPORT int32_t hialign_spm_train(const char* args);

/* Trains like hialign_spm_train, but takes the corpus and the model prefix
 * apart from the other flags (so they may hold spaces; `args` must not name
 * --input or --model_prefix): writes <model_prefix>.model and .vocab. The
 * trainer records its input and model prefix in the model's trainer_spec;
 * when recorded_input / recorded_model_prefix are not NULL, those values are
 * recorded instead (recorded_input may list several files, comma-separated,
 * like --input), e.g. relative names, so that the model's bytes do not
 * depend on where it was trained. Never changes the working directory.
 * Returns 0 on success, -1 on failure. */
HIALIGN_SPM_EXPORT int32_t hialign_spm_train_recorded(const char* args, const char* input,
                                                      const char* model_prefix,
                                                      const char* recorded_input,
                                                      const char* recorded_model_prefix);

/* Function pointer types for dlsym(). */
typedef int32_t (*hialign_spm_api_version_fn)(void);
typedef const char* (*hialign_spm_last_error_fn)(void);
typedef HialignSpmModel* (*hialign_spm_load_file_fn)(const char*);
typedef HialignSpmModel* (*hialign_spm_load_bytes_fn)(const char*, size_t);
typedef void (*hialign_spm_free_fn)(HialignSpmModel*);
typedef void (*hialign_spm_free_buffer_fn)(void*);
typedef int64_t (*hialign_spm_encode_fn)(const HialignSpmModel*, const char*, size_t, int32_t**);
typedef int64_t (*hialign_spm_decode_fn)(const HialignSpmModel*, const int32_t*, size_t, char**);
typedef int32_t (*hialign_spm_piece_size_fn)(const HialignSpmModel*);
typedef const char* (*hialign_spm_id_to_piece_fn)(const HialignSpmModel*, int32_t, size_t*);
typedef int32_t (*hialign_spm_piece_to_id_fn)(const HialignSpmModel*, const char*, size_t);
typedef int32_t (*hialign_spm_id_query_fn)(const HialignSpmModel*, int32_t);
typedef int32_t (*hialign_spm_special_id_fn)(const HialignSpmModel*);
typedef int32_t (*hialign_spm_train_fn)(const char*);
typedef int32_t (*hialign_spm_train_recorded_fn)(const char*, const char*, const char*, const char*,
                                                 const char*);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HIALIGN_SPM_BRIDGE_H */

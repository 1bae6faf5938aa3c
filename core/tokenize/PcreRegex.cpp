#include "tokenize/PcreRegex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdexcept>

#include "tokenize/Utf8.h"

namespace hialign::tok {

struct PcreRegex::Code {
    pcre2_code* code = nullptr;
    bool jit = false;
    ~Code() { pcre2_code_free(code); }
};

namespace {

// Per-thread JIT stack: PCRE2's default 32 KiB machine stack may not be
// enough for long runs of a repeated group; this one grows up to 8 MiB.
struct JitContext {
    pcre2_jit_stack* stack = nullptr;
    pcre2_match_context* context = nullptr;
    JitContext()
    {
        context = pcre2_match_context_create(nullptr);
        stack = pcre2_jit_stack_create(32 * 1024, 8 * 1024 * 1024, nullptr);
        if (context && stack)
            pcre2_jit_stack_assign(context, nullptr, stack);
    }
    ~JitContext()
    {
        pcre2_match_context_free(context);
        pcre2_jit_stack_free(stack);
    }
};

pcre2_match_context* threadMatchContext()
{
    thread_local JitContext ctx;
    return ctx.context;
}

struct MatchData {
    pcre2_match_data* data;
    explicit MatchData(const pcre2_code* code) : data(pcre2_match_data_create_from_pattern(code, nullptr)) {}
    ~MatchData() { pcre2_match_data_free(data); }
};

std::string errorText(int code)
{
    PCRE2_UCHAR buffer[256];
    pcre2_get_error_message(code, buffer, sizeof buffer);
    return reinterpret_cast<const char*>(buffer);
}

} // namespace

PcreRegex::PcreRegex(const std::string& pattern, bool literal)
    : code_(std::make_unique<Code>()), pattern_(pattern)
{
    int error = 0;
    PCRE2_SIZE offset = 0;
    // PCRE2_LITERAL allows only a few other options (UCP is not one of them,
    // and is meaningless for a literal anyway).
    const uint32_t options = literal ? (PCRE2_UTF | PCRE2_LITERAL) : (PCRE2_UTF | PCRE2_UCP);
    code_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                options, &error, &offset, nullptr);
    if (!code_->code)
        throw std::invalid_argument("the regular expression does not compile at offset " +
                                    std::to_string(offset) + " (" + errorText(error) + ")");
    code_->jit = pcre2_jit_compile(code_->code, PCRE2_JIT_COMPLETE) == 0;
}

PcreRegex::~PcreRegex() = default;
PcreRegex::PcreRegex(PcreRegex&&) noexcept = default;
PcreRegex& PcreRegex::operator=(PcreRegex&&) noexcept = default;

std::vector<std::pair<std::size_t, std::size_t>> PcreRegex::findAll(std::string_view subject) const
{
    std::vector<std::pair<std::size_t, std::size_t>> matches;
    MatchData md(code_->code);
    if (!md.data)
        throw std::bad_alloc();
    pcre2_match_context* ctx = code_->jit ? threadMatchContext() : nullptr;
    const auto* subj = reinterpret_cast<PCRE2_SPTR>(subject.data());
    std::size_t start = 0;
    while (start < subject.size()) {
        const int rc = pcre2_match(code_->code, subj, subject.size(), start, PCRE2_NO_UTF_CHECK,
                                   md.data, ctx);
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        if (rc < 0)
            throw std::runtime_error("regular expression match failed (" + errorText(rc) + ")");
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md.data);
        const std::size_t b = ov[0], e = ov[1];
        if (e <= b) {
            // Empty match: step over one character so the scan advances.
            const std::size_t n = utf8::validSequenceLength(subject, b);
            start = b + (n ? n : 1);
            continue;
        }
        matches.emplace_back(b, e);
        start = e;
    }
    return matches;
}

} // namespace hialign::tok

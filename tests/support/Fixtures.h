// Access to the shared test fixtures (../shared/fixtures by default, or the
// HIALIGN_FIXTURES environment variable / CMake cache variable).
//
// When a fixture is missing a test skips with a visible message, except when
// CI=true: there a missing fixture is a failure.
#pragma once

#include <QtTest/QtTest>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace hialign::test {

inline std::filesystem::path fixturesDir()
{
    if (const char* env = std::getenv("HIALIGN_FIXTURES"); env && *env)
        return env;
#ifdef HIALIGN_TEST_FIXTURES
    return HIALIGN_TEST_FIXTURES;
#else
    return "../shared/fixtures";
#endif
}

inline bool runningInCi()
{
    const char* ci = std::getenv("CI");
    return ci && std::string(ci) == "true";
}

} // namespace hialign::test

// Resolves `rel` under the fixtures folder into `var` (a std::filesystem::path),
// or skips (fails under CI=true) when it is missing.
#define HIALIGN_FIXTURE(var, rel)                                                        \
    const std::filesystem::path var = hialign::test::fixturesDir() / (rel);              \
    do {                                                                                 \
        if (!std::filesystem::exists(var)) {                                             \
            const QByteArray msg = QByteArray("fixture missing: ") + var.string().c_str(); \
            if (hialign::test::runningInCi())                                            \
                QFAIL(msg.constData());                                                  \
            QSKIP(msg.constData());                                                      \
        }                                                                                \
    } while (0)

# Runs one hialign-cli command and checks its exit status and output.
# Variables (-D): CLI, ARGS (;-list), EXPECT_RC, STDOUT_REGEX, STDOUT_NOT_REGEX, STDERR_REGEX,
# STDIN_FILE, CLEAN (a folder removed first), ABSENT (a path that must not exist afterwards: nothing
# written), NEEDS (a path that must exist: a fixture; missing -> skip with
# (SKIP_REGULAR_EXPRESSION), or fail when CI=true).
if(DEFINED NEEDS AND NOT EXISTS "${NEEDS}")
  if("$ENV{CI}" STREQUAL "true")
    message(FATAL_ERROR "fixture missing: ${NEEDS}")
  endif()
  # ctest's SKIP_REGULAR_EXPRESSION turns this into a skip.
  message(FATAL_ERROR "SKIP: fixture missing: ${NEEDS}")
endif()
if(DEFINED CLEAN)
  file(REMOVE_RECURSE "${CLEAN}")   # output of an earlier run of this test
endif()
string(REPLACE "|" ";" ARGS "${ARGS}")
if(DEFINED STDIN_FILE)
  execute_process(COMMAND ${CLI} ${ARGS} INPUT_FILE ${STDIN_FILE}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
else()
  execute_process(COMMAND ${CLI} ${ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
endif()
message("exit status: ${rc}\n--- stdout ---\n${out}\n--- stderr ---\n${err}")
if(NOT "${rc}" STREQUAL "${EXPECT_RC}")
  message(FATAL_ERROR "expected exit status ${EXPECT_RC}, got ${rc}")
endif()
if(DEFINED STDOUT_REGEX AND NOT out MATCHES "${STDOUT_REGEX}")
  message(FATAL_ERROR "stdout does not match: ${STDOUT_REGEX}")
endif()
if(DEFINED STDOUT_NOT_REGEX AND out MATCHES "${STDOUT_NOT_REGEX}")
  message(FATAL_ERROR "stdout matches what it must not: ${STDOUT_NOT_REGEX}")
endif()
if(DEFINED STDERR_REGEX AND NOT err MATCHES "${STDERR_REGEX}")
  message(FATAL_ERROR "stderr does not match: ${STDERR_REGEX}")
endif()
if(DEFINED ABSENT AND EXISTS "${ABSENT}")
  message(FATAL_ERROR "${ABSENT} was written although the command failed")
endif()
# A usage or input error is one sentence, not a crash or a stack trace.
if(err MATCHES "terminate called|Segmentation|Aborted|Exception raised from")
  message(FATAL_ERROR "the command crashed instead of reporting an error")
endif()

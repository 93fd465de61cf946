# Builds one compile-fail target and checks that the build fails and that the FIRST error the compiler prints
# is the expected sentence (a user reads the first error; the sentence must not come second).
# cmake -DBUILD_DIR=<dir> -DTARGET=<target> -DEXPECTED=<regex> -P first_error.cmake
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${TARGET}
  RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(status EQUAL 0)
  message(FATAL_ERROR "${TARGET} built, but the misuse must not compile")
endif()
string(REGEX MATCH "[^\n]*error:[^\n]*" first "${output}")
if(NOT first)
  message(FATAL_ERROR "${TARGET} failed without a compiler error:\n${output}")
endif()
if(NOT first MATCHES "${EXPECTED}")
  message(FATAL_ERROR "the first error is not the expected sentence\n  expected: ${EXPECTED}\n  first error: ${first}")
endif()
message(STATUS "first error: ${first}")

# Runs two programs and requires that their `step ...` lines are identical (train_tiny and train_tiny_static
# print the same losses from the same initial weights). Usage:
#   cmake -DFIRST=<program> -DSECOND=<program> -P compare_steps.cmake
execute_process(COMMAND ${FIRST} OUTPUT_VARIABLE first RESULT_VARIABLE first_rc)
execute_process(COMMAND ${SECOND} OUTPUT_VARIABLE second RESULT_VARIABLE second_rc)
if(NOT first_rc EQUAL 0 OR NOT second_rc EQUAL 0)
  message(FATAL_ERROR "a program failed: ${FIRST} -> ${first_rc}, ${SECOND} -> ${second_rc}")
endif()
string(REGEX MATCHALL "step +[0-9]+ +loss +[-0-9.e]+" first_steps "${first}")
string(REGEX MATCHALL "step +[0-9]+ +loss +[-0-9.e]+" second_steps "${second}")
list(LENGTH first_steps n)
if(n EQUAL 0)
  message(FATAL_ERROR "no step lines in the output of ${FIRST}")
endif()
if(NOT first_steps STREQUAL second_steps)
  message(FATAL_ERROR "the losses differ:\n${FIRST}:\n${first}\n${SECOND}:\n${second}")
endif()
message(STATUS "${n} step lines identical")

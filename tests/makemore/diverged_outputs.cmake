# cmake -DCSV=<file> -DCHECKPOINT=<file> -P diverged_outputs.cmake: after a diverged mlp run, its --loss-csv
# holds the header and one line per finite step (as many as the steps the run reported), and its --save was not
# written.
if(EXISTS ${CHECKPOINT})
  message(FATAL_ERROR "a diverged run wrote its checkpoint ${CHECKPOINT}")
endif()
file(STRINGS ${CSV} lines)
list(LENGTH lines count)
list(GET lines 0 header)
if(NOT header STREQUAL "step,learning_rate,loss" OR count LESS 2)
  message(FATAL_ERROR "the loss curve of a diverged run is not the steps before it: ${lines}")
endif()
foreach(line IN LISTS lines)
  if(NOT line STREQUAL header AND NOT line MATCHES "^[0-9]+,1e\\+38,[0-9.]+$")
    message(FATAL_ERROR "a line of the loss curve is not a finite step: ${line}")
  endif()
endforeach()
message("${count} lines")

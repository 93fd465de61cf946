# cmake -DPROGRAM=<makemore> -DWORK_DIR=<scratch dir> -DDATA=<words file> -P safe_outputs.cmake
# What makemore writes, and what it refuses to: every output is checked before training, a device, a FIFO or a
# directory is never replaced, a symlink's target is written and the link kept, the data file is never
# overwritten, and --loss-csv names with quotes, spaces, $, backticks and newlines are written as named, with
# nothing of them run (they never reach a script: gnuplot gets its script on standard input); standard output
# that cannot be written fails the run, and a path that is not UTF-8 still gives valid JSON.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
file(COPY_FILE ${DATA} ${WORK_DIR}/words.txt)
set(words ${WORK_DIR}/words.txt)

# run(<expected exit> <stderr regex> <args...>): one run of the tool; a failure names its cause on stderr.
function(run expected pattern)
  execute_process(COMMAND ${PROGRAM} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc STREQUAL expected)
    message(FATAL_ERROR "${ARGN}: expected exit ${expected}, got ${rc}\n${out}${err}")
  endif()
  if(NOT err MATCHES "${pattern}")
    message(FATAL_ERROR "${ARGN}: stderr does not match '${pattern}':\n${err}")
  endif()
endfunction()

# A device is refused, and stays a device (as root, a rename would have replaced /dev/null).
run(1 "/dev/null: cannot write: it is a device" bigram --data ${words} --save /dev/null)
if(NOT IS_DIRECTORY /dev OR IS_DIRECTORY /dev/null OR NOT EXISTS /dev/null)
  message(FATAL_ERROR "/dev/null is gone")
endif()
execute_process(COMMAND test -c /dev/null RESULT_VARIABLE is_device)
if(NOT is_device EQUAL 0)
  message(FATAL_ERROR "/dev/null is no longer a character device")
endif()

# A FIFO (skipped without mkfifo) and a directory are refused.
execute_process(COMMAND mkfifo ${WORK_DIR}/fifo RESULT_VARIABLE no_fifo)
if(no_fifo EQUAL 0)
  run(1 "fifo: cannot write: it is a FIFO" bigram --data ${words} --save ${WORK_DIR}/fifo)
else()
  message("skipped: mkfifo could not create a FIFO here")
endif()
file(MAKE_DIRECTORY ${WORK_DIR}/dir.ckpt)
run(1 "dir.ckpt: cannot write: it is a directory" bigram --data ${words} --save ${WORK_DIR}/dir.ckpt)

# A symlink: its target is written, the link stays a link.
file(WRITE ${WORK_DIR}/real.ckpt "not yet a checkpoint")
file(CREATE_LINK real.ckpt ${WORK_DIR}/link.ckpt SYMBOLIC)
run(0 "" bigram --data ${words} --samples 0 --save ${WORK_DIR}/link.ckpt)
if(NOT IS_SYMLINK ${WORK_DIR}/link.ckpt)
  message(FATAL_ERROR "--save replaced the symlink instead of writing its target")
endif()
file(READ ${WORK_DIR}/real.ckpt head LIMIT 6 HEX)
if(head STREQUAL "6e6f74207965")  # "not ye"
  message(FATAL_ERROR "--save through a symlink did not write its target")
endif()

# Checked before training: a missing directory, the data file itself, one file named twice.
run(1 "nodir/x.ckpt: cannot write: directory .*nodir does not exist" mlp --data ${words} --save ${WORK_DIR}/nodir/x.ckpt)
run(2 "words.txt is the data file the command reads" nbigram --data ${words} --save ${words})
run(2 "is written twice" nbigram --data ${words} --save ${WORK_DIR}/c.csv --loss-csv ${WORK_DIR}/c.csv)
file(SIZE ${words} size)
file(SIZE ${DATA} original)
if(NOT size EQUAL original)
  message(FATAL_ERROR "the data file changed")
endif()

# Hostile --loss-csv names: written as named, nothing run, the plot beside as <name>.svg when gnuplot is here.
find_program(gnuplot gnuplot)
set(quote "'")
# (no semicolon: it would split a CMake list; the first name is the same attack in gnuplot's own syntax)
set(names "x${quote} . system(${quote}touch INJECTED${quote}) . ${quote}.csv" "a b$HOME.csv" "tick`touch INJECTED`.csv"
          "line\nbreak.csv" "dollar$(touch INJECTED).csv")
foreach(name IN LISTS names)
  run(0 "" nbigram --data ${words} --steps 5 --samples 0 --loss-csv ${WORK_DIR}/${name})
  if(NOT EXISTS "${WORK_DIR}/${name}")
    message(FATAL_ERROR "--loss-csv '${name}' was not written")
  endif()
  if(gnuplot AND NOT EXISTS "${WORK_DIR}/${name}.svg")
    message(FATAL_ERROR "--loss-csv '${name}': no plot '${name}.svg'")
  endif()
endforeach()
file(GLOB_RECURSE injected ${WORK_DIR}/INJECTED ${CMAKE_CURRENT_BINARY_DIR}/INJECTED INJECTED)
if(injected)
  message(FATAL_ERROR "a --loss-csv name ran a command: ${injected}")
endif()

# Standard output that cannot be written is a failure, not a silent success.
execute_process(COMMAND ${PROGRAM} bigram --data ${words} --samples 0 OUTPUT_FILE /dev/full RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "cannot write the output")
  message(FATAL_ERROR "a run with standard output on /dev/full gave exit ${rc}: ${err}")
endif()

# A path that is not UTF-8 still makes valid JSON: the bad byte as the text \xFF.
string(ASCII 255 byte)
file(COPY_FILE ${words} "${WORK_DIR}/bad${byte}.txt")
execute_process(COMMAND ${PROGRAM} bigram --data "${WORK_DIR}/bad${byte}.txt" --samples 0 --json RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "\"data\":\"[^\"]*bad\\\\\\\\xFF\\.txt\"")
  message(FATAL_ERROR "--json with a path that is not UTF-8 gave exit ${rc}: ${out}")
endif()

# No temporary file is left behind by any of the above.
file(GLOB leftovers LIST_DIRECTORIES false ${WORK_DIR}/.*.tmp-*)
if(leftovers)
  message(FATAL_ERROR "temporary files left: ${leftovers}")
endif()
message("safe outputs: ok")

# Tests examples/makemore/shapes.cmake, the check of CTGRAD_MAKEMORE_MLP_SHAPES:
#   cmake -DMODULE=<module> -P shapes_option.cmake
# runs every case below through a child `cmake -P` of this script (with -DSHAPES=...), which calls the
# function and prints its initializer, and checks the child's output and exit status.
cmake_minimum_required(VERSION 3.25)

if(DEFINED SHAPES)
  include(${MODULE})
  string(REPLACE "|" ";" shapes "${SHAPES}")  # the parent passes the list with | (a ; would split the argument)
  ctgrad_makemore_shapes("${shapes}" out)
  message("initializer: ${out}")
  return()
endif()

set(failures 0)
# expect(<shapes> <ok|error> <text the output must contain>)
function(expect shapes outcome text)
  string(REPLACE ";" "|" bar_separated "${shapes}")
  execute_process(COMMAND ${CMAKE_COMMAND} -DMODULE=${MODULE} "-DSHAPES=${bar_separated}" -P ${CMAKE_CURRENT_LIST_FILE}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  string(REGEX REPLACE "[ \t\r\n]+" " " out "${out}")
  if((outcome STREQUAL "ok") AND NOT rc EQUAL 0)
    message(SEND_ERROR "'${shapes}': expected success, got: ${out}")
  elseif((outcome STREQUAL "error") AND rc EQUAL 0)
    message(SEND_ERROR "'${shapes}': expected an error, got: ${out}")
  endif()
  string(FIND "${out}" "${text}" at)
  if(at EQUAL -1)
    message(SEND_ERROR "'${shapes}': expected the output to contain '${text}', got: ${out}")
  endif()
endfunction()

expect("3,10,200,32;2,10,200,32;4,10,200,32;3,2,100,32" ok
  "initializer: {3, 10, 200, 32}, {2, 10, 200, 32}, {4, 10, 200, 32}, {3, 2, 100, 32}")
expect("03, 10,200,32" ok "initializer: {3, 10, 200, 32}")
expect("" error "CTGRAD_MAKEMORE_MLP_SHAPES is empty")
expect("3,10,200" error "'3,10,200' is not \"block,embedding,hidden,batch\"")
expect("3,10,200,32,1" error "'3,10,200,32,1' is not")
expect("3,x,200,32" error "'3,x,200,32' is not")
expect("3,-10,200,32" error "'3,-10,200,32' is not")
expect("0,10,200,32" error "block size 0 is outside 1..64")
expect("3,10,0,32" error "hidden 0 is outside 1..16384")
expect("3,10,200,99999999" error "batch 99999999 is outside 1..4096")
expect("3,10,200,30" error "batch 30 is not a multiple of 4")
expect("64,4096,16384,4" error "4295639072 parameters")
expect("3,10,200,32;3,10,200,032" error "'3,10,200,032' is listed twice")

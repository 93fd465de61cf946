# Helpers for ctgrad's own targets: warnings as errors (our code only) and -march=native where allowed.
include_guard(GLOBAL)

# ctgrad_warnings(<target>): strict warnings, as errors, on one of our own targets.
function(ctgrad_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)
endfunction()

# ctgrad_native(<target>): examples and benchmarks run on this machine's full instruction set.
# The library target never gets -march: its users choose their own flags.
option(CTGRAD_NATIVE "Build examples and benchmarks with -march=native" ON)
function(ctgrad_native target)
  if(CTGRAD_NATIVE)
    target_compile_options(${target} PRIVATE -march=native)
  endif()
endfunction()

# ctgrad_program(<name> <source> [LIBS ...]): an executable of ours, in <build>/bin, warnings on.
function(ctgrad_program name source)
  cmake_parse_arguments(ARG "NATIVE" "" "LIBS" ${ARGN})
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE ctgrad::ctgrad ${ARG_LIBS})
  ctgrad_warnings(${name})
  if(ARG_NATIVE)
    ctgrad_native(${name})
  endif()
endfunction()

# ctgrad_heavy(<target>...): targets whose sources compile the largest static graphs (makemore's Transformer:
# several GB each under the sanitizers) are compiled one at a time (a Ninja job pool), so that a -j2 build on a
# machine of this project's size never runs two of them at once; other sources still build beside them.
set_property(GLOBAL APPEND PROPERTY JOB_POOLS ctgrad_heavy=1)
function(ctgrad_heavy)
  set_property(TARGET ${ARGN} PROPERTY JOB_POOL_COMPILE ctgrad_heavy)
endfunction()

# ctgrad_long_tests(<test>...): tests that train a model at full size (seconds in an optimized build, up to tens of
# minutes in the sanitizers' Debug build) get the label "long", which the sanitize test preset leaves out; the
# code they run is covered there by smaller cases.
function(ctgrad_long_tests)
  set_property(TEST ${ARGN} APPEND PROPERTY LABELS long)
endfunction()

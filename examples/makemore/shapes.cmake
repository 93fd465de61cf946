# The MLP shapes the makemore tool compiles. A shape is part of a model's type (ctgrad's graphs have
# compile-time shapes), so the tool carries one compiled model per shape, chosen at run time by
# --block-size/--emb/--hidden/--batch. CTGRAD_MAKEMORE_MLP_SHAPES lists them, each "block,embedding,hidden,batch":
#
#   cmake --preset release -DCTGRAD_MAKEMORE_MLP_SHAPES="3,10,200,32;3,24,300,64"
#
# Each shape costs compile time (about 10 s with g++ here) and nothing at run time.

# ctgrad_makemore_shapes(<shapes> <out-var>): checks a list of shapes and sets <out-var> to the C++
# initializer of a std::array<ctgrad::makemore::mlp_config, N> ("{3, 10, 200, 32}, {...}"). A malformed or
# repeated shape, a dimension that is not a positive integer, a batch not divisible by 4 (the thread counts 1,
# 2 and 4 share a minibatch evenly) or a model of more than 2²⁴ parameters or activations per step is a
# FATAL_ERROR naming the shape.
function(ctgrad_makemore_shapes shapes out_var)
  set(limits 64 4096 16384 4096)  # block, embedding, hidden, batch
  set(names "block size" "embedding" "hidden" "batch")
  set(seen "")
  set(items "")
  list(LENGTH shapes count)
  if(count EQUAL 0)
    message(FATAL_ERROR "CTGRAD_MAKEMORE_MLP_SHAPES is empty: list at least one shape \"block,embedding,hidden,batch\"")
  endif()
  foreach(shape IN LISTS shapes)
    string(REPLACE " " "" shape "${shape}")
    if(NOT shape MATCHES "^([0-9]+),([0-9]+),([0-9]+),([0-9]+)$")
      message(FATAL_ERROR "CTGRAD_MAKEMORE_MLP_SHAPES: '${shape}' is not \"block,embedding,hidden,batch\" (four positive integers)")
    endif()
    set(dims ${CMAKE_MATCH_1} ${CMAKE_MATCH_2} ${CMAKE_MATCH_3} ${CMAKE_MATCH_4})
    foreach(i RANGE 3)
      list(GET dims ${i} d)
      list(GET limits ${i} limit)
      list(GET names ${i} name)
      string(LENGTH "${d}" digits)
      if(digits GREATER 6 OR d LESS 1 OR d GREATER limit)
        message(FATAL_ERROR "CTGRAD_MAKEMORE_MLP_SHAPES: '${shape}': ${name} ${d} is outside 1..${limit}")
      endif()
      math(EXPR d "${d}")  # drop leading zeros, so "03,10,200,32" and "3,10,200,32" are the same shape
      list(REMOVE_AT dims ${i})
      list(INSERT dims ${i} ${d})
    endforeach()
    list(GET dims 0 block)
    list(GET dims 1 emb)
    list(GET dims 2 hidden)
    list(GET dims 3 batch)
    # Parameters (C, W1 and b1, W2 and b2, vocabulary padded to 32) and one step's activations, in floats.
    math(EXPR parameters "32 * ${emb} + (${block} * ${emb} + 1) * ${hidden} + (${hidden} + 1) * 32")
    math(EXPR activations "${batch} * (${block} * ${emb} + 2 * ${hidden} + 2 * 32)")
    if(parameters GREATER 16777216 OR activations GREATER 16777216)
      message(FATAL_ERROR "CTGRAD_MAKEMORE_MLP_SHAPES: '${shape}': ${parameters} parameters and ${activations} activations per step; the tool takes at most 16777216 of each")
    endif()
    math(EXPR rest "${batch} % 4")
    if(NOT rest EQUAL 0)
      message(FATAL_ERROR "CTGRAD_MAKEMORE_MLP_SHAPES: '${shape}': batch ${batch} is not a multiple of 4 (training shares a minibatch among 1, 2 or 4 threads)")
    endif()
    string(REPLACE ";" "," key "${dims}")
    if(key IN_LIST seen)
      message(FATAL_ERROR "CTGRAD_MAKEMORE_MLP_SHAPES: '${shape}' is listed twice")
    endif()
    list(APPEND seen "${key}")
    string(REPLACE ";" ", " initializer "${dims}")
    list(APPEND items "{${initializer}}")
  endforeach()
  list(JOIN items ", " joined)
  set(${out_var} "${joined}" PARENT_SCOPE)
endfunction()

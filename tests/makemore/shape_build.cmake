# cmake -P script: what a user does to train an MLP shape the default build does not compile. Configures
# ctgrad with CTGRAD_MAKEMORE_MLP_SHAPES="2,4,16,8" in WORK_DIR, builds the makemore tool alone, trains that
# shape on DATA, and checks that the tool reports it and now names the new list for any other shape.
# Inputs: SOURCE_DIR, WORK_DIR, CXX_COMPILER, DATA.
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

# run(<expected exit code> <output variable> <command...>)
function(run expected out_var)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL expected)
    message(FATAL_ERROR "exit ${rc}, expected ${expected}: ${ARGN}\n${out}\n${err}")
  endif()
  set(${out_var} "${out}${err}" PARENT_SCOPE)
endfunction()

function(expect_match text regex)
  if(NOT text MATCHES "${regex}")
    message(FATAL_ERROR "expected output matching '${regex}', got:\n${text}")
  endif()
endfunction()

run(0 out ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR} -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
    -DCTGRAD_BUILD_TESTS=OFF -DCTGRAD_BUILD_EXAMPLES=ON -DCTGRAD_MAKEMORE_MLP_SHAPES=2,4,16,8)
run(0 out ${CMAKE_COMMAND} --build ${WORK_DIR} --target makemore)
set(tool ${WORK_DIR}/bin/makemore)

run(0 out ${tool} mlp --data ${DATA} --block-size 2 --emb 4 --hidden 16 --batch 8 --steps 200 --threads 2 --samples 3 --json)
expect_match("${out}" "\"block_size\":2,\"embedding\":4,\"hidden\":16,\"batch\":8")
expect_match("${out}" "\"threads\":2")
expect_match("${out}" "\"train_loss\":[0-9.]+,\"dev_loss\":[0-9.]+")

run(2 out ${tool} mlp --data ${DATA})
expect_match("${out}" "block 3, embedding 10, hidden 200, batch 32, which this build does not compile \\(it has: block 2, embedding 4, hidden 16, batch 8\\)")
message("shape build: ok")

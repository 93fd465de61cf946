# cmake -DPROGRAM=<makemore> -DARGS=<a::b> -DFIT=<c::d> -DCHECKPOINT=<file> -P cli_roundtrip.cmake
# Fits a model with ARGS and FIT (the model's own flags) and saves it, loads it back with ARGS (same data and
# seed) and checks that the JSON reports agree on everything but the saved/loaded field: same losses, same
# samples (and the training fields, which only a trained model has).
string(REPLACE "::" ";" args "${ARGS}")
string(REPLACE "::" ";" fit "${FIT}")
file(REMOVE "${CHECKPOINT}")
execute_process(COMMAND ${PROGRAM} ${args} ${fit} --json --save ${CHECKPOINT} RESULT_VARIABLE rc1 OUTPUT_VARIABLE saved ERROR_VARIABLE err1)
execute_process(COMMAND ${PROGRAM} ${args} --json --load ${CHECKPOINT} RESULT_VARIABLE rc2 OUTPUT_VARIABLE loaded ERROR_VARIABLE err2)
message("save: exit ${rc1}\n${saved}${err1}load: exit ${rc2}\n${loaded}${err2}")
if(NOT rc1 EQUAL 0 OR NOT rc2 EQUAL 0)
  message(FATAL_ERROR "save or load failed")
endif()
string(REGEX REPLACE ",\"saved\":\"[^\"]*\"" "" saved "${saved}")
string(REGEX REPLACE ",\"loaded\":\"[^\"]*\"" "" loaded "${loaded}")
# A trained model also reports how it was trained (steps ... us_per_step); a loaded one cannot.
string(REGEX REPLACE ",\"steps\":[^}]*\"us_per_step\":[0-9.e+-]+" "" saved "${saved}")
if(NOT saved STREQUAL loaded)
  message(FATAL_ERROR "the loaded model reports differently from the saved one")
endif()
if(NOT saved MATCHES "\"nll\":[0-9]" OR NOT saved MATCHES "\"samples\":\\[\"")
  message(FATAL_ERROR "the report lacks nll or samples")
endif()

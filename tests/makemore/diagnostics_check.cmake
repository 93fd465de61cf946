# cmake -DPROGRAM=<makemore> -DDATA=<words> -DSVG=<file> -P diagnostics_check.cmake
# `makemore mlp-bn --diagnostics FILE` draws the course's part 3 diagnostics: one SVG image with each Tanh layer's
# activation and gradient histogram (with its statistics in the legend) and each Linear weight's update-to-data
# ratio over the steps.
file(REMOVE "${SVG}")
execute_process(COMMAND ${PROGRAM} mlp-bn --data ${DATA} --steps 40 --samples 0 --diagnostics ${SVG}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "exit ${rc}\n${out}${err}")
endif()
file(READ "${SVG}" svg)
foreach(expected "<svg" "activation distribution" "gradient distribution" "update to data ratio"
                 "layer 4 \\(Tanh\\): mean [-+][0-9.]+, std [0-9.]+, saturated [0-9.]+%" "layer 16 \\(Tanh\\)"
                 "layer 2 \\(Linear\\)" "layer 17 \\(Linear\\)" "</svg>")
  if(NOT svg MATCHES "${expected}")
    message(FATAL_ERROR "the diagnostics image lacks ${expected}")
  endif()
endforeach()
message("diagnostics: ok")

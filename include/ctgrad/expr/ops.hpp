// Every op of the static graph: + - * / and unary -, pow, ipow, exp, log, tanh, relu, sigmoid, sqrt, abs (and step, sign).
#pragma once

#include <ctgrad/expr/ops/abs.hpp>
#include <ctgrad/expr/ops/add.hpp>
#include <ctgrad/expr/ops/div.hpp>
#include <ctgrad/expr/ops/exp.hpp>
#include <ctgrad/expr/ops/ipow.hpp>
#include <ctgrad/expr/ops/log.hpp>
#include <ctgrad/expr/ops/mul.hpp>
#include <ctgrad/expr/ops/neg.hpp>
#include <ctgrad/expr/ops/pow.hpp>
#include <ctgrad/expr/ops/relu.hpp>
#include <ctgrad/expr/ops/sigmoid.hpp>
#include <ctgrad/expr/ops/sign.hpp>
#include <ctgrad/expr/ops/sqrt.hpp>
#include <ctgrad/expr/ops/step.hpp>
#include <ctgrad/expr/ops/sub.hpp>
#include <ctgrad/expr/ops/tanh.hpp>

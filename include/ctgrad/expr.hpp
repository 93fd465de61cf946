// The static graph layer of ctgrad: variables and data, the math library, grad/eval, derivative, hessian, to_string, for_each_node.
#pragma once

#include <ctgrad/expr/binding.hpp>
#include <ctgrad/expr/concepts.hpp>
#include <ctgrad/expr/derivative.hpp>
#include <ctgrad/expr/function.hpp>
#include <ctgrad/expr/grad.hpp>
#include <ctgrad/expr/hessian.hpp>
#include <ctgrad/expr/jacobian.hpp>
#include <ctgrad/expr/leaf.hpp>
#include <ctgrad/expr/ops.hpp>
#include <ctgrad/expr/print.hpp>
#include <ctgrad/expr/reduce.hpp>
#include <ctgrad/expr/visit.hpp>

namespace ctgrad {

// The main entry points, also reachable as ctgrad::var etc. The math functions (exp, sin, pow...) are in
// ctgrad::math: unqualified calls on expressions find them by argument-dependent lookup, and keeping them out
// of ctgrad means `using namespace ctgrad;` never makes `exp(2.0)` ambiguous.
using expr::at;
using expr::data;
using expr::derivative;
using expr::dot;
using expr::eval;
using expr::Expression;
using expr::fold;
using expr::for_each_node;
using expr::grad;
using expr::hessian;
using expr::Input;
using expr::inputs;
using expr::jacobian;
using expr::jacobian_forward;
using expr::jacobian_reverse;
using expr::jvp;
using expr::lit;
using expr::logsumexp;
using expr::mode;
using expr::node_count;
using expr::norm;
using expr::Number;
using expr::Operand;
using expr::outputs;
using expr::Scalar;
using expr::squared_norm;
using expr::sum;
using expr::to_string;
using expr::var;
using expr::variables_of;
using expr::vjp;

}  // namespace ctgrad

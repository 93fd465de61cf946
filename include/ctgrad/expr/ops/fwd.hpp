// Forward declarations of every op tag and every function of ctgrad's math library, so that ops whose rules refer
// to each other (sin and cos, tanh and pow) each live in their own file. The definitions are in expr/ops/<op>.hpp.
#pragma once

#include <ctgrad/expr/function.hpp>

namespace ctgrad {

/// The op tags of ctgrad's math library: each, in expr/ops/<op>.hpp, is the one definition of its op's value,
/// local derivative, symbolic derivative and notation (the protocol is described in expr/function.hpp).
namespace op {
struct add;
struct sub;
struct mul;
struct div;
struct neg;
template <int N>
struct ipow;
struct pow;
struct exp;
struct exp2;
struct expm1;
struct log;
struct log2;
struct log10;
struct log1p;
struct sqrt;
struct cbrt;
struct hypot;
struct sin;
struct cos;
struct tan;
struct asin;
struct acos;
struct atan;
struct atan2;
struct sinh;
struct cosh;
struct tanh;
struct asinh;
struct acosh;
struct atanh;
struct erf;
struct erfc;
struct abs;
struct sign;
struct step;
struct relu;
struct sigmoid;
struct min;
struct max;
struct less;
struct less_equal;
struct greater;
struct greater_equal;
struct equal;
struct not_equal;
struct select;
struct detach;
}  // namespace op

/// ctgrad's math library: each function takes plain numbers (then it is the function itself, constant-evaluable),
/// xsimd batches (lane by lane), expressions of the static graph (it builds a node) and tape values (it records a
/// node). Unqualified calls on expressions and tape values find these by argument-dependent lookup; on plain
/// numbers they leave <cmath> alone.
namespace math {
template <class X>
  requires applicable<op::exp, X>
constexpr auto exp(X const& x);
template <class X>
  requires applicable<op::exp2, X>
constexpr auto exp2(X const& x);
template <class X>
  requires applicable<op::expm1, X>
constexpr auto expm1(X const& x);
template <class X>
  requires applicable<op::log, X>
constexpr auto log(X const& x);
template <class X>
  requires applicable<op::log2, X>
constexpr auto log2(X const& x);
template <class X>
  requires applicable<op::log10, X>
constexpr auto log10(X const& x);
template <class X>
  requires applicable<op::log1p, X>
constexpr auto log1p(X const& x);
template <class X>
  requires applicable<op::sqrt, X>
constexpr auto sqrt(X const& x);
template <class X>
  requires applicable<op::cbrt, X>
constexpr auto cbrt(X const& x);
template <class X, class Y>
  requires applicable<op::hypot, X, Y>
constexpr auto hypot(X const& x, Y const& y);
template <class X>
  requires applicable<op::sin, X>
constexpr auto sin(X const& x);
template <class X>
  requires applicable<op::cos, X>
constexpr auto cos(X const& x);
template <class X>
  requires applicable<op::tan, X>
constexpr auto tan(X const& x);
template <class X>
  requires applicable<op::asin, X>
constexpr auto asin(X const& x);
template <class X>
  requires applicable<op::acos, X>
constexpr auto acos(X const& x);
template <class X>
  requires applicable<op::atan, X>
constexpr auto atan(X const& x);
template <class Y, class X>
  requires applicable<op::atan2, Y, X>
constexpr auto atan2(Y const& y, X const& x);
template <class X>
  requires applicable<op::sinh, X>
constexpr auto sinh(X const& x);
template <class X>
  requires applicable<op::cosh, X>
constexpr auto cosh(X const& x);
template <class X>
  requires applicable<op::tanh, X>
constexpr auto tanh(X const& x);
template <class X>
  requires applicable<op::asinh, X>
constexpr auto asinh(X const& x);
template <class X>
  requires applicable<op::acosh, X>
constexpr auto acosh(X const& x);
template <class X>
  requires applicable<op::atanh, X>
constexpr auto atanh(X const& x);
template <class X>
  requires applicable<op::erf, X>
constexpr auto erf(X const& x);
template <class X>
  requires applicable<op::erfc, X>
constexpr auto erfc(X const& x);
template <class X>
  requires applicable<op::abs, X>
constexpr auto abs(X const& x);
template <class X>
  requires applicable<op::sign, X>
constexpr auto sign(X const& x);
template <class X>
  requires applicable<op::step, X>
constexpr auto step(X const& x);
template <class X>
  requires applicable<op::relu, X>
constexpr auto relu(X const& x);
template <class X>
  requires applicable<op::sigmoid, X>
constexpr auto sigmoid(X const& x);
template <class X, class Y>
  requires applicable<op::min, X, Y>
constexpr auto min(X const& x, Y const& y);
template <class X, class Y>
  requires applicable<op::max, X, Y>
constexpr auto max(X const& x, Y const& y);
template <class X, class Lo, class Hi>
  requires applicable<op::max, X, Lo> && applicable<op::min, X, Hi>
constexpr auto clamp(X const& x, Lo const& lo, Hi const& hi);
template <class C, class A, class B>
  requires applicable<op::select, C, A, B>
constexpr auto select(C const& condition, A const& a, B const& b);
template <class A, class B>
  requires detail::plain_operand<A> && detail::plain_operand<B>
constexpr auto select(bool condition, A const& a, B const& b);
template <class T, class Arch, class A, class B>
  requires detail::plain_operand<A> && detail::plain_operand<B>
constexpr auto select(xsimd::batch_bool<T, Arch> const& condition, A const& a, B const& b);
template <class X>
  requires applicable<op::detach, X>
constexpr auto detach(X const& x);
template <class X, class Y>
  requires applicable<op::pow, X, Y>
constexpr auto pow(X const& x, Y const& y);
template <int N, class X>
  requires applicable<op::ipow<N>, X>
constexpr auto pow(X const& x);
template <class X>
  requires applicable<op::ipow<2>, X>
constexpr auto square(X const& x);
}  // namespace math

}  // namespace ctgrad

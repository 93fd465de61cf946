// ctgrad::math::select (alias if_else) and clamp: a branch per point (per SIMD lane), and its rules.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/fwd.hpp>
#include <ctgrad/expr/ops/max.hpp>
#include <ctgrad/expr/ops/min.hpp>

namespace ctgrad {

namespace op {
/// `c ? a : b` for a condition c (a comparison: 1 where it holds, 0 elsewhere), lane by lane. The adjoint flows
/// only into the branch taken, none into the condition. Both branches are computed, as in any branch-free code
/// (and SIMD code must): keep the branch not taken finite where it is not taken (for instance sqrt of
/// `select(t > eps, t, 1)` rather than of t), or its NaN reaches the gradient through the operands it shares.
struct select {
  static constexpr std::string_view name = "select";
  static constexpr std::array<bool, 3> differentiable{false, true, true};

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S c, S a, S b) noexcept { return detail::numeric::where(c, a, b); }
  template <std::size_t I, expr::Scalar S>
  [[nodiscard]] static constexpr S vjp(S c, S, S, S, S g) noexcept {
    if constexpr (I == 1) return detail::numeric::where(c, g, S(0));
    else return detail::numeric::where(c, S(0), g);
  }
  template <std::size_t I, class C, class A, class B, class Out>
  [[nodiscard]] static constexpr auto symbolic(C const& c, A const&, B const&, Out const&) {
    if constexpr (I == 1) return math::select(c, expr::lit<1>, expr::lit<0>);
    else return math::select(c, expr::lit<0>, expr::lit<1>);
  }
};
}  // namespace op

namespace expr::detail {
/// A condition: a node whose op says `condition = true` (the comparisons).
template <class E>
inline constexpr bool is_condition_v = false;
template <class Op, class... C>
  requires requires { Op::condition; }
inline constexpr bool is_condition_v<nodes::node<Op, C...>> = Op::condition;
}  // namespace expr::detail

namespace math {
/// `a` where `condition` holds and `b` elsewhere, per point and per SIMD lane: `select(x < 0, -x, x)`. With an
/// expression, the condition is a comparison of expressions and the adjoint flows only into the branch taken;
/// with plain numbers it is a `bool` (or an xsimd `batch_bool`), so generic code serves numbers too.
template <class C, class A, class B>
  requires applicable<op::select, C, A, B>
constexpr auto select(C const& condition, A const& a, B const& b) {
  if constexpr (expr::Expression<C>) {
    static_assert(expr::detail::is_condition_v<C>, "ctgrad::select(c, a, b): the condition c must be a comparison of expressions, such as x < y");
    return function<op::select>{}(condition, a, b);
  } else {
    return function<op::select>{}(condition, a, b);
  }
}

/// `a` where the `bool` `condition` holds, else `b`: `select` on plain numbers, for generic code.
template <class A, class B>
  requires detail::plain_operand<A> && detail::plain_operand<B>
constexpr auto select(bool condition, A const& a, B const& b) {
  using S = typename detail::scalar_call<detail::plain_t<A>, detail::plain_t<B>>::type;
  return condition ? detail::as_plain<S>(a) : detail::as_plain<S>(b);
}

/// `a` in the lanes where `condition` holds, else `b`: `select` on xsimd batches, for generic code.
template <class T, class Arch, class A, class B>
  requires detail::plain_operand<A> && detail::plain_operand<B>
constexpr auto select(xsimd::batch_bool<T, Arch> const& condition, A const& a, B const& b) {
  using S = xsimd::batch<T, Arch>;
  return xsimd::select(condition, detail::as_plain<S>(a), detail::as_plain<S>(b));
}

/// `select(condition, a, b)`.
template <class C, class A, class B>
  requires requires(C const& c, A const& a, B const& b) { math::select(c, a, b); }
constexpr auto if_else(C const& condition, A const& a, B const& b) {
  return math::select(condition, a, b);
}

/// `x` limited to [lo, hi]: `min(max(x, lo), hi)`; the gradient flows to whichever of the three is the result.
template <class X, class Lo, class Hi>
  requires applicable<op::max, X, Lo> && applicable<op::min, X, Hi>
constexpr auto clamp(X const& x, Lo const& lo, Hi const& hi) {
  return math::min(math::max(x, lo), hi);
}
}  // namespace math

}  // namespace ctgrad

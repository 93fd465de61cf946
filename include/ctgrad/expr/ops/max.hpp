// ctgrad::math::max: the larger of two values, and its rules.
#pragma once

#include <cstddef>
#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// The larger of x and y: `select(x >= y, x, y)`. The gradient goes to the operand taken: all of it to x at
/// a tie.
struct max {
  static constexpr std::string_view name = "max";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x, S y) noexcept {
    return detail::numeric::where(detail::numeric::condition<S>(x >= y), x, y);
  }
  template <std::size_t I, expr::Scalar S>
  [[nodiscard]] static constexpr S vjp(S x, S y, S, S g) noexcept {
    S const taken = detail::numeric::condition<S>(x >= y);
    if constexpr (I == 0) return detail::numeric::where(taken, g, S(0));
    else return detail::numeric::where(taken, S(0), g);
  }
  template <std::size_t I, class X, class Y, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Y const& y, Out const&) {
    if constexpr (I == 0) return math::select(x >= y, expr::lit<1>, expr::lit<0>);
    else return math::select(x >= y, expr::lit<0>, expr::lit<1>);
  }
};
}  // namespace op

namespace math {
/// The larger of x and y (x at a tie), of numbers, xsimd batches, expressions or tape values.
template <class X, class Y>
  requires applicable<op::max, X, Y>
constexpr auto max(X const& x, Y const& y) {
  return function<op::max>{}(x, y);
}
}  // namespace math

}  // namespace ctgrad

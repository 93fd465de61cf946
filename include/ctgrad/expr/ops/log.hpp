// ctgrad::math::log: the natural logarithm, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// log x, for x > 0. Local derivative: 1 / x.
struct log {
  static constexpr std::string_view name = "log";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::log(x); }
  template <std::size_t, expr::Scalar S>
  [[nodiscard]] static constexpr S vjp(S x, S, S g) noexcept { return detail::numeric::quotient(g, x); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Out const&) { return expr::lit<1> / x; }
};
}  // namespace op

namespace math {
/// The natural logarithm log x, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::log, X>
constexpr auto log(X const& x) {
  return function<op::log>{}(x);
}
}  // namespace math

}  // namespace ctgrad

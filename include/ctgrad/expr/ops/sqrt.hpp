// ctgrad::math::sqrt: the square root, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// sqrt x, for x >= 0. Local derivative: 1 / (2 sqrt x) (from the output; +inf at x = 0).
struct sqrt {
  static constexpr std::string_view name = "sqrt";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::sqrt(x); }
  template <std::size_t, expr::Scalar S>
  [[nodiscard]] static constexpr S vjp(S, S out, S g) noexcept { return detail::numeric::quotient(g, S(2) * out); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const&, Out const& out) { return expr::lit<1> / (expr::lit<2> * out); }
};
}  // namespace op

namespace math {
/// The square root sqrt x, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::sqrt, X>
constexpr auto sqrt(X const& x) {
  return function<op::sqrt>{}(x);
}
}  // namespace math

}  // namespace ctgrad

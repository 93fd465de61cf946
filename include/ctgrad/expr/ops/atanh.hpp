// ctgrad::math::atanh: the inverse hyperbolic tangent, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// atanh x, for -1 < x < 1. Local derivative: 1 / (1 - x**2) (+inf at x = ±1).
struct atanh {
  static constexpr std::string_view name = "atanh";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::atanh(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S x, S) noexcept { return detail::numeric::quotient(S(1), (S(1) - x) * (S(1) + x)); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Out const&) { return expr::lit<1> / (expr::lit<1> - math::pow<2>(x)); }
};
}  // namespace op

namespace math {
/// The inverse hyperbolic tangent: atanh x, for -1 < x < 1, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::atanh, X>
constexpr auto atanh(X const& x) {
  return function<op::atanh>{}(x);
}
}  // namespace math

}  // namespace ctgrad

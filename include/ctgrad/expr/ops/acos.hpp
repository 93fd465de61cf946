// ctgrad::math::acos: the arc cosine, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// acos x, for -1 <= x <= 1. Local derivative: -1 / sqrt(1 - x**2) (-inf at x = ±1).
struct acos {
  static constexpr std::string_view name = "acos";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::acos(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S x, S) noexcept { return detail::numeric::quotient(S(-1), detail::numeric::sqrt(S(1) - x * x)); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Out const&) { return expr::lit<-1> / math::sqrt(expr::lit<1> - math::pow<2>(x)); }
};
}  // namespace op

namespace math {
/// The arc cosine: acos x, for -1 <= x <= 1, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::acos, X>
constexpr auto acos(X const& x) {
  return function<op::acos>{}(x);
}
}  // namespace math

}  // namespace ctgrad

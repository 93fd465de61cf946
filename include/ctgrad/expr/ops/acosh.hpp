// ctgrad::math::acosh: the inverse hyperbolic cosine, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// acosh x, for x >= 1. Local derivative: 1 / sqrt(x**2 - 1), as 1 / (sqrt(x - 1) sqrt(x + 1)) (+inf at x = 1).
struct acosh {
  static constexpr std::string_view name = "acosh";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::acosh(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S x, S) noexcept { return detail::numeric::quotient(S(1), detail::numeric::sqrt(x - S(1)) * detail::numeric::sqrt(x + S(1))); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Out const&) { return expr::lit<1> / math::sqrt(math::pow<2>(x) - expr::lit<1>); }
};
}  // namespace op

namespace math {
/// The inverse hyperbolic cosine: acosh x, for x >= 1, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::acosh, X>
constexpr auto acosh(X const& x) {
  return function<op::acosh>{}(x);
}
}  // namespace math

}  // namespace ctgrad

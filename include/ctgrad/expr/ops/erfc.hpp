// ctgrad::math::erfc: the complementary error function, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/exp.hpp>
#include <ctgrad/expr/ops/fwd.hpp>
#include <ctgrad/expr/ops/neg.hpp>

namespace ctgrad {

namespace op {
/// 1 - erf x, accurate where erf x is near 1. Local derivative: -2 / sqrt(pi) e**(-x**2).
struct erfc {
  static constexpr std::string_view name = "erfc";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::erfc(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S x, S) noexcept { return detail::numeric::broadcast<S>(-expr::detail::two_over_sqrt_pi::value) * detail::numeric::exp(-(x * x)); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Out const&) { return -expr::detail::literal_of_constant<expr::detail::two_over_sqrt_pi> * math::exp(-math::pow<2>(x)); }
};
}  // namespace op

namespace math {
/// The complementary error function: 1 - erf x, accurate where erf x is near 1, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::erfc, X>
constexpr auto erfc(X const& x) {
  return function<op::erfc>{}(x);
}
}  // namespace math

}  // namespace ctgrad

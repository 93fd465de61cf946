// ctgrad::math::erf: the error function, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/exp.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// erf x. Local derivative: 2 / sqrt(pi) e**(-x**2).
struct erf {
  static constexpr std::string_view name = "erf";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::erf(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S x, S) noexcept { return detail::numeric::broadcast<S>(expr::detail::two_over_sqrt_pi::value) * detail::numeric::exp(-(x * x)); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Out const&) { return expr::detail::literal_of_constant<expr::detail::two_over_sqrt_pi> * math::exp(-math::pow<2>(x)); }
};
}  // namespace op

namespace math {
/// The error function: erf x, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::erf, X>
constexpr auto erf(X const& x) {
  return function<op::erf>{}(x);
}
}  // namespace math

}  // namespace ctgrad

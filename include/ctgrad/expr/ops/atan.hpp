// ctgrad::math::atan: the arc tangent, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// atan x. Local derivative: 1 / (1 + x**2).
struct atan {
  static constexpr std::string_view name = "atan";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::atan(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S x, S) noexcept { return S(1) / (S(1) + x * x); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Out const&) { return expr::lit<1> / (expr::lit<1> + math::pow<2>(x)); }
};
}  // namespace op

namespace math {
/// The arc tangent: atan x, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::atan, X>
constexpr auto atan(X const& x) {
  return function<op::atan>{}(x);
}
}  // namespace math

}  // namespace ctgrad

// ctgrad::math::cbrt: the cube root, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// the real cube root of x. Local derivative: 1 / (3 cbrt(x)**2) (from the output; +inf at x = 0).
struct cbrt {
  static constexpr std::string_view name = "cbrt";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::cbrt(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S, S out) noexcept { return detail::numeric::quotient(S(1), S(3) * out * out); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const&, Out const& out) { return expr::lit<1, 3> / math::pow<2>(out); }
};
}  // namespace op

namespace math {
/// The cube root: the real cube root of x, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::cbrt, X>
constexpr auto cbrt(X const& x) {
  return function<op::cbrt>{}(x);
}
}  // namespace math

}  // namespace ctgrad

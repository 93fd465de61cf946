// ctgrad::math::sinh: the hyperbolic sine, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// sinh x. Local derivative: cosh x.
struct sinh {
  static constexpr std::string_view name = "sinh";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::sinh(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S x, S) noexcept { return detail::numeric::cosh(x); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Out const&) { return math::cosh(x); }
};
}  // namespace op

namespace math {
/// The hyperbolic sine: sinh x, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::sinh, X>
constexpr auto sinh(X const& x) {
  return function<op::sinh>{}(x);
}
}  // namespace math

}  // namespace ctgrad

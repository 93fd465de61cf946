// ctgrad::math::asinh: the inverse hyperbolic sine, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// asinh x. Local derivative: 1 / sqrt(x**2 + 1).
struct asinh {
  static constexpr std::string_view name = "asinh";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::asinh(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S x, S) noexcept { return S(1) / detail::numeric::hypot(x, S(1)); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Out const&) { return expr::lit<1> / math::sqrt(math::pow<2>(x) + expr::lit<1>); }
};
}  // namespace op

namespace math {
/// The inverse hyperbolic sine: asinh x, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::asinh, X>
constexpr auto asinh(X const& x) {
  return function<op::asinh>{}(x);
}
}  // namespace math

}  // namespace ctgrad

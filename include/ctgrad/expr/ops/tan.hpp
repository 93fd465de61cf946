// ctgrad::math::tan: the tangent, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// tan x. Local derivative: 1 + tan(x)**2 (from the output).
struct tan {
  static constexpr std::string_view name = "tan";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::tan(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S, S out) noexcept { return S(1) + out * out; }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const&, Out const& out) { return expr::lit<1> + math::pow<2>(out); }
};
}  // namespace op

namespace math {
/// The tangent: tan x, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::tan, X>
constexpr auto tan(X const& x) {
  return function<op::tan>{}(x);
}
}  // namespace math

}  // namespace ctgrad

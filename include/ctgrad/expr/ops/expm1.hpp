// ctgrad::math::expm1: e**x - 1, accurate near 0, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// e**x - 1. Local derivative: e**x = out + 1.
struct expm1 {
  static constexpr std::string_view name = "expm1";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::expm1(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S, S out) noexcept { return out + S(1); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const&, Out const& out) { return out + expr::lit<1>; }
};
}  // namespace op

namespace math {
/// E**x - 1, accurate near 0: e**x - 1, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::expm1, X>
constexpr auto expm1(X const& x) {
  return function<op::expm1>{}(x);
}
}  // namespace math

}  // namespace ctgrad

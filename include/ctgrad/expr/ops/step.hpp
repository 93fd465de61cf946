// ctgrad::math::step: the unit step (the derivative of relu), and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// 1 where x > 0, else 0. No gradient flows through it.
struct step {
  static constexpr std::string_view name = "step";
  static constexpr bool differentiable = false;

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::where_positive(x, S(1), S(0)); }
};
}  // namespace op

namespace math {
/// The unit step: 1 where x > 0, else 0, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::step, X>
constexpr auto step(X const& x) {
  return function<op::step>{}(x);
}
}  // namespace math

}  // namespace ctgrad

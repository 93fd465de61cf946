// ctgrad::math::sign: the sign (the derivative of abs), and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// 1 where x > 0, -1 where x < 0, else 0. No gradient flows through it.
struct sign {
  static constexpr std::string_view name = "sign";
  static constexpr bool differentiable = false;

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept {
    return detail::numeric::where_positive(x, S(1), detail::numeric::where_negative(x, S(-1), S(0)));
  }
};
}  // namespace op

namespace math {
/// The sign of x: 1, -1 or 0, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::sign, X>
constexpr auto sign(X const& x) {
  return function<op::sign>{}(x);
}
}  // namespace math

}  // namespace ctgrad

// ctgrad::math::abs: the absolute value, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// |x|. Local derivative: sign(x) (0 at x = 0).
struct abs {
  static constexpr std::string_view name = "abs";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::abs(x); }
  template <std::size_t, expr::Scalar S>
  [[nodiscard]] static constexpr S vjp(S x, S, S g) noexcept {
    return detail::numeric::where_positive(x, g, detail::numeric::where_negative(x, -g, S(0)));
  }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Out const&) { return math::sign(x); }
};
}  // namespace op

namespace math {
/// The absolute value |x|, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::abs, X>
constexpr auto abs(X const& x) {
  return function<op::abs>{}(x);
}
}  // namespace math

}  // namespace ctgrad

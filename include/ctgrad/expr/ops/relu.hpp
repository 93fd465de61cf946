// ctgrad::math::relu: the rectifier, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// max(x, 0), micrograd's ReLU. Local derivative: 1 where x > 0, else 0 (0 at x = 0).
struct relu {
  static constexpr std::string_view name = "ReLU";
  static constexpr std::string_view symbol = "relu";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::where_positive(x, x, S(0)); }
  template <std::size_t, expr::Scalar S>
  [[nodiscard]] static constexpr S vjp(S x, S, S g) noexcept { return detail::numeric::where_positive(x, g, S(0)); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Out const&) { return math::step(x); }
};
}  // namespace op

namespace math {
/// The rectifier max(x, 0) (micrograd's ReLU), of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::relu, X>
constexpr auto relu(X const& x) {
  return function<op::relu>{}(x);
}
}  // namespace math

}  // namespace ctgrad

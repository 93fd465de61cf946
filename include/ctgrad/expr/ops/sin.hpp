// ctgrad::math::sin: the sine, and its rules.
#pragma once

#include <string_view>
#include <utility>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// sin x. Local derivative: cos x.
struct sin {
  static constexpr std::string_view name = "sin";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::sin(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S x, S) noexcept { return detail::numeric::cos(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr std::pair<S, S> value_and_derivative(S x) noexcept { return detail::numeric::sincos(x); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Out const&) { return math::cos(x); }
};
}  // namespace op

namespace math {
/// The sine: sin x, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::sin, X>
constexpr auto sin(X const& x) {
  return function<op::sin>{}(x);
}
}  // namespace math

}  // namespace ctgrad

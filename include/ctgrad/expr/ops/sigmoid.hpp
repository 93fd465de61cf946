// ctgrad::math::sigmoid: the logistic sigmoid, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// 1 / (1 + e**-x). Local derivative: s (1 - s), s the output.
struct sigmoid {
  static constexpr std::string_view name = "sigmoid";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return S(1) / (S(1) + detail::numeric::exp(-x)); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S, S out) noexcept { return out * (S(1) - out); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const&, Out const& out) { return out * (expr::lit<1> - out); }
};
}  // namespace op

namespace math {
/// The logistic sigmoid 1 / (1 + e**-x), of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::sigmoid, X>
constexpr auto sigmoid(X const& x) {
  return function<op::sigmoid>{}(x);
}
}  // namespace math

}  // namespace ctgrad

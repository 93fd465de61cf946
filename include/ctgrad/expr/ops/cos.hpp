// ctgrad::math::cos: the cosine, and its rules.
#pragma once

#include <string_view>
#include <utility>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// cos x. Local derivative: -sin x.
struct cos {
  static constexpr std::string_view name = "cos";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::cos(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S x, S) noexcept { return -detail::numeric::sin(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr std::pair<S, S> value_and_derivative(S x) noexcept {
    auto const [sine, cosine] = detail::numeric::sincos(x);
    return {cosine, -sine};
  }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Out const&) { return -math::sin(x); }
};
}  // namespace op

namespace math {
/// The cosine: cos x, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::cos, X>
constexpr auto cos(X const& x) {
  return function<op::cos>{}(x);
}
}  // namespace math

}  // namespace ctgrad

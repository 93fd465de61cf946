// ctgrad::math::log1p: log(1 + x), accurate near 0, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// log(1 + x). Local derivative: 1 / (1 + x).
struct log1p {
  static constexpr std::string_view name = "log1p";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::log1p(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S x, S) noexcept { return detail::numeric::quotient(S(1), S(1) + x); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Out const&) { return expr::lit<1> / (expr::lit<1> + x); }
};
}  // namespace op

namespace math {
/// Log(1 + x), accurate near 0: log(1 + x), of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::log1p, X>
constexpr auto log1p(X const& x) {
  return function<op::log1p>{}(x);
}
}  // namespace math

}  // namespace ctgrad

// ctgrad::math::log2: the base-2 logarithm, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// log2 x. Local derivative: 1 / (x ln 2).
struct log2 {
  static constexpr std::string_view name = "log2";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::log2(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S x, S) noexcept { return detail::numeric::quotient(detail::numeric::broadcast<S>(expr::detail::log2_e::value), x); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Out const&) { return expr::detail::literal_of_constant<expr::detail::log2_e> / x; }
};
}  // namespace op

namespace math {
/// The base-2 logarithm: log2 x, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::log2, X>
constexpr auto log2(X const& x) {
  return function<op::log2>{}(x);
}
}  // namespace math

}  // namespace ctgrad

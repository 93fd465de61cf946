// ctgrad::math::log10: the base-10 logarithm, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// log10 x. Local derivative: 1 / (x ln 10).
struct log10 {
  static constexpr std::string_view name = "log10";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::log10(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S x, S) noexcept { return detail::numeric::quotient(detail::numeric::broadcast<S>(expr::detail::log10_e::value), x); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Out const&) { return expr::detail::literal_of_constant<expr::detail::log10_e> / x; }
};
}  // namespace op

namespace math {
/// The base-10 logarithm: log10 x, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::log10, X>
constexpr auto log10(X const& x) {
  return function<op::log10>{}(x);
}
}  // namespace math

}  // namespace ctgrad

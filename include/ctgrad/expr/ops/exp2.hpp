// ctgrad::math::exp2: two to a power, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// 2**x. Local derivative: ln 2 * 2**x (from the output).
struct exp2 {
  static constexpr std::string_view name = "exp2";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::exp2(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S, S out) noexcept { return out * detail::numeric::broadcast<S>(expr::detail::ln2::value); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const&, Out const& out) { return out * expr::detail::literal_of_constant<expr::detail::ln2>; }
};
}  // namespace op

namespace math {
/// Two to a power: 2**x, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::exp2, X>
constexpr auto exp2(X const& x) {
  return function<op::exp2>{}(x);
}
}  // namespace math

}  // namespace ctgrad

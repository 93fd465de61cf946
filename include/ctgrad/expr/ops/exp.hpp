// ctgrad::math::exp: the exponential, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// e**x. Local derivative: e**x (the output itself).
struct exp {
  static constexpr std::string_view name = "exp";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::exp(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S, S out) noexcept { return out; }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const&, Out const& out) { return out; }
};
}  // namespace op

namespace math {
/// The exponential e**x, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::exp, X>
constexpr auto exp(X const& x) {
  return function<op::exp>{}(x);
}
}  // namespace math

}  // namespace ctgrad

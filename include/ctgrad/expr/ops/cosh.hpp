// ctgrad::math::cosh: the hyperbolic cosine, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// cosh x. Local derivative: sinh x.
struct cosh {
  static constexpr std::string_view name = "cosh";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return detail::numeric::cosh(x); }
  template <expr::Scalar S>
  [[nodiscard]] static constexpr S derivative(S x, S) noexcept { return detail::numeric::sinh(x); }
  template <class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Out const&) { return math::sinh(x); }
};
}  // namespace op

namespace math {
/// The hyperbolic cosine: cosh x, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::cosh, X>
constexpr auto cosh(X const& x) {
  return function<op::cosh>{}(x);
}
}  // namespace math

}  // namespace ctgrad

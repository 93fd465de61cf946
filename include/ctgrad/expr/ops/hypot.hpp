// ctgrad::math::hypot: sqrt(x**2 + y**2) without overflow, and its rules.
#pragma once

#include <cstddef>
#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// sqrt(x**2 + y**2), without overflow or underflow in between. Local derivatives: x / hypot and y / hypot
/// (from the output); both 0 at the origin, where the norm has no derivative.
struct hypot {
  static constexpr std::string_view name = "hypot";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x, S y) noexcept { return detail::numeric::hypot(x, y); }
  template <std::size_t I, expr::Scalar S>
  [[nodiscard]] static constexpr S vjp(S x, S y, S out, S g) noexcept {
    namespace numeric = detail::numeric;
    return numeric::where(numeric::condition<S>(out == S(0)), S(0), g * ((I == 0 ? x : y) / numeric::where(numeric::condition<S>(out == S(0)), S(1), out)));
  }
  template <std::size_t I, class X, class Y, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Y const& y, Out const& out) {
    if constexpr (I == 0) return x / out;
    else return y / out;
  }
};
}  // namespace op

namespace math {
/// sqrt(x**2 + y**2) without overflow, of numbers, xsimd batches, expressions or tape values.
template <class X, class Y>
  requires applicable<op::hypot, X, Y>
constexpr auto hypot(X const& x, Y const& y) {
  return function<op::hypot>{}(x, y);
}
}  // namespace math

}  // namespace ctgrad

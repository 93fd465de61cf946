// ctgrad::math::pow(x, y): a real power (a runtime exponent, or any expression), its rules.
#pragma once

#include <cstddef>
#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/fwd.hpp>
#include <ctgrad/expr/ops/ipow.hpp>

namespace ctgrad {

namespace op {
/// x**y. Local derivatives: y x**(y-1), and x**y log(x), taken as 0 where x**y is 0 (its limit as x -> 0+ for
/// y > 0). The second is only computed when y depends on a variable, so a negative base with a constant
/// exponent is fine.
struct pow {
  static constexpr std::string_view name = "**";
  static constexpr ctgrad::notation notation = ctgrad::notation::power;
  static constexpr int precedence = 4;

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x, S y) noexcept { return detail::numeric::pow(x, y); }
  template <std::size_t I, expr::Scalar S>
  [[nodiscard]] static constexpr S vjp(S x, S y, S out, S g) noexcept {
    namespace numeric = detail::numeric;
    if constexpr (I == 0) return g * y * numeric::pow(x, y - S(1));
    else return numeric::where(numeric::condition<S>(out == S(0)), S(0), g * out * numeric::log(numeric::where(numeric::condition<S>(out == S(0)), S(1), x)));
  }
  template <std::size_t I, class X, class Y, class Out>
  [[nodiscard]] static constexpr auto symbolic(X const& x, Y const& y, Out const& out) {
    if constexpr (I == 0) return y * math::pow(x, y - expr::lit<1>);
    else return out * math::log(x);
  }
};
}  // namespace op

namespace math {
/// `x**y` of numbers, xsimd batches, expressions or tape values: `pow(x, 0.5)`, `pow(x, y)`. A literal
/// exponent (`pow(x, lit<3>)`) gives the exact compile-time power `pow<3>(x)`.
template <class X, class Y>
  requires applicable<op::pow, X, Y>
constexpr auto pow(X const& x, Y const& y) {
  if constexpr (expr::detail::is_literal_v<Y>) {
    if constexpr (Y::denominator == 1) return math::pow<static_cast<int>(Y::numerator)>(x);
    else return function<op::pow>{}(x, y);
  } else {
    return function<op::pow>{}(x, y);
  }
}
}  // namespace math

}  // namespace ctgrad

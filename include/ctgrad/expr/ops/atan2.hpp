// ctgrad::math::atan2: the angle of the point (x, y), and its rules.
#pragma once

#include <cstddef>
#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// atan2(y, x), the angle of the point (x, y) in (-pi, pi]. Local derivatives: x / (x**2 + y**2) for y and
/// -y / (x**2 + y**2) for x (scaled, so they neither overflow nor underflow); both 0 at the origin, where the
/// angle has no derivative.
struct atan2 {
  static constexpr std::string_view name = "atan2";

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S y, S x) noexcept { return detail::numeric::atan2(y, x); }
  template <std::size_t I, expr::Scalar S>
  [[nodiscard]] static constexpr S vjp(S y, S x, S, S g) noexcept {
    namespace numeric = detail::numeric;
    // x / (x**2 + y**2) with both scaled by the larger magnitude m, so the squares neither overflow (|x| > 1e154)
    // nor underflow (below 1e-162); at the origin no 0 / 0 is formed (constant evaluation rejects it).
    S const ax = numeric::abs(x);
    S const ay = numeric::abs(y);
    S const origin = numeric::condition<S>(ax == S(0) && ay == S(0));
    S const m = numeric::where(origin, S(1), numeric::where(numeric::condition<S>(ax > ay), ax, ay));
    S const xs = x / m;
    S const ys = y / m;
    S const partial = (I == 0 ? xs : -ys) / numeric::where(origin, S(1), (xs * xs + ys * ys) * m);
    return numeric::where(origin, S(0), g * partial);
  }
  template <std::size_t I, class Y, class X, class Out>
  [[nodiscard]] static constexpr auto symbolic(Y const& y, X const& x, Out const&) {
    if constexpr (I == 0) return x / (math::pow<2>(x) + math::pow<2>(y));
    else return -y / (math::pow<2>(x) + math::pow<2>(y));
  }
};
}  // namespace op

namespace math {
/// atan2(y, x), the angle of the point (x, y), of numbers, xsimd batches, expressions or tape values.
template <class Y, class X>
  requires applicable<op::atan2, Y, X>
constexpr auto atan2(Y const& y, X const& x) {
  return function<op::atan2>{}(y, x);
}
}  // namespace math

}  // namespace ctgrad

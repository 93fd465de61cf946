// ctgrad::math::detach: its operand, through which no gradient flows, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// x, held constant for differentiation (PyTorch's detach, JAX's stop_gradient): no gradient flows through it.
struct detach {
  static constexpr std::string_view name = "detach";
  static constexpr bool differentiable = false;

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x) noexcept { return x; }
};
}  // namespace op

namespace math {
/// Its operand x, held constant for differentiation, of a number, an xsimd batch, an expression or a tape value.
template <class X>
  requires applicable<op::detach, X>
constexpr auto detach(X const& x) {
  return function<op::detach>{}(x);
}
}  // namespace math

}  // namespace ctgrad

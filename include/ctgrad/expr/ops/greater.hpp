// ctgrad::op::greater and `x > y` on expressions: a condition for select, and its rules.
#pragma once

#include <string_view>

#include <ctgrad/detail/numeric.hpp>
#include <ctgrad/expr/builder.hpp>
#include <ctgrad/expr/ops/fwd.hpp>

namespace ctgrad {

namespace op {
/// x > y as a condition: 1 where it holds, 0 elsewhere (lane by lane). No gradient flows through it; select
/// takes a branch by it.
struct greater {
  static constexpr std::string_view name = ">";
  static constexpr ctgrad::notation notation = ctgrad::notation::infix;
  static constexpr int precedence = 0;
  static constexpr bool differentiable = false;
  static constexpr bool condition = true;

  template <expr::Scalar S>
  [[nodiscard]] static constexpr S value(S x, S y) noexcept { return detail::numeric::condition<S>(x > y); }
};
}  // namespace op

namespace expr::nodes {
/// `x > y` of expressions (a plain number may stand on either side): a condition node for `select`.
template <Operand L, Operand R>
  requires detail::binary_operands<L, R>
[[nodiscard]] constexpr auto operator>(L const& l, R const& r) noexcept {
  return detail::make_node<op::greater>(detail::as_expr(l), detail::as_expr(r));
}
}  // namespace expr::nodes

}  // namespace ctgrad
